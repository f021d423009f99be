"""What a deployment means for a reviewer: traffic paths, rules, DNS records, what Azure creates on its
own, and a diagram of it all. Read from the same Deployment the targets print, so `amlgen explain` and the
rendered ARCHITECTURE.md say what the code does; templates format this and decide nothing.
"""

from __future__ import annotations

from typing import Any

from amlgen.arm.deployment import Deployment, EgressRule
from amlgen.arm.model import ImmutableSetting, Index, Param, Ref, Resource, Value
from amlgen.azure.policies import private_dns_policy
from amlgen.azure.tables import AZURE_DNS_IP
from amlgen.explain_compute import computes, egress_control, registry_node, serverless_in_subnet, subnet_prefix
from amlgen.explain_compute import flows as compute_flows
from amlgen.kinds.associated import KINDS, private_link_group
from amlgen.kinds.outbound import kind_of
from amlgen.records import dataclass

WORKSPACE_TYPE = "Microsoft.MachineLearningServices/workspaces"
PRIVATE_ENDPOINT = "Microsoft.Network/privateEndpoints"
OUTBOUND_RULE = "Microsoft.MachineLearningServices/workspaces/outboundRules"
POLICY_ASSIGNMENT = "Microsoft.Authorization/policyAssignments"

# A diagram is read, not searched: beyond this many outbound rules it draws one node per kind of rule, which
# counts them (the Outbound rules table still lists each). Mermaid also stops rendering a diagram past a
# size (GitHub shows "Maximum text size in diagram exceeded"), which a few hundred rules reach.
DIAGRAM_RULES = 20
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
    "policy": "The landing zone's central private DNS zones hold these records (dns.zones: policy): its "
              "DeployIfNotExists policies add each private endpoint's DNS zone group after the endpoint is created, "
              "and the zone group writes the A records.",
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
class PolicyExplained:
    name: str
    definition: str  # the built-in's display name and ID
    effect: str
    enforces: str


@dataclass(frozen=True)
class DnsRecord:
    zone: str
    record: str
    serves: str
    endpoint: str = ""  # the private endpoint whose address it holds
    created_by: str = ""  # who writes it: this module's zone group, a landing zone's policy, or you


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
    egress: tuple[EgressRule, ...]  # the customer network's firewall, NSG and route rules, with their sources
    policies: tuple[PolicyExplained, ...]  # Azure Policy assignments and what each enforces
    dns_summary: str
    dns: tuple[DnsRecord, ...]
    forwarders: tuple[str, ...]  # zones a custom DNS server forwards (mode none, or to the resolver)
    azure_creates: tuple[Flow, ...]  # source: what Azure creates, why: because of what
    immutable: tuple[ImmutableSetting, ...]
    notes: tuple[str, ...]
    nodes: tuple[Node, ...]  # outside any group
    groups: tuple[Group, ...]
    edges: tuple[Edge, ...]


class _Reader:
    """The deployment's workspace and what it points at, by name."""

    def __init__(self, deployment: Deployment):
        self.deployment = deployment
        self.workspace = next(deployment.of_type(WORKSPACE_TYPE))
        self.properties: dict[str, Any] = dict(self.workspace.properties)
        self.network: dict[str, Any] = dict(self.properties.get("managedNetwork") or {})
        self.mode = str(self.network.get("isolationMode", "Disabled"))
        self.firewall_sku = self.network.get("firewallSku")
        # The networked associated resources, which managed private endpoints reach: (kind key, label, value).
        self.associated = [(kind.key, kind.label, self.properties[kind.workspace_property])
                           for kind in KINDS if kind.networked and kind.workspace_property is not None]
        self.labels = {kind.key: kind.label for kind in KINDS}
        self.rules: list[tuple[Resource, Any, str]] | None = None  # the outbound rules, once read

    def name(self, value: Value) -> str:
        """A resource's name: the input that names it, or the last segment of an existing resource's ID."""
        if isinstance(value, Ref):
            return self.name(self.deployment.resource(value.resource).name)
        if isinstance(value, Param):
            value = self.deployment.input(value.name).value
            if isinstance(value, str) and "/" in value:
                return value.rstrip("/").rsplit("/", 1)[-1]
        return str(value)

    def target(self, value: Value) -> tuple[str, str]:
        """(node id, noun) of what a private endpoint connects to."""
        if isinstance(value, Ref) and value.resource == self.workspace.key:
            return "workspace", "workspace"
        key = value.resource if isinstance(value, Ref) else str(value.name).removesuffix("_id") \
            if isinstance(value, Param) else ""
        return key, self.labels.get(key, key.replace("_", " "))


