"""Inbound: the virtual network for the private endpoints (when the intent creates one), the private
endpoints of the workspace and its associated resources, and the private DNS zones that resolve them.
"""

from __future__ import annotations

from amlgen.analysis.decisions import (
    InboundEndpoint,
    Zone,
    dns_zones_needed,
    inbound_private_endpoints,
)
from amlgen.analysis.network import isolated_key
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.deployment import Forwarders
from amlgen.arm.model import Index, Join, Param, ParentId, Ref, Resource, ScanSkip, StorageSuffix, Value
from amlgen.azure.names import derive
from amlgen.azure.policies import private_dns_policy
from amlgen.azure.tables import AZURE_DNS_IP, STORAGE_SUFFIX
from amlgen.intent.model import Intent
from amlgen.plan.network import subnet_key, vnet_key, vnet_properties
from amlgen.plan.workspace import associated_id

ZONE_GROUP_NAME = "default"
ZONE_GROUP = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"
EXISTING_ZONE_IDS = "private_dns_zone_ids"
PE_SUBNET_INPUT = "private_endpoint_subnet_id"


def cloud_name(name: str, cloud: str) -> Value:
    """A host name under the cloud's storage suffix keeps the suffix as an expression (Bicep reads it from
    environment(), the linter's no-hardcoded-env-urls rule); any other name is plain text."""
    suffix = STORAGE_SUFFIX[cloud]
    if name.endswith("." + suffix):
        return Join((name.removesuffix(suffix), StorageSuffix(suffix)))
    return name


def inbound_vnet(intent: Intent) -> tuple[Resource, ...]:
    inbound = intent.inbound.private_endpoint
    if inbound is None or inbound.virtual_network is None or inbound.subnet is None:
        return ()
    vnet = Resource(
        key="virtual_network", type="Microsoft.Network/virtualNetworks", name=Param("virtual_network_name"),
        title="virtual network",
        module="network", location=LOCATION, tags=TAGS,
        properties=vnet_properties(intent, "virtual_network", list(inbound.virtual_network.address_space)),
        comments=("The virtual network that holds the inbound private endpoints of the workspace and its "
                  "resources.",))
    subnet = Resource(
        key=subnet_key("private_endpoints"), type="Microsoft.Network/virtualNetworks/subnets",
        title=f"{inbound.subnet.name} subnet",
        name=inbound.subnet.name, module="network", label="private_endpoints", parent=vnet.key,
        properties={"addressPrefix": inbound.subnet.prefix},
        comments=("Private endpoints of the workspace and its associated resources.",),
        scan_skips=(ScanSkip("CKV2_AZURE_31", "the subnet holds only private endpoints, and NSG rules do not apply "
                             "to private endpoints while their network policies are off (the default)",
                             ("terraform",)),))
    return vnet, subnet


def _subnet_id(intent: Intent) -> Value:
    if intent.network is not None:
        return Ref(subnet_key("private_endpoints"))
    inbound = intent.inbound.private_endpoint
    if inbound is not None and inbound.subnet_id is not None:
        return Param(PE_SUBNET_INPUT)
    return Ref(subnet_key("private_endpoints"))


def _linked_vnet(intent: Intent) -> Value:
    """The network the created zones link to: where the private endpoints' clients resolve them."""
    if intent.network is not None:
        return Ref(vnet_key("spoke"))
    inbound = intent.inbound.private_endpoint
    if inbound is not None and inbound.subnet_id is not None:
        return ParentId(Param(PE_SUBNET_INPUT))
    return Ref("virtual_network")


def zone_key(zone: Zone) -> str:
    return f"{zone.key}_zone"


def dns_zones(intent: Intent) -> tuple[Resource, ...]:
    """Created zones, each linked to the workspace's network (and to the hub, where the enterprise's DNS
    forwarders answer for peered networks and on-premises clients, Plan for network isolation)."""
    if intent.dns.zones != "create":
        return ()
    link_name = derive("dns_zone_link", intent.name)
    links = [("", link_name, _linked_vnet(intent))]
    if intent.network is not None and intent.network.hub is not None:
        links.append(("hub", f"link-{intent.name}-hub", Ref(vnet_key("hub"))))
    resources: list[Resource] = []
    for zone in dns_zones_needed(intent):
        key = zone_key(zone)
        resources.append(Resource(key=key, type="Microsoft.Network/privateDnsZones",
                                  title=f"private DNS zone {zone.name}",
                                  name=cloud_name(zone.name, intent.cloud), module="dns", label=zone.key,
                                  location="global", tags=TAGS, comments=(f"{zone.name}: {zone.purpose}.",)))
        for suffix, name, vnet in links:
            label = f"{zone.key}_{suffix}" if suffix else zone.key
            resources.append(Resource(
                key=f"{label}_link", type="Microsoft.Network/privateDnsZones/virtualNetworkLinks", name=name,
                title=f"link of {zone.name} to a virtual network",
                module="dns", label=label, parent=key, location="global", tags=TAGS,
                properties={"registrationEnabled": False, "virtualNetwork": {"id": vnet}}))
    return tuple(resources)


