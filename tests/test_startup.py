"""What a command loads before it works: only what it runs (a fresh process per case), and a process left as it
was found after a command ran in it (the garbage collector, pydantic's plugins)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amlgen.cli import app
from amlgen.commands.runtime import NO_PYDANTIC_PLUGINS
from tests.helpers import EXAMPLES, ROOT

INTENT = EXAMPLES / "managed-vnet-approved-outbound" / "intent.yaml"

# Runs the command line in a fresh process and prints the modules it imported, whatever the exit code.
LOADED = """
import json, sys
from amlgen.cli import app
sys.argv[0] = "amlgen"
try:
    app()
except SystemExit:
    pass
finally:
    sys.__stdout__.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def loaded(*args: str, cwd: Path = ROOT) -> set[str]:
    result = subprocess.run([sys.executable, "-c", LOADED, *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    found: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return set(found)


def amlgen(modules: set[str], *prefixes: str) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


def test_the_command_line_loads_no_pipeline_to_register_its_commands() -> None:
    modules = loaded("--version")
    assert amlgen(modules, "amlgen") <= {"amlgen", "amlgen.cli", "amlgen.commands", "amlgen.records",
                                         "amlgen.targets"} | amlgen(modules, "amlgen.commands")
    assert not {"pydantic.main", "jinja2", "yaml"} & modules


def test_validate_loads_no_plan_no_target_and_no_template() -> None:
    modules = loaded("validate", str(INTENT))
    assert amlgen(modules, "amlgen.intent.model", "amlgen.rules")  # it validated
    assert not amlgen(modules, "amlgen.plan", "amlgen.explain", "amlgen.targets.terraform", "amlgen.targets.bicep",
                      "amlgen.targets.documents", "amlgen.targets.environment", "amlgen.writer", "jinja2")


@pytest.mark.parametrize(("target", "other"), [("terraform", "bicep"), ("bicep", "terraform")])
def test_render_loads_one_target(tmp_path: Path, target: str, other: str) -> None:
    modules = loaded("render", str(INTENT), "--target", target, "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "README.md").is_file()
    assert amlgen(modules, f"amlgen.targets.{target}") and not amlgen(modules, f"amlgen.targets.{other}")
    assert not amlgen(modules, "amlgen.commands.scaffold")  # what init writes besides the output


def test_rules_loads_no_template_and_no_plan() -> None:
    modules = loaded("rules", "AML611")
    assert not amlgen(modules, "amlgen.plan", "amlgen.targets.environment", "jinja2", "amlgen.writer")


def test_a_command_pauses_the_garbage_collector_and_pydantic_plugins_only_while_it_runs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_PYDANTIC_PLUGINS, raising=False)
    seen: list[tuple[bool, str | None]] = []

    import amlgen.pipeline

    check_file = amlgen.pipeline.check_file

    def spy(path: Path, source: str) -> amlgen.pipeline.Checked:
        seen.append((gc.isenabled(), os.environ.get(NO_PYDANTIC_PLUGINS)))
        return check_file(path, source)

    monkeypatch.setattr(amlgen.pipeline, "check_file", spy)
    assert gc.isenabled()
    result = CliRunner().invoke(app, ["validate", str(INTENT)])
    assert result.exit_code in (0, 1), result.output
    assert seen == [(False, "__all__")]
    assert gc.isenabled() and NO_PYDANTIC_PLUGINS not in os.environ


def test_a_users_pydantic_plugin_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_PYDANTIC_PLUGINS, "logfire")
    CliRunner().invoke(app, ["validate", str(INTENT)])
    assert os.environ[NO_PYDANTIC_PLUGINS] == "logfire"


@pytest.mark.parametrize(("args", "code", "stream", "text"), [
    (["--version"], 0, "stdout", "amlgen 0.1.0\n"),
    (["validate", str(INTENT)], 0, "stdout", "valid\n"),
    (["validate", "no-such-intent.yaml"], 2, "stderr", "AML015"),
    (["no-such-command"], 2, "stderr", "No such command"),
])
def test_the_entry_point_ends_with_the_commands_exit_code_and_all_its_output(
        args: list[str], code: int, stream: str, text: str) -> None:
    """amlgen ends its process at once after a command (commands/runtime.py): nothing printed is lost."""
    result = subprocess.run([sys.executable, "-m", "amlgen", *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == code, result.stderr
    assert text in getattr(result, stream)


def test_an_exit_with_a_message_prints_it_and_ends_with_1() -> None:
    script = "from amlgen.commands.runtime import run\ndef app():\n    raise SystemExit('stopped: why')\nrun(app)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (1, "stopped: why\n")


# A fresh process as the `amlgen` entry point starts one: the plugin loader's stand-in, then a model and the
# command line's typer (which builds pydantic validators while it parses options).
PLUGINS = """
import sys
from amlgen.commands.runtime import no_pydantic_plugins
no_pydantic_plugins()
import pydantic
class M(pydantic.BaseModel):
    x: int
assert M(x=1).x == 1
try:
    M(x="one")
except pydantic.ValidationError:
    pass
else:
    raise AssertionError("the model no longer validates")
print("importlib.metadata" in sys.modules, type(sys.modules["pydantic.plugin._loader"].get_plugins()).__name__)
"""


@pytest.mark.parametrize(("setting", "expected"), [(None, "False tuple"), ("logfire", "True dict_values")])
def test_the_entry_point_skips_pydantics_plugin_loader_unless_the_user_chose_plugins(
        setting: str | None, expected: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != NO_PYDANTIC_PLUGINS}
    if setting is not None:
        env[NO_PYDANTIC_PLUGINS] = setting  # the user's choice: pydantic's own loader reads it
    result = subprocess.run([sys.executable, "-c", PLUGINS], capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
