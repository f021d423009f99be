"""`amlgen render`: validate the intent and write the module of a target, or of every target."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amlgen.commands.common import BOTH_FOLDERS, TARGET, TargetChoice
from amlgen.commands.output import (
    EXIT_ERRORS,
    EXIT_OK,
    FORMAT,
    INTENT,
    STRICT,
    VERBOSE,
    Format,
    exit_code,
    label,
    report,
)

if TYPE_CHECKING:
    from amlgen.writer import Preview


def render(intent: Path = INTENT,
           target: TargetChoice = TARGET,
           out: Path | None = typer.Option(None, "--out", "-o",
                                           help=f"Output folder (default: infra/<target>; both: {BOTH_FOLDERS}, "
                                                "default infra/)."),
           force: bool = typer.Option(False, "--force", help="Overwrite files amlgen did not generate."),
           dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be written, changed and "
                                        "removed; write nothing."),
           fmt: Format = FORMAT, strict: bool = STRICT, verbose: bool = VERBOSE) -> None:
    """Validate the intent and render the module for a target, or both. Nothing is written on error."""
    from amlgen.commands.common import flipped, immutable_values, target_folders
    from amlgen.diagnostics import IntentError
    from amlgen.pipeline import plan_file
    from amlgen.targets import render as render_plan
    from amlgen.writer import WriteError, plan_write, preview_write, read_manifest_settings, write_tree

    source = str(intent)
    outputs = []
    for name, folder in target_folders(target.value, out):
        try:
            plan, checked = plan_file(intent, source, label(intent, folder))
        except IntentError as error:
            report(source, error.diagnostics, error.text, fmt, verbose)
            raise typer.Exit(EXIT_ERRORS) from None
        outputs.append((folder, render_plan(plan, name), immutable_values(plan)))
        for message in flipped(plan.immutable, read_manifest_settings(folder)):
            typer.echo(f"warning: {message}", err=True)
    report(source, checked.diagnostics, checked.text, fmt, verbose)
    code = exit_code(checked.diagnostics, strict)
    if code != EXIT_OK:
        typer.echo("not written: warnings are errors under --strict", err=True)
        raise typer.Exit(code)
    try:  # refuse before writing anything, so --target both writes both folders or neither
        for folder, files, _ in outputs:
            if dry_run:
                _print_preview(folder, preview_write(folder, files, force=force))
            else:
                plan_write(folder, files, force)
    except WriteError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_ERRORS) from None
    if dry_run:
        return
    for folder, files, settings in outputs:
        try:
            result = write_tree(folder, files, force=force, settings=settings)
        except WriteError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(EXIT_ERRORS) from None
        typer.echo(f"wrote {len(result.written)} files to {folder}"
                   + (f", removed {len(result.removed)} stale" if result.removed else ""))


def _print_preview(out: Path, preview: Preview) -> None:
    for kind, paths in (("create", preview.created), ("change", preview.changed), ("remove", preview.removed)):
        for path in paths:
            typer.echo(f"would {kind:<6}  {(out / path).as_posix()}")
    typer.echo(f"dry run: {len(preview.created)} to create, {len(preview.changed)} to change, "
               f"{len(preview.removed)} to remove, {len(preview.unchanged)} unchanged, "
               f"{len(preview.kept)} other files kept; nothing written")
