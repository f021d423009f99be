"""`amlgen init`: a scaffold that installs and passes its own CI and hooks. The workflow pins actions by commit
and keeps no credentials (zizmor finds nothing); the pre-commit hooks are local, installing the same amlgen
spec as CI; everything is written at once or not at all."""

from __future__ import annotations

import errno
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from amlgen.cli import app
from amlgen.commands import scaffold
from amlgen.commands.scaffold import BASE_CHECKOUT, running_spec, scenarios
from amlgen.commands.schema import schema_text
from amlgen.writer import fs
from tests.helpers import example_names, parse_markdown

runner = CliRunner()
WORKFLOW = Path(".github/workflows/amlgen.yml")
TOOLS = Path(sys.executable).parent  # zizmor and pre-commit install beside the interpreter (the test extra)


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def workflow_steps(repo: Path) -> list[dict[str, object]]:
    steps: list[dict[str, object]] = yaml.safe_load((repo / WORKFLOW).read_text())["jobs"]["amlgen"]["steps"]
    return steps


def workflow_commands(repo: Path) -> list[list[str]]:
    return [shlex.split(str(step["run"])) for step in workflow_steps(repo) if "run" in step]


def hooks(repo: Path) -> list[dict[str, object]]:
    (local,) = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())["repos"]
    assert local["repo"] == "local", "no hook repository address to go stale"
    found: list[dict[str, object]] = local["hooks"]
    return found


def passes_its_own_ci_and_hooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: str,
                                target: str) -> None:
    repo = tmp_path / "new-repo"
    result = run("init", repo, "--scenario", scenario, "--target", target)
    assert result.exit_code == 0, result.output
    intent = (repo / "intent.yaml").read_text()
    schema_ref = intent.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert json.loads((repo / schema_ref).read_text()) == json.loads(schema_text())
    parse_markdown((repo / "README.md").read_text())

    spec, _ = running_spec()
    commands = workflow_commands(repo)
    assert commands[0] == ["python", "-m", "pip", "install", spec]
    hook_commands = []
    for hook in hooks(repo):
        assert hook["language"] == "python" and hook["additional_dependencies"] == [spec]
        assert hook["pass_filenames"] is False
        hook_commands.append([*shlex.split(str(hook["entry"])), *map(str, hook["args"])])  # type: ignore[call-overload]

    monkeypatch.chdir(repo)
    gate = next(c for c in commands if "--baseline" in c)
    amlgen = [c for c in commands if c[0] == "amlgen" and c is not gate] + hook_commands
    assert {c[1] for c in amlgen} == {"validate", "check"}
    for command in amlgen:
        outcome = run(*command[1:])
        assert outcome.exit_code == 0, (command, outcome.output)
    warns = "warning AML" in run("validate", "intent.yaml").stderr
    validate = next(c for c in amlgen if c[1] == "validate")
    assert ("--strict" in validate) != warns, "strict unless the scenario warns by design"

    # The pull-request step compares with the base branch's output, which the workflow checks out beside.
    shutil.copytree(repo / "infra", repo / BASE_CHECKOUT / "infra")
    outcome = run(*gate[1:])
    assert outcome.exit_code == 0 and "--strict" in gate, outcome.output

    generated = sorted(p for p in (repo / "infra").rglob("*.tf") if p.is_file()) or \
        sorted((repo / "infra").rglob("*.bicep"))
    generated[0].write_text(generated[0].read_text() + "\n# hand edit\n")
    check = next(c for c in hook_commands if c[1] == "check")
    outcome = run(*check[1:])
    assert outcome.exit_code == 3
    assert "+# hand edit" not in outcome.stdout and "-# hand edit" in outcome.stdout


@pytest.mark.parametrize(("scenario", "target"), [("managed-vnet-approved-outbound", "terraform"),
                                                  ("public-workspace-managed-vnet", "bicep"),
                                                  ("managed-vnet-internet-outbound", "both"),
                                                  ("legacy-endpoint-local-code", "terraform")])
def test_init_scaffolds_a_repo_that_passes_its_own_ci_and_hooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 scenario: str, target: str) -> None:
    passes_its_own_ci_and_hooks(tmp_path, monkeypatch, scenario, target)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", example_names())
def test_every_scenario_passes_its_own_ci_and_hooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    scenario: str) -> None:
    passes_its_own_ci_and_hooks(tmp_path, monkeypatch, scenario, "both")


