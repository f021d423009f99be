"""Read a rendered Terraform module back into canonical terms, through the inverse of the azurerm mappings:
each resource's arguments and blocks become the ARM properties they spell, association resources and azapi
patches land on the resource they change, and inline blocks (a private endpoint's DNS zone group) become
the child resources they are in ARM."""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

import hcl2

from amlgen.targets.terraform.azurerm import MAPPINGS, by_tf_type
from amlgen.targets.terraform.mapping import (
    Arg,
    AzurermType,
    Composite,
    Const,
    Item,
    Nested,
    ParentArg,
    ScopeArg,
)
from tests.helpers import hcl_unescape
from tests.readback.canonical import SCOPE, Entry, Identity, drop, identities, join

_loads = cache(hcl2.loads)  # every test reads the same rendered files; parsing is the slow part
_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:\\.|[^"\\])*")|(?P<number>\d+)|(?P<ident>[A-Za-z_][A-Za-z0-9_-]*)'
                    r'|(?P<punct>[.\[\](),]))')


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, index = [], 0
    while index < len(text.rstrip()):
        match = _TOKEN.match(text, index)
        assert match, f"cannot read {text[index:]!r}"
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        index = match.end()
    return tokens


def _expression(tokens: list[tuple[str, str]], position: int = 0) -> tuple[Any, int]:
    """(('traverse', [steps]) | ('call', name, args) | literal, next position); steps are names and indexes."""
    kind, value = tokens[position]
    position += 1
    if value == "[":  # a list literal (a trailing comma allowed)
        items = []
        while tokens[position][1] != "]":
            item, position = _expression(tokens, position)
            items.append(item)
            if tokens[position][1] == ",":
                position += 1
        return ("list", items), position + 1
    if kind == "string" and "${" in value.replace("$${", ""):
        node: Any = ("template", value)
    elif kind == "string":
        node = hcl_unescape(value)
    elif kind == "number":
        node = int(value)
    elif position < len(tokens) and tokens[position][1] == "(":
        args, position = [], position + 1
        while tokens[position][1] != ")":
            arg, position = _expression(tokens, position)
            args.append(arg)
            if tokens[position][1] == ",":
                position += 1
        node, position = ("call", value, args), position + 1
    else:
        node = ("traverse", [value])
    while position < len(tokens) and tokens[position][1] in (".", "["):
        if tokens[position][1] == ".":
            step: Any = tokens[position + 1][1]
            position += 2
        else:
            step, position = _expression(tokens, position + 1)
            position += 1
        if not (isinstance(node, tuple) and node[0] == "traverse"):
            node = ("traverse", [node])
        node[1].append(step)
    return node, position


def _template(text: str) -> list[Any]:
    """A quoted HCL template as its literal and ${...} parts (literal parts still escaped)."""
    parts, index, body = [], 0, text[1:-1]
    while index < len(body):
        start = body.find("${", index)
        if start < 0:
            parts.append(("literal", body[index:]))
            break
        if start > index:
            parts.append(("literal", body[index:start]))
        depth, end = 0, start + 2
        while body[end] != "}" or depth:
            depth += {"{": 1, "}": -1}.get(body[end], 0)
            end += 1
        parts.append(("expression", body[start + 2:end]))
        index = end + 1
    return parts


