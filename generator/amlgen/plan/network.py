"""A customer-managed virtual network (Plan for network isolation): the hub and spoke VNets, their subnets and
peerings, and
the DNS Private Resolver. How compute egress is controlled (firewall, NSG, NAT) is plan/egress.py.
"""

from __future__ import annotations

from amlgen.analysis.network import hosts_compute, nsg_denies_unlisted
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import Param, Ref, Resource, ScanSkip, ScanTarget, Scope, Value
from amlgen.azure.tables import GLOBAL_STORAGE_SERVICE_ENDPOINT
from amlgen.intent.model import Intent
from amlgen.intent.network import ComputeSubnet, Network
from amlgen.records import dataclass

MODULE = "network"
VNET = "Microsoft.Network/virtualNetworks"
SUBNET = "Microsoft.Network/virtualNetworks/subnets"
FIREWALL_SUBNET = "AzureFirewallSubnet"  # the name Azure Firewall requires
RESOLVER_DELEGATION = "Microsoft.Network/dnsResolvers"

# Keys of the egress resources compute subnets attach to (created in plan/egress.py).
ROUTE_TABLE = "compute_route_table"
SECURITY_GROUP = "compute_security_group"
NAT_GATEWAY = "nat_gateway"
ENDPOINT_POLICY = "ml_storage_policy"
FIREWALL = "firewall"
FIREWALL_PRIVATE_IP = "properties.ipConfigurations[0].properties.privateIPAddress"

SPOKE_SUBNETS = ("training", "scoring", "private_endpoints")
# An existing hub: its inputs.
HUB_VNET_INPUT = "hub_virtual_network_id"
HUB_FIREWALL_IP_INPUT = "hub_firewall_private_ip"
# What each attachment a compute subnet can take sets on it (an existing subnet takes those its `owns` lists).
ATTACHMENTS = {"route_table": ("routeTable",), "network_security_group": ("networkSecurityGroup",),
               "nat_gateway": ("natGateway",), "service_endpoint_policy": ("serviceEndpoints",
                                                                           "serviceEndpointPolicies")}
_PRIVATE_ENDPOINT_SUBNET = ("the subnet holds only private endpoints, and NSG rules do not apply to private "
                            "endpoints while their network policies are off (the default)")


@dataclass(frozen=True)
class SubnetPlan:
    label: str  # training | scoring | private_endpoints | firewall | dns_inbound
    name: str
    prefix: str
    purpose: str
    compute: bool = False  # Azure Machine Learning compute (or its clients) runs here
    delegation: str | None = None
    existing_id: str | None = None  # a subnet of an existing spoke
    owns: tuple[str, ...] = ()  # what amlgen attaches to the existing subnet

    @property
    def key(self) -> str:
        return f"{self.label}_subnet"


def vnet_key(label: str) -> str:
    return f"{label}_virtual_network"


def subnet_key(label: str) -> str:
    return f"{label}_subnet"


def attachments(network: Network) -> dict[str, Value]:
    """What a compute subnet is attached to: the route to the hub firewall, its NSG, the NAT gateway, and the storage
    service endpoint with its policy."""
    found: dict[str, Value] = {}
    if network.outbound == "hub_spoke_firewall":
        found["routeTable"] = {"id": Ref(ROUTE_TABLE)}
    found["networkSecurityGroup"] = {"id": Ref(SECURITY_GROUP)}
    if network.outbound == "nsg_nat":
        found["natGateway"] = {"id": Ref(NAT_GATEWAY)}
    if network.exfiltration_prevention:
        found["serviceEndpoints"] = [{"service": GLOBAL_STORAGE_SERVICE_ENDPOINT}]
        found["serviceEndpointPolicies"] = [{"id": Ref(ENDPOINT_POLICY)}]
    return found


def _subnet_properties(network: Network, subnet: SubnetPlan) -> dict[str, Value]:
    properties: dict[str, Value] = {"addressPrefix": subnet.prefix}
    if subnet.label in SPOKE_SUBNETS:
        # Explicit: Azure's default outbound access is retired, and the provider defaults differ (azurerm keeps it
        # on, Network API 2025-07-01 turns it off). Compute leaves through the firewall or the NAT gateway only.
        properties["defaultOutboundAccess"] = False
    if subnet.compute:
        properties.update(attachments(network))
    if subnet.delegation is not None:
        properties["delegations"] = [{"name": "delegation", "properties": {"serviceName": subnet.delegation}}]
    return properties


