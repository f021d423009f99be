"""Private DNS for the private endpoints: zones this deployment creates and links, links on existing (central) zones
in their own subscription, and how the networks amlgen creates resolve names (Plan for network isolation, "DNS
resolution of private link resources and application on compute instance")."""

from __future__ import annotations

from amlgen.analysis.decisions import Zone, dns_zones_needed
from amlgen.arm.build import TAGS
from amlgen.arm.deployment import Forwarders
from amlgen.arm.model import Module, Param, ParentId, Ref, Resource, Scope, Value
from amlgen.azure.names import derive
from amlgen.azure.tables import AZURE_DNS_IP
from amlgen.intent.model import Intent
from amlgen.plan.inbound import PE_SUBNET_INPUT, cloud_name, zone_key
from amlgen.plan.network import vnet_key
from amlgen.plan.scopes import scope_of, scoped_module

ZONE = "Microsoft.Network/privateDnsZones"
LINK = "Microsoft.Network/privateDnsZones/virtualNetworkLinks"


def _linked_vnet(intent: Intent) -> Value:
    """The network the created zones link to: where the private endpoints' clients resolve them."""
    if intent.network is not None:
        return Ref(vnet_key("spoke"))
    inbound = intent.inbound.private_endpoint
    if inbound is not None and inbound.subnet_id is not None:
        return ParentId(Param(PE_SUBNET_INPUT))
    return Ref("virtual_network")


def _links(intent: Intent) -> list[tuple[str, str, Value]]:
    """(label suffix, link name, virtual network ID) of every network amlgen creates that resolves the zones."""
    links: list[tuple[str, str, Value]] = [("", derive("dns_zone_link", intent.name), _linked_vnet(intent))]
    if intent.network is not None and intent.network.hub is not None:
        links.append(("hub", f"link-{intent.name}-hub", Ref(vnet_key("hub"))))
    return links


def _link(zone: Zone, parent: str, suffix: str, name: str, vnet: Value, module: str,
          scope: Scope | None = None) -> Resource:
    label = f"{zone.key}_{suffix}" if suffix else zone.key
    return Resource(key=f"{label}_link", type=LINK, name=name, title=f"link of {zone.name} to a virtual network",
                    module=module, label=label, parent=parent, location="global", tags=TAGS, scope=scope,
                    properties={"registrationEnabled": False, "virtualNetwork": {"id": vnet}})


def dns_zones(intent: Intent) -> tuple[Resource, ...]:
    """Created zones, each linked to the workspace's network (and to the hub, where the enterprise's DNS
    forwarders answer for peered networks and on-premises clients, Plan for network isolation)."""
    if intent.dns.zones == "existing" and intent.dns.link_zones:
        return _existing_zone_links(intent)
    if intent.dns.zones != "create":
        return ()
    links = _links(intent)
    resources: list[Resource] = []
    for zone in dns_zones_needed(intent):
        key = zone_key(zone)
        resources.append(Resource(key=key, type=ZONE,
                                  title=f"private DNS zone {zone.name}",
                                  name=cloud_name(zone.name, intent.cloud), module="dns", label=zone.key,
                                  location="global", tags=TAGS, comments=(f"{zone.name}: {zone.purpose}.",)))
        resources += [_link(zone, key, suffix, name, vnet, "dns") for suffix, name, vnet in links]
    return tuple(resources)


def zone_scopes(intent: Intent) -> dict[tuple[str, str], Scope]:
    """The resource groups of the existing zones the intent links, keyed by (subscription, resource group)."""
    found: dict[tuple[str, str], Scope] = {}
    for zone in dns_zones_needed(intent):
        zone_id = intent.dns.zone_ids.get(zone.name)
        if zone_id is None:
            continue
        scope = scope_of(zone_id, "", "")
        where = (scope.subscription_id, scope.resource_group)
        if where not in found:
            key = "dns_zones" if not found else f"dns_zones_{len(found) + 1}"
            found[where] = Scope(key, *where, "the central private DNS zones' resource group")
    return found


def _existing_zone_links(intent: Intent) -> tuple[Resource, ...]:
    """Links on existing zones, to the networks amlgen creates, created where the zones live."""
    scopes = zone_scopes(intent)
    resources: list[Resource] = []
    for zone in dns_zones_needed(intent):
        parsed = scope_of(intent.dns.zone_ids[zone.name], "", "")
        scope = scopes[(parsed.subscription_id, parsed.resource_group)]
        module = f"{scope.key}_links"
        key = zone_key(zone)
        resources.append(Resource(
            key=key, type=ZONE, title=f"central private DNS zone for {zone.purpose}",
            name=cloud_name(zone.name, intent.cloud),
            module=module, label=zone.key, scope=scope, existing=True,
            comments=(f"{zone.name} exists already, in {scope.description} (dns.zone_ids); this module links it "
                      "to the networks it creates (dns.link_zones).",)))
        resources += [_link(zone, key, suffix, name, vnet, module, scope) for suffix, name, vnet in _links(intent)]
    return tuple(resources)


def link_modules(intent: Intent) -> tuple[Module, ...]:
    """The modules of links on existing zones, one per resource group the zones live in."""
    if not (intent.dns.zones == "existing" and intent.dns.link_zones):
        return ()
    return tuple(scoped_module(f"{scope.key}_links", "Links of the existing private DNS zones to the networks this "
                               "deployment creates, where the zones live.", scope, "dns.tf")
                 for scope in zone_scopes(intent).values())


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