def test_workflow_pins_actions_by_commit_and_keeps_no_credentials(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    assert run("init", repo, "--scenario", "managed-vnet-approved-outbound").exit_code == 0
    text = (repo / WORKFLOW).read_text()
    uses = re.findall(r"uses: (\S+)@(\S+) # (v\d+\.\d+\.\d+)$", text, re.MULTILINE)
    assert len(uses) == text.count("uses:") == 3
    assert all(re.fullmatch(r"[0-9a-f]{40}", commit) for _, commit, _ in uses)
    checkouts = [step for step in workflow_steps(repo) if str(step.get("uses", "")).startswith("actions/checkout@")]
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)  # type: ignore[index]
    base = next(step for step in checkouts if "ref" in step["with"])  # type: ignore[operator]
    assert base["with"] == {"ref": "${{ github.event.pull_request.base.sha }}", "path": BASE_CHECKOUT,  # type: ignore[comparison-overlap]
                            "persist-credentials": False}
    assert not any("${{" in str(step.get("run", "")) for step in workflow_steps(repo)), "no template injection"
    assert all("--format github" in " ".join(c) for c in workflow_commands(repo) if c[0] == "amlgen")


@pytest.mark.parametrize("target", ["terraform", "both"])
def test_zizmor_finds_nothing_in_the_workflow(tmp_path: Path, target: str) -> None:
    repo = tmp_path / "repo"
    assert run("init", repo, "--scenario", "managed-vnet-approved-outbound", "--target", target).exit_code == 0
    result = subprocess.run([str(TOOLS / "zizmor"), "--offline", "--no-progress", "--format", "json",
                             str(repo / WORKFLOW)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_pre_commit_accepts_the_configuration(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    assert run("init", repo, "--scenario", "managed-vnet-approved-outbound").exit_code == 0
    result = subprocess.run([str(TOOLS / "pre-commit"), "validate-config", ".pre-commit-config.yaml"], cwd=repo,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_install_spec_is_a_choice_and_is_quoted(tmp_path: Path) -> None:
    spec = "amlgen @ git+https://example.com/amlgen.git@0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "repo"
    result = run("init", repo, "--scenario", "managed-vnet-approved-outbound", "--amlgen-spec", spec)
    assert result.exit_code == 0, result.output
    assert workflow_commands(repo)[0] == ["python", "-m", "pip", "install", spec]
    assert all(hook["additional_dependencies"] == [spec] for hook in hooks(repo))
    bad = run("init", tmp_path / "bad", "--scenario", "managed-vnet-approved-outbound", "--amlgen-spec", "a\nb")
    assert bad.exit_code == 2 and not (tmp_path / "bad").exists()


class FakeDistribution:
    def __init__(self, direct_url: dict[str, object] | None):
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return json.dumps(self.direct_url) if self.direct_url is not None else None


@pytest.mark.parametrize(("direct_url", "spec", "noted"), [
    (None, "amlgen==0.1.0", False),  # from an index
    ({"url": "https://github.com/o/amlgen", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}},
     f"amlgen @ git+https://github.com/o/amlgen@{'a' * 40}", False),
    ({"url": "https://files.example/amlgen-0.1.0-py3-none-any.whl", "archive_info": {}},
     "amlgen @ https://files.example/amlgen-0.1.0-py3-none-any.whl", False),
    ({"url": "file:///home/me/amlgen", "dir_info": {"editable": True}}, "amlgen==0.1.0", True),
])
def test_the_default_spec_is_the_amlgen_running_now(monkeypatch: pytest.MonkeyPatch, direct_url: object,
                                                    spec: str, noted: bool) -> None:
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: FakeDistribution(direct_url))  # type: ignore[arg-type]
    found, note = running_spec()
    assert found == spec and (note is not None) == noted


def test_init_lists_scenarios_by_article_and_refuses_bad_input(tmp_path: Path) -> None:
    listing = run("init", "--list")
    assert listing.exit_code == 0
    assert all(name in listing.stdout for name in example_names())
    assert "seed" not in listing.stdout.lower()
    assert set(scenarios()) == set(example_names())
    assert run("init", tmp_path / "x", "--scenario", "nope").exit_code == 2
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert run("init", tmp_path / "full", "--scenario", example_names()[0]).exit_code == 2
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_a_failed_init_leaves_no_half_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = fs.replace

    def full_disk(source: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 8:  # the scaffold's files are in place, the rendered output is not
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real(source, target)

    monkeypatch.setattr(fs, "replace", full_disk)
    result = run("init", tmp_path / "repo", "--scenario", "managed-vnet-approved-outbound")
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert scaffold.BASE_CHECKOUT == BASE_CHECKOUT
