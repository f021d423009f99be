"""The customer-managed virtual network (Plan for network isolation): address plans, the chosen egress architecture,
and what
each architecture needs."""

from __future__ import annotations

import ipaddress

from amlgen.analysis.decisions import creates, dns_zones_needed, effective_access, inbound_private_endpoints
from amlgen.analysis.network import isolated_key
from amlgen.azure.ids import is_type, parse_resource_id
from amlgen.azure.names import name_problem
from amlgen.intent.loader import PathKey
from amlgen.kinds.outbound import KINDS as OUTBOUND_KINDS
from amlgen.kinds.outbound import kind_of
from amlgen.rules import Context, check
from amlgen.rules.network import RESERVED_PER_SUBNET, check_zone_ids

NET = ("network",)
Prefix = ipaddress.IPv4Network


def _prefix(ctx: Context, value: str, path: PathKey) -> Prefix | None:
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError as exc:
        ctx.report("AML301", f"'{value}' is not a valid IPv4 prefix ({exc})", path)
        return None


def _spaces(ctx: Context, values: list[str], path: PathKey) -> list[Prefix]:
    spaces: list[Prefix] = []
    for index, value in enumerate(values):
        network = _prefix(ctx, value, (*path, index))
        if network is None:
            continue
        for other in spaces:
            if network.overlaps(other):
                ctx.report("AML303", f"address space {network} overlaps {other}", (*path, index))
        spaces.append(network)
    return spaces


def _subnets(ctx: Context, spaces: list[Prefix], subnets: list[tuple[str, str, PathKey]]) -> dict[str, Prefix]:
    """Each subnet inside its VNet and clear of its siblings; returns the valid ones by role."""
    found: dict[str, Prefix] = {}
    for role, value, path in subnets:
        subnet = _prefix(ctx, value, path)
        if subnet is None:
            continue
        if spaces and not any(subnet.subnet_of(space) for space in spaces):
            ctx.report("AML302", f"{role} subnet {subnet} is outside the virtual network's address space "
                       + ", ".join(str(s) for s in spaces), path)
        for other_role, other in found.items():
            if subnet.overlaps(other):
                ctx.report("AML303", f"{role} subnet {subnet} overlaps the {other_role} subnet {other}", path)
        found[role] = subnet
    return found


def _usable(subnet: Prefix) -> int:
    return max(subnet.num_addresses - RESERVED_PER_SUBNET, 0)


@check(emits=("AML301", "AML302", "AML303", "AML304", "AML308", "AML309", "AML313", "AML316", "AML317"),
       reads=("network", "dns", "inbound", "resources"))
def check_address_plan(ctx: Context) -> None:
    network = ctx.intent.network
    if network is None:
        return
    spoke = network.spoke
    path = (*NET, "spoke")
    spoke_spaces = _spaces(ctx, spoke.address_space, (*path, "address_space"))
    declared: list[tuple[str, str, PathKey]] = []
    if spoke.training is not None:
        declared.append(("training", spoke.training.prefix, (*path, "training", "prefix")))
    if spoke.scoring is not None:
        declared.append(("scoring", spoke.scoring.prefix, (*path, "scoring", "prefix")))
    declared.append(("private_endpoints", spoke.private_endpoints.prefix, (*path, "private_endpoints", "prefix")))
    subnets = _subnets(ctx, spoke_spaces, declared)
    for role, spec in (("training", spoke.training), ("scoring", spoke.scoring)):
        if spec is None or role not in subnets:
            continue
        if _usable(subnets[role]) < spec.nodes:
            ctx.report("AML309", f"{role} subnet {subnets[role]} has {_usable(subnets[role])} usable addresses; "
                       f"{spec.nodes} nodes need one each", (*path, role, "prefix"))
    if "private_endpoints" in subnets:
        needed = len(inbound_private_endpoints(ctx.intent))
        if _usable(subnets["private_endpoints"]) < needed:
            ctx.report("AML304", f"subnet {subnets['private_endpoints']} has {_usable(subnets['private_endpoints'])} "
                       f"usable addresses; {needed} private endpoints need one each",
                       (*path, "private_endpoints", "prefix"))
    if network.hub is None:
        return
    hub_path = (*NET, "hub")
    hub_spaces = _spaces(ctx, network.hub.address_space, (*hub_path, "address_space"))
    hub_subnets: list[tuple[str, str, PathKey]] = [
        ("AzureFirewallSubnet", network.hub.firewall_subnet_prefix, (*hub_path, "firewall_subnet_prefix"))]
    resolver = network.hub.dns_resolver_inbound_prefix
    if resolver is not None:
        hub_subnets.append(("dns_resolver_inbound", resolver, (*hub_path, "dns_resolver_inbound_prefix")))
    firewall = _subnets(ctx, hub_spaces, hub_subnets)
    if "dns_resolver_inbound" in firewall and firewall["dns_resolver_inbound"].prefixlen > 28:
        ctx.report("AML316", f"inbound subnet {firewall['dns_resolver_inbound']} is smaller than a /28",
                   (*hub_path, "dns_resolver_inbound_prefix"))
    if resolver is not None and ctx.intent.dns.zones != "create":
        ctx.report("AML317", f"dns.zones is {ctx.intent.dns.zones}: no zones are linked to the hub for the "
                   "resolver to answer from", (*hub_path, "dns_resolver_inbound_prefix"))
    if "AzureFirewallSubnet" in firewall and firewall["AzureFirewallSubnet"].prefixlen > 26:
        ctx.report("AML313", f"AzureFirewallSubnet {firewall['AzureFirewallSubnet']} is smaller than a /26",
                   (*hub_path, "firewall_subnet_prefix"))
    for index, hub_space in enumerate(hub_spaces):
        for spoke_space in spoke_spaces:
            if hub_space.overlaps(spoke_space):
                ctx.report("AML308", f"hub address space {hub_space} overlaps spoke address space {spoke_space}",
                           (*hub_path, "address_space", index))