def _endpoint(resource: Resource) -> tuple[Value, str]:
    connection = resource.properties["privateLinkServiceConnections"]
    assert isinstance(connection, list) and isinstance(connection[0], dict)
    properties = connection[0]["properties"]
    assert isinstance(properties, dict) and isinstance(properties["groupIds"], list)
    return properties["privateLinkServiceId"], str(properties["groupIds"][0])


def _inbound(read: _Reader) -> list[Flow]:
    flows = []
    workspace = read.name(read.workspace.name)
    if read.properties.get("publicNetworkAccess") == "Enabled":
        flows.append(Flow("Internet", f"workspace {workspace}", "public endpoint",
                          "public_network_access is enabled: studio and API are reachable from any network, "
                          "with Microsoft Entra ID sign-in."))
    for resource in read.deployment.of_type(PRIVATE_ENDPOINT):
        target, group = _endpoint(resource)
        key, noun = read.target(target)
        flows.append(Flow("Your virtual network", f"{noun} {read.name(target)} ({group})",
                          f"private endpoint {read.name(resource.name)}",
                          "Clients, and callers of its managed online endpoints, reach the workspace privately."
                          if key == "workspace" else "The workspace's users reach its data privately."))
    for _key, label, value in read.associated:
        if isinstance(value, Ref):
            created = read.deployment.resource(value.resource)
            if created.properties.get("publicNetworkAccess") == "Enabled":
                flows.append(Flow("Internet", f"{label} {read.name(value)}", "public endpoint",
                                  "Public network access is enabled on this resource."))
    if not flows:
        flows.append(Flow("nobody", f"workspace {workspace}", "none",
                          "Public access is disabled and no private endpoint is rendered."))
    return flows


def _rules(read: _Reader) -> list[tuple[Resource, Any, str]]:
    """(rule resource, its kind, where it goes), read once: the explanation, the outbound paths and the
    diagram each ask."""
    if read.rules is None:
        read.rules = []
        for resource in read.deployment.of_type(OUTBOUND_RULE):
            kind = kind_of(resource.properties["type"])
            read.rules.append((resource, kind, kind.target(resource.properties["destination"])))
    return read.rules


def _outbound(read: _Reader) -> tuple[list[Flow], list[Flow]]:
    """(outbound paths of the managed compute, what Azure creates for them)."""
    declared = [Flow(*flow) for flow in compute_flows(read.deployment)]
    if read.mode == "Disabled":
        return [*declared, Flow("Compute", "any destination", "the network the compute is created in",
                                "No managed virtual network: outbound traffic follows the network you place compute "
                                "in.")], []
    flows, created = declared, []
    for _key, label, value in read.associated:
        flows.append(Flow("Managed compute", f"{label} {read.name(value)}", "managed private endpoint",
                          "Azure creates it for every resource the workspace depends on (Network isolation with "
                          "managed online endpoints)."))
        created.append(Flow(f"Managed private endpoint to {label} {read.name(value)}", "", "",
                            "The workspace depends on it; Azure connects the managed network to it (Network isolation "
                            "with managed online endpoints)."))
    if read.mode == "AllowInternetOutbound":
        flows.append(Flow("Managed compute", "Internet", "managed virtual network",
                          "allow_internet_outbound: any internet destination is allowed."))
    else:
        flows.append(Flow("Managed compute", "Internet", "denied",
                          "allow_only_approved_outbound: only the outbound rules below are allowed."))
    for resource, kind, target in _rules(read):
        via = ("managed Azure Firewall" if kind.through_firewall else
               "managed private endpoint" if kind.creates_private_endpoint else f"{kind.edge_label} rule")
        flows.append(Flow("Managed compute", target, via, f"outbound rule {read.name(resource.name)}"))
        if kind.creates_private_endpoint:
            created.append(Flow(f"Managed private endpoint to {target}", "", "",
                                f"Outbound rule {read.name(resource.name)}; the target's owner must approve it."))
    if read.firewall_sku:
        created.append(Flow(f"Managed Azure Firewall, {read.firewall_sku} SKU", "", "",
                            "FQDN outbound rules need it; it is billed to your subscription (AML109)."))
    return flows, created


ZONE_GROUP = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"


def _zone_ids(group: Resource) -> dict[str, Value]:
    """A DNS zone group's zone IDs by config name (the zone's key: api_azureml_ms, blob_core_windows_net, ...)."""
    found: dict[str, Value] = {}
    configs = group.properties.get("privateDnsZoneConfigs")
    for config in configs if isinstance(configs, list) else []:
        if isinstance(config, dict) and isinstance(config.get("properties"), dict):
            properties = config["properties"]
            assert isinstance(properties, dict)
            found[str(config.get("name"))] = properties.get("privateDnsZoneId")
    return found


