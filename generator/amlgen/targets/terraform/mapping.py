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

from amlgen.arm.model import Param, Resource, Value
from amlgen.records import dataclass

RESOURCE_GROUP = Param("resource_group_name")  # Terraform's own variable: the module's resource group


@dataclass(frozen=True)
class Conv:
    """A value conversion between ARM and azurerm, with its inverse."""

    to_tf: Callable[[Any], Any]
    to_arm: Callable[[Any], Any]


SAME = Conv(lambda value: value, lambda value: value)
ENABLED = Conv(lambda value: value == "Enabled", lambda value: "Enabled" if value else "Disabled")
AS_LIST = Conv(lambda value: [value], lambda value: value[0])


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
    """An argument whose value is the ARM value at `path` (relative to the enclosing block's object)."""

    name: str
    path: str
    conv: Conv = SAME


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


Item = Arg | Composite | Const | ParentArg | Nested


@dataclass(frozen=True)
class Child:
    """A child ARM type azurerm spells as a block of the parent's resource."""

    arm_type: str
    block: str
    items: tuple[Item, ...]
    provider_named: tuple[str, ...] = ()  # ARM paths azurerm chooses itself (ignored when read back)


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
    azapi_patch: tuple[str, ...] = ()  # ARM paths azurerm has no argument for: azapi sets them

    def attribute(self, attr: str) -> str:
        return self.attributes.get(attr, attr)


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
