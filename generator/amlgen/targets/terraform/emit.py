"""Turn each resource of the model into Terraform blocks: the azurerm resource its mapping names (with the
association resources and azapi patches the mapping asks for), or an azapi resource where azurerm has none.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Join, Ref, Resource, Scope, SubscriptionId, Value
from amlgen.arm.walk import expressions, resource_values
from amlgen.records import dataclass
from amlgen.targets.terraform.azurerm import CHILDREN, mapping_for
from amlgen.targets.terraform.hcl import Attribute, Block
from amlgen.targets.terraform.mapping import (
    RESOURCE_GROUP,
    Arg,
    AzapiPatch,
    AzurermType,
    Composite,
    Const,
    Item,
    Nested,
    ParentArg,
    ScopeArg,
    lookup,
)
from amlgen.targets.terraform.values import Speller, expression_list

AZAPI = "azapi_resource"
AZAPI_UPDATE = "azapi_update_resource"
AZAPI_ACTION = "azapi_resource_action"
AZAPI_DATA = "data.azapi_resource"


class MappingError(ValueError):
    """The model holds a value the azurerm mapping cannot spell: a bug in amlgen, never in the intent."""


def data_type(resource: Resource) -> str:
    """How Terraform reads an existing resource: the azurerm data source of its type, or azapi's."""
    mapping = mapping_for(resource)
    if mapping is None or mapping.data_source is None:
        return AZAPI_DATA
    return "data." + mapping.data_source


def resource_group_id(resource: Resource) -> Value:
    """The ID of the resource group a resource lives in: its scope's, or the deployment's own."""
    if resource.scope is not None:
        return f"/subscriptions/{resource.scope.subscription_id}/resourceGroups/{resource.scope.resource_group}"
    return Join(("/subscriptions/", SubscriptionId(), "/resourceGroups/", RESOURCE_GROUP))


def names_resource_group(resource: Resource, addresses: Addresses) -> bool:
    """Whether the resource's block names the deployment's own resource group by ID (which takes the
    subscription from the client configuration): an azapi resource of the group itself, or a role assignment
    that applies to the group."""
    if resource.parent is not None or resource.scope is not None or resource.existing:
        return False
    if addresses.types.get(resource.key) == AZAPI:
        return True
    mapping = mapping_for(resource)
    return (mapping is not None and resource.extension_of is None
            and any(isinstance(item, ScopeArg) for item in mapping.items))


def provider(scope: Scope) -> str:
    """The aliased azurerm provider of another subscription."""
    return f"azurerm.{scope.key}"


@dataclass
class Addresses:
    """Where each model resource lives in Terraform, and what the azapi resources must export."""

    deployment: Deployment
    types: dict[str, str] = field(default_factory=dict)  # resource key -> Terraform type
    exports: dict[str, list[str]] = field(default_factory=dict)  # azapi resource key -> response paths

    def __post_init__(self) -> None:
        for resource in self.deployment.resources:
            if resource.existing:
                self.types[resource.key] = data_type(resource)
                continue
            if resource.type in CHILDREN or resource.update_of is not None:
                continue
            mapping = mapping_for(resource)
            self.types[resource.key] = mapping.tf_type if mapping is not None else AZAPI
        # An azapi resource returns only the response paths it is asked to export.
        values = [v for resource in self.deployment.resources for v in resource_values(resource)]
        values += [output.value for output in self.deployment.outputs]
        for value in values:
            for ref in expressions(value):
                if (isinstance(ref, Ref) and self.types.get(ref.resource) in (AZAPI, AZAPI_DATA)
                        and ref.attr not in ("id", "name")):
                    exported = self.exports.setdefault(ref.resource, [])
                    if ref.attr not in exported:
                        exported.append(ref.attr)

    def of(self, key: str) -> str:
        return f"{self.types[key]}.{self.deployment.resource(key).label}"

    def reference(self, ref: Ref) -> str:
        if ref.resource not in self.types:
            raise MappingError(f"{ref.resource} has no Terraform address (it is a block of its parent)")
        address = self.of(ref.resource)
        if ref.attr in ("id", "name"):
            return f"{address}.{ref.attr}"
        if self.types[ref.resource] in (AZAPI, AZAPI_DATA):
            return f"{address}.output.{ref.attr}"
        mapping = mapping_for(self.deployment.resource(ref.resource))
        assert mapping is not None
        if ref.attr not in mapping.attributes:
            raise MappingError(f"{mapping.tf_type} has no attribute for {ref.attr}")
        return f"{address}.{mapping.attribute(ref.attr)}"


