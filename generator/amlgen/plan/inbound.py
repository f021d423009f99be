"""Inbound: the virtual network for the private endpoints (when the intent creates one), the private
endpoints of the workspace and its associated resources, and the private DNS zones that resolve them.
"""

from __future__ import annotations

from dataclasses import replace

from amlgen.analysis.decisions import (
    InboundEndpoint,
    Zone,
    dns_zones_needed,
    inbound_private_endpoints,
)
from amlgen.analysis.network import isolated_key
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.model import (
    Index,
    Join,
    Module,
    Param,
    Ref,
    Resource,
    ScanSkip,
    Scope,
    StorageSuffix,
    Value,
)
from amlgen.azure.names import derive
from amlgen.azure.policies import private_dns_policy
from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.intent.model import Intent
from amlgen.plan.network import dns_servers, dns_skips, subnet_key, vnet_properties
from amlgen.plan.scopes import network_of_subnet, scope_of, scoped_module
from amlgen.plan.workspace import associated_id

ZONE_GROUP_NAME = "default"
ZONE_GROUP = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups"
EXISTING_ZONE_IDS = "private_dns_zone_ids"
PE_SUBNET_INPUT = "private_endpoint_subnet_id"
SCOPED_INBOUND = "network_private_endpoints"  # the module of inbound private endpoints in another subscription


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
        scan_skips=dns_skips(dns_servers(intent, "virtual_network")),
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


def zone_key(zone: Zone) -> str:
    return f"{zone.key}_zone"


def _zone_id(intent: Intent, zone: Zone, existing_input: str | None) -> Value:
    if existing_input is not None:
        return Index(Param(existing_input), cloud_name(zone.name, intent.cloud))
    return Ref(zone_key(zone))


def _endpoint(intent: Intent, endpoint: InboundEndpoint, key: str, name: str, subnet: Value,
              zones: list[tuple[Zone, Value]], by_policy: bool = False) -> tuple[Resource, ...]:
    target = Ref("workspace") if endpoint.target == "workspace" else associated_id(intent, endpoint.target)
    policy = private_dns_policy(endpoint.group) if by_policy else None
    comments = () if policy is None else (
        f"dns.zones: policy. Azure Policy's DeployIfNotExists built-in ({policy.display_name}, "
        f"{policy.definition_id}) adds this endpoint's DNS zone group after it is created, so the zone group is not "
        "declared here and Terraform leaves it alone.",)
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


def _network_scope(intent: Intent) -> tuple[Scope, Resource] | None:
    """The existing subnet of inbound.private_endpoint in another subscription than the intent's: its private
    endpoints go to that subnet's resource group and location."""
    inbound = intent.inbound.private_endpoint
    if inbound is None or inbound.subnet_id is None or intent.subscription_id is None or intent.network is not None:
        return None
    scope = scope_of(inbound.subnet_id, "private_endpoint_network", "the private endpoints' network")
    if scope.subscription_id == intent.subscription_id.lower():
        return None
    return scope, network_of_subnet(inbound.subnet_id, "private_endpoint_network", SCOPED_INBOUND, scope,
                                    "private endpoints'")


def _scoped(resources: tuple[Resource, ...], scope: Scope, module: str, location: Value) -> list[Resource]:
    """Endpoints (and their zone groups) moved into another resource group, at its network's location."""
    return [replace(resource, scope=scope, module=module,
                    location=location if resource.location is not None else None) for resource in resources]


def private_endpoints(intent: Intent) -> tuple[Resource, ...]:
    """The workspace network's endpoints, then a second set per isolated network: the same targets, its own
    subnet and its own zones (Plan for network isolation: that architecture doubles the private endpoints). A
    private endpoint lives in its virtual network's subscription and region, so endpoints in a network of another
    subscription go to that network's resource group, at its location."""
    needed = dns_zones_needed(intent)
    mode = intent.dns.zones
    existing = EXISTING_ZONE_IDS if mode == "existing" else None
    resources: list[Resource] = []
    endpoints = inbound_private_endpoints(intent)
    elsewhere = _network_scope(intent)
    if elsewhere is not None:
        resources.append(elsewhere[1])
    for endpoint in endpoints:
        zones = [(zone, _zone_id(intent, zone, existing)) for zone in needed if zone.group == endpoint.group
                 and mode in ("create", "existing")]
        found = _endpoint(intent, endpoint, endpoint.key, derive("private_endpoint", intent.name, endpoint.group),
                          _subnet_id(intent), zones, by_policy=mode == "policy")
        if elsewhere is not None:
            resources += _scoped(found, elsewhere[0], SCOPED_INBOUND, Ref(elsewhere[1].key, "location"))
        else:
            resources += found
    isolated = intent.network.isolated_networks if intent.network is not None else []
    for spec in isolated:
        key = isolated_key(spec.name)
        module = f"{key}_private_endpoints"
        scope = scope_of(spec.subnet_id, key, f"the {spec.name} network")
        vnet = network_of_subnet(spec.subnet_id, key, module, scope, spec.name)
        resources.append(vnet)
        for endpoint in endpoints:
            zones = [(zone, _zone_id(intent, zone, f"{key}_private_dns_zone_ids")) for zone in needed
                     if zone.group == endpoint.group and zone.name in spec.dns_zone_ids]
            found = _endpoint(intent, endpoint, f"{key}_{endpoint.key}",
                              f"pe-{intent.name}-{key.replace('_', '-')}-{endpoint.group}",
                              Param(f"{key}_private_endpoint_subnet_id"), zones)
            resources += _scoped(found, scope, module, Ref(vnet.key, "location"))
    return tuple(resources)


def scoped_modules(intent: Intent) -> tuple[Module, ...]:
    """The modules of private endpoints in other resource groups."""
    found = []
    elsewhere = _network_scope(intent)
    if elsewhere is not None:
        found.append(scoped_module(SCOPED_INBOUND, "Inbound private endpoints in their network's subscription and "
                                   "resource group.", elsewhere[0]))
    for spec in intent.network.isolated_networks if intent.network is not None else []:
        key = isolated_key(spec.name)
        found.append(scoped_module(f"{key}_private_endpoints", f"The {spec.name} network's private endpoints, in "
                                   "its subscription and resource group.", scope_of(spec.subnet_id, key,
                                                                                    f"the {spec.name} network")))
    return tuple(found)
