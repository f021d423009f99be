"""How Bicep spells a customer-managed network: symbols, firewall rule collections and NSG rules."""

from __future__ import annotations

from typing import Any

from amlgen.plan.network_model import CustomerNetwork, Firewall, SecurityGroup
from amlgen.render.environment import camel


class BicepNetworkView:
    def __init__(self, network: CustomerNetwork | None):
        self.network = network

    @staticmethod
    def flag(value: bool) -> list[bool]:
        """One pass when set, none otherwise: an optional property the template loops over."""
        return [True] if value else []

    @staticmethod
    def vnet_symbol(key: str) -> str:
        return f"{key}VirtualNetwork"

    @staticmethod
    def peering_symbol(key: str) -> str:
        return f"{camel(key)}Peering"

    def subnet_id(self, vnet_key: str, subnet_key: str) -> str:
        """Subnets are declared inside their virtual network, so their IDs are read back by position."""
        assert self.network is not None
        vnet = self.network.vnet(vnet_key)
        index = [subnet.key for subnet in vnet.subnets].index(subnet_key)
        return f"{self.vnet_symbol(vnet_key)}.properties.subnets[{index}].id"

    @staticmethod
    def rule_collections(firewall: Firewall) -> list[dict[str, Any]]:
        sources = list(firewall.sources)
        collections: list[dict[str, Any]] = []
        if firewall.network_rules:
            collections.append({
                "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
                "name": "service-tags",
                "priority": 200,
                "action": {"type": "Allow"},
                "rules": [{"ruleType": "NetworkRule", "name": rule.name, "description": rule.description,
                           "ipProtocols": list(rule.protocols), "sourceAddresses": sources,
                           "destinationAddresses": list(rule.destinations), "destinationPorts": list(rule.ports)}
                          for rule in firewall.network_rules],
            })
        if firewall.application_rules:
            collections.append({
                "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
                "name": "fqdns",
                "priority": 300,
                "action": {"type": "Allow"},
                "rules": [{"ruleType": "ApplicationRule", "name": rule.name, "description": rule.description,
                           "sourceAddresses": sources, "targetFqdns": list(rule.fqdns),
                           "protocols": [{"protocolType": kind, "port": port} for kind, port in rule.protocols]}
                          for rule in firewall.application_rules],
            })
        return collections

    @staticmethod
    def security_rules(group: SecurityGroup) -> list[dict[str, Any]]:
        return [{"name": rule.name,
                 "properties": {"description": rule.description, "priority": rule.priority,
                                "direction": "Outbound", "access": "Allow", "protocol": rule.protocol,
                                "sourcePortRange": "*", "destinationPortRanges": list(rule.ports),
                                "sourceAddressPrefix": "VirtualNetwork",
                                "destinationAddressPrefix": rule.destination}}
                for rule in group.rules]
