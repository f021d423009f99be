"""Plugging into networks that exist: an existing hub (its network, firewall address and policy by ID) and an existing
spoke (its network and subnets by ID, with what amlgen may attach to each)."""

from __future__ import annotations

import ipaddress

from amlgen.azure.ids import is_type, parse_resource_id
from amlgen.intent.loader import PathKey
from amlgen.rules import Context, check

NET = ("network",)
VNET = "Microsoft.Network/virtualNetworks"
SUBNET = "Microsoft.Network/virtualNetworks/subnets"
# Which architecture each attachment belongs to.
_NEEDS = {"route_table": ("outbound", "hub_spoke_firewall"), "nat_gateway": ("outbound", "nsg_nat"),
          "service_endpoint_policy": ("exfiltration_prevention", True)}


def _typed(ctx: Context, value: str, arm_type: str, path: PathKey) -> bool:
    parsed = parse_resource_id(value)
    if parsed is None or not is_type(parsed, arm_type):
        ctx.report("AML203", f"must be the ID of a {arm_type} resource", path)
        return False
    return True


@check(emits=("AML203", "AML324", "AML325"), reads=("network",))
def check_existing_hub(ctx: Context) -> None:
    network = ctx.intent.network
    if network is None or network.existing_hub is None:
        return
    hub = network.existing_hub
    path = (*NET, "existing_hub")
    if network.hub is not None:
        ctx.report("AML324", "network.hub and network.existing_hub both describe the hub", (*NET, "hub"), key=True)
    _typed(ctx, hub.virtual_network_id, VNET, (*path, "virtual_network_id"))
    _typed(ctx, hub.firewall_policy_id, "Microsoft.Network/firewallPolicies", (*path, "firewall_policy_id"))
    try:
        ipaddress.IPv4Address(hub.firewall_private_ip)
    except ValueError:
        ctx.report("AML325", f"'{hub.firewall_private_ip}' is not an IPv4 address", (*path, "firewall_private_ip"))


@check(emits=("AML203", "AML326", "AML327", "AML328", "AML329", "AML330"), reads=("network", "subscription_id"))
def check_existing_spoke(ctx: Context) -> None:
    network = ctx.intent.network
    if network is None:
        return
    spoke = network.spoke
    path = (*NET, "spoke")
    subnets = [(name, spec) for name, spec in (("training", spoke.training), ("scoring", spoke.scoring),
                                               ("private_endpoints", spoke.private_endpoints)) if spec is not None]
    if spoke.existing_id is None:
        if not spoke.address_space:
            ctx.report("AML326", "the spoke has no address_space and no existing_id", path, key=True)
        for name, spec in subnets:
            if spec.existing_id is not None:
                ctx.report("AML327", f"{name} names an existing subnet, but the spoke is created here",
                           (*path, name, "existing_id"))
            if getattr(spec, "owns", None):
                ctx.report("AML327", f"{name} owns attachments, which only an existing subnet has",
                           (*path, name, "owns"))
        return
    if not _typed(ctx, spoke.existing_id, VNET, (*path, "existing_id")):
        return
    vnet = parse_resource_id(spoke.existing_id)
    assert vnet is not None
    subscription = ctx.intent.subscription_id
    if subscription is not None and vnet.subscription != subscription.lower():
        ctx.report("AML330", f"the spoke is in subscription {vnet.subscription}, not {subscription}: the NSGs, "
                   "route tables and policies amlgen attaches must be in the subnet's subscription",
                   (*path, "existing_id"))
    if spoke.address_space:
        ctx.report("AML327", "an existing spoke keeps its own address space", (*path, "address_space"), key=True)
    for name, spec in subnets:
        if spec.existing_id is None:
            ctx.report("AML327", f"{name} needs existing_id: the spoke exists, and amlgen creates no subnet in it",
                       (*path, name), key=True)
            continue
        if not _typed(ctx, spec.existing_id, SUBNET, (*path, name, "existing_id")):
            continue
        parsed = parse_resource_id(spec.existing_id)
        assert parsed is not None
        if parsed.parent_id.lower() != spoke.existing_id.lower():
            ctx.report("AML327", f"{name}'s subnet is not in the spoke {spoke.existing_id}",
                       (*path, name, "existing_id"))
        for index, owned in enumerate(getattr(spec, "owns", [])):
            field, value = _NEEDS.get(owned, ("", None))
            if field and getattr(network, field) != value:
                ctx.report("AML329", f"{name} owns {owned}, which the {network.outbound} architecture"
                           + (" without exfiltration_prevention" if field == "exfiltration_prevention" else "")
                           + " does not have", (*path, name, "owns", index))
            elif owned == "service_endpoint_policy":
                ctx.report("AML328", f"{name}'s service endpoints become exactly Microsoft.Storage.Global, with the "
                           "Azure Machine Learning policy", (*path, name, "owns", index))
