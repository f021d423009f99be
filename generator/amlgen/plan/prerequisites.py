"""What the deployment needs beyond its own resources: the deploying identity's permissions outside its resource group
(and for policy assignments), and what a landing zone or the network team provides. The module README lists them."""

from __future__ import annotations

from amlgen.analysis.decisions import inbound_private_endpoints
from amlgen.arm.deployment import Grant, Prerequisite
from amlgen.arm.model import Resource
from amlgen.azure.policies import private_dns_policy
from amlgen.intent.model import Intent

POLICY_ASSIGNMENT = "Microsoft.Authorization/policyAssignments"
ROLE_ASSIGNMENT = "Microsoft.Authorization/roleAssignments"

# What the deploying identity creates in another resource group, and the built-in role that allows it there.
_ROLES = {
    "Microsoft.Network/privateEndpoints": ("creates private endpoints", "Network Contributor (which includes "
                                           "joining the subnet)"),
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks": ("links the private DNS zones to its virtual networks",
                                                              "Private DNS Zone Contributor"),
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups": ("adds a rule collection group to the firewall "
                                                                "policy", "Network Contributor"),
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings": ("peers the existing spoke with the hub",
                                                                 "Network Contributor"),
    "Microsoft.Network/virtualNetworks/subnets": ("attaches what it owns to the existing subnets", "Network "
                                                  "Contributor (or the subnets' write and the attachments' join "
                                                  "permissions)"),
}


def deployer_grants(intent: Intent, resources: tuple[Resource, ...]) -> tuple[Grant, ...]:
    """What the deploying identity needs beyond its own resource group (and for policy assignments in it), for the
    module README's table of the deployer's permissions."""
    found: list[Grant] = []
    if any(r.type == POLICY_ASSIGNMENT for r in resources):
        found.append(Grant("Resource Policy Contributor", "the resource group", "assigns the built-in policies "
                           "(Microsoft.Authorization/policyAssignments/write, which Contributor does not include)"))
    for scope in dict.fromkeys(r.scope for r in resources if r.scope is not None):
        assert scope is not None
        where = f"resource group {scope.resource_group} in subscription {scope.subscription_id} ({scope.description})"
        deployed = [r for r in resources if r.scope == scope and not r.existing]
        for arm_type in dict.fromkeys(r.type for r in deployed if r.type in _ROLES):
            does, role = _ROLES[arm_type]
            found.append(Grant(role, where, does))
        if any(r.type == ROLE_ASSIGNMENT for r in deployed):
            found.append(Grant("Role Based Access Control Administrator (or User Access Administrator)", where,
                               "assigns the roles the module declares there"))
        if not deployed:
            found.append(Grant("Reader", where, "reads the existing resources the module uses there"))
    hub = intent.network.existing_hub if intent.network is not None else None
    if hub is not None:
        found.append(Grant("Microsoft.Network/virtualNetworks/peer/action (Network Contributor includes it)",
                           hub.virtual_network_id, "peers the spoke with the hub, from the spoke's side"))
    return tuple(found)


def prerequisites(intent: Intent, resources: tuple[Resource, ...]) -> tuple[Prerequisite, ...]:
    found: list[Prerequisite] = []
    hub = intent.network.existing_hub if intent.network is not None else None
    if hub is not None:
        found.append(Prerequisite(
            "the network team", f"peers the hub ({hub.virtual_network_id}) with the spoke, allowing forwarded "
            "traffic: this deployment creates the spoke's side of the peering only"))
        if hub.firewall_rules == "network_team":
            found.append(Prerequisite(
                "the network team", f"adds the rule collection group in FIREWALL-RULES.md to the hub's firewall "
                f"policy ({hub.firewall_policy_id}): until then compute cannot reach the service"))
    assigned = any(spec.definition == "private_dns_zones" for spec in intent.policy.assignments)
    if assigned:
        found.append(Prerequisite(
            "you", "check, after the first apply, that the private endpoints got their DNS zone groups: Azure Policy "
            "can take up to 30 minutes to apply a new assignment, and an endpoint created before then needs a "
            "remediation task (az policy remediation create --policy-assignment dns-<group>-" + intent.name + ")"))
    if intent.dns.zones == "policy" and not assigned:
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
