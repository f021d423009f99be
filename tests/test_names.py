"""Names that survive a redeploy: the deterministic suffix of globally unique names (naming.unique_suffix).

The suffix is ARM's uniqueString() of the subscription, the resource group and the name prefix, computed by
amlgen so both targets carry the same names. The algorithm is checked against values ARM returned.
"""

from __future__ import annotations

import pytest

from amlgen.analysis.decisions import name_of
from amlgen.azure.names import NAME_RULES
from amlgen.azure.unique_string import unique_string
from amlgen.intent.loader import load_intent_text
from amlgen.validation import validate
from tests.helpers import TARGETS, render_text
from tests.readback.bicep_readback import BicepReader
from tests.readback.terraform_readback import TerraformReader

# (arguments, uniqueString's value). The first five were checked against Bicep's uniqueString() by the
# author of a shell port (a community script); the last comes from a unit test that compares Microsoft's
# Azure.Deployments.Expression library with the value an ARM template output returned.
VECTORS = [
    (("test",), "rbgf3xv4ufgzg"),
    (("hello", "world"), "a7wkljktk6wne"),
    (("abc",), "cgtzqvhu4i23s"),
    (("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg",), "bmg7c6xu4tw46"),
    (("foo", "bar", "baz"), "xzi4ioaxtmth4"),
    (("/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/"
      "Microsoft.Compute/virtualMachines/bobjacmodm201",), "yvjxno3je5on2"),
]


@pytest.mark.parametrize(("args", "expected"), VECTORS, ids=[v for _, v in VECTORS])
def test_unique_string_is_arms(args: tuple[str, ...], expected: str) -> None:
    assert unique_string(*args) == expected


def test_unique_string_covers_every_tail_length() -> None:
    """Each input length modulo 8 takes another path through the tail of the hash; all give 13 characters of
    base 32."""
    for length in range(0, 17):
        value = unique_string("x" * length)
        assert len(value) == 13 and set(value) <= set("abcdefghijklmnopqrstuvwxyz234567"), length


INTENT = """version: 1
name: contoso-machine-ml
location: eastus
subscription_id: 00000000-0000-0000-0000-000000000000
resource_group: {group}
naming: {{unique_suffix: true}}
workspace: {{public_network_access: enabled}}
"""
GLOBAL = {"storage_account": "Microsoft.Storage/storageAccounts", "key_vault": "Microsoft.KeyVault/vaults",
          "container_registry": "Microsoft.ContainerRegistry/registries"}


def _names(text: str, target: str) -> dict[str, str]:
    files = render_text(text, target)
    if target == "bicep":
        values = BicepReader(files, "core.windows.net").values
        return {kind: values[f"{''.join(p.capitalize() if i else p for i, p in enumerate(kind.split('_')))}Name"]
                for kind in GLOBAL}
    tfvars = TerraformReader(files).values
    return {kind: tfvars[f"{kind}_name"] for kind in GLOBAL}


@pytest.mark.parametrize("target", TARGETS)
def test_global_names_end_in_the_suffix_in_both_targets(target: str) -> None:
    text = INTENT.format(group="rg-ml")
    suffix = unique_string("00000000-0000-0000-0000-000000000000", "rg-ml", "contoso-machine-ml")
    names = _names(text, target)
    for kind, name in names.items():
        assert name.endswith(suffix), (kind, name)
        assert NAME_RULES[kind].problem(name) is None, name  # truncated to fit, still valid
    # The same intent renders the same names; another resource group other ones.
    assert _names(text, target) == names
    assert all(not name.endswith(suffix) for name in _names(INTENT.format(group="rg-other"), target).values())


def test_without_the_suffix_names_stay_as_they_were() -> None:
    intent, _ = validate(load_intent_text("intent.yaml", INTENT.format(group="rg-ml").replace(
        "naming: {unique_suffix: true}\n", "").encode()))
    assert name_of(intent, "storage_account") == "stcontosomachineml"
    assert name_of(intent, "key_vault") == "kv-contoso-machine-ml"


@pytest.mark.parametrize("target", TARGETS)
def test_the_readme_says_what_destroy_and_recreate_implies(target: str) -> None:
    readme = render_text(INTENT.format(group="rg-ml"), target)["README.md"]
    section = readme.split("## Destroy and recreate", 1)[1]
    suffix = unique_string("00000000-0000-0000-0000-000000000000", "rg-ml", "contoso-machine-ml")
    assert f"kvcontosoma{suffix} has purge protection" in section
    assert "soft-deleted for 90 days" in section and "az keyvault recover" in section
    assert f"end in {suffix}" in section
    assert "soft-deleted for 14 days" in section  # the workspace, with its system-assigned identity
