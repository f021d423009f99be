"""Azure's limits: vendored lists with their sources, reserved ranges, names by the ARM patterns, the
subscription, and the outbound rule count that one ARM template (and one Bicep loop) can hold."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from amlgen.azure.lists import (
    online_endpoint_vm_sizes,
    region_problem,
    regions,
    service_tag_problem,
    vm_size_problem,
)
from amlgen.azure.names import NAME_RULES
from amlgen.diagnostics import IntentError
from amlgen.intent.loader import load_intent_text
from amlgen.plan import build_plan
from amlgen.rules.limits import RESOURCES_PER_TEMPLATE
from amlgen.targets import render
from amlgen.validation import validate
from tests.helpers import EXAMPLES

LISTS = ("regions.json", "service_tags.json", "online_endpoint_vm_sizes.json")


@pytest.mark.parametrize("name", LISTS)
def test_each_vendored_list_names_its_source_and_date(name: str) -> None:
    data = json.loads(resources.files("amlgen.azure").joinpath(name).read_text())
    assert data.get("source") or data.get("sources")
    assert data["retrieved"][:2] == "20"


@pytest.mark.parametrize(("location", "cloud", "ok"), [
    ("eastus", "AzureCloud", True), ("East US 2", "AzureCloud", True), ("germanywestcentral", "AzureCloud", True),
    ("eastus3", "AzureCloud", False), ("chinaeast2", "AzureCloud", False), ("chinaeast2", "AzureChinaCloud", True),
    ("usgovvirginia", "AzureUSGovernment", True), ("eastus", "AzureUSGovernment", False),
])
def test_regions_per_cloud(location: str, cloud: str, ok: bool) -> None:
    assert (region_problem(location, cloud) is None) is ok


def test_a_misspelt_region_gets_did_you_mean() -> None:
    assert "did you mean 'eastus'" in (region_problem("eastus3", "AzureCloud") or "")
    assert "AzureChinaCloud" in (region_problem("chinanorth3", "AzureCloud") or "")
    assert len(regions("AzureCloud")) > 50


@pytest.mark.parametrize(("tag", "ok"), [
    ("AzureActiveDirectory", True), ("Storage.EastUS", True), ("storage.eastus", True), ("VirtualNetwork", True),
    ("Storage.atlantis", False), ("AzureActiveDirectory.EastUS", False), ("AzureActivDirectory", False),
])
def test_service_tags_with_their_regional_forms(tag: str, ok: bool) -> None:
    assert (service_tag_problem(tag) is None) is ok


@pytest.mark.parametrize(("size", "ok", "hint"), [
    ("Standard_DS3_v2", True, ""), ("standard_f2s_v2", True, ""), ("Standard_NC24ads_A100_v4", True, ""),
    ("Standard_DS3_v9", False, "did you mean 'Standard_DS3_v2'"),
    ("Standard DS3 v2", False, "did you mean 'Standard_DS3_v2'"), ("Standard_B1s", False, ""),
])
def test_managed_online_endpoint_vm_sizes(size: str, ok: bool, hint: str) -> None:
    problem = vm_size_problem(size)
    assert (problem is None) is ok and hint in (problem or "")


def test_every_example_uses_a_listed_vm_size_and_region() -> None:
    sizes = {s.lower() for s in online_endpoint_vm_sizes()}
    for path in EXAMPLES.glob("*/intent.yaml"):
        loaded = load_intent_text(str(path), path.read_bytes())
        intent, _ = validate(loaded)
        assert region_problem(intent.location, intent.cloud) is None
        assert all(d.instance_type.lower() in sizes for e in intent.endpoints for d in e.deployments)


@pytest.mark.parametrize(("kind", "name", "ok"), [
    ("outbound_rule", "ab", False), ("outbound_rule", "abc", True), ("outbound_rule", "a" * 33, True),
    ("outbound_rule", "a" * 34, False), ("outbound_rule", "_ab", False),
    ("application_insights", "a" * 260, True), ("application_insights", "a" * 261, False),
    ("application_insights", "appi.", False), ("application_insights", "appi ", False),
    ("application_insights", "ap\npi", False), ("application_insights", "appi\x7f", False),
    ("application_insights", "appi (prod)", True),
])
def test_names_follow_the_arm_patterns(kind: str, name: str, ok: bool) -> None:
    assert (NAME_RULES[kind].problem(name) is None) is ok


def test_the_prefix_message_reads_right() -> None:
    problem = NAME_RULES["prefix"].problem("Contoso_ML") or ""
    assert "not a valid name prefix:" in problem and "prefix name" not in problem


def _with_rules(count: int) -> bytes:
    rules = "".join(f"      - {{name: rule-{i:04d}, type: fqdn, destination: host{i}.example.com}}\n"
                    for i in range(count))
    return ("version: 1\nname: contoso-ml\nlocation: eastus\nworkspace:\n  public_network_access: enabled\n"
            "  managed_network:\n    isolation_mode: allow_only_approved_outbound\n    outbound_rules:\n"
            + rules).encode()


def test_more_outbound_rules_than_one_template_holds_are_refused_with_the_limit() -> None:
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", _with_rules(RESOURCES_PER_TEMPLATE + 1)))
    (diagnostic,) = [d for d in caught.value.diagnostics if d.rule_id == "AML611"]
    assert "800" in diagnostic.message and diagnostic.position.line == 9 + RESOURCES_PER_TEMPLATE


@pytest.mark.slow
def test_the_largest_accepted_rule_set_renders_one_loop_of_800_and_800_chained_terraform_rules() -> None:
    intent, _ = validate(load_intent_text("intent.yaml", _with_rules(RESOURCES_PER_TEMPLATE)))
    plan = build_plan(intent, "intent.yaml")
    bicep = render(plan, "bicep")["modules/outbound-rules.bicep"]
    assert bicep.count("@batchSize(1)") == 1 and bicep.count("    name: 'rule-") == RESOURCES_PER_TEMPLATE
    terraform = render(plan, "terraform")["outbound_rules.tf"]
    assert terraform.count('resource "azurerm_machine_learning_workspace_network_outbound_rule_fqdn"') == 800
    assert terraform.count("depends_on = [azurerm_machine_learning_workspace_network_outbound_rule_fqdn.") == 799
