"""A customer-managed virtual network (Plan for network isolation): the hub and spoke VNets, their subnets and
peerings, and
the DNS Private Resolver. How compute egress is controlled (firewall, NSG, NAT) is plan/egress.py.
"""

from __future__ import annotations

from amlgen.analysis.network import hosts_compute
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import Ref, Resource, ScanSkip, Value
from amlgen.azure.tables import GLOBAL_STORAGE_SERVICE_ENDPOINT
from amlgen.intent.model import Intent
from amlgen.intent.network import Network
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

    @property
    def key(self) -> str:
        return f"{self.label}_subnet"


def vnet_key(label: str) -> str:
    return f"{label}_virtual_network"


def subnet_key(label: str) -> str:
    return f"{label}_subnet"


def _subnet_properties(network: Network, subnet: SubnetPlan) -> dict[str, Value]:
    properties: dict[str, Value] = {"addressPrefix": subnet.prefix}
    if subnet.compute:
        if network.outbound == "hub_spoke_firewall":
            properties["routeTable"] = {"id": Ref(ROUTE_TABLE)}
        if network.outbound in ("nsg_nat", "nsg"):
            properties["networkSecurityGroup"] = {"id": Ref(SECURITY_GROUP)}
        if network.outbound == "nsg_nat":
            properties["natGateway"] = {"id": Ref(NAT_GATEWAY)}
        if network.exfiltration_prevention:
            properties["serviceEndpoints"] = [{"service": GLOBAL_STORAGE_SERVICE_ENDPOINT}]
    if subnet.delegation is not None:
        properties["delegations"] = [{"name": "delegation", "properties": {"serviceName": subnet.delegation}}]
    if subnet.compute and network.exfiltration_prevention:
        properties["serviceEndpointPolicies"] = [{"id": Ref(ENDPOINT_POLICY)}]
    return properties


def _subnet_skips(network: Network, subnet: SubnetPlan) -> tuple[ScanSkip, ...]:
    """An NSG on every subnet (CKV2_AZURE_31) does not apply where the subnet's traffic is controlled
    otherwise, or where nothing an NSG filters runs."""
    if subnet.label == "firewall" or (subnet.compute and network.outbound in ("nsg_nat", "nsg")):
        return ()
    if subnet.delegation is not None:
        reason = (f"the subnet is delegated to {subnet.delegation}, whose endpoint answers only DNS queries from "
                  "the peered networks")
    elif subnet.compute:
        reason = ("compute here has no public IP and its default route sends all egress through the hub firewall, "
                  "which filters it (the firewall architecture of Plan for network isolation)")
    else:
        reason = _PRIVATE_ENDPOINT_SUBNET
    return (ScanSkip("CKV2_AZURE_31", reason, ("terraform",)),)


def _subnets(intent: Intent, network: Network) -> dict[str, list[SubnetPlan]]:
    spoke = network.spoke
    subnets = []
    if spoke.training is not None:
        subnets.append(SubnetPlan("training", spoke.training.name or "snet-training", spoke.training.prefix,
                                  "Compute instances and clusters for training, without public IPs.", compute=True))
    if spoke.scoring is not None:
        purpose = ("Scoring compute (AKS), without public IPs." if hosts_compute(network)
                   else "Scoring clients: they reach the online endpoints through the workspace's private endpoint.")
        subnets.append(SubnetPlan("scoring", spoke.scoring.name or "snet-scoring", spoke.scoring.prefix, purpose,
                                  compute=True))
    subnets.append(SubnetPlan("private_endpoints", spoke.private_endpoints.name, spoke.private_endpoints.prefix,
                              "Private endpoints of the workspace and its associated resources."))
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


def compute_prefixes(intent: Intent) -> tuple[str, ...]:
    """The address prefixes of the subnets compute runs in: what the firewall rules admit."""
    assert intent.network is not None
    return tuple(s.prefix for s in _subnets(intent, intent.network)["spoke"] if s.compute)


def _vnet(label: str, name: str, space: list[str], purpose: str) -> Resource:
    return Resource(key=vnet_key(label), type=VNET, name=name, module=MODULE, label=label,
                    title=f"{label} virtual network",
                    location=LOCATION,
                    tags=TAGS, properties={"addressSpace": {"addressPrefixes": list(space)}}, comments=(purpose,))


