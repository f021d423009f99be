"""Turn each resource of the model into Terraform blocks: the azurerm resource its mapping names (with the
association resources and azapi patches the mapping asks for), or an azapi resource where azurerm has none.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from amlgen.arm.deployment import Deployment
from amlgen.arm.model import Ref, Resource, Value
from amlgen.arm.walk import expressions, resource_values
from amlgen.records import dataclass
from amlgen.targets.terraform.azurerm import CHILDREN, mapping_for
from amlgen.targets.terraform.hcl import Attribute, Block
from amlgen.targets.terraform.mapping import (
    Arg,
    AzurermType,
    Composite,
    Const,
    Item,
    Nested,
    ParentArg,
    lookup,
)
from amlgen.targets.terraform.values import Speller

AZAPI = "azapi_resource"
AZAPI_UPDATE = "azapi_update_resource"


class MappingError(ValueError):
    """The model holds a value the azurerm mapping cannot spell: a bug in amlgen, never in the intent."""


@dataclass
class Addresses:
    """Where each model resource lives in Terraform, and what the azapi resources must export."""

    deployment: Deployment
    types: dict[str, str] = field(default_factory=dict)  # resource key -> Terraform type
    exports: dict[str, list[str]] = field(default_factory=dict)  # azapi resource key -> response paths

    def __post_init__(self) -> None:
        for resource in self.deployment.resources:
            if resource.type in CHILDREN or resource.update_of is not None:
                continue
            mapping = mapping_for(resource)
            self.types[resource.key] = mapping.tf_type if mapping is not None else AZAPI
        # An azapi resource returns only the response paths it is asked to export.
        values = [v for resource in self.deployment.resources for v in resource_values(resource)]
        values += [output.value for output in self.deployment.outputs]
        for value in values:
            for ref in expressions(value):
                if (isinstance(ref, Ref) and self.types.get(ref.resource) == AZAPI
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
        mapping = mapping_for(self.deployment.resource(ref.resource))
        if mapping is None:
            return f"{address}.output.{ref.attr}"
        if ref.attr not in mapping.attributes:
            raise MappingError(f"{mapping.tf_type} has no attribute for {ref.attr}")
        return f"{address}.{mapping.attribute(ref.attr)}"


def _body(resource: Resource) -> dict[str, Any]:
    """The resource's ARM body, copied: emitting takes values out of it."""
    body: dict[str, Any] = _copied({"name": resource.name, **resource.top_level()})
    return body


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
    def __init__(self, resource: Resource, speller: Speller, addresses: Addresses):
        self.resource = resource
        self.spell = speller
        self.addresses = addresses

    def items(self, block: Block, items: tuple[Item, ...], obj: dict[str, Any], prefix: str, indent: int,
              implied: dict[str, Value]) -> None:
        """Add the items to the block and check that together they spell every value of the object."""
        consumed: set[str] = set()
        lists: dict[str, list[int]] = {}  # list path -> indexes some Nested accepted
        for item in items:
            if isinstance(item, Arg):
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
                block.add(Attribute(item.name, self.spell(item.value, indent)))
            elif isinstance(item, ParentArg):
                if self.resource.parent is None:
                    raise MappingError(f"{self.resource.key} has no parent for {item.name}")
                block.add(Attribute(item.name, self.addresses.reference(Ref(self.resource.parent, item.attr))))
            else:
                self._nested(block, item, obj, prefix, indent, lists)
                if not item.many:
                    consumed.add(item.path)
        for path, accepted in lists.items():
            value = lookup(path, obj)
            if isinstance(value, list) and sorted(set(accepted)) != list(range(len(value))):
                raise MappingError(f"{self.resource.key}: no azurerm block spells every item of {prefix}{path}")
            consumed.add(path)
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


def _skips(resource: Resource) -> list[str]:
    return [f"checkov:skip={skip.check}:{skip.reason}" for skip in resource.scan_skips if "terraform" in skip.targets]


def azurerm_block(resource: Resource, mapping: AzurermType, deployment: Deployment, speller: Speller,
                  addresses: Addresses) -> Block:
    block = Block("resource", (mapping.tf_type, resource.label), comments=list(resource.comments),
                  directives=_skips(resource))
    body = _body(resource)
    # Values spelled by an azapi patch or an association resource are not arguments of this block.
    for path in (*mapping.azapi_patch, *(split.path for split in mapping.splits)):
        if lookup(path, body) is not None:
            _remove(body, path)
    emitter = _Emitter(resource, speller, addresses)
    emitter.items(block, mapping.items, body, "", 2, mapping.implied)
    for child in deployment.children(resource.key):
        found = CHILDREN.get(child.type)
        if found is None or found[0] is not mapping:
            continue
        spec = found[1]
        nested = Block(spec.block, comments=list(child.comments))
        _Emitter(child, speller, addresses).items(nested, spec.items, _body(child), "", 4, {})
        block.add(nested)
    return block


