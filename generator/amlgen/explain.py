"""What a plan means for a reviewer: traffic paths, rules, DNS records, what Azure creates on its own,
and a diagram of it all. Built from the plan only, so `amlgen explain` and the rendered ARCHITECTURE.md
say the same thing; templates format this model and decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from amlgen.azure.tables import AZURE_DNS_IP, DNS_RECORDS, PRIVATE_DNS_ZONES
from amlgen.plan.model import ImmutableSetting, OutboundRule, Plan, Ref

_LABELS = {
    "workspace": "Machine Learning workspace",
    "storage_account": "Storage account",
    "key_vault": "Key vault",
    "container_registry": "Container registry",
    "application_insights": "Application Insights",
}
_NOUNS = {"workspace": "workspace", "storage_account": "storage account", "key_vault": "key vault",
          "container_registry": "container registry"}
_MODES = {
    "Disabled": "No managed virtual network",
    "AllowInternetOutbound": "Managed virtual network, internet outbound allowed",
    "AllowOnlyApprovedOutbound": "Managed virtual network, only approved outbound",
}
_DNS_SUMMARY = {
    "create": "This module creates the private DNS zones and links them to the virtual network; each private "
              "endpoint's DNS zone group writes these A records (pointing at the endpoint's private IP).",
    "existing": "The zones exist already (dns.zones: existing); each private endpoint's DNS zone group writes "
                "these A records into them.",
    "none": "No private DNS zones are managed here (dns.zones: none): your DNS server must forward these zones "
            f"to Azure DNS ({AZURE_DNS_IP}) from a network linked to them, or hold these records itself (each "
            "pointing at the private IP of its endpoint).",
}


@dataclass(frozen=True)
class Flow:
    source: str
    destination: str
    via: str
    why: str


@dataclass(frozen=True)
class RuleExplained:
    name: str
    kind: str
    destination: str
    why: str


@dataclass(frozen=True)
class DnsRecord:
    zone: str
    record: str
    serves: str


@dataclass(frozen=True)
class Node:
    id: str
    label: str


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    dashed: bool = False  # dashed: created and managed by Azure, not by this module


@dataclass(frozen=True)
class Explanation:
    name: str
    location: str
    mode: str
    inbound: tuple[Flow, ...]
    outbound: tuple[Flow, ...]
    rules: tuple[RuleExplained, ...]
    dns_summary: str
    dns: tuple[DnsRecord, ...]
    forwarders: tuple[str, ...]  # zones a custom DNS server forwards to Azure DNS (mode none)
    azure_creates: tuple[Flow, ...]  # source: what Azure creates, why: because of what
    immutable: tuple[ImmutableSetting, ...]
    notes: tuple[str, ...]
    nodes: tuple[Node, ...]  # outside any group
    groups: tuple[Group, ...]
    edges: tuple[Edge, ...]


def _name(plan: Plan, ref: Ref) -> str:
    """A resource's name: the input that names it, or the last segment of an existing resource's ID."""
    if ref.kind == "input":
        return str(plan.input(ref.key).value).rstrip("/").rsplit("/", 1)[-1]
    return str(plan.input(f"{ref.key}_name").value)


def _associated_refs(plan: Plan) -> list[tuple[str, Ref]]:
    ws = plan.workspace
    return [("storage_account", ws.storage_account_id), ("key_vault", ws.key_vault_id),
            ("container_registry", ws.container_registry_id)]


def _rule_target(rule: OutboundRule) -> str:
    if rule.type == "FQDN":
        return str(rule.destination)
    if rule.type == "ServiceTag":
        d = rule.destination
        return f"{d['serviceTag']} ({d['protocol']} {d['portRanges']})"
    d = rule.destination
    return f"{d['serviceResourceId'].rstrip('/').rsplit('/', 1)[-1]} ({d['subresourceTarget']})"


def _rule_why(plan: Plan, rule: OutboundRule) -> str:
    if rule.type == "FQDN":
        return (f"{rule.comment} Azure enforces FQDN rules with a managed Azure Firewall "
                f"({plan.workspace.firewall_sku} SKU, AML109).")
    if rule.type == "ServiceTag":
        return f"{rule.comment} Service-tag rules are allowed only in allow-only-approved-outbound mode (AML102)."
    return f"{rule.comment} Traffic stays on the Microsoft backbone; the target's owner approves the connection."


def _inbound(plan: Plan, names: dict[str, str]) -> list[Flow]:
    flows = []
    ws = plan.workspace
    if ws.public_network_access:
        flows.append(Flow("Internet", f"workspace {names['workspace']}", "public endpoint",
                          "public_network_access is enabled: studio and API are reachable from any network, "
                          "with Microsoft Entra ID sign-in."))
    for pe in plan.private_endpoints:
        target = "workspace" if pe.target == Ref("resource", "workspace") else pe.target.key.removesuffix("_id")
        flows.append(Flow("Your virtual network", f"{_NOUNS[target]} {names[target]} ({pe.group})",
                          f"private endpoint {pe.name}",
                          "Clients, and callers of its managed online endpoints, reach the workspace privately."
                          if target == "workspace" else "The workspace's users reach its data privately."))
    assoc = plan.associated
    for kind, spec in (("storage_account", assoc.storage_account), ("key_vault", assoc.key_vault),
                       ("container_registry", assoc.container_registry)):
        if spec is not None and spec.public_network_access:
            flows.append(Flow("Internet", f"{_NOUNS[kind]} {names[kind]}", "public endpoint",
                              "Public network access is enabled on this resource."))
    if not flows:
        flows.append(Flow("nobody", f"workspace {names['workspace']}", "none",
                          "Public access is disabled and no private endpoint is rendered."))
    return flows


def _outbound(plan: Plan, names: dict[str, str]) -> tuple[list[Flow], list[Flow]]:
    """(outbound paths of the managed compute, what Azure creates for them)."""
    mode = plan.workspace.isolation_mode
    if mode == "Disabled":
        return [Flow("Compute", "any destination", "the network the compute is created in",
                     "No managed virtual network: outbound traffic follows the network you place compute in.")], []
    flows, created = [], []
    for kind, _ in _associated_refs(plan):
        flows.append(Flow("Managed compute", f"{_NOUNS[kind]} {names[kind]}", "managed private endpoint",
                          "Azure creates it for every resource the workspace depends on (seed 000)."))
        created.append(Flow(f"Managed private endpoint to {_NOUNS[kind]} {names[kind]}", "", "",
                            "The workspace depends on it; Azure connects the managed network to it (seed 000)."))
    if mode == "AllowInternetOutbound":
        flows.append(Flow("Managed compute", "Internet", "managed virtual network",
                          "allow_internet_outbound: any internet destination is allowed."))
    else:
        flows.append(Flow("Managed compute", "Internet", "denied",
                          "allow_only_approved_outbound: only the outbound rules below are allowed."))
    for rule in plan.outbound_rules:
        via = {"FQDN": "managed Azure Firewall", "ServiceTag": "service tag rule",
               "PrivateEndpoint": "managed private endpoint"}[rule.type]
        flows.append(Flow("Managed compute", _rule_target(rule), via, f"outbound rule {rule.name}"))
        if rule.type == "PrivateEndpoint":
            created.append(Flow(f"Managed private endpoint to {_rule_target(rule)}", "", "",
                                f"Outbound rule {rule.name}; the target's owner must approve it."))
    if plan.workspace.firewall_sku:
        created.append(Flow(f"Managed Azure Firewall, {plan.workspace.firewall_sku} SKU", "", "",
                            "FQDN outbound rules need it; it is billed to your subscription (AML109)."))
    return flows, created


def _dns(plan: Plan, names: dict[str, str]) -> list[DnsRecord]:
    table = PRIVATE_DNS_ZONES[plan.cloud]
    records = []
    for pe in plan.private_endpoints:
        target = "workspace" if pe.target == Ref("resource", "workspace") else pe.target.key.removesuffix("_id")
        for index, pattern, serves in DNS_RECORDS[pe.group]:
            record = pattern.format(name=names[target], region=plan.location)
            records.append(DnsRecord(table[pe.group][index], record, serves))
    return records


def _diagram(plan: Plan, names: dict[str, str]) -> tuple[list[Node], list[Group], list[Edge]]:
    nodes, groups, edges = [], [], []
    ws = "workspace"
    nodes.append(Node(ws, f"{_LABELS['workspace']}\n{names['workspace']}"))
    for kind, _ in _associated_refs(plan):
        nodes.append(Node(kind, f"{_LABELS[kind]}\n{names[kind]}"))
        edges.append(Edge(ws, kind, "uses"))
    if plan.workspace.public_network_access:
        nodes.append(Node("internet_in", "Internet"))
        edges.append(Edge("internet_in", ws, "public access"))
    if plan.private_endpoints:
        vnet = plan.virtual_network
        label = "Your virtual network" + (f"\n{', '.join(vnet.address_space)}" if vnet else "")
        members = [Node("clients", "Clients")]
        for pe in plan.private_endpoints:
            members.append(Node(f"pe_{pe.key}", f"private endpoint\n{pe.group}"))
            target = ws if pe.target == Ref("resource", "workspace") else pe.target.key.removesuffix("_id")
            edges.append(Edge("clients", f"pe_{pe.key}", "HTTPS"))
            edges.append(Edge(f"pe_{pe.key}", target, "private link"))
        groups.append(Group("customer_vnet", label, tuple(members)))
    if plan.workspace.isolation_mode == "Disabled":
        return nodes, groups, edges
    members = [Node("compute", "Managed compute")]
    edges.append(Edge(ws, "compute", "manages"))
    for kind, _ in _associated_refs(plan):
        members.append(Node(f"mpe_{kind}", f"managed private endpoint\n{names[kind]}"))
        edges.append(Edge("compute", f"mpe_{kind}", ""))
        edges.append(Edge(f"mpe_{kind}", kind, "private link", dashed=True))
    if plan.workspace.firewall_sku:
        members.append(Node("firewall", f"Azure Firewall\n{plan.workspace.firewall_sku}"))
    for rule in plan.outbound_rules:
        target = f"rule_{rule.key}"
        nodes.append(Node(target, _rule_target(rule)))
        if rule.type == "FQDN":
            edges.append(Edge("compute", "firewall", ""))
            edges.append(Edge("firewall", target, "HTTPS/HTTP", dashed=True))
        elif rule.type == "ServiceTag":
            edges.append(Edge("compute", target, "service tag"))
        else:
            members.append(Node(f"mpe_{rule.key}", f"managed private endpoint\n{rule.name}"))
            edges.append(Edge("compute", f"mpe_{rule.key}", ""))
            edges.append(Edge(f"mpe_{rule.key}", target, "private link", dashed=True))
    if plan.workspace.isolation_mode == "AllowInternetOutbound":
        nodes.append(Node("internet_out", "Internet"))
        edges.append(Edge("compute", "internet_out", "allowed"))
    groups.append(Group("managed_vnet", f"Managed virtual network\n{plan.workspace.isolation_mode}",
                        tuple(members)))
    return nodes, groups, list(dict.fromkeys(edges))  # first occurrence of each edge, in order


def explain(plan: Plan) -> Explanation:
    names = {"workspace": _name(plan, Ref("resource", "workspace"))}
    names.update({kind: _name(plan, ref) for kind, ref in _associated_refs(plan)})
    outbound, created = _outbound(plan, names)
    nodes, groups, edges = _diagram(plan, names)
    return Explanation(
        name=plan.prefix,
        location=plan.location,
        mode=_MODES[plan.workspace.isolation_mode],
        inbound=tuple(_inbound(plan, names)),
        outbound=tuple(outbound),
        rules=tuple(RuleExplained(r.name, r.type, _rule_target(r), _rule_why(plan, r)) for r in plan.outbound_rules),
        dns_summary=_DNS_SUMMARY[plan.dns.mode] if plan.private_endpoints else
        "No private endpoints are rendered, so no private DNS records are needed.",
        dns=tuple(_dns(plan, names)),
        forwarders=tuple(zone.name for zone in plan.dns.forwarders),
        azure_creates=tuple(created),
        immutable=plan.immutable,
        notes=(*plan.workspace.notes, *plan.notes),
        nodes=tuple(nodes),
        groups=tuple(groups),
        edges=tuple(edges),
    )