def _peerings() -> tuple[Resource, ...]:
    why = "Forwarded traffic is allowed: the spoke's default route sends compute egress through the hub firewall."
    return tuple(
        Resource(key=f"{local}_to_{remote}_peering", type=f"{VNET}/virtualNetworkPeerings",
                 name=f"peer-{local}-to-{remote}", module=MODULE, label=f"{local}_to_{remote}",
                 title=f"peering from the {local} to the {remote}",
                 parent=vnet_key(local),
                 properties={"remoteVirtualNetwork": {"id": Ref(vnet_key(remote))},
                             "allowVirtualNetworkAccess": True, "allowForwardedTraffic": True},
                 comments=(why,))
        for local, remote in (("spoke", "hub"), ("hub", "spoke")))


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
    network = intent.network
    assert network is not None
    subnets = _subnets(intent, network)
    resources: list[Resource] = []
    hub = network.hub
    labels = (["hub"] if hub is not None else []) + ["spoke"]
    for label in labels:
        if label == "hub":
            assert hub is not None
            vnet = _vnet("hub", hub.name or f"vnet-{intent.name}-hub", hub.address_space,
                         "Hub: the firewall that controls egress from the spoke.")
        else:
            purpose = ("Spoke: the workspace's compute and private endpoints." if hub is not None
                       else "The workspace's virtual network: its compute subnets and private endpoints.")
            vnet = _vnet("spoke", network.spoke.name or f"vnet-{intent.name}-spoke", network.spoke.address_space,
                         purpose)
        resources.append(vnet)
        resources += [Resource(key=subnet.key, type=SUBNET, name=subnet.name, module=MODULE, label=subnet.label,
                               title=f"{subnet.name} subnet",
                               parent=vnet.key, properties=_subnet_properties(network, subnet),
                               comments=(subnet.purpose,), scan_skips=_subnet_skips(network, subnet))
                      for subnet in subnets[label]]
    if hub is not None:
        resources += _peerings()
        if hub.dns_resolver_inbound_prefix is not None:
            resources += _resolver(intent)
    return tuple(resources)


def notes(intent: Intent) -> tuple[str, ...]:
    """Why-comments at the top of the network module."""
    network = intent.network
    assert network is not None
    found = []
    if network.outbound == "hub_spoke_firewall":
        found.append("Compute has no public IPs; its subnets send 0.0.0.0/0 to the hub firewall, which allows "
                     "only the required outbound set of Plan for network isolation and the intent's additions.")
    elif network.outbound == "nsg_nat":
        found.append("No firewall (Plan for network isolation: Removing firewall requirement): the NAT gateway "
                     "carries compute "
                     "egress, and the NSG allows the required service tags by name so they keep working when a "
                     "deny rule is added.")
    else:
        found.append("NSG rules only (Secure managed online endpoints by using network isolation: the managed online "
                     "endpoint sample's network): they name "
                     "the destinations this network needs so they keep working when a deny rule is added; other "
                     "egress follows the subnet's default outbound path.")
    if not hosts_compute(network):
        found.append("No Azure Machine Learning compute runs in this network, so the required outbound set "
                     "does not apply; the rules are the intent's own.")
    elif network.exfiltration_prevention:
        found.append("Data exfiltration prevention: a service endpoint policy with the Azure Machine Learning "
                     "alias admits only the service's storage accounts, so Storage is not opened on the firewall.")
    else:
        found.append("No service endpoint policy, so the Storage service tag is opened for compute set-up "
                     "scripts (Plan for network isolation): that is read/write egress to any account; "
                     "exfiltration_prevention "
                     "closes it.")
    if intent.dns.zones == "existing":
        found.append("The private DNS zones already exist (dns.zones: existing): link them to these virtual "
                     "networks where they live; amlgen does not create links in another subscription.")
    if network.isolated_networks:
        found.append("Each isolated network resolves its own private endpoints through its own zones, which must "
                     "already be linked to it (Plan for network isolation: Private IP address shortage in your main "
                     "network).")
    return tuple(found)
