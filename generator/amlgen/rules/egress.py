"""How compute egress leaves a customer network: the NSG's stance on unlisted outbound, the outbound path Azure
retires (default outbound access), and the region the required service tags are scoped to."""

from __future__ import annotations

from amlgen.analysis.network import additions, hosts_compute, unregioned_tags
from amlgen.intent.outbound import FqdnRule
from amlgen.rules import Context, check

NET = ("network",)


@check(emits=("AML318", "AML319", "AML320", "AML321"), reads=("network",))
def check_unlisted_outbound(ctx: Context) -> None:
    network = ctx.intent.network
    if network is None:
        return
    nsg_only = network.outbound in ("nsg_nat", "nsg")
    if nsg_only and network.unlisted_outbound is None:
        ctx.report("AML318", f"outbound is {network.outbound}, but the intent does not say whether the NSG denies "
                   "outbound traffic its rules do not name", (*NET, "outbound"))
    if not nsg_only and network.unlisted_outbound is not None:
        ctx.report("AML319", "unlisted_outbound is for the NSG modes; behind the hub firewall the firewall denies "
                   "what it does not allow", (*NET, "unlisted_outbound"))
    if nsg_only and network.unlisted_outbound == "deny":
        for index, rule in enumerate(network.additional_outbound):
            if isinstance(rule, FqdnRule):
                ctx.report("AML320", f"additional_outbound '{rule.name}' names a host name, which an NSG cannot "
                           "allow without opening the Internet tag that unlisted_outbound: deny closes",
                           (*NET, "additional_outbound", index, "type"))
    if network.outbound == "nsg" and (hosts_compute(network) or additions(network)):
        ctx.report("AML321", "outbound is nsg: no NAT gateway and no route, and amlgen turns the subnets' default "
                   "outbound access off (Azure retires it), so nothing in them reaches the internet",
                   (*NET, "outbound"))


@check(emits=("AML322",), reads=("network", "location", "cloud"))
def check_service_tag_region(ctx: Context) -> None:
    network = ctx.intent.network
    if network is None:
        return
    missing = unregioned_tags(network, ctx.intent.location, ctx.intent.cloud)
    if missing:
        ctx.report("AML322", f"the {ctx.intent.cloud} service tag file has no form for '{ctx.intent.location}' of "
                   + ", ".join(missing) + ", so they fall back to the global tags, which open every region",
                   ("location",))
