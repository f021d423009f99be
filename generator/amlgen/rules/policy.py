"""Network policy enforcement (Plan for network isolation, "Network policy enforcement"): the built-in definitions the
intent assigns, with effects their definitions allow, and none that would refuse this deployment itself."""

from __future__ import annotations

from amlgen.analysis.decisions import dns_zones_needed
from amlgen.azure.policies import DEPLOY_IF_NOT_EXISTS, PRIVATE_DNS_ZONES, network_policy
from amlgen.rules import Context, check

ASSIGNMENTS = ("policy", "assignments")


@check(emits=("AML701", "AML702", "AML703", "AML704"), reads=("policy", "dns", "workspace", "inbound", "network",
                                                              "resources", "cloud"))
def check_assignments(ctx: Context) -> None:
    seen: set[str] = set()
    for index, spec in enumerate(ctx.intent.policy.assignments):
        path = (*ASSIGNMENTS, index)
        if spec.definition in seen:
            ctx.report("AML703", f"{spec.definition} is assigned twice", (*path, "definition"))
        seen.add(spec.definition)
        allowed = (DEPLOY_IF_NOT_EXISTS, "Disabled") if spec.definition == PRIVATE_DNS_ZONES else \
            network_policy(spec.definition).effects
        if spec.effect not in allowed:
            ctx.report("AML701", f"{spec.definition} takes the effects {', '.join(allowed)}, not {spec.effect}",
                       (*path, "effect"))
        if spec.definition == PRIVATE_DNS_ZONES:
            dns = ctx.intent.dns
            missing = [zone.name for zone in dns_zones_needed(ctx.intent) if zone.name not in dns.zone_ids]
            if dns.zones != "policy" or missing:
                ctx.report("AML702", "the private DNS zone built-ins write into the central zones of dns.zones: "
                           "policy, and need each one's ID in dns.zone_ids" + (f" (missing: {', '.join(missing)})"
                                                                              if missing else ""),
                           (*path, "definition"))
        if (spec.definition == "workspace_public_network_access_disabled" and spec.effect == "Deny"
                and ctx.intent.workspace.public_network_access == "enabled"):
            ctx.report("AML704", "the assignment denies workspaces with public network access, and this intent's "
                       "workspace has it enabled", (*path, "effect"))
