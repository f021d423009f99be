"""Microsoft.Storage."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import (
    AS_LIST,
    ENABLED,
    Arg,
    AzurermType,
    Composite,
    Nested,
    ProviderFeature,
    standard,
)

# azurerm 4 reads a storage account's blob and queue service properties through the data plane when it creates
# and refreshes the account (storage_account_resource.go): closed to the public, the account answers a runner
# outside its network with 403, and on the first apply its private endpoints do not exist yet.
DATA_PLANE = ProviderFeature(
    "storage.data_plane_available", False,
    "The storage account is closed to public networks, so azurerm must not call its data plane (a runner "
    "outside the virtual network gets 403; the private endpoints do not exist yet on the first apply). amlgen "
    "sets no data-plane properties of the account (queue_properties, static_website), which this turns off.")

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
        closed_data_plane=(DATA_PLANE,),
    ),
)
