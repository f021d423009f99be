"""Identities and access: the workspace's user-assigned identity, the role assignments the workspace and its
managed network need (Configure a managed virtual network; Set up authentication between Azure Machine
Learning and other services), the grants outside this deployment a reviewer must make, and the
permissions the deployer itself needs."""

from __future__ import annotations

from amlgen.analysis.decisions import creates, effective_access, identifier
from amlgen.arm.build import LOCATION, TAGS
from amlgen.arm.deployment import Grant
from amlgen.arm.model import Guid, Param, Ref, Resource, SubscriptionResourceId, UserAssignedIdentities, Value
from amlgen.azure.roles import (
    CONTRIBUTOR,
    NETWORK_CONNECTION_APPROVER,
    READER,
    ROLE_DEFINITIONS,
    ROLE_IDS,
)
from amlgen.intent.model import Intent, PrivateEndpointRule
from amlgen.kinds.associated import KINDS

IDENTITY = "workspace_identity"
IDENTITY_MODULE = "identity"
ROLE_ASSIGNMENT = "Microsoft.Authorization/roleAssignments"
PRIVATE_ENDPOINT = "Microsoft.Network/privateEndpoints"


def user_assigned(intent: Intent) -> bool:
    return intent.workspace.identity == "user_assigned"


def workspace_identity(intent: Intent) -> dict[str, Value]:
    if user_assigned(intent):
        return {"type": "UserAssigned", "userAssignedIdentities": UserAssignedIdentities((Ref(IDENTITY),))}
    return {"type": "SystemAssigned"}


def principal(intent: Intent) -> Value:
    """The principal the workspace acts as: its user-assigned identity, else its system-assigned one."""
    if user_assigned(intent):
        return Ref(IDENTITY, "properties.principalId")
    return Ref("workspace", "identity.principalId")


def _principal_owner(intent: Intent) -> Value:
    # A role assignment's name must be known when the deployment starts: the identity's resource ID is,
    # its principal ID is not.
    return Ref(IDENTITY) if user_assigned(intent) else Ref("workspace")


def identity_resources(intent: Intent) -> tuple[Resource, ...]:
    if not user_assigned(intent):
        return ()
    return (Resource(
        key=IDENTITY, type="Microsoft.ManagedIdentity/userAssignedIdentities", name=Param("workspace_identity_name"),
        module=IDENTITY_MODULE, title="workspace's user-assigned identity", location=LOCATION, tags=TAGS,
        comments=("The workspace acts as this identity. It holds its roles before the workspace is created, so "
                  "the workspace can use its resources and its managed network can approve its private "
                  "endpoints from the start.",)),)


def _assignment(intent: Intent, role: str, scope: Resource, module: str, why: str) -> Resource:
    role_id = ROLE_IDS[role]
    key = identifier(f"{scope.key}_{role}_role")
    return Resource(
        key=key, type=ROLE_ASSIGNMENT, name=Guid((Ref(scope.key), _principal_owner(intent), role_id)), module=module,
        label=key.removesuffix("_role"), title=f"{role} role of the workspace identity on the {scope.title}",
        extension_of=scope.key, scope=scope.scope,  # an extension lives where the resource it applies to does
        properties={"roleDefinitionId": SubscriptionResourceId(ROLE_DEFINITIONS, role_id),
                    "principalId": principal(intent), "principalType": "ServicePrincipal"},
        comments=(why,))


def _studio_readers(intent: Intent, resources: tuple[Resource, ...]) -> list[Resource]:
    """Configure a managed virtual network, "Azure Machine Learning studio": with public access to the
    workspace's storage disabled, its identity needs Reader on the storage private endpoints (blob and file)
    in the clients' network."""
    if not creates(intent, "storage_account") or effective_access(intent, "storage_account") == "enabled":
        return []
    found = []
    for resource in resources:
        if resource.type != PRIVATE_ENDPOINT:
            continue
        connection = resource.properties["privateLinkServiceConnections"]
        assert isinstance(connection, list) and isinstance(connection[0], dict)
        link = connection[0]["properties"]
        assert isinstance(link, dict)
        if link["privateLinkServiceId"] == Ref("storage_account"):
            found.append(_assignment(intent, READER, resource, resource.module, (
                "The storage account is closed to public networks: the studio reaches it through this private "
                "endpoint, and the workspace's identity needs Reader on it (Configure a managed virtual network: "
                "Azure Machine Learning studio).")))
    return found


