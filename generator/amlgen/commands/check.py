"""`amlgen check`: the PR gate. Re-render in memory and compare with the committed folder."""

from __future__ import annotations

import difflib
from pathlib import Path

import typer

from amlgen.commands.common import BOTH, TARGET, TargetChoice, flipped, target_folders
from amlgen.commands.output import EXIT_DRIFT, EXIT_ERRORS, EXIT_OK, INTENT, VERBOSE, Format, label, report


def drift(folder: Path, files: dict[str, str]) -> list[str]:
    """Unified diffs from the committed folder to a fresh render: changed, missing and stale generated
    files. The writer's manifest and files amlgen did not generate are not compared."""
    from amlgen.writer import generated_files

    committed = set(generated_files(folder))
    diffs = []
    for path in sorted(set(files) | committed):
        file = folder / path
        before = file.read_text(encoding="utf-8", errors="replace") if file.is_file() else None
        after = files.get(path)
        if before == after:
            continue
        name = (folder / path).as_posix()
        diffs.append("".join(difflib.unified_diff(
            (before or "").splitlines(keepends=True), (after or "").splitlines(keepends=True),
            fromfile=f"a/{name}" if before is not None else "/dev/null",
            tofile=f"b/{name}" if after is not None else "/dev/null")))
    return diffs


def check(intent: Path = INTENT,
          target: TargetChoice = TARGET,
          out: Path | None = typer.Option(None, "--out", "-o",
                                          help="Committed output folder (default: infra/<target>)."),
          baseline: Path | None = typer.Option(
              None, "--baseline",
              help="Output folder deployed today (for example the base branch's), whose fixed-at-creation "
                   "settings the intent must not flip; default: --out."),
          strict: bool = typer.Option(False, "--strict", help="Exit 1 on flip warnings too."),
          verbose: bool = VERBOSE) -> None:
    """Exit 0 when the committed output is what the intent renders to, 1 with a unified diff when not."""
    from amlgen.diagnostics import IntentError
    from amlgen.pipeline import plan_file
    from amlgen.targets import render
    from amlgen.writer import read_manifest_settings

    source, drifted, warned = str(intent), False, False
    for index, (name, folder) in enumerate(target_folders(target.value, out)):
        try:
            plan, checked = plan_file(intent, source, label(intent, folder))
        except IntentError as error:
            report(source, error.diagnostics, error.text, Format.text, verbose)
            raise typer.Exit(EXIT_ERRORS) from None
        if index == 0:
            report(source, checked.diagnostics, checked.text, Format.text, verbose)
        diffs = drift(folder, render(plan, name))
        reference = folder if baseline is None else (baseline / name if target == BOTH else baseline)
        for message in flipped(plan.immutable, read_manifest_settings(reference)):
            typer.echo(f"warning: {message}", err=True)
            warned = True
        if diffs:
            drifted = True
            typer.echo("".join(diffs), nl=False)
            typer.echo(f"{folder}: {len(diffs)} file(s) differ from the intent; run "
                       f"`amlgen render {intent} --target {name} --out {folder}` and commit the result", err=True)
        else:
            typer.echo(f"{folder}: up to date")
    raise typer.Exit(EXIT_DRIFT if drifted or (strict and warned) else EXIT_OK)