def body_of(resource: Resource) -> dict[str, Any]:
    """The resource's ARM body, copied: emitting takes values out of it."""
    body: dict[str, Any] = _copied(read_body(resource))
    return body


def read_body(resource: Resource) -> dict[str, Any]:
    """The resource's ARM body, not copied: only for reading."""
    return {"name": resource.name, **resource.top_level()}


def _copied(value: Any) -> Any:
    """A copy of the containers in a value; the rest (text, numbers, frozen expressions) is shared, as no
    one changes it. copy.deepcopy does the same at several times the cost, which a large intent feels."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_copied(item) for item in value)
    return value


def _leaves(value: Any, prefix: str = "") -> list[str]:
    """Dotted paths to every non-object value (a list is one value)."""
    if not isinstance(value, dict) or not value:
        return [prefix.rstrip(".")]
    found = []
    for key, item in value.items():
        found += _leaves(item, f"{prefix}{key}.")
    return found


def _covered(path: str, consumed: set[str]) -> bool:
    return any(path == done or path.startswith(done + ".") for done in consumed)


class _Emitter:
    def __init__(self, resource: Resource, speller: Speller, addresses: Addresses, body: dict[str, Any]):
        self.resource = resource
        self.spell = speller
        self.addresses = addresses
        self.body = body  # the resource's whole ARM body, for arguments azurerm puts in a block (Arg.root)
        self.root_consumed: set[str] = set()

    def items(self, block: Block, items: tuple[Item, ...], obj: dict[str, Any], prefix: str, indent: int,
              implied: dict[str, Value]) -> None:
        """Add the items to the block and check that together they spell every value of the object."""
        consumed: set[str] = set()
        lists: dict[str, list[int]] = {}  # list path -> indexes some Nested accepted
        for item in items:
            if isinstance(item, Arg) and item.root:
                value = lookup(item.path, self.body)
                if value is not None:
                    self._attribute(block, item.name, item.conv.to_tf(value), item.path, indent)
                self.root_consumed.add(item.path)
            elif isinstance(item, Arg):
                value = lookup(item.path, obj)
                if value is not None:
                    self._attribute(block, item.name, item.conv.to_tf(value), prefix + item.path, indent)
                consumed.add(item.path)
            elif isinstance(item, Composite):
                value = lookup(item.path, obj)
                if value is not None:
                    for name, part in zip(item.names, item.split(value), strict=True):
                        self._attribute(block, name, part, prefix + item.path, indent)
                consumed.add(item.path)
            elif isinstance(item, Const):
                value = item.value
                if value == RESOURCE_GROUP and self.resource.scope is not None:
                    value = self.resource.scope.resource_group  # the resource lives in another resource group
                block.add(Attribute(item.name, self.spell(value, indent)))
            elif isinstance(item, ParentArg):
                if self.resource.parent is None:
                    raise MappingError(f"{self.resource.key} has no parent for {item.name}")
                block.add(Attribute(item.name, self.addresses.reference(Ref(self.resource.parent, item.attr))))
            elif isinstance(item, ScopeArg):
                if self.resource.extension_of is None:  # it applies to its resource group
                    block.add(Attribute(item.name, self.spell(resource_group_id(self.resource), indent)))
                else:
                    block.add(Attribute(item.name, self.addresses.reference(Ref(self.resource.extension_of))))
            else:
                self._nested(block, item, obj, prefix, indent, lists)
                if not item.many:
                    consumed.add(item.path)
        for path, accepted in lists.items():
            value = lookup(path, obj)
            if isinstance(value, list) and sorted(set(accepted)) != list(range(len(value))):
                raise MappingError(f"{self.resource.key}: no azurerm block spells every item of {prefix}{path}")
            consumed.add(path)
        if obj is self.body:
            consumed |= self.root_consumed
        self._check(obj, consumed, implied, prefix)

    def _attribute(self, block: Block, name: str, value: Value, path: str, indent: int) -> None:
        note = self.resource.note(path)
        block.add(Attribute(name, self.spell(value, indent), comments=[note] if note else []))

    def _nested(self, block: Block, item: Nested, obj: dict[str, Any], prefix: str, indent: int,
                lists: dict[str, list[int]]) -> None:
        value = lookup(item.path, obj)
        if value is None:
            if item.many:
                lists.setdefault(item.path, [])
            return
        note = self.resource.note(prefix + item.path)
        if not item.many:
            nested = Block(item.name, comments=[note] if note else [])
            self.items(nested, item.items, value, f"{prefix}{item.path}.", indent + 2, item.implied)
            block.add(nested)
            return
        accepted = lists.setdefault(item.path, [])
        for index, element in enumerate(value):
            if item.where is not None and not item.where(element):
                continue
            accepted.append(index)
            nested = Block(item.name)
            self.items(nested, item.items, element, f"{prefix}{item.path}[].", indent + 2, item.implied)
            block.add(nested)

    def _check(self, obj: dict[str, Any], consumed: set[str], implied: dict[str, Value], prefix: str) -> None:
        for path, expected in implied.items():
            found = lookup(path, obj)
            if found is not None and found != expected:
                raise MappingError(f"{self.resource.key}: azurerm always sets {prefix}{path} to {expected!r}, "
                                   f"the plan asks for {found!r}")
            consumed.add(path)
        for leaf in _leaves(obj):
            if leaf and not _covered(leaf, consumed):
                raise MappingError(f"{self.resource.key} ({self.resource.type}): the azurerm mapping has no "
                                   f"argument for {prefix}{leaf}")


def scan_directives(resource: Resource) -> list[str]:
    return [f"checkov:skip={skip.check}:{skip.reason}" for skip in resource.scan_skips if "terraform" in skip.targets]


def scoped(block: Block, resource: Resource) -> Block:
    """A resource in another subscription names its aliased provider first, set apart from its arguments."""
    if resource.scope is not None:
        first = block.body[0] if block.body else None
        if isinstance(first, Attribute):
            first.separate = True
        block.body.insert(0, Attribute("provider", provider(resource.scope)))
    return block


def azurerm_data_block(resource: Resource, speller: Speller, addresses: Addresses) -> Block:
    """An existing resource of a type azurerm reads, by its name (and resource group, and parent), for its
    attributes: reading it fails the plan, naming it, when it is missing."""
    mapping = mapping_for(resource)
    assert mapping is not None and mapping.data_source is not None
    block = Block("data", (mapping.data_source, resource.label), comments=list(resource.comments))
    body: dict[str, Any] = {"name": resource.name}
    _Emitter(resource, speller, addresses, body).items(block, mapping.data_items(), body, "", 2, {})
    return scoped(block, resource)


def patches_of(resource: Resource, mapping: AzurermType) -> list[AzapiPatch]:
    """The azapi patches the resource needs: those whose values azurerm cannot spell are set."""
    body = read_body(resource)
    return [patch for patch in mapping.azapi_patch if patch.wanted(body)]


def ignored_arguments(resource: Resource, mapping: AzurermType) -> list[str]:
    """Arguments azurerm sets at creation only: those spelling an object an azapi patch owns, and the ARM
    paths the plan hands to a later resource (creation_only); and what another actor manages after creation
    (managed_elsewhere: a child azurerm spells as a block, or an argument)."""
    owned = [patch.owns for patch in patches_of(resource, mapping)] + list(resource.creation_only)
    body = read_body(resource)
    found: list[str] = []
    for path in owned:
        value = lookup(path, body)
        leaves = [f"{path}.{leaf}" for leaf in _leaves(value)] if isinstance(value, dict) else [path]
        for leaf in leaves:
            argument = mapping.argument_path(leaf)
            if argument is not None and argument not in found:
                found.append(argument)
    for managed in resource.managed_elsewhere:
        child = next((c.block for c in mapping.children if c.arm_type == managed), None)
        argument = next((item.name for item in mapping.items if isinstance(item, Arg) and item.path == managed), None)
        name = child or argument
        if name is None:
            raise MappingError(f"{resource.key}: nothing in {mapping.tf_type} spells {managed}")
        if name not in found:
            found.append(name)
    return found


def lifecycle(ignored: list[str]) -> list[Block]:
    """A lifecycle block ignoring changes to these arguments (bare Terraform paths), or nothing."""
    if not ignored:
        return []
    return [Block("lifecycle", body=[Attribute("ignore_changes", expression_list(ignored, 4))])]


def azurerm_block(resource: Resource, mapping: AzurermType, deployment: Deployment, speller: Speller,
                  addresses: Addresses) -> Block:
    block = Block("resource", (mapping.tf_type, resource.label), comments=list(resource.comments),
                  directives=scan_directives(resource))
    body = body_of(resource)
    # Values spelled by an azapi patch or an association resource are not arguments of this block.
    for path in (*(p for patch in mapping.azapi_patch for p in patch.needs), *(split.path for split in mapping.splits)):
        if lookup(path, body) is not None:
            _remove(body, path)
    emitter = _Emitter(resource, speller, addresses, body)
    emitter.items(block, mapping.items, body, "", 2, mapping.implied)
    for child in deployment.children(resource.key):
        found = CHILDREN.get(child.type)
        if found is None or found[0] is not mapping:
            continue
        spec = found[1]
        nested = Block(spec.block, comments=list(child.comments))
        child_body = read_body(child)
        _Emitter(child, speller, addresses, child_body).items(nested, spec.items, child_body, "", 4, {})
        block.add(nested)
    return scoped(block, resource)


def _remove(body: dict[str, Any], path: str) -> None:
    keys = path.split(".")
    parents = [body]
    for key in keys[:-1]:
        parents.append(parents[-1][key])
    del parents[-1][keys[-1]]
    for parent, key in zip(reversed(parents[:-1]), reversed(keys[:-1]), strict=True):
        if not parent[key]:
            del parent[key]


def association_addresses(resource: Resource, mapping: AzurermType) -> list[str]:
    """The addresses of the association resources azurerm spells a resource's split properties with: waiting
    for a subnet means waiting for its NSG and route table too."""
    body = read_body(resource)
    addresses = []
    for split in mapping.splits:
        value = lookup(split.path, body)
        if value is None:
            continue
        count = len(split.conv.to_tf(value)) if split.many else 1
        addresses += [f"{split.tf_type}.{resource.label if count == 1 else f'{resource.label}_{index + 1}'}"
                      for index in range(count)]
    return addresses


def association_blocks(resource: Resource, mapping: AzurermType, speller: Speller,
                       addresses: Addresses) -> list[Block]:
    """The separate resources azurerm uses for some ARM properties (a subnet's NSG, a NAT gateway's IPs)."""
    if not mapping.splits:
        return []
    blocks = []
    body = read_body(resource)
    for split in mapping.splits:
        value = lookup(split.path, body)
        if value is None:
            continue
        values = split.conv.to_tf(value) if split.many else [split.conv.to_tf(value)]
        for index, item in enumerate(values):
            label = resource.label if len(values) == 1 else f"{resource.label}_{index + 1}"
            blocks.append(Block("resource", (split.tf_type, label), body=[
                Attribute(split.subject, addresses.reference(Ref(resource.key))),
                Attribute(split.argument, speller(item, 2))]))
    return blocks


