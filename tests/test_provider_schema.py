"""Generated code uses only what the real providers accept (schemas vendored in tests/data/).

The checkers live in tests/schema_check.py; the second half of this file feeds them broken output to
prove that they catch a misspelled property, an unknown enum value, a read-only property, an unknown
Terraform argument and a missing required one.
"""

from __future__ import annotations

import re

import pytest

from amlgen.azure.versions import MACHINE_LEARNING_API, arm_type_version
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
