"""Both targets spell the plan, resource by resource and property by property.

Each example's Bicep and Terraform are read back from their rendered text (tests/readback/) into the resource
model's terms and compared with the plan's Deployment: the same resources (ARM type and full name), and for
each the same location, tags, kind, SKU, identity and properties, with references pointing at the same
resources. A printer that drops, renames or changes a value on one side fails here, not only in a golden.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from amlgen.arm.deployment import Deployment
from amlgen.azure.tables import STORAGE_SUFFIX
from amlgen.intent.loader import load_intent_file
from amlgen.plan import build_plan
from amlgen.validation import validate
from tests.helpers import EXAMPLES, example_names, render_example
from tests.readback.bicep_readback import read_bicep
from tests.readback.canonical import Canonical, Entry, differences
from tests.readback.terraform_readback import read_terraform, without_provider_named


@cache
def deployment(example: str) -> Deployment:
    intent, _ = validate(load_intent_file(EXAMPLES / example / "intent.yaml", "intent.yaml"))
    return build_plan(intent, "intent.yaml")


def bicep_differences(example: str, files: dict[str, str]) -> list[str]:
    plan = deployment(example)
    return differences(Canonical(plan).entries(), read_bicep(files, STORAGE_SUFFIX[plan.cloud]))


def terraform_differences(example: str, files: dict[str, str]) -> list[str]:
    expected: list[Entry] = without_provider_named(Canonical(deployment(example)).entries())
    return differences(expected, without_provider_named(read_terraform(files)))


@pytest.mark.parametrize("example", example_names())
def test_bicep_spells_the_plan(example: str) -> None:
    assert bicep_differences(example, render_example(example, "bicep")) == []


@pytest.mark.parametrize("example", example_names())
def test_terraform_spells_the_plan(example: str) -> None:
    assert terraform_differences(example, render_example(example, "terraform")) == []


def test_every_resource_of_the_plan_is_compared() -> None:
    """The readers see every resource: as many entries as the plan has resources, in both targets."""
    for example in example_names():
        # Resources the deployment only reads (existing ones) and actions it calls are no resource of either
        # target's state: tests/test_ordering.py checks that both targets read and call them.
        count = len([r for r in deployment(example).deployed if r.action is None])
        assert len(read_bicep(render_example(example, "bicep"), "core.windows.net")) == count, example
        assert len(read_terraform(render_example(example, "terraform"))) == count, example


# --- the comparison catches a target that disagrees with the plan --------------------------------------

def _mutated(files: dict[str, str], path: str, pattern: str, replacement: str) -> dict[str, str]:
    text = files[path]
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, f"{pattern!r} not found in {path}"
    return {**files, path: changed}


BICEP_MUTATIONS = [
    # (example, file, pattern, replacement, the difference reported)
    ("vnet-nsg-nat", "modules/network.bicep", r"sourceAddressPrefix: 'VirtualNetwork'", "sourceAddressPrefix: '*'",
     "sourceAddressPrefix: plan 'VirtualNetwork', found '*'"),
    ("managed-vnet-approved-outbound", "modules/associated-resources.bicep", r"defaultAction: 'Deny'",
     "defaultAction: 'Allow'", "networkAcls.defaultAction: plan 'Deny', found 'Allow'"),
    ("hub-spoke-firewall", "modules/network.bicep", r"nextHopType: 'VirtualAppliance'", "nextHopType: 'Internet'",
     "nextHopType: plan 'VirtualAppliance', found 'Internet'"),
    ("hub-spoke-firewall", "modules/network.bicep", r"^\s*priority: 300\n", "",
     "priority is missing (plan: 300)"),
    ("managed-vnet-approved-outbound", "modules/private-endpoints.bicep", r"privateLinkServiceId: keyVaultId",
     "privateLinkServiceId: storageAccountId", "privateLinkServiceId: plan ('ref', ('Microsoft.KeyVault/vaults'"),
    ("managed-vnet-approved-outbound", "main.bicep", r"keyVaultId: associatedResources.outputs.keyVaultId",
     "keyVaultId: associatedResources.outputs.storageAccountId", "properties.keyVault: plan"),
    # A module of another resource group deployed to the deployment's own: its endpoints leave their network.
    ("isolated-vnets-ip-shortage", "main.bicep", r"^\s*scope: resourceGroup\(.*\)\n", "", "@scope is missing"),
]


@pytest.mark.parametrize(("example", "path", "pattern", "replacement", "expected"), BICEP_MUTATIONS,
                         ids=[f"{e}:{r}" for e, _p, _pat, r, _x in BICEP_MUTATIONS])
def test_bicep_comparison_catches(example: str, path: str, pattern: str, replacement: str, expected: str) -> None:
    found = bicep_differences(example, _mutated(render_example(example, "bicep"), path, pattern, replacement))
    assert any(expected in line for line in found), found


TERRAFORM_MUTATIONS = [
    ("vnet-nsg-nat", "egress.tf", r'source_address_prefix\s+= "VirtualNetwork"',
     'source_address_prefix      = "*"', "sourceAddressPrefix: plan 'VirtualNetwork', found '*'"),
    ("managed-vnet-approved-outbound", "associated_resources.tf", r'default_action = "Deny"',
     'default_action = "Allow"', "networkAcls.defaultAction: plan 'Deny', found 'Allow'"),
    ("hub-spoke-firewall", "network.tf", r'resource "azurerm_subnet_route_table_association" "scoring" \{[^}]*\}\n',
     "", "properties.routeTable is missing"),
    ("managed-vnet-approved-outbound", "workspace.tf", r'firewallSku(\s+)= "Standard"', r'firewallSku\1= "Basic"',
     "firewallSku: plan 'Standard', found 'Basic'"),
    ("managed-vnet-approved-outbound", "outbound_rules.tf", r'port_ranges  = "80,443"', 'port_ranges  = "443"',
     "portRanges: plan '80,443', found '443'"),
    ("legacy-secure-inbound-secure-outbound", "online_endpoints.tf", r"blue = 100", "blue = 50",
     "traffic.blue: plan 100, found 50"),
    ("isolated-vnets-ip-shortage", "private_endpoints.tf",
     r'(resource "azurerm_private_endpoint" "corp_storage_blob" \{\n)  provider = azurerm\.corp\n\n', r"\1",
     "found (\"the default provider's subscription\", 'rg-corp-network')"),
]


@pytest.mark.parametrize(("example", "path", "pattern", "replacement", "expected"), TERRAFORM_MUTATIONS,
                         ids=[f"{e}:{r}" for e, _p, _pat, r, _x in TERRAFORM_MUTATIONS])
def test_terraform_comparison_catches(example: str, path: str, pattern: str, replacement: str,
                                      expected: str) -> None:
    found = terraform_differences(example, _mutated(render_example(example, "terraform"), path, pattern,
                                                    replacement))
    assert any(expected in line for line in found), found
