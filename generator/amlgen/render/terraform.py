"""The Terraform view of a plan: addresses, variable names and literal syntax for the templates."""

from __future__ import annotations

from typing import Any

from amlgen.azure import versions
from amlgen.plan.model import DnsZone, Input, OutboundRule, Plan, PrivateEndpoint, Ref
from amlgen.render.endpoints import TERRAFORM_REFS, TerraformEndpoints
from amlgen.render.environment import each
from amlgen.render.terraform_network import TerraformNetworkView
from amlgen.render.values import align_assignments, hcl_value

# Plan resource key -> Terraform address of the resource that implements it.
ADDRESSES = {
    "workspace": "azurerm_machine_learning_workspace.this",
    "storage_account": "azurerm_storage_account.this",
    "key_vault": "azurerm_key_vault.this",
    "container_registry": "azurerm_container_registry.this",
    "application_insights": "azurerm_application_insights.this",
    "log_analytics_workspace": "azurerm_log_analytics_workspace.this",
    "virtual_network": "azurerm_virtual_network.this",
    "hub_virtual_network": "azurerm_virtual_network.hub",
    "spoke_virtual_network": "azurerm_virtual_network.spoke",
    "dns_resolver_inbound": "azurerm_private_dns_resolver_inbound_endpoint.this",
}

_ATTRIBUTES = {"id": "id", "name": "name", "principal_id": "identity[0].principal_id",
               "ip": "ip_configurations[0].private_ip_address"}

OUTBOUND_RULE_TYPES = {
    "FQDN": "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
    "ServiceTag": "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
    "PrivateEndpoint": "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
}

_TYPES = {"string": "string", "object": "map(string)", "array": "list(string)"}


