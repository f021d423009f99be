"""What each apply (Terraform) or deployment (Bicep) of rendered output sends to Azure, simulated offline.

The simulation follows the providers' documented and coded behaviour, no more:

- ARM: a PUT replaces the resource's body; properties it leaves out are gone (an online endpoint PUT without
  `traffic` sets every deployment's share to 0, as users of both targets report).
- azurerm, machine_learning_workspace_resource.go (v4.81.0): Create PUTs the arguments; Update GETs the
  workspace, and for each argument whose planned value differs from the state, sets its ARM property on
  what it read, then PUTs it. `managed_network` is expanded to `{isolationMode}` alone
  (expandMachineLearningWorkspaceManagedNetwork), so its update drops every other managedNetwork value.
  Other azurerm resources are modelled the same way.
- azapi_resource: Create PUTs its body; an update PUTs its whole configured body.
- azapi_update_resource: it reads the resource and PUTs it with its body merged in, when its body differs
  from what it reads (its refresh sees drift) or from its state.
- Terraform: `lifecycle { ignore_changes }` keeps the prior state's value for those arguments, so they are
  never a change.
- Bicep: a deployment PUTs every resource it declares, whole, in dependency order; `@onlyIfNotExists()`
  skips a resource that exists.

Each request is recorded, so a test can say what an apply sends and what Azure holds after it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from amlgen.targets.terraform.azurerm import by_tf_type
from amlgen.targets.terraform.mapping import Arg, Nested
from tests.readback.bicep_parser import Call
from tests.readback.bicep_readback import BicepReader, snake
from tests.readback.canonical import Identity
from tests.readback.graph import terraform_graph
from tests.readback.terraform_readback import TerraformReader


@dataclass(frozen=True)
class Request:
    tool: str  # which resource sent it (Terraform address or Bicep resource)
    identity: Identity
    body: dict[str, Any]


@dataclass
class Azure:
    """The resources as ARM holds them, and every request sent to it."""

    resources: dict[Identity, dict[str, Any]] = field(default_factory=dict)
    sent: list[list[Request]] = field(default_factory=list)  # per apply

    def put(self, request: Request) -> None:
        self.sent[-1].append(request)
        self.resources[request.identity] = copy.deepcopy(request.body)


def merged(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in patch.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def contains(body: Any, patch: Any) -> bool:
    """Whether body holds every value of patch (what azapi_update_resource compares)."""
    if isinstance(patch, dict):
        return isinstance(body, dict) and all(contains(body.get(k), v) for k, v in patch.items())
    return body == patch


# --- Terraform ----------------------------------------------------------------------------------------

def _ignored(body: dict[str, Any]) -> list[list[str | int]]:
    lifecycle = body.get("lifecycle", [{}])[0]
    found = []
    for text in re.findall(r"[A-Za-z_][\w.\[\]]*", str(lifecycle.get("ignore_changes", ""))):
        found.append([int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", text) if p])
    return found


def _without(body: dict[str, Any], paths: list[list[str | int]]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    for path in paths:
        node: Any = body
        for step in path[:-1]:
            node = node[step] if isinstance(node, (dict, list)) and (isinstance(step, int) or step in node) else None
            if node is None:
                break
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return body


def _arm(reader: TerraformReader, tf_type: str, body: dict[str, Any]) -> dict[str, Any]:
    """The ARM body a resource block sends on create, with its inputs at their values."""
    if tf_type == "azapi_resource":
        arm = copy.deepcopy(reader.value(body.get("body", {})))
        for key in ("location", "tags"):
            if key in body:
                arm[key] = reader.value(body[key])
    else:
        mapping = by_tf_type(tf_type)
        assert mapping is not None, tf_type
        arm = reader.arm(mapping.items, body, mapping.implied)
        arm.pop("name", None)
    return dict(concrete(arm, reader.values))


def _changed_paths(tf_type: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The ARM paths an azurerm update sets: those of each top-level argument whose value changed."""
    mapping = by_tf_type(tf_type)
    assert mapping is not None
    paths = []
    for item in mapping.items:
        if isinstance(item, (Arg, Nested)) and old.get(item.name) != new.get(item.name):
            paths.append(item.path)
    return paths


