"""What the deployment needs beyond its own resources: permissions outside its resource group, and what a landing
zone or the network team provides. The module README lists them."""

from __future__ import annotations

from amlgen.analysis.decisions import inbound_private_endpoints
from amlgen.arm.deployment import Prerequisite
from amlgen.azure.policies import private_dns_policy
from amlgen.intent.model import Intent


def prerequisites(intent: Intent) -> tuple[Prerequisite, ...]:
    found: list[Prerequisite] = []
    if intent.dns.zones == "policy":
        links = {endpoint.group: endpoint.link for endpoint in inbound_private_endpoints(intent)}
        for group, link in links.items():
            policy = private_dns_policy(group)
            if policy is None:
                continue
            zones = [intent.dns.zone_ids.get(name, name) for name in link.zone_names(intent.cloud)]
            found.append(Prerequisite(
                "the landing zone", f"assigns '{policy.display_name}' ({policy.definition_id}) over this resource "
                f"group, with {' and '.join(policy.zone_parameters)} set to the central zone "
                + " and ".join(zones) + f", so the {group} private endpoints get their DNS zone group"))
    return tuple(found)
