"""The target-neutral resource model: the Azure resources a deployment creates, in ARM's own terms.

The plan lowers an intent to a Deployment. Each Resource carries its ARM type (and so its pinned API
version), name, parent, properties under their ARM names, explicit dependencies, the why-comments a
reviewer reads and the scan suppressions that apply. Every value a deployment sees is decided before or
while this model is built; the targets (Bicep, Terraform) and the docs only spell and describe it.

Values are plain data (str, int, bool, None, lists, dicts) or one of the expressions below, which stand
for what is known only at deployment time.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal, TypeAlias

from amlgen.azure.versions import arm_type_version
from amlgen.records import dataclass


@dataclass(frozen=True, slots=True)
class Ref:
    """An attribute of another resource of this deployment, by its ARM path: 'id', 'name',
    'identity.principalId', 'properties.workspaceId', ..."""

    resource: str  # Resource.key
    attr: str = "id"


@dataclass(frozen=True, slots=True)
class Param:
    """A deploy-time input (a Bicep parameter and a Terraform variable of the same meaning)."""

    name: str  # Input.name


@dataclass(frozen=True, slots=True)
class Index:
    """One entry of a map-valued expression, for example an existing zone's ID by zone name."""

    base: Value
    key: Value


@dataclass(frozen=True, slots=True)
class Join:
    """A string made of literal text and expressions."""

    parts: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class ParentId:
    """The ID of the resource that contains the resource whose ID is given (a subnet's virtual network)."""

    child_id: Value


@dataclass(frozen=True, slots=True)
class StorageSuffix:
    """The cloud's storage host suffix (core.windows.net in Azure's public cloud). Bicep reads it from
    environment() so templates stay cloud-neutral; the value is the one the intent's cloud uses."""

    value: str


@dataclass(frozen=True, slots=True)
class TenantId:
    """The Microsoft Entra tenant of the deploying identity's subscription."""


@dataclass(frozen=True, slots=True)
class SubscriptionId:
    """The subscription the deployment runs in."""


@dataclass(frozen=True, slots=True)
class Guid:
    """A GUID derived deterministically from its parts (a role assignment's name): the same parts give the
    same GUID on every deployment, so a redeploy finds the assignment instead of creating a second one."""

    parts: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class SubscriptionResourceId:
    """The ID of a subscription-level resource in the deployment's subscription, for example a built-in role
    definition: /subscriptions/<id>/providers/<type>/<name>."""

    type: str
    name: str


@dataclass(frozen=True, slots=True)
class UserAssignedIdentities:
    """ARM's userAssignedIdentities: an object keyed by identity resource IDs, each with an empty object."""

    ids: tuple[Value, ...]


Expression: TypeAlias = (Ref | Param | Index | Join | ParentId | StorageSuffix | TenantId | SubscriptionId | Guid
                         | SubscriptionResourceId | UserAssignedIdentities)
Value: TypeAlias = str | int | bool | list["Value"] | dict[str, "Value"] | Expression | None
Properties: TypeAlias = dict[str, Value]

ScanTarget = Literal["terraform", "bicep"]


@dataclass(frozen=True, slots=True)
class ScanSkip:
    """A security-scanner (checkov) check that does not apply to this resource, and why. checkov's check IDs
    differ between its Terraform and ARM/Bicep frameworks, so each skip names the targets it applies to."""

    check: str
    reason: str
    targets: tuple[ScanTarget, ...]


@dataclass(frozen=True, slots=True)
class Scope:
    """A subscription and resource group other than the deployment's own, where some of its resources live: a private
    endpoint in its network's subscription, a link on a central DNS zone, a rule collection group in a hub's firewall
    policy. Bicep deploys them in a module scoped to that resource group; Terraform through an azurerm provider
    aliased to that subscription, with that resource group's name."""

    key: str  # an identifier: the Terraform provider alias, and part of the Bicep module's name
    subscription_id: str
    resource_group: str
    description: str  # what lives there, in a few words: "the corp network"


