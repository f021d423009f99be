"""Microsoft.Storage."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import AS_LIST, ENABLED, Arg, AzurermType, Composite, Nested, standard

MAPPINGS = (
    AzurermType(
        "Microsoft.Storage/storageAccounts", "azurerm_storage_account",
        standard(
            # azurerm spells the SKU Standard_ZRS as a tier and a replication type.
            Composite(("account_tier", "account_replication_type"), "sku.name",
                      split=lambda sku: tuple(sku.split("_", 1)),
                      join=lambda tier, replication: f"{tier}_{replication}"),
            Arg("account_kind", "kind"),
            Arg("min_tls_version", "properties.minimumTlsVersion"),
            Arg("https_traffic_only_enabled", "properties.supportsHttpsTrafficOnly"),
            Arg("allow_nested_items_to_be_public", "properties.allowBlobPublicAccess"),
            Arg("public_network_access_enabled", "properties.publicNetworkAccess", ENABLED),
            Arg("tags", "tags"),
            Nested("network_rules", "properties.networkAcls",
                   (Arg("default_action", "defaultAction"), Arg("bypass", "bypass", AS_LIST))),
        ),
    ),
)
