"""The review workflow: --target both, schema, explain (check: tests/test_check.py; init: tests/test_init.py)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from amlgen.commands.schema import schema_text
from tests.helpers import EXAMPLES, ROOT, example_names, parse_markdown, parse_mermaid, render_text

runner = CliRunner()
APPROVED = EXAMPLES / "managed-vnet-approved-outbound" / "intent.yaml"


def run(*args: str):
    return runner.invoke(app_(), [str(a) for a in args])


def app_():
    from amlgen.cli import app

    return app


# --- --target both ------------------------------------------------------------------------------

def test_target_both_renders_side_by_side(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    result = run("render", APPROVED, "--target", "both", "--out", out)
    assert result.exit_code == 0, result.output
    for target in ("bicep", "terraform"):
        single = tmp_path / "single" / target
        run("render", APPROVED, "--target", target, "--out", single)
        files = sorted(p.relative_to(single).as_posix() for p in single.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(out / target).as_posix() for p in (out / target).rglob("*")
                               if p.is_file())
        assert all((single / f).read_bytes() == (out / target / f).read_bytes() for f in files)


# --- schema -------------------------------------------------------------------------------------

def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "intent.schema.json").read_text()
    assert committed == schema_text(), "schema/intent.schema.json is stale: run `amlgen schema --out " \
        "schema/intent.schema.json`"
    assert run("schema").stdout == committed


@cache
def _schema_validator(schema_path: Path) -> jsonschema.Draft202012Validator:
    """Checking the schema against the meta-schema is the slow part: once per schema file, not per example."""
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("example", example_names())
def test_every_example_declares_and_satisfies_the_schema(example: str) -> None:
    path = EXAMPLES / example / "intent.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/intent.schema.json\n")
    _schema_validator((path.parent / "../../schema/intent.schema.json").resolve()).validate(yaml.safe_load(text))


# --- explain and the rendered Markdown ----------------------------------------------------------

def test_explain_names_every_path_rule_record_and_warning() -> None:
    result = run("explain", APPROVED)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("Inbound paths", "Outbound paths", "Outbound rules", "DNS records",
                    "What Azure creates on its own", "Settings fixed at creation", "Warnings"):
        assert f"## {heading}" in out
    for name in ("pypi", "pythonhosted", "aad", "shared-data", "privatelink.api.azureml.ms",
                 "Managed Azure Firewall, Standard SKU", "pe-contoso-ml-amlworkspace"):
        assert name in out
    assert "AML109 (info)" in out
    rule_table = parse_markdown(out)["tables"][2]
    assert [row[0] for row in rule_table[1:]] == ["pypi", "pythonhosted", "aad", "shared-data"]


def test_explain_exits_2_on_an_invalid_intent(tmp_path: Path) -> None:
    bad = tmp_path / "intent.yaml"
    bad.write_text("version: 1\n")
    assert run("explain", bad).exit_code == 2


HOSTILE = """version: 1
name: contoso-ml
location: eastus
tags:
  owner: 'a | b <script>`*_[x](y)'
workspace:
  public_network_access: enabled
"""


@pytest.mark.parametrize("target", ["bicep", "terraform"])
def test_user_text_cannot_break_the_readme_tables(target: str) -> None:
    readme = parse_markdown(render_text(HOSTILE, target)["README.md"])
    inputs = readme["tables"][0]
    tags = next(row for row in inputs if row[0] == "tags")
    spelled = "{ owner = \"%s\" }" if target == "terraform" else "{ owner: '%s' }"
    assert tags[3] == "<code>" + spelled % "a | b <script>`*_[x](y)" + "</code>", "the default as code, intact"


def test_diagram_labels_cannot_close_their_quotes() -> None:
    from amlgen.targets.escape import mermaid_text

    label = mermaid_text('x"] --> evil["|<b>#\nnext')
    assert label == "x#34;#93; --#62; evil#91;#34;#124;#60;b#62;#35;<br>next"
    graph = parse_mermaid(f'flowchart LR\n  a["{label}"]\n  b["b"]\n  a --> b\n')
    assert graph["nodes"]["a"] == label


@pytest.mark.parametrize("example", example_names())
def test_module_readme_lists_every_input_and_output(example: str) -> None:
    from tests.helpers import hcl_unquote, parse_bicep, parse_hcl, render_example

    tf = render_example(example, "terraform")
    tables = parse_markdown(tf["README.md"])["tables"]
    variables = [hcl_unquote(name) for block in parse_hcl(tf["variables.tf"])["variable"] for name in block]
    outputs = [hcl_unquote(name) for block in parse_hcl(tf["outputs.tf"])["output"] for name in block]
    assert [row[0] for row in tables[0][1:]] == variables
    assert [row[0] for row in tables[1][1:]] == outputs
    assert "[ARCHITECTURE.md](ARCHITECTURE.md)" in tf["README.md"]

    bicep = render_example(example, "bicep")
    main = parse_bicep(bicep["main.bicep"])
    tables = parse_markdown(bicep["README.md"])["tables"]
    assert [row[0] for row in tables[0][1:]] == list(main["parameters"])
    assert [row[0] for row in tables[1][1:]] == list(main["outputs"])


UNMANAGED_CUSTOM_DNS = """version: 1
name: fabrikam
location: westeurope
workspace:
  managed_network:
    isolation_mode: disabled
