"""The azurerm floor of each rendered module follows from what it uses (issue: provider floor).

Read from the rendered Terraform text: every azurerm resource type, argument and provider feature. Each is
either in azurerm 4.0.0 (its schema keys, read from the provider's source: tests/data/azurerm_baseline.json)
or newer, and then amlgen records the release that added it, with the changelog entry
(amlgen.targets.terraform.provider_floor.SINCE). versions.tf requires the newest of those releases.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from amlgen.targets.terraform.provider_floor import BASELINE, SINCE
from tests.helpers import ROOT, example_names, hcl_unquote, parse_hcl, render_example, render_text
from tests.schema_check import azurerm_schema

BASELINE_DATA = ROOT / "tests" / "data" / "azurerm_baseline.json"


@cache
def baseline() -> dict[str, Any]:
    return json.loads(BASELINE_DATA.read_text())


def _paths(body: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in body.items():
        if key.startswith("__") or key in ("depends_on", "lifecycle", "timeouts", "provider", "alias"):
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) and v.get("__is_block__") for v in value):
            for block in value:
                yield from _paths(block, f"{prefix}{key}.")
        else:
            yield prefix + key


def used(files: dict[str, str]) -> set[str]:
    """What a rendered module uses of azurerm, as provider_floor names it, read from its text."""
    found: set[str] = set()
    for path, text in files.items():
        if not path.endswith(".tf"):
            continue
        parsed = parse_hcl(text)
        for kind in ("resource", "data"):
            for block in parsed.get(kind, []):
                for raw_type, instances in block.items():
                    tf_type = hcl_unquote(raw_type)
                    if not str(tf_type).startswith("azurerm_"):
                        continue
                    found.add(str(tf_type))
                    for body in instances.values():
                        found |= {f"{tf_type}.{p}" for p in _paths(body)}
        for block in parsed.get("provider", []):
            for name, config in block.items():
                if hcl_unquote(name) == "azurerm":
                    found |= {f"provider.{p}" for p in _paths(config) if p.startswith("features.")}
    return found


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def unexplained(names: set[str], facts: dict[str, Any]) -> list[str]:
    """Uses newer than 4.0.0 for which no release is recorded."""
    resources = baseline()["resources"]
    problems = []
    for name in sorted(names):
        if name in facts:
            continue
        if name.startswith("provider."):
            if name.rsplit(".", 1)[-1] not in baseline()["features"]["keys_at_baseline"]:
                problems.append(f"{name}: not a feature of azurerm {baseline()['baseline']}")
            continue
        tf_type, _, argument = name.partition(".")
        if tf_type not in resources:
            problems.append(f"{tf_type}: not in tests/data/azurerm_baseline.json (add it to its script)")
            continue
        if not argument:
            if _version(resources[tf_type]["first_release"]) > BASELINE:
                problems.append(f"{tf_type}: first released in {resources[tf_type]['first_release']}")
            continue
        leaf = argument.rsplit(".", 1)[-1]
        if leaf not in resources[tf_type]["keys_at_baseline"] and tf_type not in facts:
            problems.append(f"{name}: not in azurerm {baseline()['baseline']}")
    return problems


@pytest.mark.parametrize("example", example_names())
def test_the_floor_is_the_newest_release_anything_used_needs(example: str) -> None:
    files = render_example(example, "terraform")
    names = used(files)
    assert unexplained(names, SINCE) == []
    floor = max([BASELINE, *(_version(SINCE[name].version) for name in names if name in SINCE)])
    expected = ".".join(str(part) for part in floor)
    assert f'version = ">= {expected}, < 5.0.0"' in files["versions.tf"]


VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-x"
LEAN = f"""version: 1
name: contoso-ml
location: eastus
workspace: {{public_network_access: enabled}}
resources:
  key_vault: {{existing_id: {VAULT}}}
  storage_account: {{public_network_access: %s}}
"""


@pytest.mark.parametrize(("storage", "floor"), [("enabled", "4.0.0"), ("disabled", "4.9.0")])
def test_the_floor_follows_what_a_module_uses(storage: str, floor: str) -> None:
    """No key vault of its own (rbac_authorization_enabled, 4.42.0) and no managed network: the floor is
    azurerm 4.0.0, or 4.9.0 once a closed storage account needs data_plane_available."""
    files = render_text(LEAN % storage, "terraform")
    assert "azurerm_key_vault.rbac_authorization_enabled" not in used(files)
    assert f'version = ">= {floor}, < 5.0.0"' in files["versions.tf"]
    with_vault = render_example("managed-vnet-approved-outbound", "terraform")
    assert "azurerm_key_vault.rbac_authorization_enabled" in used(with_vault)
    assert 'version = ">= 4.42.0, < 5.0.0"' in with_vault["versions.tf"]


def test_a_missing_fact_is_caught() -> None:
    """Without the fact for rbac_authorization_enabled, the argument is one azurerm 4.0.0 did not have."""
    names = used(render_example("managed-vnet-approved-outbound", "terraform"))
    facts = {name: fact for name, fact in SINCE.items() if name != "azurerm_key_vault.rbac_authorization_enabled"}
    assert unexplained(names, facts) == ["azurerm_key_vault.rbac_authorization_enabled: not in azurerm 4.0.0"]
    facts = {name: fact for name, fact in SINCE.items()
             if name != "azurerm_machine_learning_workspace_network_outbound_rule_fqdn"}
    assert "azurerm_machine_learning_workspace_network_outbound_rule_fqdn: first released in 4.8.0" in unexplained(
        used(render_example("managed-vnet-approved-outbound", "terraform")), facts)


@pytest.mark.parametrize("name", sorted(SINCE))
def test_each_fact_names_something_newer_that_exists(name: str) -> None:
    """A recorded release is newer than the baseline, names an argument azurerm 4.0.0 did not have (or a
    resource type it did not ship), and one the vendored schema of a newer release has."""
    fact = SINCE[name]
    assert _version(fact.version) > BASELINE and fact.source
    if name.startswith("provider."):
        return
    tf_type, _, argument = name.partition(".")
    resources = baseline()["resources"]
    if not argument:
        assert resources[tf_type]["first_release"] == fact.version
        return
    assert argument.rsplit(".", 1)[-1] not in resources[tf_type]["keys_at_baseline"]
    block = azurerm_schema()["resources"][tf_type]
    *blocks, leaf = argument.split(".")
    for step in blocks:
        block = block["blocks"][step]["block"]
    assert leaf in block["attributes"]
