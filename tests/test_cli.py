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
from tests.helpers import EXAMPLES, parse_markdown, parse_mermaid

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


def test_rerender_removes_files_no_longer_generated(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("render", str(APPROVED), "--target", "terraform", "--out", str(out)).exit_code == 0
    public = EXAMPLES / "public-workspace-managed-vnet" / "intent.yaml"
    assert run("render", str(public), "--target", "terraform", "--out", str(out)).exit_code == 0
    assert not (out / "private_endpoints.tf").exists()


def test_json_and_github_formats_go_to_stdout(tmp_path: Path) -> None:
    intent = tmp_path / "bad.yaml"
    intent.write_text(BAD)
    result = run("validate", str(intent), "--format", "json")
    assert result.exit_code == 2 and result.stderr == ""
    payload = json.loads(result.stdout)
    errors = [d for d in payload["diagnostics"] if d["severity"] == "error"]
    assert [(d["rule"], d["line"]) for d in errors] == [("AML102", 9)]
    result = run("validate", str(intent), "--format", "github")
    assert result.stderr == ""
    assert f"::error file={intent},line=9,col=28,title=AML102::" in result.stdout
    text = run("validate", str(intent))
    assert text.stdout == "" and f"{intent}:9:28: error AML102" in text.stderr


@pytest.mark.parametrize("command", ["validate", "render", "check"])
def test_every_format_shows_the_same_diagnostics(tmp_path: Path, command: str) -> None:
    """Informational diagnostics only with --verbose, in text, json and github alike; render's json stays
    one document on stdout (its status line goes to stderr)."""
    out = tmp_path / "out"
    run("render", str(APPROVED), "--target", "terraform", "--out", str(out))
    args = [command, str(APPROVED)] + ([] if command == "validate" else ["--target", "terraform", "--out", str(out)])
    for verbose in ([], ["-v"]):
        text = run(*args, *verbose)
        rules = sorted(re.findall(r": (?:error|warning|info) (AML\d+):", text.stderr))
        document = json.loads(run(*args, *verbose, "--format", "json").stdout)
        assert sorted(d["rule"] for d in document["diagnostics"]) == rules
        github = run(*args, *verbose, "--format", "github").stdout
        assert sorted(re.findall(r"title=(AML\d+)::", github)) == rules
        assert bool(rules) == bool(verbose), "the approved example has informational notes only"


def test_version_and_help_read_like_other_tools() -> None:
    version = run("--version")
    assert version.exit_code == 0 and version.stdout == f"amlgen {amlgen.__version__}\n"
    for command in ("validate", "render", "check", "explain", "init", "rules", "schema"):
        shown = run(command, "--help").stdout
        assert "<bool>" not in shown, command
    render_help = run("render", "--help").stdout
    assert re.search(r"^  --force +Overwrite", render_help, re.MULTILINE)
    assert re.search(r"^  --strict +Exit 1", render_help, re.MULTILINE)


def test_rules_are_sorted_by_id_and_come_as_json() -> None:
    from amlgen.catalog import RULES

    listed = [line.split()[0] for line in run("rules").stdout.splitlines()]
    assert listed == sorted(RULES) and listed[0] == "AML001"
    document = json.loads(run("rules", "--format", "json").stdout)
    assert [rule["id"] for rule in document["rules"]] == listed
    one = json.loads(run("rules", "aml901", "--format", "json").stdout)
    assert one["severity"] == "warning" and one["checked_by"][0]["name"] == "amlgen.pipeline.flip_diagnostics"
    assert "Plan for network isolation" in one["source"]


def test_explain_as_markdown_with_the_diagram_on_request_or_as_json() -> None:
    plain = run("explain", str(APPROVED))
    assert plain.exit_code == 0 and "```mermaid" not in plain.stdout
    with_diagram = run("explain", str(APPROVED), "--diagram").stdout
    fences = parse_markdown(with_diagram)["fences"]
    assert [info for info, _ in fences] == ["mermaid"]
    graph = parse_mermaid(fences[0][1])
    document = json.loads(run("explain", str(APPROVED), "--format", "json", "--diagram").stdout)
    assert document["diagram"]["mermaid"] == fences[0][1]
    assert set(graph["nodes"]) == {node["id"] for node in document["diagram"]["nodes"]} | \
        {node["id"] for group in document["diagram"]["groups"] for node in group["nodes"]}
    assert [rule["name"] for rule in document["rules"]] == ["pypi", "pythonhosted", "aad", "shared-data"]
    assert ("AML109", "info") in {(w["rule"], w["severity"]) for w in document["warnings"]}
    assert "diagram" not in json.loads(run("explain", str(APPROVED), "--format", "json").stdout)


def test_readme_documents_every_exit_code() -> None:
    from amlgen.commands import output

    readme = (Path(amlgen.__file__).parents[2] / "README.md").read_text()
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = dict(re.findall(r"^\| (\d) \| (.+) \|$", section, re.MULTILINE))
    codes = (output.EXIT_OK, output.EXIT_WARNINGS, output.EXIT_ERRORS, output.EXIT_DRIFT)
    assert sorted(rows) == sorted(str(code) for code in codes) and len(set(codes)) == 4
    assert "drift" in rows[str(output.EXIT_DRIFT)] and "--strict" in rows[str(output.EXIT_WARNINGS)]
    assert "AML901" in rows[str(output.EXIT_WARNINGS)] and "error" in rows[str(output.EXIT_ERRORS)]


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