def _subnet_skips(network: Network, subnet: SubnetPlan) -> tuple[ScanSkip, ...]:
    """An NSG on every subnet (CKV2_AZURE_31) does not apply where nothing an NSG filters runs."""
    if subnet.label == "firewall" or subnet.compute:
        return ()
    if subnet.delegation is not None:
        reason = (f"the subnet is delegated to {subnet.delegation}, whose endpoint answers only DNS queries from "
                  "the peered networks")
    else:
        reason = _PRIVATE_ENDPOINT_SUBNET
    return (ScanSkip("CKV2_AZURE_31", reason, ("terraform",)),)


def _subnets(intent: Intent, network: Network) -> dict[str, list[SubnetPlan]]:
    spoke = network.spoke
    subnets = []
    if spoke.training is not None:
        subnets.append(SubnetPlan("training", _subnet_name(spoke.training, "snet-training"), spoke.training.prefix,
                                  "Compute instances and clusters for training, without public IPs.", compute=True,
                                  existing_id=spoke.training.existing_id, owns=tuple(spoke.training.owns)))
    if spoke.scoring is not None:
        purpose = ("Scoring compute (AKS), without public IPs." if hosts_compute(network)
                   else "Scoring clients: they reach the online endpoints through the workspace's private endpoint.")
        subnets.append(SubnetPlan("scoring", _subnet_name(spoke.scoring, "snet-scoring"), spoke.scoring.prefix,
                                  purpose, compute=True, existing_id=spoke.scoring.existing_id,
                                  owns=tuple(spoke.scoring.owns)))
    pe = spoke.private_endpoints
    subnets.append(SubnetPlan("private_endpoints", pe.existing_id.rsplit("/", 1)[-1] if pe.existing_id else pe.name,
                              pe.prefix, "Private endpoints of the workspace and its associated resources.",
                              existing_id=pe.existing_id))
    found = {"spoke": subnets}
    hub = network.hub
    if hub is not None:
        found["hub"] = [SubnetPlan("firewall", FIREWALL_SUBNET, hub.firewall_subnet_prefix,
                                   "Azure Firewall; the name is fixed by Azure.")]
        if hub.dns_resolver_inbound_prefix is not None:
            found["hub"].append(SubnetPlan("dns_inbound", "snet-dns-inbound", hub.dns_resolver_inbound_prefix,
                                           "Inbound endpoint of the DNS Private Resolver (a delegated subnet).",
                                           delegation=RESOLVER_DELEGATION))
    return found


def _subnet_name(spec: ComputeSubnet, default: str) -> str:
    if spec.existing_id is not None:
        return spec.existing_id.rsplit("/", 1)[-1]
    return spec.name or default


def spoke_subnets(intent: Intent) -> list[SubnetPlan]:
    assert intent.network is not None
    return _subnets(intent, intent.network)["spoke"]


def compute_prefixes(intent: Intent) -> tuple[str, ...]:
    """The address prefixes of the subnets compute runs in: what the firewall rules admit."""
    assert intent.network is not None
    return tuple(s.prefix for s in _subnets(intent, intent.network)["spoke"] if s.compute)


def dns_servers(intent: Intent, label: str) -> Value:
    """The DNS servers a virtual network amlgen creates uses: the hub firewall's DNS proxy (for the spoke; the hub
    itself would depend on its own firewall), else dns.servers, else Azure DNS (None)."""
    network = intent.network
    proxy = (intent.dns.firewall_proxy and network is not None and network.outbound == "hub_spoke_firewall"
             and network.hub is not None)
    if proxy and label == "spoke":
        return [Ref(FIREWALL, FIREWALL_PRIVATE_IP)]
    return list(intent.dns.servers) or None


