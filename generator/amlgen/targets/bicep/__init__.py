"""The Bicep target: main.bicep wiring one module per part of the deployment."""
