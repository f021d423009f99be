"""Microsoft.Network/privateEndpoints, with their DNS zone groups as a block of the endpoint."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import Arg, AzurermType, Child, Const, Nested, pluck, standard

MAPPINGS = (
    AzurermType(
        "Microsoft.Network/privateEndpoints", "azurerm_private_endpoint",
        standard(
            Arg("subnet_id", "properties.subnet.id"),
            Arg("tags", "tags"),
            Nested("private_service_connection", "properties.privateLinkServiceConnections",
                   (Arg("name", "name"), Arg("private_connection_resource_id", "properties.privateLinkServiceId"),
                    Arg("subresource_names", "properties.groupIds"),
                    # Auto-approved: the deployment owns both sides of the connection.
                    Const("is_manual_connection", False)),
                   many=True),
        ),
        children=(Child(
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups", "private_dns_zone_group",
            (Arg("name", "name"),
             Arg("private_dns_zone_ids", "properties.privateDnsZoneConfigs", pluck("properties.privateDnsZoneId"))),
            provider_named=("properties.privateDnsZoneConfigs[].name",),
        ),),
    ),
)