def dns_skips(servers: Value) -> tuple[ScanSkip, ...]:
    """The DNS checks that assume servers inside the network (CKV_AZURE_183) and at least two of them
    (CKV_AZURE_182) do not apply to the servers a hub-spoke network resolves through."""
    if not isinstance(servers, list):
        return ()
    targets: tuple[ScanTarget, ScanTarget] = ("terraform", "bicep")
    skips = [ScanSkip("CKV_AZURE_183", "the DNS servers are the hub's or the enterprise's (dns.servers, or the hub "
                      "firewall's DNS proxy), reached through the peering, not addresses of this network", targets)]
    if len(servers) < 2:
        skips.append(ScanSkip("CKV_AZURE_182", "one address is the intent's choice: a hub firewall's DNS proxy or a "
                              "DNS Private Resolver answers on one address and is highly available behind it",
                              targets))
    return tuple(skips)


def vnet_properties(intent: Intent, label: str, space: list[str]) -> dict[str, Value]:
    properties: dict[str, Value] = {"addressSpace": {"addressPrefixes": list(space)}}
    servers = dns_servers(intent, label)
    if servers is not None:
        properties["dhcpOptions"] = {"dnsServers": servers}
    return properties


def _vnet(intent: Intent, label: str, name: str, space: list[str], purpose: str) -> Resource:
    servers = dns_servers(intent, label)
    notes: tuple[tuple[str, str], ...] = ()
    if isinstance(servers, list):
        why = ("Clients resolve through the hub firewall's DNS proxy (dns.firewall_proxy), which forwards to "
               + ("dns.servers." if intent.dns.servers else "Azure DNS.")) if isinstance(servers[0], Ref) else (
               f"dns.zones is {intent.dns.zones}: these DNS servers resolve the private link zones (dns.servers)."
               if intent.dns.zones in ("none", "policy") else "The DNS servers the intent names (dns.servers).")
        notes = (("properties.dhcpOptions.dnsServers", why),)
    return Resource(key=vnet_key(label), type=VNET, name=name, module=MODULE, label=label,
                    title=f"{label} virtual network",
                    location=LOCATION,
                    tags=TAGS, properties=vnet_properties(intent, label, space), comments=(purpose,), notes=notes,
                    scan_skips=dns_skips(servers))


def peering(local: str, remote: str, remote_id: Value, module: str = MODULE, scope: Scope | None = None) -> Resource:
    why = "Forwarded traffic is allowed: the spoke's default route sends compute egress through the hub firewall."
    return Resource(key=f"{local}_to_{remote}_peering", type=f"{VNET}/virtualNetworkPeerings",
                    name=f"peer-{local}-to-{remote}", module=module, label=f"{local}_to_{remote}",
                    title=f"peering from the {local} to the {remote}", parent=vnet_key(local), scope=scope,
                    properties={"remoteVirtualNetwork": {"id": remote_id},
                                "allowVirtualNetworkAccess": True, "allowForwardedTraffic": True},
                    comments=(why,))


def hub_id(network: Network) -> Value:
    """The hub the spoke peers with: the one this deployment creates, or the network team's."""
    return Param(HUB_VNET_INPUT) if network.existing_hub is not None else Ref(vnet_key("hub"))


def _resolver(intent: Intent) -> tuple[Resource, ...]:
    why = ("DNS servers forward the private link zones to this inbound endpoint (see DNS-FORWARDERS.md); the "
           "resolver answers from the private DNS zones linked to its virtual network.")
    resolver = Resource(key="dns_resolver", type="Microsoft.Network/dnsResolvers", name=f"dnspr-{intent.name}",
                        title="DNS Private Resolver",
                        module=MODULE, location=LOCATION, tags=TAGS,
                        properties={"virtualNetwork": {"id": Ref(vnet_key("hub"))}}, comments=(why,))
    inbound = Resource(key="dns_resolver_inbound", type="Microsoft.Network/dnsResolvers/inboundEndpoints",
                       name="inbound", module=MODULE, parent=resolver.key, location=LOCATION, tags=TAGS,
                       title="DNS Private Resolver's inbound endpoint",
                       properties={"ipConfigurations": [{"subnet": {"id": Ref(subnet_key("dns_inbound"))},
                                                         "privateIpAllocationMethod": "Dynamic"}]})
    return resolver, inbound


