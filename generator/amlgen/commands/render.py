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
    fail,
    label,
    report,
    status,
)

if TYPE_CHECKING:
    from amlgen.diagnostics import Diagnostic
    from amlgen.writer import Changes


def render(intent: Path = INTENT,
           target: TargetChoice = TARGET,
           out: Path | None = typer.Option(None, "--out", "-o",
                                           help=f"Output folder (default: infra/<target>; both: {BOTH_FOLDERS}, "
                                                "default infra/)."),
           force: bool = typer.Option(False, "--force",
                                      help="Overwrite (or remove) generated files edited by hand, and files at "
                                           "generated paths that amlgen did not write."),
           accept_flips: bool = typer.Option(False, "--accept-flips",
                                             help="Record the intent's values of settings fixed at creation even "
                                                  "where they flip (once the resources were recreated)."),
           dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be created, changed and "
                                        "removed; write nothing."),
           fmt: Format = FORMAT, strict: bool = STRICT, verbose: bool = VERBOSE) -> None:
    """Validate the intent and render the module for a target, or both. Nothing is written on error.

    Only files whose content changes are written, each through a temporary file and an atomic rename;
    files amlgen did not write are never touched.
    """
    from amlgen.commands.common import layout_problem, settings_to_record, target_folders
    from amlgen.diagnostics import IntentError
    from amlgen.pipeline import flip_diagnostics, plan_file
    from amlgen.targets import render as render_plan
    from amlgen.writer import WriteError, plan_changes, write_folders

    source = str(intent)
    problem = layout_problem(target.value, out)
    if problem:
        raise fail(problem)
    diagnostics: list[Diagnostic] = []
    outputs = []
    for index, (name, folder) in enumerate(target_folders(target.value, out)):
        try:
            plan, checked = plan_file(intent, source, label(intent, folder))
        except IntentError as error:
            report(source, error.diagnostics, error.text, fmt, verbose)
            raise typer.Exit(EXIT_ERRORS) from None
        deployed = _deployed(folder)
        if index == 0:  # the same intent for every target: its rule diagnostics once
            diagnostics += checked.diagnostics
        diagnostics += flip_diagnostics(plan, checked, deployed, folder.as_posix())
        outputs.append((name, folder, render_plan(plan, name), settings_to_record(plan.immutable, deployed,
                                                                                   accept_flips)))
    report(source, diagnostics, checked.text, fmt, verbose)
    code = exit_code(diagnostics, strict)
    if code != EXIT_OK:
        typer.echo("not written: warnings are errors under --strict", err=True)
        raise typer.Exit(code)
    try:  # every folder is planned (and refused) before anything is written: both folders or neither
        planned = [plan_changes(folder, files, target=name, settings=settings, force=force)
                   for name, folder, files, settings in outputs]
        if not dry_run:
            write_folders(planned)
    except WriteError as error:
        raise fail(str(error)) from None
    for changes in planned:
        for note in changes.notes:
            typer.echo(f"note: {note}", err=True)
        if dry_run:
            _print_preview(changes, fmt)
        else:
            status(summary(changes), fmt)


def _deployed(folder: Path) -> dict[str, str]:
    """The fixed-at-creation values the folder's manifest records; none when it has no readable manifest (the
    write then refuses or creates the folder, and says why)."""
    from amlgen.writer import WriteError, read_manifest

    try:
        manifest = read_manifest(folder) if folder.is_dir() else None
    except WriteError:
        return {}
    return manifest.immutable if manifest else {}


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary(changes: Changes) -> str:
    """'infra/terraform: wrote 2 files (1 created, 1 changed), removed 1 no longer generated, unchanged: 11
    files'; 'infra/terraform: unchanged: 13 files' when nothing changed."""
    parts = []
    written = len(changes.created) + len(changes.changed)
    if written:
        parts.append(f"wrote {count(written, 'file')} ({len(changes.created)} created, {len(changes.changed)} "
                     "changed)")
    if changes.removed:
        parts.append(f"removed {len(changes.removed)} no longer generated")
    if changes.overwritten:
        parts.append(f"overwrote {len(changes.overwritten)} edited or foreign (--force)")
    if changes.unchanged or not parts:
        parts.append(f"unchanged: {count(len(changes.unchanged), 'file')}")
    return f"{changes.out.as_posix()}: {', '.join(parts)}"


def _print_preview(changes: Changes, fmt: Format) -> None:
    for kind, paths in (("create", changes.created), ("change", changes.changed), ("remove", changes.removed)):
        for path in paths:
            status(f"would {kind:<6}  {(changes.out / path).as_posix()}", fmt)
    status(f"dry run: {len(changes.created)} to create, {len(changes.changed)} to change, "
           f"{len(changes.removed)} to remove, {len(changes.unchanged)} unchanged; nothing written", fmt)
