"""How an ARM resource type is spelled as an azurerm resource: a declarative, per-type mapping of ARM
properties to azurerm arguments and blocks.

Each mapping lists, in output order, where every argument's value comes from in the ARM body (a path such
as 'properties.networkAcls.defaultAction') and how the value converts (Conv: both directions, so a test can
read generated Terraform back into ARM terms). The printer refuses a resource with a property no mapping
item consumes, so nothing the plan decides can be dropped silently on the Terraform side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any

from amlgen.arm.model import Param, Resource, UserAssignedIdentities, Value
from amlgen.records import dataclass

RESOURCE_GROUP = Param("resource_group_name")  # Terraform's own variable: the module's resource group


@dataclass(frozen=True)
class Conv:
    """A value conversion between ARM and azurerm, with its inverse."""

    to_tf: Callable[[Any], Any]
    to_arm: Callable[[Any], Any]


SAME = Conv(lambda value: value, lambda value: value)
ENABLED = Conv(lambda value: value == "Enabled", lambda value: "Enabled" if value else "Disabled")
NOT = Conv(lambda value: not value, lambda value: not value)  # ARM disables what azurerm enables
AS_LIST = Conv(lambda value: [value], lambda value: value[0])
# ARM's userAssignedIdentities ({id: {}}) is azurerm's identity_ids ([id]).
IDENTITY_IDS = Conv(lambda value: list(value.ids), lambda value: UserAssignedIdentities(tuple(value)))


def pluck(path: str) -> Conv:
    """A list of objects spelled as the list of one value inside each: [{id: x}] <-> [x]."""
    keys = path.split(".")

    def to_tf(items: list[Any]) -> list[Any]:
        found = []
        for item in items:
            for key in keys:
                item = item[key]
            found.append(item)
        return found

    def to_arm(values: list[Any]) -> list[Any]:
        objects = []
        for value in values:
            for key in reversed(keys):
                value = {key: value}
            objects.append(value)
        return objects

    return Conv(to_tf, to_arm)


@dataclass(frozen=True)
class Arg:
    """An argument whose value is the ARM value at `path`, relative to the enclosing block's object (or to
    the resource's body when root: azurerm puts a top-level ARM property inside a block)."""

    name: str
    path: str
    conv: Conv = SAME
    root: bool = False


@dataclass(frozen=True)
class Composite:
    """Arguments that together spell one ARM value (a storage SKU is a tier and a replication type)."""

    names: tuple[str, ...]
    path: str
    split: Callable[[Any], tuple[Any, ...]]
    join: Callable[..., Any]


@dataclass(frozen=True)
class Const:
    """An argument azurerm needs that holds no ARM property (the resource group, a fixed flag)."""

    name: str
    value: Value


@dataclass(frozen=True)
class ParentArg:
    """An argument that names the parent resource: its name or its ID."""

    name: str
    attr: str = "id"


@dataclass(frozen=True)
class ScopeArg:
    """An argument naming, by its ID, the resource an extension resource (a role assignment) applies to."""

    name: str


@dataclass(frozen=True)
class Nested:
    """A block spelled from the object at `path`, or one block per item of the list at `path` (many)."""

    name: str
    path: str
    items: tuple[Item, ...]
    many: bool = False
    where: Callable[[Any], bool] | None = None  # only the list items it accepts (the rest: another Nested)
    implied: dict[str, Value] = field(default_factory=dict)  # values azurerm sets in each object itself


@dataclass(frozen=True)
class Split:
    """An ARM property azurerm spells as a separate association resource (one per list item when many)."""

    path: str
    tf_type: str
    subject: str  # the argument that points back at this resource (by ID)
    argument: str  # the argument that takes the value
    conv: Conv = SAME
    many: bool = False


Item = Arg | Composite | Const | ParentArg | ScopeArg | Nested


