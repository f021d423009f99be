"""Generated code uses only what the real providers accept (schemas vendored in tests/data/).

The checkers live in tests/schema_check.py; the second half of this file feeds them broken output to
prove that they catch a misspelled property, an unknown enum value, a read-only property, an unknown
Terraform argument and a missing required one.
"""

from __future__ import annotations

import re

import pytest

from amlgen.azure.versions import MACHINE_LEARNING_API, arm_type_version
from tests.azurerm_validation import emitted, refuses
from tests.azurerm_validation import table as validation_table
from tests.azurerm_validation import violations as validation_violations
from tests.helpers import example_names, render_example
from tests.schema_check import (
    arm_schema,
    azapi_bodies,
    azurerm_schema,
    bicep_resources,
    bicep_violations,
    schema_versions,
    terraform_violations,
    version_date,
)

EXAMPLE = "managed-vnet-approved-outbound"


@pytest.mark.parametrize("example", example_names())
def test_terraform_matches_azurerm_schema(example: str) -> None:
    assert terraform_violations(render_example(example, "terraform")) == []


@pytest.mark.parametrize("example", example_names())
def test_bicep_properties_match_arm_schema(example: str) -> None:
    files = render_example(example, "bicep")
    checked = [r for r in bicep_resources(files) if r[3]]
    assert checked, "no Bicep resource with properties was checked"
    assert bicep_violations(files) == []


def test_vendored_schemas_describe_the_pinned_versions() -> None:
    assert azurerm_schema()["version"].startswith("4."), "the Terraform target pins azurerm ~> 4"
    versions = schema_versions()
    checked = 0
    for arm_type, validated in versions.items():
        try:
            pinned = arm_type_version(arm_type)
        except KeyError:
            continue  # vendored ahead of the work that will emit it
        checked += 1
        if arm_type.startswith("Microsoft.MachineLearningServices/"):
            # The Machine Learning API is validated at exactly the version amlgen emits.
            assert validated == pinned == MACHINE_LEARNING_API, arm_type
        else:
            # The SDKs carry newer API versions than the pins; versions.py says why that is accepted.
            assert version_date(validated) >= version_date(pinned), (arm_type, validated, pinned)
    assert checked >= 10


def test_azapi_bodies_are_checked() -> None:
    files = render_example(EXAMPLE, "terraform")
    assert azapi_bodies(files), "the example is expected to patch the workspace through azapi"
    assert all(t.split("@")[0] in arm_schema()["resources"] for _w, t in azapi_bodies(files))


def test_outbound_rule_loop_is_checked_per_element() -> None:
    files = render_example(EXAMPLE, "bicep")
    rules = [r for r in bicep_resources(files) if r[1] == "Microsoft.MachineLearningServices/workspaces/outboundRules"]
    assert len(rules) == 1
    kinds = sorted(p["type"] for p in rules[0][3])
    assert kinds == ["FQDN", "FQDN", "PrivateEndpoint", "ServiceTag"]


# --- the checkers catch what they should ------------------------------------------------------------

def _broken(files: dict[str, str], path: str, pattern: str, replacement: str) -> dict[str, str]:
    text = files[path]
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, f"{pattern!r} not found in {path}"
    return {**files, path: changed}


BICEP_MUTATIONS = [
    # (path, pattern, replacement, expected fragment of the violation)
    ("modules/workspace.bicep", r"\bfirewallSku:", "firewalSku:", "'firewalSku' was unexpected"),
    ("modules/workspace.bicep", r"'AllowOnlyApprovedOutbound'", "'AllowOnlyApproved'", "is not one of"),
    ("modules/workspace.bicep", r"^(\s*)isolationMode:", r"\1networkId: 'x'\n\1isolationMode:", "read-only"),
    ("modules/workspace.bicep", r"\bv1LegacyMode: false", "v1LegacyMode: 'false'", "is not of type 'boolean'"),
    ("modules/outbound-rules.bicep", r"\bserviceTag:", "servicetag:", "'servicetag' was unexpected"),
    ("modules/outbound-rules.bicep", r"type: 'ServiceTag'", "type: 'Servicetag'", "is not one of"),
    ("modules/associated-resources.bicep", r"^\s*tenantId:.*\n", "", "'tenantId' is a required property"),
    ("modules/associated-resources.bicep", r"\ballowBlobPublicAccess:", "allowBlobPublicAcess:", "unexpected"),
    ("modules/private-endpoints.bicep", r"\bgroupIds:", "groupId:", "'groupId' was unexpected"),
]


@pytest.mark.parametrize(("path", "pattern", "replacement", "expected"), BICEP_MUTATIONS,
                         ids=[f"{p}:{r}" for p, _pat, r, _e in BICEP_MUTATIONS])
def test_bicep_schema_check_catches(path: str, pattern: str, replacement: str, expected: str) -> None:
    files = _broken(render_example(EXAMPLE, "bicep"), path, pattern, replacement)
    violations = bicep_violations(files)
    assert any(expected in v for v in violations), violations


