"""`amlgen check`: the PR gate. Re-render in memory and compare with the committed folder; warn (AML901)
where the intent flips a setting Azure fixes at creation, against the output deployed today."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from amlgen.commands.common import BOTH, TARGET, TargetChoice
from amlgen.commands.output import (
    EXIT_DRIFT,
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_WARNINGS,
    FORMAT,
    INTENT,
    VERBOSE,
    Format,
    fail,
    label,
    report,
    status,
)
from amlgen.records import dataclass

if TYPE_CHECKING:
    from amlgen.diagnostics import Diagnostic
    from amlgen.writer import Manifest


@dataclass(frozen=True)
class Drift:
    path: str  # relative to the folder
    change: str  # changed | missing | stale
    diff: str  # unified diff from the committed file to the render


def drift(folder: Path, files: dict[str, str], manifest: Manifest | None) -> list[Drift]:
    """Each generated file that differs between the committed folder and a fresh render: changed, missing, or
    stale (generated before, no longer). The manifest and files amlgen did not generate are not compared;
    only regular files are opened."""
    import difflib

    from amlgen.writer import generated_files, inspect

    found = []
    for path in sorted(set(files) | set(generated_files(folder, manifest))):
        committed = inspect(folder / path)
        after = files.get(path)
        before = committed.data.decode("utf-8", errors="replace") if committed.kind == "file" else None
        if (committed.kind == "absent" and after is None) or before == after:
            continue
        name = (folder / path).as_posix()
        shape = "" if committed.kind in ("file", "absent") else f" ({_what(committed.kind)})"
        diff = "".join(difflib.unified_diff(
            (before or "").splitlines(keepends=True), (after or "").splitlines(keepends=True),
            fromfile=f"a/{name}{shape}" if committed.kind != "absent" else "/dev/null",
            tofile=f"b/{name}" if after is not None else "/dev/null"))
        change = "missing" if committed.kind == "absent" else "stale" if after is None else "changed"
        found.append(Drift(path, change, diff or f"--- a/{name}{shape}\n+++ b/{name}\n"))
    return found


def _what(kind: str) -> str:
    return {"link": "a symbolic link", "folder": "a folder"}.get(kind, "not a regular file")


def check(intent: Path = INTENT,
          target: TargetChoice = TARGET,
          out: Path | None = typer.Option(None, "--out", "-o",
                                          help="Committed output folder (default: infra/<target>)."),
          baseline: Path | None = typer.Option(
              None, "--baseline",
              help="Output folder deployed today (for example the base branch's), whose fixed-at-creation "
                   "settings the intent must not flip; default: --out. It must exist and hold amlgen output."),
          fmt: Format = FORMAT,
          strict: bool = typer.Option(False, "--strict", help="Exit 1 when the intent flips a setting fixed at "
                                                             "creation (AML901); `validate --strict` gates the "
                                                             "other warnings."),
          verbose: bool = VERBOSE) -> None:
    """Exit 0 when the committed output is what the intent renders to, 3 with a unified diff when not.

    Exit 1 under --strict when the intent flips a setting fixed at creation (AML901), 2 on errors or when
    a folder is missing, holds no amlgen output, or another target's.
    """
    from amlgen.commands.common import committed_output, layout_problem, target_folders
    from amlgen.diagnostics import IntentError
    from amlgen.pipeline import flip_diagnostics, plan_file
    from amlgen.targets import render
    from amlgen.writer import WriteError, place_documents

    source = str(intent)
    problem = layout_problem(target.value, out)
    if problem:
        raise fail(problem)
    diagnostics: list[Diagnostic] = []
    results: list[tuple[str, Path, list[Drift]]] = []
    for index, (name, folder) in enumerate(target_folders(target.value, out)):
        try:
            plan, checked = plan_file(intent, source, label(intent, folder))
        except IntentError as error:
            report(source, error.diagnostics, error.text, fmt, verbose)
            raise typer.Exit(EXIT_ERRORS) from None
        reference = folder if baseline is None else (baseline / name if target == BOTH else baseline)
        try:
            committed = committed_output(folder, name, "--out")
            deployed = committed if baseline is None else committed_output(reference, name, "--baseline")
        except WriteError as error:
            raise fail(str(error)) from None
        if index == 0:
            diagnostics += checked.diagnostics
        diagnostics += flip_diagnostics(plan, checked, deployed.immutable, reference.as_posix())
        try:
            files, _ = place_documents(folder, render(plan, name), committed)
            results.append((name, folder, drift(folder, files, committed)))
        except WriteError as error:
            raise fail(str(error)) from None
    report(source, diagnostics, checked.text, fmt, verbose, extra={"drift": _drift_json(results)})
    for name, folder, found in results:
        _print_drift(intent, name, folder, found, fmt)
    flips = [d for d in diagnostics if d.rule_id == "AML901"]
    drifted = any(found for _, _, found in results)
    raise typer.Exit(EXIT_DRIFT if drifted else EXIT_WARNINGS if strict and flips else EXIT_OK)


def _drift_json(results: list[tuple[str, Path, list[Drift]]]) -> list[dict[str, Any]]:
    return [{"folder": folder.as_posix(), "target": name,
             "files": [{"path": d.path, "change": d.change, "diff": d.diff} for d in found]}
            for name, folder, found in results]


def _print_drift(intent: Path, name: str, folder: Path, found: list[Drift], fmt: Format) -> None:
    if not found:
        status(f"{folder.as_posix()}: up to date", fmt)
        return
    if fmt is Format.json:
        return
    from amlgen.diagnostics import github_command

    command = f"amlgen render {intent.as_posix()} --target {name} --out {folder.as_posix()}"
    if fmt is Format.github:
        for item in found:
            typer.echo(github_command("error", (folder / item.path).as_posix(), "amlgen check",
                                      f"{item.change}: not what the intent renders to; run `{command}` and commit "
                                      "the result"))
    typer.echo("".join(found_item.diff for found_item in found), nl=False)
    typer.echo(f"{folder.as_posix()}: {len(found)} file(s) differ from the intent; run `{command}` and commit the "
               "result", err=True)
