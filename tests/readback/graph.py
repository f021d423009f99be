"""The dependency graph of a rendered deployment, read back from either target, in ARM terms.

A node is one thing a deployment does: create a resource (`create`), deploy it again or patch it (`update`),
call an action on it (`action`), or read an existing one (`read`); associations and other helpers Terraform
needs are `other`. An edge runs from a node to one it waits for:

- Terraform: every reference to another resource or data source in a block's arguments, and `depends_on`.
- Bicep: within a module, every reference to another resource symbol (parent and scope included) and
  `dependsOn`, and a `@batchSize(1)` loop's items one after another; across modules, a module waits for every
  module whose outputs its parameters read or that it names in `dependsOn`, so each resource of it waits for
  every resource of those.

Reading fails when a reference names nothing the deployment declares. `Graph.after(a, b)` says whether a
waits for b, directly or through others.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from tests.readback.bicep_parser import Call, Declaration, ForLoop, Ident, Member
from tests.readback.bicep_readback import BicepReader
from tests.readback.canonical import Identity
from tests.readback.terraform_readback import TerraformReader

_ADDRESS = re.compile(r"\b(data\.[a-z0-9_]+\.[a-z0-9_]+|[a-z][a-z0-9]*_[a-z0-9_]+\.[a-z0-9_]+)\b")


@dataclass(frozen=True)
class Node:
    id: str  # the target's own name for it: a Terraform address, or 'module/symbol[index]'
    identity: Identity | None
    role: str  # create | update | action | read | other


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, set[str]] = field(default_factory=dict)  # node -> the nodes it waits for

    def add(self, node: Node) -> None:
        self.nodes[node.id] = node
        self.edges.setdefault(node.id, set())

    def wait(self, node: str, dependency: str) -> None:
        if dependency != node:
            self.edges[node].add(dependency)

    def of(self, arm_type: str, role: str = "create") -> list[Node]:
        return [n for n in self.nodes.values() if n.identity is not None and n.identity[0] == arm_type
                and n.role == role]

    def find(self, identity: Identity, role: str = "create") -> Node:
        found = [n for n in self.nodes.values() if n.identity == identity and n.role == role]
        assert len(found) == 1, (identity, role, found)
        return found[0]

    def after(self, node: Node, dependency: Node) -> bool:
        """Whether node waits for dependency, directly or through other nodes."""
        seen: set[str] = set()
        todo = [node.id]
        while todo:
            current = todo.pop()
            for nxt in self.edges[current]:
                if nxt == dependency.id:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False


# --- Terraform -----------------------------------------------------------------------------------------

def _strings(value: Any, skip: tuple[str, ...] = ()) -> list[str]:
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in skip for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def _code(text: str) -> str:
    """The expression parts of an HCL value as python-hcl2 returns it: literal text inside quotes is dropped,
    the interpolations in it kept."""
    out: list[str] = []
    in_string, index = text.startswith('"'), 1 if text.startswith('"') else 0
    while index < len(text):
        char = text[index]
        if in_string and text.startswith("${", index):
            depth, end = 0, index + 2
            while text[end] != "}" or depth:
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            out.append(" " + _code(text[index + 2:end]) + " ")
            index = end + 1
            continue
        if char == '"' and (index == 0 or text[index - 1] != "\\"):
            in_string = not in_string
        elif not in_string:
            out.append(char)
        index += 1
    return "".join(out)


def terraform_graph(files: dict[str, str]) -> Graph:
    reader = TerraformReader(files)
    graph = Graph()
    bodies: dict[str, dict[str, Any]] = {}
    for tf_type, label, body in reader.blocks:
        address = f"{tf_type}.{label}"
        bodies[address] = body
        graph.add(Node(address, *_terraform_identity(reader, tf_type, label, body)))
    for tf_type, label, body in reader.data:
        address = f"data.{tf_type}.{label}"
        bodies[address] = body
        identity = reader.data_identity(label) if tf_type == "azapi_resource" else None
        graph.add(Node(address, identity, "read" if identity else "other"))
    for address, body in bodies.items():
        for text in _strings(body, skip=("lifecycle",)):
            for found in _ADDRESS.findall(_code(text)):
                if found.split(".")[0] in ("var", "local", "each", "count", "path", "body", "self"):
                    continue
                assert found in graph.nodes, f"{address} refers to {found}, which the module does not declare"
                graph.wait(address, found)
    return graph


def _terraform_identity(reader: TerraformReader, tf_type: str, label: str, body: dict[str, Any]
                        ) -> tuple[Identity | None, str]:
    if tf_type in ("azapi_update_resource", "azapi_resource_action"):
        target = reader.value(body["resource_id"])
        role = "update" if tf_type == "azapi_update_resource" else "action"
        return (target[1] if isinstance(target, tuple) and target[0] == "ref" else None), role
    try:
        return reader.identity(tf_type, label), "create"
    except (AssertionError, AttributeError, KeyError):
        return None, "other"  # an association resource, or another helper of azurerm's


# --- Bicep ---------------------------------------------------------------------------------------------

def _idents(value: Any) -> set[str]:
    """The names an expression uses (identifiers), through every kind of node the parser builds."""
    if isinstance(value, Ident):
        return {value.name}
    if isinstance(value, dict):
        return {name for key, item in value.items() for name in _idents(key) | _idents(item)}
    if isinstance(value, (list, tuple)):
        return {name for item in value for name in _idents(item)}
    if hasattr(value, "__dataclass_fields__"):
        return {name for attr in value.__dataclass_fields__ for name in _idents(getattr(value, attr))}
    return set()


def bicep_graph(files: dict[str, str], storage_suffix: str) -> Graph:
    reader = BicepReader(files, storage_suffix)
    graph = Graph()
    modules = reader.modules_by_symbol
    per_module: dict[str, list[str]] = {}
    for symbol in modules:
        module = reader.module(symbol)
        ids = per_module.setdefault(symbol, [])
        loops: dict[str, list[str]] = {}
        for declaration in module.declarations:
            if declaration.keyword != "resource":
                continue
            for node in _bicep_nodes(symbol, module, declaration):
                graph.add(node)
                ids.append(node.id)
                loops.setdefault(declaration.name, []).append(node.id)
        for declaration in module.declarations:
            if declaration.keyword != "resource" or declaration.name not in loops:
                continue
            body = declaration.value.body if isinstance(declaration.value, ForLoop) else declaration.value
            waits = _idents({k: v for k, v in body.items() if k != "dependsOn"}) | _idents(body.get("dependsOn"))
            for name in waits:
                if name in module.symbols and name in loops:
                    for node in loops[declaration.name]:
                        for dependency in loops[name]:
                            graph.wait(node, dependency)
            if any(isinstance(d, Call) and d.name == "batchSize" and d.args == (1,) for d in declaration.decorators):
                items = loops[declaration.name]
                for before, after in itertools.pairwise(items):
                    graph.wait(after, before)
    _check_names(reader)
    for symbol, declaration in modules.items():
        config = declaration.value
        waits = {name for name in _idents(config.get("params", {})) if name in modules}
        waits |= {name for name in _idents(config.get("dependsOn", [])) if name in modules}
        for other in waits:
            for node in per_module[symbol]:
                for dependency in per_module[other]:
                    graph.wait(node, dependency)
    return graph


def _check_names(reader: BicepReader) -> None:
    """Every name a module uses is declared in it, and every module output main.bicep reads exists."""
    for symbol in reader.modules_by_symbol:
        module = reader.module(symbol)
        known = set(module.params) | set(module.vars) | set(module.symbols)
        for declaration in module.declarations:
            if declaration.keyword not in ("resource", "output", "var"):
                continue
            bound = {declaration.value.variable} if isinstance(declaration.value, ForLoop) else set()
            unknown = _idents(declaration.value) - known - bound
            assert not unknown, f"{symbol}: {declaration.name} uses {sorted(unknown)}, which nothing declares"
    for declaration in reader.main.declarations:
        for found in _outputs_read(declaration.value):
            owner, name = found
            assert owner in reader.modules_by_symbol, f"main.bicep reads {owner}, which is no module"
            assert name in reader.module(owner).outputs, f"main.bicep reads {owner}.outputs.{name}, which it lacks"


def _outputs_read(value: Any) -> set[tuple[str, str]]:
    """(module, output) of every `module.outputs.name` in an expression."""
    found: set[tuple[str, str]] = set()
    if isinstance(value, Member) and isinstance(value.base, Member) and value.base.name == "outputs" \
            and isinstance(value.base.base, Ident):
        found.add((value.base.base.name, value.name))
    if isinstance(value, dict):
        for item in value.values():
            found |= _outputs_read(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            found |= _outputs_read(item)
    elif hasattr(value, "__dataclass_fields__"):
        for attr in value.__dataclass_fields__:
            found |= _outputs_read(getattr(value, attr))
    return found


def _bicep_nodes(module_symbol: str, module: Any, declaration: Declaration) -> list[Node]:
    arm_type = declaration.type.split("@")[0]
    base = f"{module_symbol}/{declaration.name}"
    if declaration.existing:
        required = module.identity(declaration.name) in module.existing()
        return [Node(base, module.identity(declaration.name), "read" if required else "other")]
    if isinstance(declaration.value, ForLoop):
        loop = declaration.value
        items = module.value(loop.iterable, {})
        return [Node(f"{base}[{index}]", module.identity_in(arm_type, loop.body, {loop.variable: item}), "create")
                for index, item in enumerate(items)]
    return [Node(base, module.identity(declaration.name), "create")]


def mark_updates(graph: Graph) -> Graph:
    """Of the Bicep nodes that deploy the same resource, every one after the first is an update (Bicep deploys
    a resource whole each time; the first in dependency order creates it)."""
    by_identity: dict[Identity, list[Node]] = {}
    for node in graph.nodes.values():
        if node.identity is not None and node.role == "create":
            by_identity.setdefault(node.identity, []).append(node)
    for nodes in by_identity.values():
        if len(nodes) < 2:
            continue
        first = next(n for n in nodes if not any(graph.after(n, other) for other in nodes if other is not n))
        for node in nodes:
            if node is not first:
                graph.nodes[node.id] = Node(node.id, node.identity, "update")
    return graph


def read_graph(files: dict[str, str], target: str, storage_suffix: str) -> Graph:
    if target == "bicep":
        return mark_updates(bicep_graph(files, storage_suffix))
    return terraform_graph(files)

