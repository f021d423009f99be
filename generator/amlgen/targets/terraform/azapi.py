"""The azapi blocks: resources azurerm has no type for (or refuses), patches of values azurerm has no
argument for, later deployments of a resource, actions, and existing resources the deployment reads."""

from __future__ import annotations

from amlgen.arm.model import Ref, Resource, Value
from amlgen.targets.terraform.azurerm import refusal
from amlgen.targets.terraform.emit import (
    AZAPI,
    AZAPI_ACTION,
    AZAPI_UPDATE,
    Addresses,
    MappingError,
    lifecycle,
    patches_of,
    read_body,
    resource_group_id,
    scan_directives,
)
from amlgen.targets.terraform.hcl import Attribute, Block
from amlgen.targets.terraform.mapping import AzapiPatch, AzurermType, lookup
from amlgen.targets.terraform.values import Speller

# ARM's top-level keys that azapi_resource takes as arguments of their own; the rest goes in `body`.
_ARGUMENTS = ("location", "tags", "identity")


def _type(resource: Resource, speller: Speller) -> Attribute:
    return Attribute("type", speller(f"{resource.type}@{resource.api_version}"))


def _nested(path: str, value: Value) -> dict[str, Value]:
    keys = path.split(".")
    nested: Value = value
    for key in reversed(keys):
        nested = {key: nested}
    assert isinstance(nested, dict)
    return nested


def azapi_patches(resource: Resource, mapping: AzurermType, speller: Speller) -> list[Block]:
    """azapi_update_resource for each object holding values azurerm has no argument for: it sends the whole
    object, as its one owner after creation (the azurerm block ignores its arguments from then on)."""
    blocks = []
    body = read_body(resource)
    for patch in patches_of(resource, mapping):
        missing = ", ".join(path.removeprefix(patch.owns + ".") for path in patch.needs
                            if lookup(path, body) is not None)
        comments = [f"azurerm has no argument for the {resource.title or resource.key}'s {missing}, so azapi sets "
                    f"{patch.owns} as a whole once azurerm has created it; the azurerm resource ignores later "
                    "changes to it, so the two never send different values."]
        comments += [note for path in patch.needs if (note := resource.note(path))]
        blocks.append(Block("resource", (AZAPI_UPDATE, patch_label(resource, patch)), comments=comments, body=[
            _type(resource, speller),
            Attribute("resource_id", f"{mapping.tf_type}.{resource.label}.id"),
            Attribute("body", speller(_nested(patch.owns, lookup(patch.owns, body)), 2), separate=True)]))
    return blocks


def patch_label(resource: Resource, patch: AzapiPatch) -> str:
    base = resource.key if resource.label == "this" else resource.label
    leaf = patch.owns.rsplit(".", 1)[-1]
    return f"{base}_" + "".join(f"_{c.lower()}" if c.isupper() else c for c in leaf)


def _azapi_paths(resource: Resource) -> list[str]:
    """creation_only in azapi_resource terms: properties are in `body`, the rest are arguments."""
    return [path if path.split(".", 1)[0] in _ARGUMENTS else f"body.{path}" for path in resource.creation_only]


def azapi_block(resource: Resource, speller: Speller, addresses: Addresses) -> Block:
    """A resource azurerm has no type for (or refuses), created through the ARM API under its ARM names."""
    body = resource.top_level()
    refused = refusal(resource)
    comments = [*resource.comments, *([refused] if refused else [])]
    block = Block("resource", (AZAPI, resource.label), comments=comments, directives=scan_directives(resource))
    block.add(_type(resource, speller))
    block.add(Attribute("name", speller(resource.name)))
    if resource.parent is not None:
        parent = addresses.reference(Ref(resource.parent))
    else:
        parent = speller(resource_group_id(resource))  # a resource of the resource group itself
    block.add(Attribute("parent_id", parent))
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


def azapi_lifecycle(resource: Resource) -> list[Block]:
    return lifecycle(_azapi_paths(resource))


def update_block(resource: Resource, original: Resource, speller: Speller, addresses: Addresses) -> Block:
    """A later deployment of a resource. azapi_update_resource reads the resource, merges its body in and
    writes it back, so it carries only what differs from the first deployment, plus, whole, every value the
    first one hands over to it (original.creation_only)."""
    before, after = original.top_level(), resource.top_level()
    changed: dict[str, Value] = {}
    for key, value in after.items():
        if isinstance(value, dict) and isinstance(before.get(key), dict):
            old = before[key]
            assert isinstance(old, dict)
            delta = {k: v for k, v in value.items() if old.get(k) != v or f"{key}.{k}" in original.creation_only
                     or key in original.creation_only}
            if delta:
                changed[key] = delta
        elif before.get(key) != value or key in original.creation_only:
            changed[key] = value
    return Block("resource", (AZAPI_UPDATE, resource.label), comments=list(resource.comments), body=[
        _type(resource, speller),
        Attribute("resource_id", addresses.reference(Ref(original.key))),
        Attribute("body", speller(changed, 2), separate=True)])


def action_block(resource: Resource, speller: Speller, addresses: Addresses) -> Block:
    """A POST of an action on a resource of the deployment (azapi_resource_action runs it once, on create)."""
    assert resource.update_of is not None and resource.action is not None
    block = Block("resource", (AZAPI_ACTION, resource.label), comments=list(resource.comments), body=[
        _type(resource, speller),
        Attribute("resource_id", addresses.reference(Ref(resource.update_of))),
        Attribute("action", speller(resource.action)),
        Attribute("method", speller("POST"))])
    if resource.properties:
        block.add(Attribute("body", speller(dict(resource.properties), 2), separate=True))
    return block


def data_block(resource: Resource, speller: Speller, addresses: Addresses) -> Block:
    """An existing resource the deployment needs: reading it fails the plan (or the apply, when its parent
    is created in the same run) with the missing resource's ID, before anything uses it."""
    if resource.parent is None:
        raise MappingError(f"{resource.key}: existing resources are read under a parent")
    block = Block("data", ("azapi_resource", resource.label), comments=list(resource.comments), body=[
        _type(resource, speller),
        Attribute("name", speller(resource.name)),
        Attribute("parent_id", addresses.reference(Ref(resource.parent)))])
    exports = addresses.exports.get(resource.key)
    if exports:
        block.add(Attribute("response_export_values", speller(list(exports), 2), separate=True))
    return block