def _zone_id(intent: Intent, zone: Zone, existing_input: str | None) -> Value:
    if existing_input is not None:
        return Index(Param(existing_input), cloud_name(zone.name, intent.cloud))
    return Ref(zone_key(zone))


def _endpoint(intent: Intent, endpoint: InboundEndpoint, key: str, name: str, subnet: Value,
              zones: list[tuple[Zone, Value]], by_policy: bool = False) -> tuple[Resource, ...]:
    target = Ref("workspace") if endpoint.target == "workspace" else associated_id(intent, endpoint.target)
    policy = private_dns_policy(endpoint.group) if by_policy else None
    comments = () if policy is None else (
        f"dns.zones: policy. The landing zone's Azure Policy ({policy.display_name}, {policy.definition_id}) adds "
        "this endpoint's DNS zone group after it is created, so the zone group is not declared here and "
        "Terraform leaves it alone.",)
    private_endpoint = Resource(
        key=f"{key}_private_endpoint", type="Microsoft.Network/privateEndpoints", name=name,
        title=f"private endpoint {name}",
        module="private_endpoints", label=key, location=LOCATION, tags=TAGS,
        properties={"subnet": {"id": subnet}, "privateLinkServiceConnections": [{"name": name, "properties": {
            "privateLinkServiceId": target, "groupIds": [endpoint.group]}}]},
        comments=comments, managed_elsewhere=(ZONE_GROUP,) if by_policy else ())
    if not zones:
        return (private_endpoint,)
    group = Resource(
        key=f"{key}_zone_group", type=ZONE_GROUP,
        title=f"DNS zone group of {name}",
        name=ZONE_GROUP_NAME, module="private_endpoints", label=key, parent=private_endpoint.key,
        properties={"privateDnsZoneConfigs": [{"name": zone.key, "properties": {"privateDnsZoneId": zone_id}}
                                              for zone, zone_id in zones]})
    return private_endpoint, group


def private_endpoints(intent: Intent) -> tuple[Resource, ...]:
    """The workspace network's endpoints, then a second set per isolated network: the same targets, its own
    subnet and its own zones (Plan for network isolation: that architecture doubles the private endpoints)."""
    needed = dns_zones_needed(intent)
    mode = intent.dns.zones
    existing = EXISTING_ZONE_IDS if mode == "existing" else None
    resources: list[Resource] = []
    endpoints = inbound_private_endpoints(intent)
    for endpoint in endpoints:
        zones = [(zone, _zone_id(intent, zone, existing)) for zone in needed if zone.group == endpoint.group
                 and mode in ("create", "existing")]
        resources += _endpoint(intent, endpoint, endpoint.key, derive("private_endpoint", intent.name, endpoint.group),
                               _subnet_id(intent), zones, by_policy=mode == "policy")
    isolated = intent.network.isolated_networks if intent.network is not None else []
    for spec in isolated:
        key = isolated_key(spec.name)
        for endpoint in endpoints:
            zones = [(zone, _zone_id(intent, zone, f"{key}_private_dns_zone_ids")) for zone in needed
                     if zone.group == endpoint.group and zone.name in spec.dns_zone_ids]
            resources += _endpoint(intent, endpoint, f"{key}_{endpoint.key}",
                                   f"pe-{intent.name}-{key.replace('_', '-')}-{endpoint.group}",
                                   Param(f"{key}_private_endpoint_subnet_id"), zones)
    return tuple(resources)


def forwarders(intent: Intent) -> Forwarders | None:
    """Zones a customer DNS server must forward: to Azure DNS when no zones are managed here, or to the DNS
    Private Resolver in the hub, which answers from the zones linked to it (Plan for network isolation)."""
    zones = tuple((zone.name, zone.purpose) for zone in dns_zones_needed(intent))
    if intent.dns.zones in ("none", "policy") and zones:
        return Forwarders(zones, AZURE_DNS_IP, via_resolver=False)
    hub = intent.network.hub if intent.network is not None else None
    if intent.dns.zones == "create" and zones and hub is not None and hub.dns_resolver_inbound_prefix is not None:
        return Forwarders(zones, "dns_resolver_inbound_ip", via_resolver=True)
    return None


def resolution(intent: Intent) -> str:
    """How the virtual networks amlgen creates resolve names, for the docs ('' for Azure DNS)."""
    servers = ", ".join(intent.dns.servers)
    network = intent.network
    if intent.dns.firewall_proxy and network is not None and network.hub is not None:
        return "the hub firewall's DNS proxy, which forwards to " + (servers or "Azure DNS")
    return f"the DNS servers {servers}" if servers else ""
