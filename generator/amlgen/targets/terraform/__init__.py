"""The Terraform target: azurerm where it has the resource and the argument, azapi otherwise."""
