"""Read a rendered Bicep deployment (main.bicep, main.bicepparam, modules/*.bicep) back into canonical terms:
each declared resource with its ARM type, full name and body, references resolved through module parameters
and outputs to the resource they name, loops expanded, and subnets declared inside their network split out
as the child resources they are in ARM."""

from __future__ import annotations

import re
from typing import Any

from tests.readback.bicep_parser import (
    Binary,
    Call,
    Declaration,
    ForLoop,
    Ident,
    IndexOf,
    Interpolated,
    Member,
    parse,
)
from tests.readback.canonical import SCOPE, Entry, Identity, guid, identities, join, subscription_resource

INLINE = {"Microsoft.Network/virtualNetworks": ("subnets", "Microsoft.Network/virtualNetworks/subnets")}
_BODY = ("location", "tags", "kind", "sku", "identity", "properties")


def snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()


def _chain(expression: Any) -> tuple[Any, list[Any]]:
    """An access chain as its root and the steps after it: names (str) and indexes (int)."""
    steps: list[Any] = []
    while isinstance(expression, (Member, IndexOf)):
        if isinstance(expression, Member):
            steps.insert(0, expression.name)
            expression = expression.base
        else:
            steps.insert(0, expression.index)
            expression = expression.base
    return expression, steps


def _path(steps: list[Any]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


class _Module:
    def __init__(self, reader: BicepReader, declarations: list[Declaration], params: dict[str, Any]):
        self.reader = reader
        self.declarations = declarations
        self.params = params
        self.vars = {d.name: d.value for d in declarations if d.keyword == "var"}
        self.symbols: dict[str, Declaration] = {d.name: d for d in declarations if d.keyword == "resource"}
        self.identities: dict[str, Identity] = {}
        self.outputs = {d.name: d.value for d in declarations if d.keyword == "output"}

    def identity(self, symbol: str) -> Identity:
        if symbol not in self.identities:
            declaration = self.symbols[symbol]
            if isinstance(declaration.value, ForLoop):
                raise AssertionError(f"a loop ({symbol}) has no single identity")
            arm_type = declaration.type.split("@")[0]
            self.identities[symbol] = self._identity(arm_type, declaration.value, {})
        return self.identities[symbol]

    def identity_in(self, arm_type: str, body: dict[str, Any], bound: dict[str, Any]) -> Identity:
        """The identity of a resource declared by this body, with loop variables bound."""
        return self._identity(arm_type, body, bound)

    def _identity(self, arm_type: str, body: dict[str, Any], bound: dict[str, Any]) -> Identity:
        name = self.value(body["name"], bound)
        if isinstance(name, tuple) and name[0] == "ref" and name[2] == "name":
            return name[1]  # an existing resource named by another module's output
        name = self.reader.concrete(name)
        parent = body.get("parent", body.get("scope"))
        if isinstance(parent, Ident):
            return (arm_type, f"{self.identity(parent.name)[1]}/{name}")
        return (arm_type, str(name))

    def value(self, expression: Any, bound: dict[str, Any]) -> Any:
        if isinstance(expression, dict) and expression and all(isinstance(k, Interpolated) for k in expression):
            # userAssignedIdentities: keyed by the identities' IDs
            return identities([self.value(key.parts[0], bound) for key in expression])
        if isinstance(expression, dict):
            return {key: self.value(item, bound) for key, item in expression.items()}
        if isinstance(expression, list):
            return [self.value(item, bound) for item in expression]
        if isinstance(expression, Interpolated):
            return join([part if isinstance(part, str) else self.value(part, bound) for part in expression.parts])
        if isinstance(expression, (Member, IndexOf, Ident)):
            return self._access(expression, bound)
        if isinstance(expression, Call):
            return self._call(expression, bound)
        if isinstance(expression, Binary):
            raise AssertionError(f"arithmetic outside a known function form: {expression}")
        return expression

    def _access(self, expression: Any, bound: dict[str, Any]) -> Any:
        root, steps = _chain(expression)
        if isinstance(root, Call):
            if root.name == "environment" and steps == ["suffixes", "storage"]:
                return self.reader.storage_suffix
            if root.name == "subscription" and steps == ["tenantId"]:
                return ("tenant",)
            if root.name == "subscription" and steps == ["subscriptionId"]:
                return ("subscription",)
            raise AssertionError(f"unknown function access {root.name}().{steps}")
        assert isinstance(root, Ident), expression
        if root.name in bound:
            value = bound[root.name]
        elif root.name in self.params:
            value = self.params[root.name]
        elif root.name in self.vars:
            value = self.value(self.vars[root.name], bound)
        elif root.name in self.symbols:
            return self._reference(root.name, steps)
        elif root.name in self.reader.modules_by_symbol and steps[:1] == ["outputs"]:
            return self.reader.module_output(root.name, steps[1])
        else:
            raise AssertionError(f"unknown name {root.name}")
        for step in steps:
            if isinstance(value, tuple) and value[0] == "param":
                value = ("index", value, self.value(step, bound) if not isinstance(step, (str, int)) else step)
            else:
                value = value[step]
        return value

    def _reference(self, symbol: str, steps: list[Any]) -> Any:
        declaration = self.symbols[symbol]
        arm_type = declaration.type.split("@")[0]
        inline = INLINE.get(arm_type)
        if inline and steps[:2] == ["properties", inline[0]] and len(steps) == 4 and steps[3] == "id":
            children = declaration.value["properties"][inline[0]]
            child = self.reader.concrete(self.value(children[steps[2]]["name"], {}))
            return ("ref", (inline[1], f"{self.identity(symbol)[1]}/{child}"), "id")
        return ("ref", self.identity(symbol), _path(steps))

    def _call(self, call: Call, bound: dict[str, Any]) -> Any:
        if call.name == "guid":
            return guid([self.value(arg, bound) for arg in call.args])
        if call.name == "subscriptionResourceId" and len(call.args) == 2:
            return subscription_resource(*(self.value(arg, bound) for arg in call.args))
        # ParentId: join(take(split(X, '/'), length(split(X, '/')) - 2), '/')
        if call.name == "join" and isinstance(call.args[0], Call) and call.args[0].name == "take":
            split, count = call.args[0].args
            if (isinstance(split, Call) and split.name == "split" and isinstance(count, Binary)
                    and count.op == "-" and count.right == 2):
                return ("parent", self.value(split.args[0], bound))
        # An update that keeps an existing resource's other properties: union(<its current properties>, changes).
        if call.name == "union" and len(call.args) == 2:
            return ("union", self.value(call.args[0], bound), self.value(call.args[1], bound))
        raise AssertionError(f"unknown function form {call}")

    def entries(self) -> list[Entry]:
        return [entry for _, entries in self.declared() for entry in entries]

    def declared(self) -> list[tuple[Declaration, list[Entry]]]:
        """Each resource declaration the module deploys, with the entries it deploys."""
        found: list[tuple[Declaration, list[Entry]]] = []
        for declaration in self.declarations:
            if declaration.keyword != "resource" or declaration.existing:
                continue
            arm_type = declaration.type.split("@")[0]
            if isinstance(declaration.value, ForLoop):
                loop = declaration.value
                found.append((declaration, [self._entry(arm_type, loop.body, {loop.variable: item})
                                            for item in self.value(loop.iterable, {})]))
                continue
            found.append((declaration, self._expanded(arm_type, declaration)))
        return found

    def _entry(self, arm_type: str, body: dict[str, Any], bound: dict[str, Any]) -> Entry:
        identity = self._identity(arm_type, body, bound)
        found = {key: self.value(body[key], bound) for key in _BODY if key in body}
        properties = found.get("properties")
        if isinstance(properties, tuple) and properties[0] == "union":
            _, base, changes = properties
            assert base == ("ref", identity, "properties"), f"{identity} keeps another resource's properties: {base}"
            found["properties"] = changes  # the update: what it changes on the existing resource
        return identity, found

    def existing(self) -> list[Identity]:
        """The resources the module declares `existing` and requires (it reads their properties)."""
        read = {d.value.base.name for d in self.declarations if d.keyword == "output"
                and isinstance(d.value, Member) and d.value.name == "properties" and isinstance(d.value.base, Ident)}
        return [self.identity(d.name) for d in self.declarations if d.keyword == "resource" and d.existing
                and d.name in read]

    def _expanded(self, arm_type: str, declaration: Declaration) -> list[Entry]:
        identity, body = self._entry(arm_type, declaration.value, {})
        inline = INLINE.get(arm_type)
        if not inline or inline[0] not in body.get("properties", {}):
            return [(identity, body)]
        children = body["properties"].pop(inline[0])
        entries: list[Entry] = [(identity, body)]
        for child in children:
            child_body = {key: child[key] for key in _BODY if key in child}
            entries.append(((inline[1], f"{identity[1]}/{self.reader.concrete(child['name'])}"), child_body))
        return entries


class BicepReader:
    def __init__(self, files: dict[str, str], storage_suffix: str):
        self.files = files
        self.storage_suffix = storage_suffix
        main = parse(files["main.bicep"])
        self.values = {d.name: d.value for d in parse(files["main.bicepparam"]) if d.keyword == "param"}
        self.main_params = {d.name: ("param", snake(d.name)) for d in main if d.keyword == "param"}
        self.main = _Module(self, main, self.main_params)
        self.modules_by_symbol = {d.name: d for d in main if d.keyword == "module"}
        self._modules: dict[str, _Module] = {}

    def concrete(self, value: Any) -> Any:
        """A parameter's value from main.bicepparam (for names)."""
        if isinstance(value, tuple) and value[0] == "param":
            return self.values[_camel(value[1])]
        return value

    def module(self, symbol: str) -> _Module:
        if symbol not in self._modules:
            declaration = self.modules_by_symbol[symbol]
            params = {name: self.main.value(expr, {}) for name, expr in declaration.value.get("params", {}).items()}
            self._modules[symbol] = _Module(self, parse(self.files[declaration.type]), params)
        return self._modules[symbol]

    def module_output(self, symbol: str, name: str) -> Any:
        module = self.module(symbol)
        return module.value(module.outputs[name], {})

    def entries(self) -> list[Entry]:
        found = []
        for symbol, declaration in self.modules_by_symbol.items():
            scope = self._scope(declaration.value.get("scope"))
            for identity, body in self.module(symbol).entries():
                found.append((identity, {**body, SCOPE: scope} if scope is not None else body))
        return found

    @staticmethod
    def _scope(expression: Any) -> tuple[str, str] | None:
        """A module's `scope: resourceGroup('subscription', 'group')`, or None (the deployment's own group)."""
        if expression is None:
            return None
        assert isinstance(expression, Call) and expression.name == "resourceGroup" and len(expression.args) == 2, \
            expression
        subscription, group = expression.args
        assert isinstance(subscription, str) and isinstance(group, str), expression
        return subscription, group


def _camel(snake_name: str) -> str:
    head, *rest = snake_name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def read_bicep(files: dict[str, str], storage_suffix: str) -> list[Entry]:
    return BicepReader(files, storage_suffix).entries()