def _writer(read: _Reader, resource: Resource, group: str, zone: str) -> str:
    """Who creates the endpoint's record in this zone."""
    endpoint = read.name(resource.name)
    key = zone.removeprefix("privatelink.").replace(".", "_").replace("-", "_")
    for child in read.deployment.children(resource.key):
        if child.type != ZONE_GROUP:
            continue
        zone_id = _zone_ids(child).get(key)
        if isinstance(zone_id, Ref):
            return f"this module: the DNS zone group of {endpoint}, in the zone this module creates"
        if isinstance(zone_id, Index) and isinstance(zone_id.base, Param):
            return f"this module: the DNS zone group of {endpoint}, in your existing zone ({zone_id.base.name} input)"
        return f"nobody: {endpoint}'s DNS zone group has no {zone} zone"
    if ZONE_GROUP in resource.managed_elsewhere:
        policy = private_dns_policy(group)
        name = f"'{policy.display_name}' ({policy.definition_id})" if policy else "your landing zone's DNS policy"
        return (f"Azure Policy: the DeployIfNotExists built-in {name} adds {endpoint}'s DNS zone group, which "
                "writes it into your central zone")
    return f"you: your DNS server's zone holds it, pointing at {endpoint}'s private IP"


def _dns(read: _Reader) -> list[DnsRecord]:
    records = []
    for resource in read.deployment.of_type(PRIVATE_ENDPOINT):
        target, group = _endpoint(resource)
        link = private_link_group(group)
        for record in link.records:
            name = record.pattern.format(name=read.name(target), region=read.deployment.location)
            zone = link.zones[record.zone].name(read.deployment.cloud)
            records.append(DnsRecord(zone, name, record.serves, read.name(resource.name),
                                     _writer(read, resource, group, zone)))
    return records


def _diagram(read: _Reader) -> tuple[list[Node], list[Group], list[Edge]]:
    nodes, groups, edges = [], [], []
    nodes.append(Node("workspace", f"Machine Learning workspace\n{read.name(read.workspace.name)}"))
    titles = {kind.key: kind.title for kind in KINDS}
    for key, _label, value in read.associated:
        nodes.append(Node(key, f"{titles[key]}\n{read.name(value)}"))
        edges.append(Edge("workspace", key, "uses"))
    if read.properties.get("publicNetworkAccess") == "Enabled":
        nodes.append(Node("internet_in", "Internet"))
        edges.append(Edge("internet_in", "workspace", "public access"))
    endpoints = list(read.deployment.of_type(PRIVATE_ENDPOINT))
    if endpoints:
        vnet = read.deployment.resource("virtual_network") if read.deployment.has("virtual_network") else None
        space = vnet.properties["addressSpace"] if vnet is not None else None
        prefixes = space.get("addressPrefixes") if isinstance(space, dict) else None
        label = "Your virtual network" + (f"\n{', '.join(map(str, prefixes))}" if isinstance(prefixes, list) else "")
        members = [Node("clients", "Clients")]
        for resource in endpoints:
            target, group = _endpoint(resource)
            members.append(Node(f"pe_{resource.label}", f"private endpoint\n{group}"))
            edges.append(Edge("clients", f"pe_{resource.label}", "HTTPS"))
            edges.append(Edge(f"pe_{resource.label}", read.target(target)[0], "private link"))
        groups.append(Group("customer_vnet", label, tuple(members)))
    _compute_diagram(read, nodes, groups, edges)
    if read.mode == "Disabled":
        return nodes, groups, edges
    members = [Node("compute", "Managed compute")]
    for view in computes(read.deployment):
        members.append(Node(view.id, f"{view.kind}\n{view.name}"))
        edges.append(Edge(view.id, "compute", "egress as"))
    edges.append(Edge("workspace", "compute", "manages"))
    for key, _label, value in read.associated:
        members.append(Node(f"mpe_{key}", f"managed private endpoint\n{read.name(value)}"))
        edges.append(Edge("compute", f"mpe_{key}", ""))
        edges.append(Edge(f"mpe_{key}", key, "private link", dashed=True))
    if read.firewall_sku:
        members.append(Node("firewall", f"Azure Firewall\n{read.firewall_sku}"))
    for node, label, endpoint, kind in _rule_destinations(read):
        nodes.append(Node(node, label))
        if kind.through_firewall:
            edges.append(Edge("compute", "firewall", ""))
            edges.append(Edge("firewall", node, kind.edge_label, dashed=True))
        elif kind.creates_private_endpoint:
            members.append(endpoint)
            edges.append(Edge("compute", endpoint.id, ""))
            edges.append(Edge(endpoint.id, node, kind.edge_label, dashed=True))
        else:
            edges.append(Edge("compute", node, kind.edge_label))
    if read.mode == "AllowInternetOutbound":
        nodes.append(Node("internet_out", "Internet"))
        edges.append(Edge("compute", "internet_out", "allowed"))
    groups.append(Group("managed_vnet", f"Managed virtual network\n{read.mode}", tuple(members)))
    return nodes, groups, list(dict.fromkeys(edges))  # first occurrence of each edge, in order