def _get(body: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        body = body.get(key) if isinstance(body, dict) else None
    return body


def _set(body: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        body = body.setdefault(key, {})
    if value is None:
        body.pop(keys[-1], None)
    else:
        body[keys[-1]] = value


def concrete(value: Any, values: dict[str, Any]) -> Any:
    """A read-back value with every input at the value the module is deployed with."""
    if isinstance(value, tuple) and value[:1] == ("param",):
        return copy.deepcopy(values[value[1]])
    if isinstance(value, tuple):
        return tuple(concrete(item, values) for item in value)
    if isinstance(value, dict):
        return {key: concrete(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [concrete(item, values) for item in value]
    return value


def _resolved(reader: TerraformReader, body: Any) -> Any:
    """A block's arguments with every expression read and every variable at its value (what a plan diffs)."""
    if isinstance(body, dict):
        return {key: _resolved(reader, item) for key, item in body.items()
                if not key.startswith("__") and key not in ("lifecycle", "depends_on")}
    if isinstance(body, list):
        return [_resolved(reader, item) for item in body]
    return concrete(reader.value(body), reader.values) if isinstance(body, str) else body


def terraform_apply(azure: Azure, files: dict[str, str], state: dict[str, Any] | None) -> dict[str, Any]:
    """Apply a rendered module: create what the state lacks, update what changed. Returns the new state: each
    resource's arguments, resolved (variables at their values), as Terraform records them."""
    azure.sent.append([])
    reader = TerraformReader(files)
    reader.values.setdefault("resource_group_name", "rg-example")
    graph = terraform_graph(files)
    blocks = {f"{t}.{label}": (t, body) for t, label, body in reader.blocks}
    state = state or {}
    new_state: dict[str, Any] = {}
    for address in _topological(graph.edges):
        if address not in blocks:
            continue
        tf_type, raw = blocks[address]
        ignored = _ignored(raw)
        body = _resolved(reader, raw)
        identity = graph.nodes[address].identity
        new_state[address] = _kept(body, state[address], ignored) if address in state else body
        if tf_type == "azapi_update_resource":
            patch = body["body"]
            current = azure.resources.get(identity, {})
            if address not in state or not contains(current, patch) or state[address] != body:
                azure.put(Request(address, identity, merged(current, patch)))
            continue
        if identity is None or tf_type == "azapi_resource_action" or graph.nodes[address].role != "create":
            continue
        if address not in state:
            azure.put(Request(address, identity, _arm(reader, tf_type, raw)))
            continue
        old, new = _without(state[address], ignored), _without(body, ignored)
        if old == new:
            continue
        if tf_type == "azapi_resource":  # its update PUTs its whole body, ignored arguments at their state
            kept = new_state[address]
            sent = {**kept.get("body", {}), **{key: kept[key] for key in ("location", "tags") if key in kept}}
        else:  # azurerm: what it reads, with the changed arguments' properties set
            sent = copy.deepcopy(azure.resources.get(identity, {}))
            arm = _arm(reader, tf_type, raw)
            for path in _changed_paths(tf_type, old, new):
                _set(sent, path, _get(arm, path))
        azure.put(Request(address, identity, sent))
    return new_state


def _kept(body: dict[str, Any], prior: dict[str, Any], ignored: list[list[str | int]]) -> dict[str, Any]:
    """The planned arguments: the configured ones, the ignored ones at their prior state's value."""
    kept = copy.deepcopy(body)
    for path in ignored:
        source: Any = prior
        target: Any = kept
        for step in path[:-1]:
            source, target = source[step], target[step]
        if isinstance(source, dict) and path[-1] in source:
            target[path[-1]] = copy.deepcopy(source[path[-1]])
    return kept


def _topological(edges: dict[str, set[str]]) -> list[str]:
    done: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:
        if node in seen:
            return
        seen.add(node)
        for dependency in sorted(edges[node]):
            visit(dependency)
        done.append(node)

    for node in sorted(edges):
        visit(node)
    return done


# --- Bicep ----------------------------------------------------------------------------------------------

def bicep_deploy(azure: Azure, files: dict[str, str], storage_suffix: str) -> None:
    """One deployment: every declared resource PUT whole, in module order; @onlyIfNotExists() skips one
    that exists."""
    azure.sent.append([])
    reader = BicepReader(files, storage_suffix)
    for symbol in reader.modules_by_symbol:
        for declaration, entries in reader.module(symbol).declared():
            once = any(isinstance(d, Call) and d.name == "onlyIfNotExists" for d in declaration.decorators)
            for identity, body in entries:
                if once and identity in azure.resources:
                    continue
                values = {snake(name): value for name, value in reader.values.items()}
                azure.put(Request(f"{symbol}/{declaration.name}", identity, concrete(body, values)))