@check(emits=("AML306", "AML307", "AML310", "AML311", "AML312", "AML315"),
       reads=("network", "workspace", "inbound", "resources"))
def check_architecture(ctx: Context) -> None:
    intent = ctx.intent
    network = intent.network
    if network is None:
        return
    if intent.workspace.managed_network.isolation_mode != "disabled":
        ctx.report("AML306", f"network.outbound is {network.outbound} while the workspace managed network is "
                   f"{intent.workspace.managed_network.isolation_mode}", (*NET, "outbound"))
    if intent.inbound.private_endpoint is not None:
        ctx.report("AML307", "network.spoke.private_endpoints and inbound.private_endpoint both place the private "
                   "endpoints", ("inbound", "private_endpoint"), key=True)
    if network.spoke.training is None and network.spoke.scoring is None:
        ctx.report("AML315", "the spoke has neither a training nor a scoring subnet", (*NET, "spoke"), key=True)
    if network.outbound == "hub_spoke_firewall" and network.hub is None and network.existing_hub is None:
        ctx.report("AML310", "outbound is hub_spoke_firewall but neither network.hub nor network.existing_hub is "
                   "declared", (*NET, "outbound"))
    if network.exfiltration_prevention and network.outbound != "hub_spoke_firewall":
        ctx.report("AML311", f"exfiltration_prevention is true with outbound {network.outbound}",
                   (*NET, "exfiltration_prevention"))
    registry_private = (creates(intent, "container_registry")
                        and effective_access(intent, "container_registry") == "disabled")
    if registry_private and network.image_build_compute is None:
        ctx.report("AML312", "the container registry is reachable only through its private endpoint, and no "
                   "image_build_compute is set", (*NET, "outbound"))


@check(emits=("AML601", *sorted({rule_id for kind in OUTBOUND_KINDS if kind.customer_network
                                  for rule_id in kind.emits})), reads=("network",))
def check_names_and_additions(ctx: Context) -> None:
    network = ctx.intent.network
    if network is None:
        return
    for where, name, kind in ((("spoke", "name"), network.spoke.name, "virtual_network"),
                              (("hub", "name"), network.hub.name if network.hub else None, "virtual_network"),
                              (("spoke", "training", "name"),
                               network.spoke.training.name if network.spoke.training else None, "subnet"),
                              (("spoke", "scoring", "name"),
                               network.spoke.scoring.name if network.spoke.scoring else None, "subnet"),
                              (("spoke", "private_endpoints", "name"), network.spoke.private_endpoints.name, "subnet")):
        wrong = name_problem(kind, name) if name is not None else None
        if wrong:
            ctx.report("AML601", wrong, (*NET, *where))
    for index, rule in enumerate(network.additional_outbound):
        for problem in kind_of(rule).checks(rule):
            ctx.report(problem.rule_id, problem.message, (*NET, "additional_outbound", index, *problem.path),
                       fix=problem.fix)


@check(emits=("AML203", "AML314", "AML401", "AML402", "AML405", "AML406"),
       reads=("network", "dns", "cloud", "inbound", "resources"))
def check_isolated_networks(ctx: Context) -> None:
    network = ctx.intent.network
    if network is None:
        return
    needed = [zone.name for zone in dns_zones_needed(ctx.intent)]
    shared = {zone_id.lower() for zone_id in ctx.intent.dns.zone_ids.values()}
    keys: set[str] = set()
    for index, spec in enumerate(network.isolated_networks):
        path = (*NET, "isolated_networks", index)
        key = isolated_key(spec.name)
        if key in keys:
            ctx.report("AML314", f"isolated network '{spec.name}' is declared twice", (*path, "name"))
        keys.add(key)
        parsed = parse_resource_id(spec.subnet_id)
        if parsed is None or not is_type(parsed, "Microsoft.Network/virtualNetworks/subnets"):
            ctx.report("AML203", "subnet_id must be the ID of a Microsoft.Network/virtualNetworks/subnets resource",
                       (*path, "subnet_id"))
        for zone in needed:
            if zone not in spec.dns_zone_ids:
                ctx.report("AML401", f"no zone ID for '{zone}' in isolated network '{spec.name}'",
                           (*path, "dns_zone_ids"), key=True)
        valid = check_zone_ids(ctx, spec.dns_zone_ids, needed, (*path, "dns_zone_ids"))
        for zone, zone_id in valid.items():
            if zone_id.lower() in shared:
                ctx.report("AML406", f"isolated network '{spec.name}' uses the same '{zone}' zone as dns.zone_ids",
                           (*path, "dns_zone_ids", zone))

