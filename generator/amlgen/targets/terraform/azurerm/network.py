"""Microsoft.Network: virtual networks, subnets and peerings, and what controls egress (Azure Firewall and
its policy, route tables, NSGs, NAT gateways, service endpoint policies)."""

from __future__ import annotations

from typing import Any

from amlgen.arm.model import Value
from amlgen.targets.terraform.mapping import (
    AS_LIST,
    RESOURCE_GROUP,
    Arg,
    AzurermType,
    Const,
    Nested,
    ParentArg,
    Split,
    pluck,
    standard,
)

# azurerm asks for the delegation's actions, which ARM fills in from the delegated service itself.
_DELEGATION_ACTIONS: list[Value] = ["Microsoft.Network/virtualNetworks/subnets/join/action"]


def _rules_of(rule_type: str) -> Any:
    """azurerm spells a policy's filter collections by the kind of rules they hold."""
    return lambda collection: collection["rules"][0]["ruleType"] == rule_type


_COLLECTION = (Arg("name", "name"), Arg("priority", "priority"), Arg("action", "action.type"))

MAPPINGS = (
    AzurermType(
        "Microsoft.Network/virtualNetworks", "azurerm_virtual_network",
        standard(Arg("address_space", "properties.addressSpace.addressPrefixes"),
                 Arg("dns_servers", "properties.dhcpOptions.dnsServers"), Arg("tags", "tags")),
        attributes={"location": "location"}, data_source="azurerm_virtual_network",
    ),
    AzurermType(
        "Microsoft.Network/virtualNetworks/subnets", "azurerm_subnet",
        (Arg("name", "name"), Const("resource_group_name", RESOURCE_GROUP), ParentArg("virtual_network_name", "name"),
         Arg("address_prefixes", "properties.addressPrefix", AS_LIST),
         Arg("default_outbound_access_enabled", "properties.defaultOutboundAccess"),
         Arg("service_endpoints", "properties.serviceEndpoints", pluck("service")),
         Arg("service_endpoint_policy_ids", "properties.serviceEndpointPolicies", pluck("id")),
         Nested("delegation", "properties.delegations",
                (Arg("name", "name"),
                 Nested("service_delegation", "properties",
                        (Arg("name", "serviceName"), Const("actions", _DELEGATION_ACTIONS)))),
                many=True)),
        # azurerm attaches a route table, an NSG and a NAT gateway to a subnet with association resources.
        splits=(
            Split("properties.routeTable.id", "azurerm_subnet_route_table_association", "subnet_id",
                  "route_table_id"),
            Split("properties.networkSecurityGroup.id", "azurerm_subnet_network_security_group_association",
                  "subnet_id", "network_security_group_id"),
            Split("properties.natGateway.id", "azurerm_subnet_nat_gateway_association", "subnet_id",
                  "nat_gateway_id"),
        ),
        data_source="azurerm_subnet",
    ),
    AzurermType(
        "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "azurerm_virtual_network_peering",
        (Arg("name", "name"), Const("resource_group_name", RESOURCE_GROUP), ParentArg("virtual_network_name", "name"),
         Arg("remote_virtual_network_id", "properties.remoteVirtualNetwork.id"),
         Arg("allow_virtual_network_access", "properties.allowVirtualNetworkAccess"),
         Arg("allow_forwarded_traffic", "properties.allowForwardedTraffic")),
    ),
    AzurermType(
        "Microsoft.Network/publicIPAddresses", "azurerm_public_ip",
        standard(Arg("allocation_method", "properties.publicIPAllocationMethod"), Arg("sku", "sku.name"),
                 Arg("tags", "tags")),
    ),
    AzurermType(
        "Microsoft.Network/firewallPolicies", "azurerm_firewall_policy",
        standard(Arg("sku", "properties.sku.tier"), Arg("threat_intelligence_mode", "properties.threatIntelMode"),
                 Arg("tags", "tags"),
                 Nested("dns", "properties.dnsSettings",
                        (Arg("proxy_enabled", "enableProxy"), Arg("servers", "servers"))),
                 Nested("intrusion_detection", "properties.intrusionDetection", (Arg("mode", "mode"),))),
        data_source="azurerm_firewall_policy",
    ),
    AzurermType(
        "Microsoft.Network/firewallPolicies/ruleCollectionGroups", "azurerm_firewall_policy_rule_collection_group",
        (Arg("name", "name"), ParentArg("firewall_policy_id"), Arg("priority", "properties.priority"),
         Nested("network_rule_collection", "properties.ruleCollections",
                (*_COLLECTION,
                 Nested("rule", "rules",
                        (Arg("name", "name"), Arg("description", "description"), Arg("protocols", "ipProtocols"),
                         Arg("source_addresses", "sourceAddresses"),
                         Arg("destination_addresses", "destinationAddresses"),
                         Arg("destination_ports", "destinationPorts")),
                        many=True, implied={"ruleType": "NetworkRule"})),
                many=True, where=_rules_of("NetworkRule"),
                implied={"ruleCollectionType": "FirewallPolicyFilterRuleCollection"}),
         Nested("application_rule_collection", "properties.ruleCollections",
                (*_COLLECTION,
                 Nested("rule", "rules",
                        (Arg("name", "name"), Arg("description", "description"),
                         Arg("source_addresses", "sourceAddresses"), Arg("destination_fqdns", "targetFqdns"),
                         Nested("protocols", "protocols", (Arg("type", "protocolType"), Arg("port", "port")),
                                many=True)),
                        many=True, implied={"ruleType": "ApplicationRule"})),
                many=True, where=_rules_of("ApplicationRule"),
                implied={"ruleCollectionType": "FirewallPolicyFilterRuleCollection"})),
    ),
    AzurermType(
        "Microsoft.Network/azureFirewalls", "azurerm_firewall",
        standard(Arg("sku_name", "properties.sku.name"), Arg("sku_tier", "properties.sku.tier"),
                 Arg("firewall_policy_id", "properties.firewallPolicy.id"), Arg("tags", "tags"),
                 Nested("ip_configuration", "properties.ipConfigurations",
                        (Arg("name", "name"), Arg("subnet_id", "properties.subnet.id"),
                         Arg("public_ip_address_id", "properties.publicIPAddress.id")),
                        many=True)),
        attributes={"properties.ipConfigurations[0].properties.privateIPAddress":
                    "ip_configuration[0].private_ip_address"},
    ),
    AzurermType(
        "Microsoft.Network/routeTables", "azurerm_route_table",
        standard(Arg("tags", "tags"),
                 Nested("route", "properties.routes",
                        (Arg("name", "name"), Arg("address_prefix", "properties.addressPrefix"),
                         Arg("next_hop_type", "properties.nextHopType"),
                         Arg("next_hop_in_ip_address", "properties.nextHopIpAddress")),
                        many=True)),
    ),
    AzurermType(
        "Microsoft.Network/networkSecurityGroups", "azurerm_network_security_group",
        standard(Arg("tags", "tags"),
                 Nested("security_rule", "properties.securityRules",
                        (Arg("name", "name"), Arg("description", "properties.description"),
                         Arg("priority", "properties.priority"), Arg("direction", "properties.direction"),
                         Arg("access", "properties.access"), Arg("protocol", "properties.protocol"),
                         Arg("source_port_range", "properties.sourcePortRange"),
                         Arg("destination_port_range", "properties.destinationPortRange"),
                         Arg("destination_port_ranges", "properties.destinationPortRanges"),
                         Arg("source_address_prefix", "properties.sourceAddressPrefix"),
                         Arg("destination_address_prefix", "properties.destinationAddressPrefix")),
                        many=True)),
    ),
    AzurermType(
        "Microsoft.Network/natGateways", "azurerm_nat_gateway",
        standard(Arg("sku_name", "sku.name"), Arg("tags", "tags")),
        splits=(Split("properties.publicIpAddresses", "azurerm_nat_gateway_public_ip_association", "nat_gateway_id",
                      "public_ip_address_id", pluck("id"), many=True),),
    ),
    AzurermType(
        "Microsoft.Network/serviceEndpointPolicies", "azurerm_subnet_service_endpoint_storage_policy",
        standard(Arg("tags", "tags"),
                 Nested("definition", "properties.serviceEndpointPolicyDefinitions",
                        (Arg("name", "name"), Arg("service", "properties.service"),
                         Arg("service_resources", "properties.serviceResources")),
                        many=True)),
    ),
)
