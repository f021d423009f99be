"""Compute (issue: clusters, instances and serverless compute without public IPs, and the image-build cluster), checked
in both targets against the intent: read back from the rendered files (tests/readback/), never against the plan."""

from __future__ import annotations

from typing import Any

import pytest

from amlgen.analysis.compute import declared, image_build
from amlgen.diagnostics import IntentError
from amlgen.intent.loader import load_intent_text
from amlgen.validation import validate
from tests.deployed import SUBNET, intent_of, read, read_text
from tests.deployed import of_type as entries_of_type
from tests.helpers import TARGETS, example_names, hcl_unquote, parse_hcl, render_example, render_text

COMPUTE = "Microsoft.MachineLearningServices/workspaces/computes"
WORKSPACE = "Microsoft.MachineLearningServices/workspaces"
WITH_COMPUTE = [name for name in example_names() if declared(intent_of(name))]
USER = {"object_id": "11111111-1111-1111-1111-111111111111", "tenant_id": "22222222-2222-2222-2222-222222222222"}


def computes(entries: Any) -> dict[str, dict[str, Any]]:
    """Each compute's ARM body, by its name (without the workspace's)."""
    return {name.rsplit("/", 1)[-1]: body for name, body in entries_of_type(entries, COMPUTE)}


def workspace_of(entries: Any) -> dict[str, Any]:
    ((_, body),) = entries_of_type(entries, WORKSPACE)
    return body


def test_examples_with_compute_cover_both_networks_and_both_kinds() -> None:
    kinds = {(item.kind.key, intent_of(name).network is not None) for name in WITH_COMPUTE
             for item in declared(intent_of(name))}
    assert {("clusters", True), ("clusters", False), ("instances", False)} <= kinds


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("example", WITH_COMPUTE)
def test_every_declared_compute_is_created_as_the_intent_says(example: str, target: str) -> None:
    intent = intent_of(example)
    found = computes(read(example, target))
    assert set(found) == {item.spec.name for item in declared(intent)}
    for item in declared(intent):
        body = found[item.spec.name]["properties"]
        inner = body["properties"]
        assert body["computeType"] == item.kind.compute_type
        assert body["disableLocalAuth"] is True, "Microsoft Entra ID only"
        assert inner["vmSize"] == item.spec.vm_size
        assert inner["enableNodePublicIp"] is item.spec.public_ip
        if item.kind.key == "clusters":
            scale = inner["scaleSettings"]
            assert (scale["minNodeCount"], scale["maxNodeCount"]) == (item.spec.min_nodes, item.spec.max_nodes)
            assert inner["remoteLoginPortPublicAccess"] == "Disabled"
        else:
            user = inner["personalComputeInstanceSettings"]["assignedUser"]
            assert (user["objectId"], user["tenantId"]) == (item.spec.assigned_user.object_id,
                                                            item.spec.assigned_user.tenant_id)
            assert inner["sshSettings"]["sshPublicAccess"] == "Disabled"
            idle = item.spec.idle_shutdown_minutes
            assert inner.get("idleTimeBeforeShutdown") == (f"PT{idle}M" if idle else None)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("example", WITH_COMPUTE)
def test_compute_runs_in_the_training_subnet_of_a_customer_network_and_nowhere_else(example: str,
                                                                                    target: str) -> None:
    intent = intent_of(example)
    entries = read(example, target)
    training = intent.network.spoke.training if intent.network is not None else None
    for name, body in computes(entries).items():
        subnet = body["properties"]["properties"].get("subnet")
        if training is None:
            assert subnet is None, f"{name}: the managed network places it"
            continue
        ref = subnet["id"]
        assert ref[0] == "ref" and ref[1][0] == SUBNET and ref[1][1].endswith(f"/{training.name or 'snet-training'}")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("example", WITH_COMPUTE)
def test_the_workspace_names_the_image_build_cluster_this_module_creates(example: str, target: str) -> None:
    intent = intent_of(example)
    entries = read(example, target)
    build = image_build(intent)
    assert build is not None, "every example with compute has a private registry"
    assert workspace_of(entries)["properties"]["imageBuildCompute"] == build.name
    assert build.name in computes(entries), "the cluster it names is created here"
    assert computes(entries)[build.name]["properties"]["computeType"] == "AmlCompute"


def test_no_compute_gets_a_public_ip_in_terraform_where_azurerm_defaults_to_one() -> None:
    """azurerm's node_public_ip_enabled defaults to true: every compute resource spells false."""
    for example in WITH_COMPUTE:
        for path, text in render_example(example, "terraform").items():
            if not path.endswith(".tf"):
                continue
            for block in parse_hcl(text).get("resource", []):
                for tf_type, instances in block.items():
                    if hcl_unquote(tf_type).startswith("azurerm_machine_learning_compute_"):
                        for label, body in instances.items():
                            assert body["node_public_ip_enabled"] is False, (example, label)
                            assert body["local_auth_enabled"] is False, (example, label)


