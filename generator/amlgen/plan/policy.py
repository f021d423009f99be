"""Network policy enforcement (Plan for network isolation, "Network policy enforcement"): built-in Azure Policy
definitions assigned at the deployment's resource group, so self-service workspaces and compute stay isolated; and,
for the landing-zone DNS mode, the DeployIfNotExists built-ins that add the private endpoints' DNS zone groups, with
the role their managed identity deploys with."""

from __future__ import annotations

from dataclasses import replace

from amlgen.analysis.decisions import inbound_private_endpoints
from amlgen.arm.build import LOCATION, SYSTEM_ASSIGNED
from amlgen.arm.model import Guid, Join, Module, Ref, Resource, Scope, SubscriptionId, Value
from amlgen.azure.policies import (
    DEPLOY_IF_NOT_EXISTS,
    NETWORK_CONTRIBUTOR,
    PRIVATE_DNS_ZONES,
    network_policy,
    private_dns_policy,
)
from amlgen.intent.model import Intent
from amlgen.plan.dns import zone_scopes
from amlgen.plan.scopes import scope_of

MODULE = "policy"
ASSIGNMENT = "Microsoft.Authorization/policyAssignments"
ROLE_ASSIGNMENT = "Microsoft.Authorization/roleAssignments"
ROLE_DEFINITIONS = "/providers/Microsoft.Authorization/roleDefinitions/"


def _assignment(key: str, name: str, display_name: str, description: str, definition_id: str,
                parameters: dict[str, Value], comments: tuple[str, ...], identity: bool = False) -> Resource:
    return Resource(key=key, type=ASSIGNMENT, name=name, module=MODULE, label=key.removesuffix("_assignment"),
                    title=f"policy assignment {name}", location=LOCATION if identity else None,
                    identity=dict(SYSTEM_ASSIGNED) if identity else None,
                    properties={"displayName": display_name, "description": description,
                                "policyDefinitionId": definition_id, "enforcementMode": "Default",
                                "parameters": {key: {"value": value} for key, value in parameters.items()}},
                    comments=comments)


def _role(assignment: Resource, where: str, subscription: Value, scope: Scope | None, module: str) -> Resource:
    """Network Contributor for a DeployIfNotExists assignment's identity, in this resource group or a zone's."""
    key = f"{assignment.key.removesuffix('_assignment')}_{where}_role"
    return Resource(
        key=key, type=ROLE_ASSIGNMENT, module=module, label=key.removesuffix("_role"), scope=scope,
        title=f"role of {assignment.name}", name=Guid((str(assignment.name), where, NETWORK_CONTRIBUTOR)),
        properties={"roleDefinitionId": Join(("/subscriptions/", subscription,
                                              f"{ROLE_DEFINITIONS}{NETWORK_CONTRIBUTOR}")),
                    "principalId": Ref(assignment.key, "identity.principalId"), "principalType": "ServicePrincipal"},
        comments=(f"Network Contributor for {assignment.name}'s identity ({where}): the definition deploys with it "
                  "(its roleDefinitionIds).",))


def _private_dns(intent: Intent) -> list[Resource]:
    """One DeployIfNotExists assignment per private link group, its zone parameters set to the central zones, and
    Network Contributor for its identity here (the private endpoints) and where each zone lives."""
    resources: list[Resource] = []
    links = {endpoint.group: endpoint.link for endpoint in inbound_private_endpoints(intent)}
    scopes = zone_scopes(intent)
    for group, link in links.items():
        policy = private_dns_policy(group)
        if policy is None:
            continue
        zones = [intent.dns.zone_ids[name] for name in link.zone_names(intent.cloud)]
        assignment = _assignment(
            f"dns_{group}_assignment", f"dns-{group}-{intent.name}", f"{policy.display_name} ({intent.name})",
            f"Adds the DNS zone group of the {group} private endpoints in this resource group, in the central zones.",
            policy.definition_id, {"effect": DEPLOY_IF_NOT_EXISTS, **dict(zip(policy.zone_parameters, zones,
                                                                               strict=True))},
            (f"dns.zones: policy. Azure Policy adds each new {group} private endpoint's DNS zone group, writing its "
             "records into the central zones (Private Link and DNS integration at scale).",), identity=True)
        resources += [assignment, _role(assignment, "here", SubscriptionId(), None, MODULE)]
        for zone in zones:
            where = scope_of(zone, "", "")
            scope = scopes[(where.subscription_id, where.resource_group)]
            role = _role(assignment, scope.key, scope.subscription_id, scope, f"{scope.key}_policy_roles")
            if all(r.key != role.key for r in resources):
                resources.append(role)
    return resources


def policy_resources(intent: Intent) -> tuple[Resource, ...]:
    resources: list[Resource] = []
    for spec in intent.policy.assignments:
        if spec.definition == PRIVATE_DNS_ZONES:
            resources += _private_dns(intent)
            continue
        policy = network_policy(spec.definition)
        resources.append(_assignment(
            f"{spec.definition}_assignment", f"{policy.short}-{intent.name}", f"{policy.display_name} ({intent.name})",
            f"Keeps true here: {policy.enforces}.", policy.definition_id, {"effect": spec.effect},
            (f"{spec.effect}: {policy.enforces} (Plan for network isolation, \"Network policy enforcement\").",)))
    return tuple(resources)


def policy_modules(intent: Intent) -> tuple[Module, ...]:
    """Role assignments in the resource groups of the central zones, one module each."""
    if not any(spec.definition == PRIVATE_DNS_ZONES for spec in intent.policy.assignments):
        return ()
    return tuple(Module(f"{scope.key}_policy_roles", "Roles of the DNS policies' identities where the central zones "
                        "live.", f"modules/{scope.key.replace('_', '-')}-policy-roles.bicep", "policy.tf",
                        scope=scope) for scope in zone_scopes(intent).values())



def assigns_private_dns(intent: Intent) -> bool:
    return any(spec.definition == PRIVATE_DNS_ZONES for spec in intent.policy.assignments)


def after_policies(intent: Intent, resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    """Private endpoints wait for the DNS policy of their group (and its roles): a DeployIfNotExists assignment
    acts on resources created after it, so creating the endpoints first would leave them without zone groups."""
    if not assigns_private_dns(intent):
        return resources
    found = []
    for resource in resources:
        if resource.type == "Microsoft.Network/privateEndpoints" and resource.managed_elsewhere:
            connections = resource.properties["privateLinkServiceConnections"]
            assert isinstance(connections, list) and isinstance(connections[0], dict)
            group = connections[0]["properties"]["groupIds"][0]  # type: ignore[index,call-overload]
            waits = tuple(r.key for r in resources if r.key.startswith(f"dns_{group}_")
                          and r.type in (ASSIGNMENT, ROLE_ASSIGNMENT))
            resource = replace(resource, depends_on=(*resource.depends_on, *waits))
        found.append(resource)
    return tuple(found)