def _remove(body: dict[str, Any], path: str) -> None:
    keys = path.split(".")
    parents = [body]
    for key in keys[:-1]:
        parents.append(parents[-1][key])
    del parents[-1][keys[-1]]
    for parent, key in zip(reversed(parents[:-1]), reversed(keys[:-1]), strict=True):
        if not parent[key]:
            del parent[key]


def association_blocks(resource: Resource, mapping: AzurermType, speller: Speller,
                       addresses: Addresses) -> list[Block]:
    """The separate resources azurerm uses for some ARM properties (a subnet's NSG, a NAT gateway's IPs)."""
    if not mapping.splits:
        return []
    blocks = []
    body = _body(resource)
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


def azapi_patches(resource: Resource, mapping: AzurermType, speller: Speller) -> list[Block]:
    """azapi_update_resource for each ARM property azurerm has no argument for."""
    if not mapping.azapi_patch:
        return []
    blocks = []
    body = _body(resource)
    for path in mapping.azapi_patch:
        value = lookup(path, body)
        if value is None:
            continue
        patch: Value = value
        for key in reversed(path.split(".")):
            patch = {key: patch}
        note = resource.note(path)
        comments = [f"azurerm has no argument for the {resource.title or resource.key}'s {path}, so azapi sets it."]
        blocks.append(Block("resource", (AZAPI_UPDATE, patch_label(resource, path)), comments=
                            comments + ([note] if note else []), body=[
            Attribute("type", speller(f"{resource.type}@{resource.api_version}")),
            Attribute("resource_id", f"{mapping.tf_type}.{resource.label}.id"),
            Attribute("body", speller(patch, 2), separate=True)]))
    return blocks


def patch_label(resource: Resource, path: str) -> str:
    base = resource.key if resource.label == "this" else resource.label
    leaf = path.rsplit(".", 1)[-1]
    return f"{base}_" + "".join(f"_{c.lower()}" if c.isupper() else c for c in leaf)


def azapi_block(resource: Resource, speller: Speller, addresses: Addresses) -> Block:
    """A resource azurerm has no type for, created through the ARM API under its ARM property names."""
    if resource.parent is None:
        raise MappingError(f"{resource.key}: azapi resources without a parent are not supported yet")
    body = resource.top_level()
    block = Block("resource", (AZAPI, resource.label), comments=list(resource.comments), directives=_skips(resource))
    block.add(Attribute("type", speller(f"{resource.type}@{resource.api_version}")))
    block.add(Attribute("name", speller(resource.name)))
    block.add(Attribute("parent_id", addresses.reference(Ref(resource.parent))))
    for key in ("location", "tags"):
        if key in body:
            block.add(Attribute(key, speller(body.pop(key))))
    identity = body.pop("identity", None)
    if isinstance(identity, dict):
        nested = Block("identity")
        for key, value in identity.items():
            nested.add(Attribute(key, speller(value, 4)))
        block.add(nested)
    if body:
        block.add(Attribute("body", speller(body, 2), separate=True))
    exports = addresses.exports.get(resource.key)
    if exports:
        block.add(Attribute("response_export_values", speller(list(exports), 2), separate=True))
    return block


def update_block(resource: Resource, original: Resource, speller: Speller, addresses: Addresses) -> Block:
    """A later deployment of a resource: azapi patches only what differs from the first one."""
    before, after = original.top_level(), resource.top_level()
    changed: dict[str, Value] = {}
    for key, value in after.items():
        if isinstance(value, dict) and isinstance(before.get(key), dict):
            old = before[key]
            assert isinstance(old, dict)
            delta = {k: v for k, v in value.items() if old.get(k) != v}
            if delta:
                changed[key] = delta
        elif before.get(key) != value:
            changed[key] = value
    return Block("resource", (AZAPI_UPDATE, resource.label), comments=list(resource.comments), body=[
        Attribute("type", speller(f"{resource.type}@{resource.api_version}")),
        Attribute("resource_id", addresses.reference(Ref(original.key))),
        Attribute("body", speller(changed, 2), separate=True)])
