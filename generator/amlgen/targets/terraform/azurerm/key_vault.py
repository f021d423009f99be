"""Microsoft.KeyVault."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import ENABLED, Arg, AzurermType, Nested, standard

MAPPINGS = (
    AzurermType(
        "Microsoft.KeyVault/vaults", "azurerm_key_vault",
        standard(
            Arg("tenant_id", "properties.tenantId"),
            Arg("sku_name", "properties.sku.name"),
            Arg("rbac_authorization_enabled", "properties.enableRbacAuthorization"),
            Arg("purge_protection_enabled", "properties.enablePurgeProtection"),
            Arg("public_network_access_enabled", "properties.publicNetworkAccess", ENABLED),
            Arg("tags", "tags"),
            Nested("network_acls", "properties.networkAcls", (Arg("default_action", "defaultAction"),
                                                              Arg("bypass", "bypass"))),
        ),
        # azurerm creates every vault in SKU family A with soft delete on (it cannot be turned off).
        implied={"properties.sku.family": "A", "properties.enableSoftDelete": True},
    ),
)