@dataclass(frozen=True)
class Child:
    """A child ARM type azurerm spells as a block of the parent's resource."""

    arm_type: str
    block: str
    items: tuple[Item, ...]
    provider_named: tuple[str, ...] = ()  # ARM paths azurerm chooses itself (ignored when read back)


@dataclass(frozen=True)
class ProviderFeature:
    """A setting of the azurerm provider's `features` block that a resource needs, and why."""

    path: str  # below `features`, for example storage.data_plane_available
    value: Value
    why: str


@dataclass(frozen=True)
class AzapiPatch:
    """ARM values azurerm has no argument for: azapi sets them once azurerm has created the resource. The
    patch then owns the whole object at `owns`: it sends that object entire, and the azurerm arguments that
    spell the rest of it are ignored after creation, because azurerm sends the object as its arguments
    spell it and would reset the values the patch set (one owner per object)."""

    owns: str  # the ARM object the patch sends whole
    needs: tuple[str, ...]  # paths inside it azurerm has no argument for: the patch exists when one is set

    def wanted(self, body: Any) -> bool:
        return any(lookup(path, body) is not None for path in self.needs)


@dataclass(frozen=True)
class AzurermType:
    arm_type: str
    tf_type: str
    items: tuple[Item, ...]
    select: Callable[[Resource], bool] = lambda resource: True  # for ARM types spelled by several azurerm types
    attributes: dict[str, str] = field(default_factory=dict)  # ARM attribute path -> azurerm attribute
    implied: dict[str, Value] = field(default_factory=dict)  # ARM values azurerm sets without an argument
    splits: tuple[Split, ...] = ()
    children: tuple[Child, ...] = ()
    azapi_patch: tuple[AzapiPatch, ...] = ()  # ARM values azurerm has no argument for: azapi sets them
    # Provider features a resource whose data plane the deployer cannot reach needs (Resource.closed_data_plane).
    closed_data_plane: tuple[ProviderFeature, ...] = ()
    # Why azurerm refuses a resource of this type that the plan asks for (a value its validation rejects),
    # or None: a refused resource is created with azapi instead.
    refuses: Callable[[Resource], str | None] = lambda resource: None
    data_source: str | None = None  # the data source that reads an existing resource of this type

    def data_items(self) -> tuple[Item, ...]:
        """What a data source needs to find the resource: its name, resource group and parent's name."""
        return tuple(item for item in self.items if (isinstance(item, Arg) and item.name == "name")
                     or (isinstance(item, Const) and item.value == RESOURCE_GROUP) or isinstance(item, ParentArg))

    def attribute(self, attr: str) -> str:
        return self.attributes.get(attr, attr)

    def argument_path(self, arm_path: str) -> str | None:
        """The Terraform path (for lifecycle ignore_changes) of the argument spelling an ARM path, or None."""
        return _argument_path(self.items, arm_path, arm_path, "")


def standard(*items: Item) -> tuple[Item, ...]:
    """name, location and resource group first, as azurerm's documentation lists them."""
    return (Arg("name", "name"), Arg("location", "location"), Const("resource_group_name", RESOURCE_GROUP), *items)


def lookup(path: str, body: Any) -> Any:
    """The value at a dotted path of an ARM body, or None."""
    for key in path.split("."):
        if not isinstance(body, dict) or key not in body:
            return None
        body = body[key]
    return body


def _argument_path(items: tuple[Item, ...], arm_path: str, absolute: str, prefix: str) -> str | None:
    """arm_path is relative to these items' object; absolute is the same path from the resource's body."""
    for item in items:
        if isinstance(item, Arg):
            path = absolute if item.root else arm_path
            if item.path == path or path.startswith(item.path + "."):
                return prefix + item.name
        elif isinstance(item, Nested) and not item.many:
            inner = arm_path.removeprefix(item.path + ".") if arm_path.startswith(item.path + ".") else ""
            found = _argument_path(item.items, inner, absolute, f"{prefix}{item.name}[0].")
            if found is not None:
                return found
    return None