HUB_SPOKE = """version: 1
name: contoso-ml
location: eastus
resources: {{container_registry: {{sku: Premium}}}}
network:
  outbound: hub_spoke_firewall
  compute_public_ip: {public}
  hub: {{address_space: 10.0.0.0/24, firewall_subnet_prefix: 10.0.0.0/26}}
  spoke:
    address_space: 10.1.0.0/16
    training: {{prefix: 10.1.0.0/24}}
    private_endpoints: {{prefix: 10.1.1.0/27}}
compute:
  image_build_compute: builder
  clusters:
    - {{name: builder, vm_size: Standard_DS3_v2, public_ip: {public}}}
  serverless: {{public_ip: {public}}}
"""


@pytest.mark.parametrize("target", TARGETS)
def test_a_public_ip_only_where_the_intent_asks_and_the_network_admits_it(target: str) -> None:
    private = read_text(HUB_SPOKE.format(public="false"), target)
    public = read_text(HUB_SPOKE.format(public="true"), target)
    assert computes(private)["builder"]["properties"]["properties"]["enableNodePublicIp"] is False
    assert computes(public)["builder"]["properties"]["properties"]["enableNodePublicIp"] is True
    settings = workspace_of(private)["properties"]["serverlessComputeSettings"]
    assert settings["serverlessComputeNoPublicIP"] is True
    assert settings["serverlessComputeCustomSubnet"][1][1].endswith("/snet-training")
    assert workspace_of(public)["properties"]["serverlessComputeSettings"]["serverlessComputeNoPublicIP"] is False


def _errors(text: str) -> set[str]:
    try:
        validate(load_intent_text("intent.yaml", text.encode()))
    except IntentError as error:
        return {d.rule_id for d in error.diagnostics if d.severity.value == "error"}
    return set()


def test_a_public_ip_the_network_has_no_inbound_for_is_refused() -> None:
    text = HUB_SPOKE.format(public="true").replace("  compute_public_ip: true\n", "")
    assert _errors(text) == {"AML804"}


@pytest.mark.parametrize("network", ["managed", "customer"])
def test_a_private_registry_without_image_build_compute_is_refused(network: str) -> None:
    if network == "customer":
        text = HUB_SPOKE.format(public="false").split("compute:\n", 1)[0]
    else:
        text = ("version: 1\nname: contoso-ml\nlocation: eastus\nworkspace:\n  public_network_access: disabled\n"
                "  managed_network: {isolation_mode: allow_only_approved_outbound}\n")
    assert _errors(text) == {"AML312"}
    assert _errors(text + "compute: {image_build_compute: builder}\n") == {"AML806"}
    assert _errors(text + "compute: {image_build_compute: builder, image_build_compute_existing: true}\n") == set()


MANAGED_INSTANCE = f"""version: 1
name: contoso-ml
location: eastus
workspace:
  public_network_access: enabled
  identity: user_assigned
  managed_network: {{isolation_mode: allow_internet_outbound}}
resources: {{container_registry: {{public_network_access: enabled}}}}
compute:
  instances:
    - name: NAME
      vm_size: Standard_DS3_v2
      identity: user_assigned
      assigned_user: {{object_id: {USER["object_id"]}, tenant_id: {USER["tenant_id"]}}}
"""


def _terraform_types(text: str) -> dict[str, str]:
    found = {}
    for path, content in render_text(text, "terraform").items():
        if path.endswith(".tf"):
            for block in parse_hcl(content).get("resource", []):
                for tf_type, instances in block.items():
                    for label in instances:
                        found[hcl_unquote(label)] = hcl_unquote(tf_type)
    return found


def test_instances_azurerm_refuses_are_created_with_azapi() -> None:
    """azurerm's compute instance takes names of 4 to 25 characters and has no idle shutdown; azapi creates the rest."""
    assert _terraform_types(MANAGED_INSTANCE.replace("NAME", "ci-alice"))["ci_alice"] == \
        "azurerm_machine_learning_compute_instance"
    assert _terraform_types(MANAGED_INSTANCE.replace("NAME", "ci1"))["ci1"] == "azapi_resource"
    idle = MANAGED_INSTANCE.replace("NAME", "ci-alice") + "      idle_shutdown_minutes: 30\n"
    assert _terraform_types(idle)["ci_alice"] == "azapi_resource"


@pytest.mark.parametrize("target", TARGETS)
def test_compute_acts_as_the_workspace_identity_when_the_intent_says_so(target: str) -> None:
    entries = read_text(MANAGED_INSTANCE.replace("NAME", "ci-alice"), target)
    identity = computes(entries)["ci-alice"]["identity"]
    assert identity["type"] == "UserAssigned"
    assert "Microsoft.ManagedIdentity/userAssignedIdentities" in repr(identity["userAssignedIdentities"])


@pytest.mark.parametrize("target", TARGETS)
def test_the_module_readme_says_what_destroying_an_instance_loses(target: str) -> None:
    readme = render_example("managed-vnet-approved-outbound", target)["README.md"]
    assert "once ci-data-scientist is destroyed" in readme and "local disk" in readme
    assert "ci-" not in render_example("hub-spoke-firewall", target)["README.md"], "no instance, no note"
