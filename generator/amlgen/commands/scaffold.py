"""The files `amlgen init` writes besides the rendered output: the intent, its JSON Schema, a CI workflow, a
pre-commit configuration and a README. Both run the amlgen the user runs now (or the spec they give), so the
scaffold installs and passes its own checks on the first commit."""

from __future__ import annotations

import json
import re
import shlex
from importlib.resources import files
from pathlib import Path

from amlgen import __version__
from amlgen.commands.common import BOTH, target_folders
from amlgen.records import dataclass

INTENT = "intent.yaml"
SCHEMA = "schema/intent.schema.json"
BASE_CHECKOUT = ".amlgen-base"  # where the workflow checks out the base branch, for check --baseline
_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=\S+\n")


@dataclass(frozen=True)
class Action:
    """A GitHub Action pinned to a full commit SHA (a tag can be moved; a commit cannot), with its release."""

    name: str
    commit: str
    version: str

    @property
    def uses(self) -> str:
        return f"{self.name}@{self.commit} # {self.version}"


# The releases' commits, from the actions' repositories (git rev-parse v7.0.1^{commit}), July 2026.
CHECKOUT = Action("actions/checkout", "3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1")
SETUP_PYTHON = Action("actions/setup-python", "5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0")
PYTHON = "3.12"


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: str
    text: str


def scenarios() -> dict[str, Scenario]:
    """The example catalog shipped with amlgen (examples/ in the source tree, amlgen.examples installed)."""
    found = {}
    root = files("amlgen.examples")
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        intent = folder / INTENT
        if not intent.is_file():
            continue
        text = intent.read_text(encoding="utf-8")
        comments = [line[1:].strip() for line in _SCHEMA_LINE.sub("", text).splitlines()
                    if line.startswith("#")]
        found[folder.name] = Scenario(folder.name, " ".join(comments), text)
    return found


def running_spec() -> tuple[str, str | None]:
    """The pip requirement that installs the amlgen running now, and a note when CI cannot install it that
    way. An index install is pinned to its version; a Git install to its commit (PEP 610 records both); a
    local folder or file cannot be reached from CI, so the version on the package index stands in."""
    from importlib.metadata import PackageNotFoundError, distribution

    pinned = f"amlgen=={__version__}"
    try:
        record = distribution("amlgen").read_text("direct_url.json")
    except PackageNotFoundError:
        return pinned, f"amlgen is not installed as a package; the scaffold installs {pinned}"
    if not record:
        return pinned, None
    origin = json.loads(record)
    url = str(origin.get("url", ""))
    vcs = origin.get("vcs_info") or {}
    if vcs.get("commit_id"):
        return f"amlgen @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}", None
    if "archive_info" in origin and url.startswith("https://"):
        return f"amlgen @ {url}", None
    return pinned, (f"this amlgen was installed from {url}, which CI cannot reach; the scaffold installs {pinned} "
                    "from the package index (pass --amlgen-spec to choose)")


def spec_problem(spec: str) -> str | None:
    if not spec.strip() or any(not char.isprintable() for char in spec):
        return "--amlgen-spec must be one line of printable text: a pip requirement or URL"
    return None


@dataclass(frozen=True)
class Scaffold:
    """Everything the scaffold templates show. Commands are built here and shell-quoted; the templates only
    place them."""

    name: str
    scenario: str
    summary: str
    folders: tuple[str, ...]
    install_spec: str
    validate_args: tuple[str, ...]
    check_args: tuple[str, ...]
    out: str
    checkout: Action = CHECKOUT
    setup_python: Action = SETUP_PYTHON
    python: str = PYTHON
    base_checkout: str = BASE_CHECKOUT

    @property
    def install_command(self) -> str:
        return f"python -m pip install {shlex.quote(self.install_spec)}"

    @property
    def validate_command(self) -> str:
        return shlex.join(("amlgen", "validate", *self.validate_args))

    @property
    def check_command(self) -> str:
        return shlex.join(("amlgen", "check", *self.check_args))

    @property
    def render_command(self) -> str:
        return shlex.join(("amlgen", "render", *self.check_args))

    @property
    def baseline_command(self) -> str:
        """check against the base branch's output too, failing when a fixed-at-creation setting flips."""
        return shlex.join(("amlgen", "check", *self.check_args, "--baseline", f"{self.base_checkout}/{self.out}",
                           "--strict"))


def scaffold(directory: Path, scenario: Scenario, target: str, install_spec: str, strict: bool) -> Scaffold:
    """The scaffold's layout and commands. `strict`: validate fails on warnings, for a scenario that has
    none (some warn by design, and the scaffold must pass its own checks)."""
    out = "infra" if target == BOTH else f"infra/{target}"
    return Scaffold(
        name=directory.resolve().name,
        scenario=scenario.name,
        summary=scenario.summary,
        folders=tuple(folder.as_posix() for _, folder in target_folders(target, Path(out))),
        install_spec=install_spec,
        validate_args=(INTENT, "--strict") if strict else (INTENT,),
        check_args=(INTENT, "--target", target, "--out", out),
        out=out,
    )


def intent_text(scenario: Scenario) -> str:
    """The scenario's intent, its schema line pointing at the scaffold's copy of the schema."""
    return f"# yaml-language-server: $schema={SCHEMA}\n" + _SCHEMA_LINE.sub("", scenario.text, count=1)


def scaffold_files(s: Scaffold, scenario: Scenario) -> dict[str, str]:
    """The repository's hand-owned files (everything but the rendered output), by relative path."""
    from amlgen.commands.schema import schema_text
    from amlgen.targets.environment import environment

    env = environment("common")
    return {
        INTENT: intent_text(scenario),
        SCHEMA: schema_text(),
        ".github/workflows/amlgen.yml": env.get_template("init/workflow.yml.j2").render(s=s),
        ".pre-commit-config.yaml": env.get_template("init/pre-commit-config.yaml.j2").render(s=s),
        "README.md": env.get_template("init/README.md.j2").render(s=s),
        ".gitignore": env.get_template("init/gitignore.j2").render(s=s),
    }