class TerraformReader:
    def __init__(self, files: dict[str, str]):
        self.blocks: list[tuple[str, str, dict[str, Any]]] = []  # (type, label, body) in file order
        self.data: list[tuple[str, str, dict[str, Any]]] = []  # data sources, (type, label, body)
        self.subscriptions: dict[str, str] = {}  # provider alias -> subscription
        self.values: dict[str, Any] = {}
        for path, text in sorted(files.items()):
            if path == "terraform.tfvars.example":
                self.values = {key: self.literal(value) for key, value in _loads(text).items()
                               if not key.startswith("__")}
            if not path.endswith(".tf"):
                continue
            for kind, found in (("resource", self.blocks), ("data", self.data)):
                for block in _loads(text).get(kind, []):
                    for raw_type, instances in block.items():
                        for raw_label, body in instances.items():
                            found.append((raw_type.strip('"'), raw_label.strip('"'), body))
            for block in _loads(text).get("provider", []):
                for body in block.values():
                    if "alias" in body:
                        self.subscriptions[self.literal(body["alias"])] = self.literal(body["subscription_id"])
        self.identities: dict[str, Identity] = {}
        self.groups: dict[Identity, str] = {}  # existing resource -> its resource group
        self.scopes: dict[Identity, tuple[str, str]] = {}  # existing resource -> (subscription, group) of its provider

    # --- values -----------------------------------------------------------------------------------
    def literal(self, value: Any) -> Any:
        """A tfvars value: plain literals only."""
        found = self.value(value)
        assert not isinstance(found, tuple), value
        return found

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key.strip('"'): self.value(item) for key, item in value.items()
                    if not key.startswith("__")}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if not isinstance(value, str):
            return value
        if value.startswith("${") and value.endswith("}") and _whole(value):
            return self.expression(value[2:-1])
        assert value.startswith('"') and value.endswith('"'), value
        parts = [hcl_unescape(f'"{text}"') if kind == "literal" else self.expression(text)
                 for kind, text in _template(value)]
        return join(parts)

    def expression(self, text: str) -> Any:
        node, position = _expression(_tokens(text))
        assert position == len(_tokens(text)), text
        return self.node(node)

    def node(self, node: Any) -> Any:
        if not isinstance(node, tuple):
            return node
        if node[0] == "template":
            return self.value(node[1])
        if node[0] == "call":
            name, args = node[1], node[2]
            if name == "uuidv5" and len(args) == 2 and args[0] == "oid":
                return ("guid", self.node(args[1]))
            raise AssertionError(f"unknown call {name}({args})")
        steps = node[1]
        root = steps[0]
        if isinstance(root, tuple) and root[0] == "call" and root[1] == "regex" and steps[1:] == [0]:
            pattern, subject = root[2]
            assert pattern == "^(.+)/[^/]+/[^/]+$", pattern
            return ("parent", self.node(subject))
        if root == "var":
            value: Any = ("param", steps[1])
            for step in steps[2:]:
                value = ("index", value, self.node(step))
            return value
        if root == "data" and steps[1:] == ["azurerm_client_config", "current", "tenant_id"]:
            return ("tenant",)
        if root == "data" and steps[1:] == ["azurerm_client_config", "current", "subscription_id"]:
            return ("subscription",)
        if root == "data" and steps[1] == "azapi_resource":
            identity = self.data_identity(steps[2])
            rest = steps[3:]
            return ("ref", identity, _path(rest[1:]) if rest[:1] == ["output"] else _path(rest))
        if root == "data":
            return ("ref", self.azurerm_data_identity(steps[1], steps[2]), _path(steps[3:]))
        return self.reference(steps)

    def data_identity(self, label: str) -> Identity:
        """An existing resource read with an azapi data source: its ARM type and full name."""
        for tf_type, found, body in self.data:
            if (tf_type, found) == ("azapi_resource", label):
                parent = self.value(body["parent_id"])
                assert parent[0] == "ref" and parent[2] == "id", parent
                name = self.concrete(self.value(body["name"]))
                return (self.value(body["type"]).split("@")[0], f"{parent[1][1]}/{name}")
        raise AssertionError(f"no data source azapi_resource.{label}")

    def existing(self) -> list[Identity]:
        """The resources the module reads with azapi data sources (and so requires)."""
        return [self.data_identity(label) for tf_type, label, _ in self.data if tf_type == "azapi_resource"]

    def azurerm_data_identity(self, tf_type: str, label: str) -> Identity:
        """The identity of the existing resource an azurerm data source reads."""
        key = f"data.{tf_type}.{label}"
        if key not in self.identities:
            body = next(found for kind, name, found in self.data if (kind, name) == (tf_type, label))
            mapping = next(m for m in MAPPINGS if m.data_source == tf_type)
            parent = self.parent(mapping, body)
            name = self.concrete(self.value(body["name"]))
            self.identities[key] = (mapping.arm_type, f"{parent[1]}/{name}" if parent else str(name))
            self.groups[self.identities[key]] = self.literal(body["resource_group_name"])
            if "provider" in body:
                self.scopes[self.identities[key]] = (self.subscriptions[self._alias(body["provider"])],
                                                     self.literal(body["resource_group_name"]))
        return self.identities[key]

    def scope(self, body: dict[str, Any], mapping: AzurermType) -> tuple[str, str] | None:
        """(subscription, resource group) of a resource behind an aliased provider. A resource named by its parent's
        ID takes the resource group of that (existing) parent."""
        group = self.value(body["resource_group_name"]) if "resource_group_name" in body else None
        for item in mapping.items:
            if isinstance(item, ScopeArg) and isinstance(self.value(body[item.name]), str):
                return _resource_group(self.value(body[item.name]))  # applies to a resource group, by its ID
        if group is None:
            parent = self.parent(mapping, body)
            group = self._group_of(parent) if parent is not None else None
        if "provider" not in body:
            # A named resource group under the default provider is in the default subscription.
            return ("the default provider's subscription", group) if isinstance(group, str) else None
        return self.subscriptions[self._alias(body["provider"])], group

    def _group_of(self, identity: Identity) -> Any:
        """The resource group of a resource the module reads or creates (None when it names none)."""
        if identity in self.groups:
            return self.groups[identity]
        for tf_type, label, body in self.blocks:
            if _mapping(tf_type, body) is not None and self.identity(tf_type, label) == identity:
                return self.value(body["resource_group_name"]) if "resource_group_name" in body else None
        return None

    @staticmethod
    def _alias(expression: str) -> str:
        text = expression[2:-1] if expression.startswith("${") else expression
        provider, _, alias = text.partition(".")
        assert provider == "azurerm" and alias, expression
        return alias

    def reference(self, steps: list[Any]) -> Any:
        tf_type, label = steps[0], steps[1]
        identity = self.identity(tf_type, label)
        rest = steps[2:]
        if tf_type == "azapi_resource" and rest[:1] == ["output"]:
            return ("ref", identity, _path(rest[1:]))
        attribute = _path(rest)
        if attribute in ("id", "name"):
            return ("ref", identity, attribute)
        mapping = by_tf_type(tf_type)
        assert mapping is not None, tf_type
        arm = {tf: arm for arm, tf in mapping.attributes.items()}
        return ("ref", identity, arm[attribute])

    # --- resources --------------------------------------------------------------------------------
    def find(self, tf_type: str, label: str) -> dict[str, Any]:
        for found_type, found_label, body in self.blocks:
            if (found_type, found_label) == (tf_type, label):
                return body
        raise AssertionError(f"no resource {tf_type}.{label}")

    def identity(self, tf_type: str, label: str) -> Identity:
        key = f"{tf_type}.{label}"
        if key not in self.identities:
            body = self.find(tf_type, label)
            if tf_type == "azapi_resource":
                arm_type = self.value(body["type"]).split("@")[0]
                parent = self.value(body["parent_id"])
                name = self.concrete(self.value(body["name"]))
                if isinstance(parent, tuple) and parent[0] == "ref":
                    self.identities[key] = (arm_type, f"{parent[1][1]}/{name}")
                else:  # a resource of a resource group
                    self.identities[key] = (arm_type, str(name))
            else:
                mapping = _mapping(tf_type, body)
                parent = self.parent(mapping, body)
                name = self.concrete(self.value(body["name"]))
                self.identities[key] = (mapping.arm_type, f"{parent[1]}/{name}" if parent else str(name))
        return self.identities[key]

    def concrete(self, value: Any) -> Any:
        if isinstance(value, tuple) and value[0] == "param":
            return self.values[value[1]]
        return value

    def parent(self, mapping: AzurermType, body: dict[str, Any]) -> Identity | None:
        for item in mapping.items:
            if isinstance(item, ScopeArg):
                found = self.value(body[item.name])
                if found[0] != "ref":
                    return None  # it applies to a resource group
                assert found[2] == "id", found
                return found[1]
            if isinstance(item, ParentArg):
                found = self.value(body[item.name])
                assert found[0] == "ref" and found[2] == item.attr, found
                return found[1]
        return None

    def arm(self, items: tuple[Item, ...], body: dict[str, Any], implied: dict[str, Any],
            root: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ARM object a mapping's items spell from a Terraform body (the mapping read backwards); root is
        the resource's ARM body, where an argument inside a block may put a top-level property (Arg.root)."""
        found: dict[str, Any] = {}
        root = found if root is None else root
        for item in items:
            if isinstance(item, Arg) and item.root and item.name in body:
                _set(root, item.path, item.conv.to_arm(self.value(body[item.name])))
            elif isinstance(item, Arg) and item.name in body:
                _set(found, item.path, _canonical(item.conv.to_arm(self.value(body[item.name]))))
            elif isinstance(item, Composite) and all(name in body for name in item.names):
                _set(found, item.path, item.join(*(self.value(body[name]) for name in item.names)))
            elif isinstance(item, Const):
                value = self.value(body[item.name])
                if not (item.name == "resource_group_name" and isinstance(value, str)):
                    assert value == _canonical_const(item.value), item  # else: another resource group (scope)
            elif isinstance(item, Nested) and item.name in body:
                blocks = body[item.name]
                objects = [self.arm(item.items, block, item.implied, root) for block in blocks]
                if item.many:
                    existing = _get(found, item.path) or []
                    _set(found, item.path, existing + objects)
                else:
                    assert len(objects) == 1, item.name
                    _set(found, item.path, objects[0])
        for path, value in implied.items():
            if _get(found, path) is None:
                _set(found, path, value)
        return found

    def entries(self) -> list[Entry]:
        entries: list[Entry] = []
        patches: list[tuple[Identity, dict[str, Any], bool]] = []
        for tf_type, label, body in self.blocks:
            if tf_type == "azapi_resource_action":
                continue  # an action called on a resource, not a resource (checked on its own)
            if tf_type == "azapi_update_resource":
                target = self.value(body["resource_id"])
                assert target[0] == "ref" and target[2] == "id", target
                patch = self.value(body["body"])
                patches.append((target[1], patch, _is_azapi_patch(target[1], patch)))
                continue
            if tf_type == "azapi_resource":
                identity = self.identity(tf_type, label)
                arm = self.value(body.get("body", {}))
                for key in ("location", "tags"):
                    if key in body:
                        arm[key] = self.value(body[key])
                if "identity" in body:
                    arm["identity"] = self.arm((Arg("type", "type"),), body["identity"][0], {})
                arm = _ordered(arm)
                group = _resource_group(self.value(body["parent_id"]))
                if group is not None:
                    arm[SCOPE] = group
                entries.append((identity, arm))
                continue
            mapping = _mapping(tf_type, body)
            if mapping is None:
                continue  # an association, applied below
            identity = self.identity(tf_type, label)
            arm = self.arm(mapping.items, body, mapping.implied)
            arm.pop("name", None)
            scope = self.scope(body, mapping)
            if scope is not None:
                arm[SCOPE] = scope
            entries.append((identity, arm))
            for child in mapping.children:
                for block in body.get(child.block, []):
                    child_arm = self.arm(child.items, block, {})
                    if scope is not None:
                        child_arm[SCOPE] = scope  # a block of its parent's resource, in its parent's scope
                    name = child_arm.pop("name")
                    entries.append(((child.arm_type, f"{identity[1]}/{name}"), child_arm))
        self._associations(entries)
        for identity, patch, in_place in patches:
            if not any(found == identity for found, _ in entries):
                # An update of an existing resource: what it changes, where that resource lives.
                entries.append((identity, {**patch, SCOPE: self.scopes[identity]} if identity in self.scopes
                                else patch))
                continue
            index = max(i for i, (found, _) in enumerate(entries) if found == identity)
            if in_place:
                entries[index] = (identity, _merged(entries[index][1], patch))
            else:
                entries.append((identity, _merged(copy.deepcopy(entries[index][1]), patch)))
        return entries

    def _associations(self, entries: list[Entry]) -> None:
        for mapping in MAPPINGS:
            for split in mapping.splits:
                for tf_type, _label, body in self.blocks:
                    if tf_type != split.tf_type:
                        continue
                    subject = self.value(body[split.subject])[1]
                    index = next(i for i, (found, _) in enumerate(entries) if found == subject)
                    value = split.conv.to_arm(self.value(body[split.argument]) if not split.many
                                              else [self.value(body[split.argument])])
                    arm = entries[index][1]
                    if split.many:
                        _set(arm, split.path, (_get(arm, split.path) or []) + value)
                    else:
                        _set(arm, split.path, value)


def _resource_group(parent: Any) -> tuple[str, str] | None:
    """(subscription, group) of an azapi resource whose parent is another resource group, given by literal ID."""
    if isinstance(parent, str):
        match = re.fullmatch(r"/subscriptions/([^/]+)/resourceGroups/([^/]+)", parent)
        assert match, parent
        return match.group(1), match.group(2)
    return None


def _mapping(tf_type: str, body: dict[str, Any]) -> AzurermType | None:
    del body
    return by_tf_type(tf_type)


def _is_azapi_patch(identity: Identity, patch: dict[str, Any]) -> bool:
    """A patch of a property azurerm has no argument for (it belongs to the resource itself), as opposed
    to a later deployment of the resource (a second entry)."""
    owned = {patch.owns for mapping in MAPPINGS if mapping.arm_type == identity[0] for patch in mapping.azapi_patch}
    return bool(owned) and all(any(path == o or path.startswith(o + ".") for o in owned) for path in _leaf_paths(patch))


def _leaf_paths(value: Any, prefix: str = "") -> list[str]:
    if not isinstance(value, dict):
        return [prefix]
    return [path for key, item in value.items() for path in _leaf_paths(item, f"{prefix}.{key}" if prefix else key)]


def _merged(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merged(base[key], value)
        else:
            base[key] = value
    return base


def _ordered(arm: dict[str, Any]) -> dict[str, Any]:
    return {key: arm[key] for key in ("location", "tags", "kind", "sku", "identity", "properties") if key in arm}


def _whole(value: str) -> bool:
    """Whether '${...}' spans the whole string (python-hcl2 wraps an expression so), rather than opening a
    template with several interpolations."""
    depth = 0
    for index, char in enumerate(value[1:], start=1):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return index == len(value) - 1
    return False


def _canonical(value: Any) -> Any:
    """A value a mapping's conversion returns as a model expression, in canonical terms."""
    from amlgen.arm.model import UserAssignedIdentities

    return identities(list(value.ids)) if isinstance(value, UserAssignedIdentities) else value


def _canonical_const(value: Any) -> Any:
    from amlgen.arm.model import Param

    return ("param", value.name) if isinstance(value, Param) else value


def _path(steps: list[Any]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _get(body: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        if not isinstance(body, dict) or key not in body:
            return None
        body = body[key]
    return body


def _set(body: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        body = body.setdefault(key, {})
    body[keys[-1]] = value


def provider_named() -> list[tuple[str, str]]:
    """(ARM type, path) of values azurerm chooses itself, which the comparison leaves out."""
    return [(child.arm_type, path) for mapping in MAPPINGS for child in mapping.children
            for path in child.provider_named]


def read_terraform(files: dict[str, str]) -> list[Entry]:
    return TerraformReader(files).entries()


def without_provider_named(entries: list[Entry]) -> list[Entry]:
    out = []
    for identity, body in entries:
        body = copy.deepcopy(body)
        for arm_type, path in provider_named():
            if identity[0] == arm_type:
                drop(body, path)
        out.append((identity, body))
    return out
