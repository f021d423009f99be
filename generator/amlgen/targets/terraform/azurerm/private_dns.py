"""Microsoft.Network private DNS: zones, their virtual network links, and the DNS Private Resolver."""

from __future__ import annotations

from amlgen.targets.terraform.mapping import RESOURCE_GROUP, Arg, AzurermType, Const, Nested, ParentArg, standard

MAPPINGS = (
    AzurermType(
        "Microsoft.Network/privateDnsZones", "azurerm_private_dns_zone",
        (Arg("name", "name"), Const("resource_group_name", RESOURCE_GROUP), Arg("tags", "tags")),
        implied={"location": "global"},  # private DNS zones are global resources
        data_source="azurerm_private_dns_zone",
    ),
    AzurermType(
        "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "azurerm_private_dns_zone_virtual_network_link",
        (Arg("name", "name"), Const("resource_group_name", RESOURCE_GROUP), ParentArg("private_dns_zone_name", "name"),
         Arg("virtual_network_id", "properties.virtualNetwork.id"),
         Arg("registration_enabled", "properties.registrationEnabled"), Arg("tags", "tags")),
        implied={"location": "global"},
    ),
    AzurermType(
        "Microsoft.Network/dnsResolvers", "azurerm_private_dns_resolver",
        standard(Arg("virtual_network_id", "properties.virtualNetwork.id"), Arg("tags", "tags")),
    ),
    AzurermType(
        "Microsoft.Network/dnsResolvers/inboundEndpoints", "azurerm_private_dns_resolver_inbound_endpoint",
        (Arg("name", "name"), Arg("location", "location"), ParentArg("private_dns_resolver_id"), Arg("tags", "tags"),
         Nested("ip_configurations", "properties.ipConfigurations",
                (Arg("subnet_id", "subnet.id"), Arg("private_ip_allocation_method", "privateIpAllocationMethod")),
                many=True)),
        attributes={"properties.ipConfigurations[0].privateIpAddress": "ip_configurations[0].private_ip_address"},
    ),
)
