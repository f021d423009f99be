"""The command line, through typer's runner: exit codes, messages, and what is (not) written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import amlgen
from amlgen.cli import app
from amlgen.writer import MANIFEST
from tests.helpers import EXAMPLES

runner = CliRunner()
APPROVED = EXAMPLES / "managed-vnet-approved-outbound" / "intent.yaml"

BAD = """version: 1
name: contoso-ml
location: eastus
workspace:
  public_network_access: enabled
  managed_network:
    isolation_mode: allow_internet_outbound
    outbound_rules:
      - {name: pypi, type: fqdn, destination: pypi.org}
"""


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("target", ["bicep", "terraform"])
def test_render_writes_the_module(tmp_path: Path, target: str) -> None:
    out = tmp_path / "infra"
    result = run("render", str(APPROVED), "--target", target, "--out", str(out))
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert MANIFEST in written
    main = "main.bicep" if target == "bicep" else "workspace.tf"
    assert main in written
    header = (out / main).read_text().splitlines()[0]
    assert "intent.yaml" in header and str(tmp_path) not in header, "headers never hold absolute paths"


def test_validate_clean_example() -> None:
    result = run("validate", str(APPROVED))
    assert result.exit_code == 0
    assert "valid" in result.output


def test_bad_intent_exits_2_with_position_and_rule_and_writes_nothing(tmp_path: Path) -> None:
    intent = tmp_path / "bad.yaml"
    intent.write_text(BAD)
    out = tmp_path / "out"
    result = run("render", str(intent), "--target", "terraform", "--out", str(out))
    assert result.exit_code == 2
    assert f"{intent}:9:" in result.output and "AML102" in result.output
    assert "fix:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_failed_render_leaves_an_existing_folder_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("render", str(APPROVED), "--target", "terraform", "--out", str(out)).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    intent = tmp_path / "bad.yaml"
    intent.write_text(BAD)
    assert run("render", str(intent), "--target", "terraform", "--out", str(out)).exit_code == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_foreign_files_are_kept_and_never_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "backend.tf").write_text('terraform {\n  backend "azurerm" {}\n}\n')
    (out / "workspace.tf").write_text("# hand-written\n")
    result = run("render", str(APPROVED), "--target", "terraform", "--out", str(out))
    assert result.exit_code == 2 and "did not generate" in result.output
    assert (out / "workspace.tf").read_text() == "# hand-written\n"
    (out / "workspace.tf").unlink()
    assert run("render", str(APPROVED), "--target", "terraform", "--out", str(out)).exit_code == 0
    assert (out / "backend.tf").exists(), "files amlgen did not generate are kept"


def test_rerender_removes_files_no_longer_generated(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("render", str(APPROVED), "--target", "terraform", "--out", str(out)).exit_code == 0
    public = EXAMPLES / "public-workspace-managed-vnet" / "intent.yaml"
    assert run("render", str(public), "--target", "terraform", "--out", str(out)).exit_code == 0
    assert not (out / "private_endpoints.tf").exists()


def test_json_and_github_formats(tmp_path: Path) -> None:
    intent = tmp_path / "bad.yaml"
    intent.write_text(BAD)
    result = run("validate", str(intent), "--format", "json")
    assert result.exit_code == 2
    payload = json.loads(result.output)
    errors = [d for d in payload["diagnostics"] if d["severity"] == "error"]
    assert [(d["rule"], d["line"]) for d in errors] == [("AML102", 9)]
    result = run("validate", str(intent), "--format", "github")
    assert f"::error file={intent},line=9,col=28,title=AML102::" in result.output


def test_strict_turns_warnings_into_exit_1(tmp_path: Path) -> None:
    intent = tmp_path / "warn.yaml"
    intent.write_text("version: 1\nname: contoso-ml\nlocation: eastus\nworkspace:\n  public_network_access: disabled\n")
    assert run("validate", str(intent)).exit_code == 0
    assert run("validate", str(intent), "--strict").exit_code == 1


def test_rules_lists_and_explains() -> None:
    listing = run("rules")
    assert listing.exit_code == 0 and "AML101" in listing.output
    one = run("rules", "aml201")
    assert one.exit_code == 0 and "Premium" in one.output
    assert "Secure managed online endpoints by using network isolation" in one.output
    assert "https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint" in one.output
    assert run("rules", "AML999").exit_code == 2


def test_missing_file_is_a_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2 and "AML015" in result.output


def test_github_annotations_escape_the_file_name(tmp_path: Path) -> None:
    intent = tmp_path / "a,b:c.yaml"
    intent.write_text(BAD)
    result = run("validate", str(intent), "--format", "github")
    escaped = str(intent).replace(":", "%3A").replace(",", "%2C")
    assert f"::error file={escaped},line=9,col=28,title=AML102::" in result.output


def test_rules_names_the_code_that_checks_a_rule() -> None:
    one = run("rules", "AML102")
    match = re.search(r"^Checked by: amlgen\.rules\.outbound\.check_rule_modes \((rules/outbound\.py):(\d+)\)$",
                      one.output, re.MULTILINE)
    assert match, one.output
    lines = (Path(amlgen.__file__).parent / match.group(1)).read_text().splitlines()
    declaration = lines[int(match.group(2)) - 1:]
    assert declaration[0].startswith("@check(") and "AML102" in declaration[0]
    assert next(line for line in declaration if line.startswith("def ")).startswith("def check_rule_modes(")
    several = run("rules", "AML002").output.splitlines()
    start = next(i for i, line in enumerate(several) if line.startswith("Checked by: "))
    assert [line.split()[-2] for line in several[start:]] == ["amlgen.intent.loader.load_intent_text",
                                                             "amlgen.intent.loader.load_intent_file"]
