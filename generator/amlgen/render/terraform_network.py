"""How Terraform spells a customer-managed network: subnet arguments, rules and subnet associations."""

from __future__ import annotations

from dataclasses import dataclass

from amlgen.plan.network_model import (
    ApplicationRule,
    CustomerNetwork,
    NetSubnet,
    NetworkRule,
    SecurityRule,
    Vnet,
)
from amlgen.render.values import hcl_value


@dataclass(frozen=True)
class Association:
    type: str  # azurerm association resource type
    key: str
    subnet: str  # subnet key
    argument: str  # the association's second argument
    target: str  # address of what the subnet is associated with

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [("subnet_id", f"azurerm_subnet.{self.subnet}.id"), (self.argument, self.target)]


class TerraformNetworkView:
    def __init__(self, network: CustomerNetwork | None):
        self.network = network

    @staticmethod
    def nonempty(items: tuple) -> list[tuple]:
        """One pass when there are items, none otherwise: an optional block the template loops over."""
        return [items] if items else []

    def subnet_attributes(self, vnet: Vnet, subnet: NetSubnet) -> list[tuple[str, str]]:
        pairs = [("name", hcl_value(subnet.name)), ("resource_group_name", "var.resource_group_name"),
                 ("virtual_network_name", f"azurerm_virtual_network.{vnet.key}.name"),
                 ("address_prefixes", hcl_value([subnet.prefix]))]
        if subnet.service_endpoints:
            pairs.append(("service_endpoints", hcl_value(list(subnet.service_endpoints))))
        if subnet.service_endpoint_policy:
            pairs.append(("service_endpoint_policy_ids",
                          "[azurerm_subnet_service_endpoint_storage_policy.ml_storage.id]"))
        return pairs

    @staticmethod
    def network_rule(rule: NetworkRule, sources: tuple[str, ...]) -> list[tuple[str, str]]:
        return [("name", hcl_value(rule.name)), ("description", hcl_value(rule.description)),
                ("protocols", hcl_value(list(rule.protocols))), ("source_addresses", hcl_value(list(sources))),
                ("destination_addresses", hcl_value(list(rule.destinations))),
                ("destination_ports", hcl_value(list(rule.ports)))]

    @staticmethod
    def application_rule(rule: ApplicationRule, sources: tuple[str, ...]) -> list[tuple[str, str]]:
        return [("name", hcl_value(rule.name)), ("description", hcl_value(rule.description)),
                ("source_addresses", hcl_value(list(sources))),
                ("destination_fqdns", hcl_value(list(rule.fqdns)))]

    @staticmethod
    def security_rule(rule: SecurityRule) -> list[tuple[str, str]]:
        return [("name", hcl_value(rule.name)), ("description", hcl_value(rule.description)),
                ("priority", str(rule.priority)), ("direction", '"Outbound"'), ("access", '"Allow"'),
                ("protocol", hcl_value(rule.protocol)), ("source_port_range", '"*"'),
                ("destination_port_ranges", hcl_value(list(rule.ports))),
                ("source_address_prefix", '"VirtualNetwork"'),
                ("destination_address_prefix", hcl_value(rule.destination))]

    def associations(self) -> list[Association]:
        """Every subnet's route table, NSG and NAT gateway, as azurerm's separate association resources."""
        if self.network is None:
            return []
        found = []
        for _, subnet in self.network.subnets:
            if subnet.route_table:
                found.append(Association("azurerm_subnet_route_table_association", subnet.key, subnet.key,
                                         "route_table_id", "azurerm_route_table.compute.id"))
            if subnet.nsg:
                found.append(Association("azurerm_subnet_network_security_group_association", subnet.key,
                                         subnet.key, "network_security_group_id",
                                         "azurerm_network_security_group.compute.id"))
            if subnet.nat_gateway:
                found.append(Association("azurerm_subnet_nat_gateway_association", subnet.key, subnet.key,
                                         "nat_gateway_id", "azurerm_nat_gateway.this.id"))
        return found