inbound:
  private_endpoint:
    virtual_network:
      address_space: [10.1.0.0/16]
    subnet:
      prefix: 10.1.0.0/24
dns:
  zones: none
  servers: [10.1.0.4]
"""


def test_explain_without_managed_network_and_with_custom_dns(tmp_path: Path) -> None:
    intent = tmp_path / "intent.yaml"
    intent.write_text(UNMANAGED_CUSTOM_DNS)
    out = run("explain", intent).stdout
    sections = {block.split("\n", 1)[0]: block for block in out.split("\n## ")[1:]}
    assert "Nothing" in sections["What Azure creates on its own"]
    assert "forward these zones" in sections["DNS records"]
    assert "stfabrikam" in sections["DNS records"] and "- privatelink.blob.core.windows.net" in out
    assert "| disabled | It can be enabled later" in sections["Settings fixed at creation"]
    assert "AML403 (info)" in sections["Warnings"]


def _default_cell(cell: str) -> str:
    """The code a default cell shows: a code span's text, or <code> with its entities resolved."""
    return cell.removeprefix("<code>").removesuffix("</code>")


@pytest.mark.parametrize("example", example_names())
def test_module_readme_defaults_are_the_targets_own_defaults(example: str) -> None:
    """Each Default cell, read as HCL or Bicep, is the default variables.tf or main.bicep declares."""
    from tests.helpers import hcl_unquote, parse_bicep, parse_hcl, render_example

    tf = render_example(example, "terraform")
    variables = {hcl_unquote(name): body for block in parse_hcl(tf["variables.tf"])["variable"]
                 for name, body in block.items()}
    for row in parse_markdown(tf["README.md"])["tables"][0][1:]:
        name, default = row[0], row[3]
        if default == "required":
            assert variables[name].get("default") is None, name
            continue
        assert parse_hcl(f"x = {_default_cell(default)}\n")["x"] == variables[name]["default"], name

    bicep = render_example(example, "bicep")
    parameters = parse_bicep(bicep["main.bicep"])["parameters"]
    for row in parse_markdown(bicep["README.md"])["tables"][0][1:]:
        name, kind, default = row[0], row[2], row[3]
        if default == "required":
            assert parameters[name].get("default") is None, name
            continue
        declared = parse_bicep(f"param {name} {kind} = {_default_cell(default)}\n")["parameters"][name]
        assert declared["default"] == parameters[name]["default"], name


@pytest.mark.parametrize("example", example_names())
def test_module_readme_lists_the_articles_its_comments_cite(example: str) -> None:
    from amlgen.azure.sources import ARTICLES
    from tests.helpers import render_example

    for target in ("bicep", "terraform"):
        files = render_example(example, target)
        words = " ".join(word for path, text in files.items() if path != "README.md"
                         for word in text.split() if word not in ("#", "//"))
        cited = [(a.title, a.url) for a in ARTICLES if a.title.split(" (")[0] in words]
        readme = files["README.md"]
        listed = re.findall(r"^- \[(.+)\]\((https://\S+)\)$", readme.split("\n## Sources\n", 1)[-1], re.MULTILINE)
        assert listed == cited and ("## Sources" in readme) == bool(cited), (target, listed, cited)