@dataclass(frozen=True, slots=True)
class Resource:
    key: str  # unique in the deployment; references use it, Bicep derives its symbol from it
    type: str  # ARM resource type
    name: Value
    module: str  # Module.key: the Bicep module and the Terraform file it belongs to
    label: str = "this"  # Terraform label: unique per Terraform resource type
    title: str = ""  # what it is, for descriptions: 'storage account', 'private DNS zone privatelink.api.azureml.ms'
    parent: str | None = None  # key of the parent resource, for child types
    location: Value = None
    tags: Value = None
    kind: str | None = None
    sku: Properties | None = None
    identity: Properties | None = None
    properties: Properties = field(default_factory=dict)
    depends_on: tuple[str, ...] = ()  # keys of resources that must exist first, beyond references
    comments: tuple[str, ...] = ()  # why-comments above the resource
    notes: tuple[tuple[str, str], ...] = ()  # (property path, why-comment above that property)
    scan_skips: tuple[ScanSkip, ...] = ()
    serial: str | None = None  # members of one group are created one at a time, in model order
    update_of: str | None = None  # a later deployment of that resource (same type and name) with these values
    # Child types (or property paths) another actor manages after creation, such as the DNS zone groups a landing
    # zone's Azure Policy adds: Terraform ignores their changes instead of removing them.
    managed_elsewhere: tuple[str, ...] = ()
    file: str | None = None  # Terraform file, when it differs from the module's
    # ARM paths this resource sets only when it creates the resource: afterwards its update_of resource owns
    # them, or Azure acts on them only at creation. Its own later deployments leave them alone (Terraform:
    # lifecycle ignore_changes; Bicep: a resource a later one updates is deployed only if it does not exist).
    creation_only: tuple[str, ...] = ()
    scope: Scope | None = None  # None: the deployment's resource group
    # Read, not created: the resource exists already and is declared for its attributes or as a parent (Bicep
    # `existing`, a Terraform data source); the deployment stops early, naming it, when it is missing.
    existing: bool = False
    action: str | None = None  # a POST of this action on the update_of resource (properties are its body)
    cli: str | None = None  # the az command doing the same, for a target that cannot (ARM templates call no action)
    extension_of: str | None = None  # key of the resource this extension resource (a role assignment) applies to
    closed_data_plane: bool = False  # the deployer cannot reach its data plane (closed to public networks)

    @property
    def api_version(self) -> str:
        return arm_type_version(self.type)

    def note(self, path: str) -> str | None:
        for noted, text in self.notes:
            if noted == path:
                return text
        return None

    def top_level(self) -> dict[str, Value]:
        """The ARM body of the resource beyond its name and parent, in declaration order."""
        body: dict[str, Value] = {}
        for key, value in (("location", self.location), ("tags", self.tags), ("kind", self.kind),
                           ("sku", self.sku), ("identity", self.identity)):
            if value is not None:
                body[key] = value
        if self.properties:
            body["properties"] = self.properties
        return body


@dataclass(frozen=True, slots=True)
class Input:
    """A deploy-time input: a Bicep parameter and a Terraform variable of the same meaning."""

    name: str  # snake_case; the Bicep parameter is its camelCase form
    type: Literal["string", "object", "array"]
    description: str
    value: Value  # the value the intent gives it (written to main.bicepparam / terraform.tfvars.example)
    required: bool = True  # False: the value is also the default


@dataclass(frozen=True, slots=True)
class Output:
    name: str  # snake_case; Bicep uses camelCase
    description: str
    value: Value


@dataclass(frozen=True, slots=True)
class Module:
    """A unit of the deployment: a Bicep module and a Terraform file (a resource may name another file)."""

    key: str
    description: str
    bicep_file: str  # modules/<name>.bicep
    terraform_file: str
    notes: tuple[str, ...] = ()  # why-comments at the top of the module
    scope: Scope | None = None  # every resource of a scoped module shares its scope


@dataclass(frozen=True, slots=True)
class ImmutableSetting:
    """A setting Azure fixes once the resource exists. `amlgen check` and `render` compare it with the value
    deployed (kept in the writer's manifest) and warn (AML901) at `intent_path` before a flip."""

    key: str  # stable: the manifest stores values under it
    label: str
    value: str
    reason: str
    changeable_from: tuple[str, ...] = ()  # committed values from which a change is still allowed
    intent_path: tuple[str | int, ...] = ()  # where the intent sets it (a warning points there)