def _compute_diagram(read: _Reader, nodes: list[Node], groups: list[Group], edges: list[Edge]) -> None:
    """Compute in a customer network's training subnet, the control its egress goes through, and the image builds."""
    views = computes(read.deployment)
    registry = registry_node(read.deployment)
    for view in views:
        if view.builds_images and registry is not None:
            edges.append(Edge(view.id, registry, "builds images"))
    in_subnet = [view for view in views if view.subnet]
    if not in_subnet and not serverless_in_subnet(read.deployment):
        return
    members = [Node(view.id, f"{view.kind}\n{view.name}") for view in in_subnet]
    if serverless_in_subnet(read.deployment):
        members.append(Node("serverless", "Serverless compute"))
    prefix = subnet_prefix(read.deployment)
    groups.append(Group("training_subnet", "Training subnet" + (f"\n{prefix}" if prefix else ""), tuple(members)))
    nodes.append(Node("egress", "Egress\n" + egress_control(read.deployment)))
    edges += [Edge(member.id, "egress", "outbound") for member in members]


def _rule_destinations(read: _Reader) -> list[tuple[str, str, Node, Any]]:
    """(node ID, label, managed private endpoint node, kind) of each outbound rule the diagram draws: one node
    per rule, or beyond DIAGRAM_RULES one per kind that counts its rules (the explanation lists them all)."""
    rules = _rules(read)
    if len(rules) <= DIAGRAM_RULES:
        return [(f"rule_{resource.label}", target,
                 Node(f"mpe_{resource.label}", f"managed private endpoint\n{read.name(resource.name)}"), kind)
                for resource, kind, target in rules]
    counts: dict[Any, int] = {}
    for _resource, kind, _target in rules:
        counts[kind] = counts.get(kind, 0) + 1
    return [(f"rules_{kind.key}", f"{count:,} {kind.arm_type} rule destinations\n(see Outbound rules)",
             Node(f"mpe_rules_{kind.key}", f"{count:,} managed private endpoints"), kind)
            for kind, count in counts.items()]


def _policies(deployment: Deployment) -> list[PolicyExplained]:
    found = []
    for resource in deployment.of_type(POLICY_ASSIGNMENT):
        properties = resource.properties
        parameters = properties["parameters"]
        assert isinstance(parameters, dict) and isinstance(parameters["effect"], dict)
        display = str(properties["displayName"]).rsplit(" (", 1)[0]
        found.append(PolicyExplained(str(resource.name), f"{display} ({properties['policyDefinitionId']})",
                                     str(parameters["effect"]["value"]), str(properties["description"])))
    return found


def explain(deployment: Deployment) -> Explanation:
    read = _Reader(deployment)
    outbound, created = _outbound(read)
    nodes, groups, edges = _diagram(read)
    has_endpoints = any(True for _ in deployment.of_type(PRIVATE_ENDPOINT))
    rules = [RuleExplained(read.name(resource.name), kind.arm_type, target,
                           " ".join((*resource.comments, kind.why.format(firewall_sku=read.firewall_sku))))
             for resource, kind, target in _rules(read)]
    return Explanation(
        name=deployment.prefix,
        location=deployment.location,
        mode=_MODES[read.mode],
        inbound=tuple(_inbound(read)),
        outbound=tuple(outbound),
        rules=tuple(rules),
        egress=deployment.egress,
        policies=tuple(_policies(deployment)),
        dns_summary=_DNS_SUMMARY[deployment.dns_mode] if has_endpoints else
        "No private endpoints are rendered, so no private DNS records are needed.",
        dns=tuple(_dns(read)),
        forwarders=tuple(zone for zone, _ in deployment.forwarders.zones) if deployment.forwarders else (),
        azure_creates=tuple(created),
        immutable=deployment.immutable,
        notes=(*read.workspace.comments, *deployment.notes),
        nodes=tuple(nodes),
        groups=tuple(groups),
        edges=tuple(edges),
    )
