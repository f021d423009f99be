"""Microsoft.ContainerRegistry."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import ENABLED, Arg, AzurermType, standard

MAPPINGS = (
    AzurermType(
        "Microsoft.ContainerRegistry/registries", "azurerm_container_registry",
        standard(
            Arg("sku", "sku.name"),
            Arg("admin_enabled", "properties.adminUserEnabled"),
            Arg("public_network_access_enabled", "properties.publicNetworkAccess", ENABLED),
            Arg("network_rule_bypass_option", "properties.networkRuleBypassOptions"),
            Arg("tags", "tags"),
        ),
    ),
)