TERRAFORM_MUTATIONS = [
    ("workspace.tf", r"\bpublic_network_access_enabled\b", "public_access_enabled", "unknown argument"),
    ("associated_resources.tf", r"^\s*account_tier\s*=.*\n", "", "required argument account_tier"),
    ("associated_resources.tf", r"\bnetwork_rules \{", "network_rule {", "unknown argument or block network_rule"),
    ("workspace.tf", r"\bfirewallSku(\s*)=", r"firewalSku\1=", "'firewalSku' was unexpected"),
    ("workspace.tf", r'"Standard"\n', '"Premium"\n', "is not one of"),
    ("workspace.tf", r"workspaces@2025-12-01", "workspaces@2024-04-01", "not the version pinned"),
    ("associated_resources.tf", r'resource "azurerm_key_vault"', 'resource "azurerm_keyvault"',
     "not a vendored azurerm resource type"),
]


@pytest.mark.parametrize(("path", "pattern", "replacement", "expected"), TERRAFORM_MUTATIONS,
                         ids=[f"{p}:{r.strip() or 'removed'}" for p, _pat, r, _e in TERRAFORM_MUTATIONS])
def test_terraform_schema_check_catches(path: str, pattern: str, replacement: str, expected: str) -> None:
    files = _broken(render_example(EXAMPLE, "terraform"), path, pattern, replacement)
    violations = terraform_violations(files)
    assert any(expected in v for v in violations), violations


# --- the provider's value validation (tests/data/azurerm_validation.json) ----------------------------------

VALIDATION_CHECKS = [(tf_type, argument, check) for tf_type, spec in validation_table()["resources"].items()
                     for argument, check in sorted(spec["arguments"].items()) if check["check"] != "none"]


@pytest.mark.parametrize("example", example_names())
def test_terraform_values_pass_azurerm_validation(example: str) -> None:
    """Every azurerm argument amlgen emits is in the table, and no value is one the provider refuses (at plan
    time, or when it creates the resource)."""
    assert validation_violations(render_example(example, "terraform")) == []


@pytest.mark.parametrize(("tf_type", "argument", "check"), VALIDATION_CHECKS,
                         ids=[f"{t}.{a}" for t, a, _ in VALIDATION_CHECKS])
def test_each_validation_refuses_its_refused_value(tf_type: str, argument: str, check: dict) -> None:
    assert refuses(check, check["refused"]) is not None, (tf_type, argument)


def test_apply_time_validation_refuses_its_refused_value() -> None:
    for check in validation_table()["apply"].values():
        assert refuses(check, check["refused"]) is not None


def test_the_validation_table_covers_every_emitted_resource_type() -> None:
    emitted_types = {tf_type for example in example_names()
                     for _a, tf_type, _g, _v in emitted(render_example(example, "terraform"))}
    assert emitted_types <= set(validation_table()["resources"])


def test_the_mapping_refuses_what_the_provider_refuses() -> None:
    """The azurerm mapping sends to azapi exactly the outbound rules the provider's validation refuses: its
    data is the table's."""
    from amlgen.targets.terraform.azurerm.machine_learning import PRIVATE_ENDPOINT_TARGETS, SERVICE_TAGS

    table = validation_table()
    apply = table["apply"]["azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint"]
    assert {k: list(v) for k, v in PRIVATE_ENDPOINT_TARGETS.items()} == apply["map"]
    tags = table["resources"]["azurerm_machine_learning_workspace_network_outbound_rule_service_tag"]["arguments"]
    assert set(tags["service_tag"]["values"]) == SERVICE_TAGS


def test_a_refused_outbound_rule_goes_to_azapi() -> None:
    """endpoint-approved-outbound-rule-kinds has a private endpoint rule to a container registry: azurerm's
    private endpoint rule refuses it (apply time), so azapi creates it, and the azurerm rules pass."""
    files = render_example("endpoint-approved-outbound-rule-kinds", "terraform")
    rules = files["outbound_rules.tf"]
    assert 'resource "azapi_resource" "images"' in rules and '"crshared"' not in rules.split(
        'resource "azapi_resource" "images"')[0]
    forced = rules.replace('resource "azapi_resource" "images" {', 'resource "azapi_resource" "images" {', 1)
    assert forced == rules
    broken = re.sub(r'(sub_resource_target = )"vault"', r'\1"registry"', rules)
    found = validation_violations({**files, "outbound_rules.tf": broken})
    assert any("secrets: sub_resource_target: azurerm refuses it" in line for line in found), found
    to_registry = rules.replace("Microsoft.KeyVault/vaults/kv-shared", "Microsoft.ContainerRegistry/registries/x")
    found = validation_violations({**files, "outbound_rules.tf": to_registry})
    assert any("refuses it when it creates it" in line for line in found), found
