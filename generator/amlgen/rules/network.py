"""Customer virtual network for inbound private endpoints, and private DNS (Network isolation with managed online
endpoints;
Plan for network isolation)."""

from __future__ import annotations

import ipaddress

from amlgen.analysis.decisions import dns_zones_needed, inbound_private_endpoints
from amlgen.azure.ids import is_type, parse_resource_id
from amlgen.azure.private_link import CLOUDS
from amlgen.intent.loader import PathKey
from amlgen.kinds.associated import private_link_groups
from amlgen.rules import Context, check

PE = ("inbound", "private_endpoint")
RESERVED_PER_SUBNET = 5


def _network(ctx: Context, value: str, path: PathKey) -> ipaddress.IPv4Network | None:
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        ctx.report("AML301", f"'{value}' is not a valid IPv4 prefix ({exc})", path)
        return None


@check(emits=("AML203", "AML301", "AML302", "AML303", "AML304", "AML305", "AML323"),
       reads=("inbound", "resources", "subscription_id"))
def check_inbound_network(ctx: Context) -> None:
    spec = ctx.intent.inbound.private_endpoint
    if spec is None:
        return
    declared_new = spec.virtual_network is not None or spec.subnet is not None
    if spec.subnet_id is not None and declared_new:
        ctx.report("AML305", "both subnet_id and a new virtual network/subnet are declared", (*PE, "subnet_id"),
                   key=True)
        return
    if spec.subnet_id is None and (spec.virtual_network is None or spec.subnet is None):
        ctx.report("AML305", "the private endpoint needs subnet_id, or both virtual_network and subnet", PE, key=True)
        return
    if spec.subnet_id is not None:
        parsed = parse_resource_id(spec.subnet_id)
        if parsed is None or not is_type(parsed, "Microsoft.Network/virtualNetworks/subnets"):
            ctx.report("AML203", "subnet_id must be the ID of a Microsoft.Network/virtualNetworks/subnets resource",
                       (*PE, "subnet_id"))
        elif ctx.intent.subscription_id is None:
            ctx.report("AML323", f"the subnet is in subscription {parsed.subscription}, and without "
                       "subscription_id amlgen creates its private endpoints in the deployment's subscription",
                       (*PE, "subnet_id"))
        return
    assert spec.virtual_network is not None and spec.subnet is not None
    spaces: list[tuple[int, ipaddress.IPv4Network]] = []
    for index, prefix in enumerate(spec.virtual_network.address_space):
        network = _network(ctx, prefix, (*PE, "virtual_network", "address_space", index))
        if network is not None:
            for other_index, other in spaces:
                if network.overlaps(other):
                    ctx.report("AML303", f"address space {network} overlaps {other} (entry {other_index + 1})",
                               (*PE, "virtual_network", "address_space", index))
            spaces.append((index, network))
    subnet = _network(ctx, spec.subnet.prefix, (*PE, "subnet", "prefix"))
    if subnet is None:
        return
    if spaces and not any(subnet.subnet_of(space) for _, space in spaces):
        ctx.report("AML302", f"subnet {subnet} is outside the virtual network's address space "
                   + ", ".join(str(s) for _, s in spaces), (*PE, "subnet", "prefix"))
    needed = len(inbound_private_endpoints(ctx.intent))
    usable = subnet.num_addresses - RESERVED_PER_SUBNET
    if usable < needed:
        ctx.report("AML304", f"subnet {subnet} has {max(usable, 0)} usable addresses; {needed} private endpoints "
                   "need one each", (*PE, "subnet", "prefix"))


def cloud_of(zone: str) -> str | None:
    for cloud in CLOUDS:
        if any(zone in link.zone_names(cloud) for link in private_link_groups()):
            return cloud
    return None


def check_zone_ids(ctx: Context, zone_ids: dict[str, str], needed: list[str], base: PathKey) -> dict[str, str]:
    """AML405, AML402 and AML203 for each 'zone name: zone ID' entry; returns the entries that pass."""
    valid = {}
    for zone, zone_id in zone_ids.items():
        path = (*base, zone)
        other = cloud_of(zone)
        if zone not in needed and other is not None and other != ctx.intent.cloud:
            ctx.report("AML405", f"'{zone}' is a {other} zone; this intent deploys to {ctx.intent.cloud}, which "
                       f"uses: {', '.join(needed)}", path, key=True)
        elif zone not in needed:
            ctx.report("AML402", f"'{zone}' is not a zone this deployment uses; it uses: {', '.join(needed)}",
                       path, key=True)
        elif not _is_zone_id(zone_id, zone):
            ctx.report("AML203", f"zone ID for '{zone}' must be a Microsoft.Network/privateDnsZones ID ending in "
                       f"/{zone}", path)
        else:
            valid[zone] = zone_id
    return valid


def _is_zone_id(zone_id: str, zone: str) -> bool:
    parsed = parse_resource_id(zone_id)
    return parsed is not None and is_type(parsed, "Microsoft.Network/privateDnsZones") and parsed.name == zone


@check(emits=("AML203", "AML401", "AML402", "AML403", "AML404", "AML405"),
       reads=("dns", "inbound", "resources", "cloud", "network"))
def check_dns(ctx: Context) -> None:
    dns = ctx.intent.dns
    needed = [zone.name for zone in dns_zones_needed(ctx.intent)]
    if dns.zones == "policy":
        check_zone_ids(ctx, dns.zone_ids, needed, ("dns", "zone_ids"))
        return
    if dns.zones != "existing":
        if dns.zone_ids:
            ctx.report("AML404", f"dns.zones is {dns.zones}, so zone_ids would be ignored", ("dns", "zone_ids"),
                       key=True)
        if dns.zones == "none" and needed:
            ctx.report("AML403", f"{len(needed)} private DNS zone(s) must be forwarded by your DNS server",
                       ("dns", "zones"))
        return
    for zone in needed:
        if zone not in dns.zone_ids:
            ctx.report("AML401", f"no zone ID for '{zone}'", ("dns", "zone_ids"), key=True)
    check_zone_ids(ctx, dns.zone_ids, needed, ("dns", "zone_ids"))