def _identity_roles(intent: Intent, resources: tuple[Resource, ...]) -> list[Resource]:
    """A user-assigned identity gets the roles the workspace needs on each resource it depends on, and, with
    a managed network, the role that approves the managed private endpoints to them."""
    if not user_assigned(intent):
        return []
    managed = intent.workspace.managed_network.isolation_mode != "disabled"
    found = []
    for kind in KINDS:
        if not creates(intent, kind.key):
            continue
        target = next(r for r in resources if r.key == kind.key)
        for role in kind.identity_roles:
            found.append(_assignment(intent, role, target, target.module, (
                f"The workspace's user-assigned identity needs {role} on its {kind.label} (Set up authentication "
                "between Azure Machine Learning and other services: User-assigned managed identity).")))
        if managed and kind.private_link:
            found.append(_assignment(intent, NETWORK_CONNECTION_APPROVER, target, target.module, (
                f"The managed network creates a private endpoint to the {kind.label}; with a user-assigned "
                "identity, that identity approves it (Configure a managed virtual network).")))
    return found


def role_assignments(intent: Intent, resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    """Every role assignment, each in the module of the resource it applies to."""
    found = _identity_roles(intent, resources) + _studio_readers(intent, resources)
    if user_assigned(intent):
        workspace = next(r for r in resources if r.key == "workspace")
        found.append(_assignment(intent, CONTRIBUTOR, workspace, workspace.module, (
            "The workspace's user-assigned identity needs Contributor on the workspace (Set up authentication "
            "between Azure Machine Learning and other services: User-assigned managed identity).")))
    return tuple(found)


def before_workspace(intent: Intent, roles: tuple[Resource, ...]) -> tuple[str, ...]:
    """The role assignments the workspace waits for: its user-assigned identity's roles on the resources the
    workspace depends on (the associated resources)."""
    if not user_assigned(intent):
        return ()
    targets = {kind.key for kind in KINDS}
    return tuple(r.key for r in roles if r.extension_of in targets)


def manual_grants(intent: Intent) -> tuple[Grant, ...]:
    """Roles the workspace's identity needs on resources outside this deployment: a reviewer grants them."""
    if not user_assigned(intent):
        return ()
    grants = []
    for kind in KINDS:
        spec = kind.spec_of(intent.resources)
        if spec.existing_id is not None:
            grants += [Grant(role, spec.existing_id, f"the workspace uses this existing {kind.label}")
                       for role in kind.identity_roles]
    if intent.workspace.managed_network.isolation_mode != "disabled":
        grants += [Grant(NETWORK_CONNECTION_APPROVER, rule.resource_id,
                         f"the managed network's private endpoint rule {rule.name} connects to it")
                   for rule in intent.workspace.managed_network.outbound_rules if isinstance(rule, PrivateEndpointRule)]
    return tuple(grants)


def deployer_permissions(intent: Intent, resources: tuple[Resource, ...]) -> tuple[Grant, ...]:
    """What the identity that deploys this module needs, from what the module does."""
    found = [Grant(CONTRIBUTOR, "the resource group", "creates every resource of this module")]
    if any(r.type == ROLE_ASSIGNMENT for r in resources):
        found.append(Grant("Role Based Access Control Administrator (or User Access Administrator)", "the resource "
                           "group", "assigns the roles the module declares (Microsoft.Authorization/roleAssignments/"
                           "write, which Contributor does not include)"))
    if user_assigned(intent):
        found.append(Grant("Managed Identity Operator", "the workspace's user-assigned identity", "assigns the "
                           "identity to the workspace (Set up authentication between Azure Machine Learning and "
                           "other services: Prerequisites)"))
    if intent.workspace.managed_network.isolation_mode != "disabled":
        found.append(Grant("Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/read and /write",
                           "the workspace", "the managed network creates its private endpoints (Configure a managed "
                           "virtual network: Prerequisites; Contributor includes them)"))
    inbound = intent.inbound.private_endpoint
    if inbound is not None and inbound.subnet_id is not None:
        found.append(Grant("Microsoft.Network/virtualNetworks/subnets/join/action", inbound.subnet_id,
                           "places the private endpoints in this existing subnet"))
    if intent.dns.zones == "existing":
        found.append(Grant("Private DNS Zone Contributor", "the existing private DNS zones (dns.zone_ids)",
                           "the private endpoints' DNS zone groups write their records there"))
    return tuple(found)
