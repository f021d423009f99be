"""`amlgen init`: scaffold an infrastructure repository from a catalog scenario.

The new repository holds the scenario's intent, its rendered output, a CI workflow and a pre-commit
configuration that run `validate` and `check`, the intent's JSON Schema, and a README; all of it is written
at once or not at all.
"""

from __future__ import annotations

from pathlib import Path

import typer

from amlgen.commands.common import TARGET_HELP, TargetChoice
from amlgen.commands.output import fail, label

DEFAULT_TARGET = TargetChoice("terraform")


def init(directory: Path | None = typer.Argument(None, metavar="DIRECTORY",
                                                 help="Folder of the new repository (created; must be empty)."),
         scenario: str | None = typer.Option(None, "--scenario", "-s", help="Catalog scenario; see --list."),
         target: TargetChoice = typer.Option(DEFAULT_TARGET, "--target", "-t", help=TARGET_HELP),
         amlgen_spec: str | None = typer.Option(
             None, "--amlgen-spec",
             help="What the workflow and the pre-commit hooks pip install (default: the amlgen running now, "
                  "pinned to its version or Git commit), e.g. 'amlgen==0.1.0' or 'amlgen @ git+https://...@<sha>'."),
         list_: bool = typer.Option(False, "--list", help="List the scenarios and exit.")) -> None:
    """Scaffold an infrastructure repository: intent, rendered output, CI workflow, pre-commit, README."""
    from amlgen.commands.common import settings_to_record, target_folders
    from amlgen.commands.scaffold import (
        INTENT,
        intent_text,
        running_spec,
        scaffold,
        scaffold_files,
        scenarios,
        spec_problem,
    )
    from amlgen.diagnostics import Severity
    from amlgen.pipeline import plan_text
    from amlgen.targets import render
    from amlgen.writer import WriteError, plan_changes, write_folders

    catalog = scenarios()
    if list_:
        for item in catalog.values():
            typer.echo(f"{item.name}\n    {item.summary}")
        return
    if directory is None or scenario is None:
        raise fail("give a folder and --scenario NAME (amlgen init --list shows the scenarios)")
    if scenario not in catalog:
        raise fail(f"no scenario {scenario!r}; choose one of: {', '.join(catalog)}")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise fail(f"{directory} exists and is not an empty folder")
    spec, note = (amlgen_spec, None) if amlgen_spec is not None else running_spec()
    problem = spec_problem(spec)
    if problem:
        raise fail(problem)
    intent, text = directory / INTENT, intent_text(catalog[scenario]).encode("utf-8")
    rendered, warned = [], False
    for name, folder in target_folders(target.value, None):  # infra/<target>, as the scaffold lays it out
        plan, checked = plan_text(text, INTENT, label(intent, directory / folder))
        warned = warned or any(d.severity is Severity.WARNING for d in checked.diagnostics)
        rendered.append((name, directory / folder, render(plan, name), settings_to_record(plan.immutable, {}, False)))
    layout = scaffold(directory, catalog[scenario], target.value, spec, strict=not warned)
    try:
        planned = [plan_changes(directory, scaffold_files(layout, catalog[scenario]), target=None, manifest=False)]
        planned += [plan_changes(folder, files, target=name, settings=settings)
                    for name, folder, files, settings in rendered]
        write_folders(planned)
    except WriteError as error:
        raise fail(str(error)) from None
    if note:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"created {directory} from scenario {scenario}, installing {spec} in CI and pre-commit; next: "
               f"cd {directory} && git init && pre-commit install")