class TerraformView:
    """Helpers the Terraform templates call; they format, they do not decide."""

    versions = versions

    def __init__(self, plan: Plan):
        self.plan = plan
        self.net = TerraformNetworkView(plan.customer_network)
        self.endpoints = TerraformEndpoints(plan)

    def ref(self, ref: Ref) -> str:
        if ref.key == "online_endpoints":
            return TERRAFORM_REFS[ref.attr]
        if ref.kind == "input":
            expression = f"var.{ref.key}"
            if ref.attr == "virtual_network_id":
                return f'regex("^(.+)/subnets/[^/]+$", {expression})[0]'
            return expression
        if ref.key.startswith("subnet_"):
            return f"azurerm_subnet.{ref.key.removeprefix('subnet_')}.{_ATTRIBUTES[ref.attr]}"
        return f"{ADDRESSES[ref.key]}.{_ATTRIBUTES[ref.attr]}"

    def zone_id(self, zone: DnsZone) -> str:
        if zone.existing:
            return f"var.{zone.input}[{hcl_value(zone.name)}]"
        return f"azurerm_private_dns_zone.{zone.key}.id"

    def value(self, value: Any, indent: int = 0) -> str:
        return hcl_value(value, indent)

    def type(self, item: Input) -> str:
        return _TYPES[item.type]

    def attributes(self, pairs: list[tuple[str, str]], indent: int = 2) -> str:
        """Pre-rendered 'name = expression' lines, aligned as terraform fmt aligns them."""
        keys = [key for key, _ in pairs]
        values = [value for _, value in pairs]
        return "\n".join(align_assignments(keys, values, indent))

    def rule_type(self, rule_type: str) -> str:
        return OUTBOUND_RULE_TYPES[rule_type]

    def bool(self, flag: bool) -> str:
        return "true" if flag else "false"

    def skips(self, resource: str) -> list[str]:
        """The checkov suppressions the plan decided for a resource, as comment text."""
        return [f"checkov:skip={e.check}:{e.reason}" for e in self.plan.scan_skips(resource, "terraform")]

    each = staticmethod(each)

    def rule_attributes(self, rule: OutboundRule) -> list[tuple[str, str]]:
        pairs = [("name", hcl_value(rule.name)), ("workspace_id", f"{ADDRESSES['workspace']}.id")]
        if rule.type == "FQDN":
            pairs.append(("destination_fqdn", hcl_value(rule.destination)))
        elif rule.type == "ServiceTag":
            pairs += [("service_tag", hcl_value(rule.destination["serviceTag"])),
                      ("protocol", hcl_value(rule.destination["protocol"])),
                      ("port_ranges", hcl_value(rule.destination["portRanges"]))]
        else:
            pairs += [("service_resource_id", hcl_value(rule.destination["serviceResourceId"])),
                      ("sub_resource_target", hcl_value(rule.destination["subresourceTarget"])),
                      ("spark_enabled", hcl_value(rule.destination["sparkEnabled"]))]
        return pairs

    def previous_rule(self, index: int) -> list[str]:
        """What rule N waits for: the rule before it, and for the first, the firewall SKU update."""
        if index == 0:
            return ["azapi_update_resource.workspace_firewall_sku"] if self.plan.workspace.firewall_sku else []
        previous = self.plan.outbound_rules[index - 1]
        return [f"{OUTBOUND_RULE_TYPES[previous.type]}.{previous.key}"]

    def zone_group(self, endpoint: PrivateEndpoint) -> list[list[tuple[str, str]]]:
        """The attributes of the private_dns_zone_group block, or nothing when DNS is not managed here."""
        if not endpoint.zones:
            return []
        ids = [self.zone_id(zone) for zone in endpoint.zones]
        one_line = "[" + ", ".join(ids) + "]"
        value = one_line if len(one_line) < 80 else "[\n" + "".join(f"      {i},\n" for i in ids) + "    ]"
        return [[("name", '"default"'), ("private_dns_zone_ids", value)]]

    def variable_attributes(self, item: Input) -> list[tuple[str, str]]:
        return [("description", hcl_value(item.description)), ("type", _TYPES[item.type]),
                ("default", hcl_value(item.value, 2))]

    def tfvars(self) -> list[tuple[str, str]]:
        pairs = [("resource_group_name", hcl_value(f"rg-{self.plan.prefix}"))]
        pairs += [(item.name, hcl_value(item.value)) for item in self.plan.inputs]
        return pairs


def files(plan: Plan) -> list[tuple[str, str]]:
    """(template, output path) pairs: a file per concern the plan contains."""
    chosen = [("versions.tf.j2", "versions.tf"), ("providers.tf.j2", "providers.tf"),
              ("variables.tf.j2", "variables.tf")]
    if plan.virtual_network is not None:
        chosen.append(("network.tf.j2", "network.tf"))
    if plan.customer_network is not None:
        chosen += [("network_vnets.tf.j2", "network.tf"), ("network_egress.tf.j2", "egress.tf")]
    if any(not zone.existing for zone in plan.dns.zones):
        chosen.append(("dns.tf.j2", "dns.tf"))
    chosen.append(("associated_resources.tf.j2", "associated_resources.tf"))
    chosen.append(("workspace.tf.j2", "workspace.tf"))
    if plan.outbound_rules:
        chosen.append(("outbound_rules.tf.j2", "outbound_rules.tf"))
    if plan.private_endpoints:
        chosen.append(("private_endpoints.tf.j2", "private_endpoints.tf"))
    if plan.online_endpoints is not None:
        chosen.append(("online_endpoints.tf.j2", "online_endpoints.tf"))
    chosen.append(("outputs.tf.j2", "outputs.tf"))
    chosen.append(("terraform.tfvars.example.j2", "terraform.tfvars.example"))
    if plan.dns.forwarders:
        template = "DNS-FORWARDERS-resolver.md.j2" if plan.dns.forwarder_via_resolver else "DNS-FORWARDERS.md.j2"
        chosen.append((template, "DNS-FORWARDERS.md"))
    return chosen
