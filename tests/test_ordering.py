"""Every example deploys in order on the first apply, as far as the rendered code shows it, in both targets.

The dependency graph is read back from the rendered text (tests/readback/graph.py): Terraform references
and depends_on; Bicep references, dependsOn, module wiring and @batchSize(1) loops. Reading it fails when a
reference names nothing declared. Over it, in ARM terms:

- the managed network's outbound rules are created one at a time;
- an online deployment waits for the managed network (the workspace that provisions it, every outbound rule,
  the Spark provisioning), for the assets it uses, and for its endpoint;
- an endpoint's traffic waits for every deployment of it;
- a role assignment waits for the identity whose principal it names, and the workspace for its user-assigned
  identity's roles on the resources it uses;
- an existing asset is read before the deployments that use it.

The last part feeds the checks output with an ordering removed, to show that they notice.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Any

import pytest

from amlgen.analysis.assets import COLLECTIONS, workspace_assets
from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.intent.loader import load_intent_file
from amlgen.intent.model import Intent
from amlgen.validation import validate
from tests.helpers import EXAMPLES, TARGETS, example_names, render_example
from tests.readback.bicep_readback import read_bicep
from tests.readback.canonical import Entry, Identity
from tests.readback.graph import Graph, Node, read_graph
from tests.readback.terraform_readback import read_terraform

WORKSPACE = "Microsoft.MachineLearningServices/workspaces"
RULE = f"{WORKSPACE}/outboundRules"
ENDPOINT = f"{WORKSPACE}/onlineEndpoints"
DEPLOYMENT = f"{ENDPOINT}/deployments"
ROLE = "Microsoft.Authorization/roleAssignments"
IDENTITY = "Microsoft.ManagedIdentity/userAssignedIdentities"
ASSOCIATED = ("Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults",
              "Microsoft.ContainerRegistry/registries", "Microsoft.Insights/components")
CASES = [(example, target) for example in example_names() for target in TARGETS]


@cache
def intent_of(example: str) -> Intent:
    intent, _ = validate(load_intent_file(EXAMPLES / example / "intent.yaml", "intent.yaml"))
    return intent


def _read(files: dict[str, str], target: str, cloud: str) -> tuple[Graph, list[Entry]]:
    suffix = STORAGE_SUFFIX[cloud]
    entries = read_bicep(files, suffix) if target == "bicep" else read_terraform(files)
    return read_graph(files, target, suffix), entries


@cache
def rendered(example: str, target: str) -> tuple[Graph, tuple[Entry, ...]]:
    graph, entries = _read(render_example(example, target), target, intent_of(example).cloud)
    return graph, tuple(entries)


def _refs(value: Any) -> list[Identity]:
    if isinstance(value, tuple) and value and value[0] == "ref":
        return [value[1]]
    if isinstance(value, tuple):
        return [found for item in value for found in _refs(item)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _refs(item)]
    if isinstance(value, list):
        return [found for item in value for found in _refs(item)]
    return []


def _assets(intent: Intent, deployment: Identity) -> list[Identity]:
    """The workspace assets the intent says this deployment uses, as ARM identities."""
    workspace, _, rest = deployment[1].partition("/")
    endpoint_name, deployment_name = rest.split("/")
    found = []
    for endpoint in intent.endpoints:
        for spec in endpoint.deployments:
            if (endpoint.name, spec.name) == (endpoint_name, deployment_name):
                found += [(f"{WORKSPACE}/{COLLECTIONS[use.kind]}/versions", f"{workspace}/{use.name}/{use.version}")
                          for use in workspace_assets(spec)]
    return found


def problems(graph: Graph, entries: tuple[Entry, ...], intent: Intent) -> list[str]:
    """Every ordering the deployment needs that the graph lacks, in words."""
    found: list[str] = []

    def need(node: Node, dependency: Node, why: str) -> None:
        if not graph.after(node, dependency):
            found.append(f"{node.id} does not wait for {dependency.id}: {why}")

    rules = graph.of(RULE)
    order = [rule.name for rule in intent.workspace.managed_network.outbound_rules]
    rules.sort(key=lambda node: order.index(node.identity[1].rsplit("/", 1)[-1]))
    for before, after in itertools.pairwise(rules):
        need(after, before, "outbound rules are created one at a time")
    network = rules + graph.of(WORKSPACE, "action")
    managed = intent.workspace.managed_network.isolation_mode != "disabled"
    bodies = {identity: body for identity, body in entries}
    for deployment in graph.of(DEPLOYMENT):
        assert deployment.identity is not None
        endpoint = graph.find((ENDPOINT, deployment.identity[1].rsplit("/", 1)[0]))
        need(deployment, endpoint, "a deployment belongs to its endpoint")
        if managed:
            need(deployment, graph.find((WORKSPACE, deployment.identity[1].split("/", 1)[0])),
                 "the workspace provisions the managed network")
            for node in network:
                need(deployment, node, "a deployment runs in the managed network, which needs its rules")
        for asset in _assets(intent, deployment.identity):
            role = "read" if any(n.identity == asset and n.role == "read" for n in graph.nodes.values()) else "create"
            need(deployment, graph.find(asset, role), "a deployment needs its assets")
    for traffic in graph.of(ENDPOINT, "update"):
        for deployment in graph.of(DEPLOYMENT):
            if traffic.identity is not None and deployment.identity[1].startswith(traffic.identity[1] + "/"):
                need(traffic, deployment, "traffic can name only deployments that exist")
    for role in graph.of(ROLE):
        for principal in _refs(bodies.get(role.identity, {}).get("properties", {}).get("principalId")):
            need(role, graph.find(principal), "a role assignment names its identity's principal")
    if graph.of(IDENTITY):
        workspace = graph.of(WORKSPACE)[0]
        for role in graph.of(ROLE):
            assert role.identity is not None
            scope = role.identity[1].split("/('guid'", 1)[0]  # a role assignment is named below its scope
            if any(node.identity == (arm_type, scope) for arm_type in ASSOCIATED for node in graph.of(arm_type)):
                need(workspace, role, "the workspace uses its identity's roles on its resources from the start")
    return found


@pytest.mark.parametrize(("example", "target"), CASES)
def test_every_example_deploys_in_order(example: str, target: str) -> None:
    graph, entries = rendered(example, target)
    assert problems(graph, entries, intent_of(example)) == []


def test_the_orderings_are_exercised() -> None:
    """The examples hold every kind of node the checks above order."""
    kinds = {(node.identity[0], node.role) for example, target in CASES
             for node in rendered(example, target)[0].nodes.values() if node.identity}
    assert {(RULE, "create"), (DEPLOYMENT, "create"), (ENDPOINT, "update"), (ROLE, "create"), (IDENTITY, "create"),
            (f"{WORKSPACE}/models/versions", "create"), (f"{WORKSPACE}/models/versions", "read"),
            (WORKSPACE, "action")} <= kinds


@pytest.mark.parametrize("target", TARGETS)
def test_existing_assets_are_read_before_the_deployments(target: str) -> None:
    """An asset declared existing is read (Terraform: a data source; Bicep: `existing` and an output of its
    properties) before the deployments that use it."""
    graph, _ = rendered("legacy-secure-inbound-secure-outbound", target)
    reads = [node for node in graph.nodes.values() if node.role == "read"]
    assert {node.identity[0].rsplit("/", 2)[-2] for node in reads if node.identity[0].endswith("/versions")} == {
        "models", "codes", "environments"}
    (deployment,) = graph.of(DEPLOYMENT)
    assert all(graph.after(deployment, node) for node in reads if node.identity[0].endswith("/versions"))


# --- the checks notice a missing ordering ----------------------------------------------------------------

def _broken(example: str, target: str, path: str, pattern: str, replacement: str) -> list[str]:
    files = render_example(example, target)
    changed = re.sub(pattern, replacement, files[path], count=1, flags=re.MULTILINE | re.DOTALL)
    assert changed != files[path], f"{pattern!r} not found in {path}"
    graph, entries = _read({**files, path: changed}, target, intent_of(example).cloud)
    return problems(graph, tuple(entries), intent_of(example))


BROKEN = [
    # (example, target, file, pattern, replacement, expected fragment of a problem)
    ("endpoint-approved-outbound-rule-kinds", "terraform", "outbound_rules.tf",
     r'(resource "azapi_resource" "images" \{.*?)\n  depends_on = \[[^\]]*\]\n', r"\1",
     "one at a time"),
    ("endpoint-approved-outbound-rule-kinds", "terraform", "online_endpoints.tf",
     r"\n  depends_on = \[azapi_resource\.images\]\n", "\n", "needs its rules"),
    ("endpoint-approved-outbound-rule-kinds", "bicep", "main.bicep",
     r"  dependsOn: \[\n    outboundRules\n  \]\n", "", "needs its rules"),
    ("endpoint-approved-outbound-rule-kinds", "bicep", "modules/outbound-rules.bicep", r"@batchSize\(1\)\n", "",
     "one at a time"),
    ("endpoint-approved-outbound-rule-kinds", "terraform", "online_endpoints.tf",
     r"(\n  depends_on = \[\n    azapi_resource\.online_deployment_fraud_scoring_blue,\n)", r"\n  depends_on = [\n",
     "traffic can name only"),
    ("endpoint-approved-outbound-rule-kinds", "bicep", "main.bicep",
     r"(module onlineEndpointTraffic .*?)  dependsOn: \[\n    onlineEndpoints\n  \]\n", r"\1",
     "traffic can name only"),
    ("endpoint-approved-outbound-rule-kinds", "terraform", "online_endpoints.tf",
     r"(\n      model\s+= )azapi_resource\.model_credit_default_1\.id", r'\1"x"', "needs its assets"),
    ("managed-vnet-user-assigned-identity", "terraform", "workspace.tf", r"\n  depends_on = \[\n[^\]]*\]\n", "\n",
     "its identity's roles"),
]


@pytest.mark.parametrize(("example", "target", "path", "pattern", "replacement", "expected"), BROKEN,
                         ids=[f"{b[1]}:{b[5]}" for b in BROKEN])
def test_a_missing_ordering_is_reported(example: str, target: str, path: str, pattern: str, replacement: str,
                                        expected: str) -> None:
    found = _broken(example, target, path, pattern, replacement)
    assert any(expected in line for line in found), found
