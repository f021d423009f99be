"""`amlgen init`: scaffold an infrastructure repository from a catalog scenario.

The new repository holds the scenario's intent, its rendered output, a CI workflow and a pre-commit
configuration that run `validate` and `check`, the intent's JSON Schema, and a README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import typer

from amlgen import __version__
from amlgen.commands.common import BOTH, TARGET_HELP, TargetChoice, immutable_values, target_folders
from amlgen.commands.output import EXIT_ERRORS, label

# Where amlgen's source (and so its .pre-commit-hooks.yaml) is published; override with --hooks-repo.
AMLGEN_REPOSITORY = "https://github.com/amlgen/amlgen"
INTENT = "intent.yaml"
DEFAULT_TARGET = TargetChoice("terraform")
SCHEMA = "schema/intent.schema.json"
_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=\S+\n")


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


@dataclass(frozen=True)
class Scaffold:
    """Everything the scaffold templates show; paths are amlgen's own, never user text."""

    name: str
    scenario: str
    summary: str
    folders: tuple[str, ...]
    install: str
    hooks_repository: str
    hooks_rev: str
    validate_args: tuple[str, ...]
    check_args: tuple[str, ...]
    render_commands: tuple[str, ...]

    @property
    def validate_command(self) -> str:
        return " ".join(("amlgen", "validate", *self.validate_args))

    @property
    def check_command(self) -> str:
        return " ".join(("amlgen", "check", *self.check_args))

    @property
    def baseline_command(self) -> str:
        """check against the base branch's output too, failing when a fixed-at-creation setting flips."""
        base = f'"$RUNNER_TEMP/base/{self.check_args[-1]}"'
        return f"{self.check_command} --baseline {base} --strict"


def _scaffold(directory: Path, scenario: Scenario, target: str, hooks_repository: str) -> Scaffold:
    out = "infra" if target == BOTH else f"infra/{target}"
    folders = tuple(folder.as_posix() for _, folder in target_folders(target, Path(out)))
    return Scaffold(
        name=directory.resolve().name,
        scenario=scenario.name,
        summary=scenario.summary,
        folders=folders,
        install=f"amlgen=={__version__}",
        hooks_repository=hooks_repository,
        hooks_rev=f"v{__version__}",
        validate_args=(INTENT, "--strict"),
        check_args=(INTENT, "--target", target, "--out", out),
        render_commands=(f"amlgen render {INTENT} --target {target} --out {out}",),
    )


def scaffold_files(directory: Path, scenario: Scenario, target: str, hooks_repository: str) -> dict[str, str]:
    """The repository's hand-owned files (everything but the rendered output), by relative path."""
    from amlgen.commands.schema import schema_text
    from amlgen.targets.environment import environment

    s = _scaffold(directory, scenario, target, hooks_repository)
    env = environment("common")
    intent = f"# yaml-language-server: $schema={SCHEMA}\n" + _SCHEMA_LINE.sub("", scenario.text, count=1)
    return {
        INTENT: intent,
        SCHEMA: schema_text(),
        ".github/workflows/amlgen.yml": env.get_template("init/workflow.yml.j2").render(s=s),
        ".pre-commit-config.yaml": env.get_template("init/pre-commit-config.yaml.j2").render(s=s),
        "README.md": env.get_template("init/README.md.j2").render(s=s),
        ".gitignore": env.get_template("init/gitignore.j2").render(s=s),
    }


def init(directory: Path | None = typer.Argument(None,
                                                 help="Folder of the new repository (created; must be empty)."),
         scenario: str | None = typer.Option(None, "--scenario", "-s", help="Catalog scenario; see --list."),
         target: TargetChoice = typer.Option(DEFAULT_TARGET, "--target", "-t", help=TARGET_HELP),
         hooks_repo: str = typer.Option(AMLGEN_REPOSITORY, "--hooks-repo",
                                        help="Git URL of amlgen for the pre-commit hooks."),
         list_: bool = typer.Option(False, "--list", help="List the scenarios and exit.")) -> None:
    """Scaffold an infrastructure repository: intent, rendered output, CI workflow, pre-commit, README."""
    from amlgen.pipeline import plan_file
    from amlgen.targets import render
    from amlgen.writer import WriteError, write_tree

    catalog = scenarios()
    if list_:
        for item in catalog.values():
            typer.echo(f"{item.name}\n    {item.summary}")
        return
    if directory is None or scenario is None:
        typer.echo("error: give a folder and --scenario NAME (amlgen init --list shows the scenarios)", err=True)
        raise typer.Exit(EXIT_ERRORS)
    if scenario not in catalog:
        typer.echo(f"error: no scenario {scenario!r}; choose one of: {', '.join(catalog)}", err=True)
        raise typer.Exit(EXIT_ERRORS)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        typer.echo(f"error: {directory} exists and is not an empty folder", err=True)
        raise typer.Exit(EXIT_ERRORS)
    hand_owned = scaffold_files(directory, catalog[scenario], target.value, hooks_repo)
    for relative, text in hand_owned.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    intent = directory / INTENT
    for name, folder in target_folders(target.value, None):
        plan, _ = plan_file(intent, INTENT, label(intent, directory / folder))
        try:
            write_tree(directory / folder, render(plan, name), settings=immutable_values(plan))
        except WriteError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(EXIT_ERRORS) from None
    typer.echo(f"created {directory} from scenario {scenario}; next: cd {directory} && git init && pre-commit install")