def network_resources(intent: Intent) -> tuple[Resource, ...]:
    """The hub (when this deployment creates it) and the spoke (when it is not an existing one: plan/existing.py),
    with their subnets and peerings."""
    network = intent.network
    assert network is not None
    subnets = _subnets(intent, network)
    resources: list[Resource] = []
    hub = network.hub
    if hub is not None:
        resources.append(_vnet(intent, "hub", hub.name or f"vnet-{intent.name}-hub", hub.address_space,
                               "Hub: the firewall that controls egress from the spoke."))
        resources += _subnet_resources(network, subnets["hub"], "hub")
    if network.spoke.existing_id is None:
        purpose = ("Spoke: the workspace's compute and private endpoints." if network.outbound == "hub_spoke_firewall"
                   else "The workspace's virtual network: its compute subnets and private endpoints.")
        resources.append(_vnet(intent, "spoke", network.spoke.name or f"vnet-{intent.name}-spoke",
                               network.spoke.address_space, purpose))
        resources += _subnet_resources(network, subnets["spoke"], "spoke")
        if hub is not None or network.existing_hub is not None:
            resources.append(peering("spoke", "hub", hub_id(network)))
    if hub is not None:
        resources.append(peering("hub", "spoke", Ref(vnet_key("spoke"))))
        if hub.dns_resolver_inbound_prefix is not None:
            resources += _resolver(intent)
    return tuple(resources)


def _subnet_resources(network: Network, subnets: list[SubnetPlan], label: str) -> list[Resource]:
    return [Resource(key=subnet.key, type=SUBNET, name=subnet.name, module=MODULE, label=subnet.label,
                     title=f"{subnet.name} subnet", parent=vnet_key(label),
                     properties=_subnet_properties(network, subnet), comments=(subnet.purpose,),
                     scan_skips=_subnet_skips(network, subnet)) for subnet in subnets]


def notes(intent: Intent) -> tuple[str, ...]:
    """Why-comments at the top of the network module."""
    network = intent.network
    assert network is not None
    found = []
    public = network.compute_public_ip and hosts_compute(network)
    if network.outbound == "hub_spoke_firewall":
        found.append("Compute subnets send 0.0.0.0/0 to the hub firewall, which allows only the required outbound "
                     "set and the intent's additions." + (" Compute has public IPs: the routes send the services "
                     "that reach them back to the internet directly, and the NSG admits them." if public else
                     " Compute has no public IPs, so nothing reaches it from the internet."))
    elif network.outbound == "nsg_nat":
        found.append("No firewall (Plan for network isolation: Removing firewall requirement): the NAT gateway "
                     "carries compute egress; " + ("the NSG allows the required set by name and denies the rest "
                                                   "(network.unlisted_outbound: deny)." if nsg_denies_unlisted(network)
                                                   else "outbound is open through it (network.unlisted_outbound: "
                                                   "allow)."))
    else:
        found.append("NSG rules only (Secure managed online endpoints by using network isolation: the managed online "
                     "endpoint sample's network), " + ("denying outbound traffic they do not name." if
                                                      nsg_denies_unlisted(network) else "naming the intent's "
                                                      "destinations; other outbound stays open.") + " The subnets "
                     "have no NAT gateway and default outbound access is off, so nothing here reaches the internet "
                     "(AML321).")
    if not hosts_compute(network):
        found.append("No Azure Machine Learning compute runs in this network, so the required outbound set "
                     "does not apply; the rules are the intent's own.")
    elif network.exfiltration_prevention:
        found.append("Data exfiltration prevention: a service endpoint policy with the Azure Machine Learning "
                     "alias admits only the service's storage accounts, so Storage is not opened on the firewall.")
    elif network.outbound == "hub_spoke_firewall":
        found.append("No service endpoint policy, so the firewall opens the regional Storage service tag for compute "
                     "set-up scripts: that is read/write egress to any account in the region; exfiltration_prevention "
                     "closes it.")
    if intent.dns.zones == "existing":
        found.append("The private DNS zones already exist (dns.zones: existing): "
                     + ("this deployment links them to these virtual networks where they live (dns.link_zones)."
                        if intent.dns.link_zones else "they resolve here only once linked to these virtual networks "
                        "(dns.link_zones) or reached through DNS servers that know them (dns.servers)."))
    if network.isolated_networks:
        found.append("Each isolated network resolves its own private endpoints through its own zones, which must "
                     "already be linked to it (Plan for network isolation: Private IP address shortage in your main "
                     "network).")
    return tuple(found)
