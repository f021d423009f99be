"""The amlgen command line: a thin layer over amlgen.pipeline."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amlgen.diagnostics import Diagnostic, IntentError, Severity, format_github, format_json, format_text

if TYPE_CHECKING:
    from amlgen.writer import Preview

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Render network-isolated Azure Machine Learning infrastructure from an intent file.")

EXIT_OK, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2


class Target(str, Enum):
    bicep = "bicep"
    terraform = "terraform"
    both = "both"


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _report(source: str, diagnostics: list[Diagnostic], text: str | None, fmt: Format, verbose: bool) -> None:
    shown = [d for d in diagnostics if verbose or fmt is not Format.text or d.severity is not Severity.INFO]
    if fmt is Format.json:
        typer.echo(format_json(source, diagnostics), err=True)
    elif shown:
        out = format_github(source, shown) if fmt is Format.github else format_text(source, shown, text)
        typer.echo(out, err=True)


def _exit_code(diagnostics: list[Diagnostic], strict: bool) -> int:
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return EXIT_ERRORS
    if strict and any(d.severity is Severity.WARNING for d in diagnostics):
        return EXIT_WARNINGS
    return EXIT_OK


def _label(intent: Path, out: Path) -> str:
    """How generated headers name the intent: relative to the output folder, never absolute."""
    try:
        return Path(os.path.relpath(intent.resolve(), out.resolve())).as_posix()
    except ValueError:
        return intent.name


FORMAT = typer.Option(Format.text, "--format", help="Diagnostics as text, json or GitHub annotations.")
STRICT = typer.Option(False, "--strict", help="Exit 1 when there are warnings.")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Also show informational diagnostics.")


@app.command()
def validate(intent: Path = typer.Argument(..., help="Intent file."), fmt: Format = FORMAT,
             strict: bool = STRICT, verbose: bool = VERBOSE) -> None:
    """Check an intent against the schema and the rules; write nothing."""
    from amlgen.pipeline import check_file

    source = str(intent)
    try:
        checked = check_file(intent, source)
    except IntentError as error:
        _report(source, error.diagnostics, error.text, fmt, verbose)
        raise typer.Exit(EXIT_ERRORS) from None
    _report(source, checked.diagnostics, checked.text, fmt, verbose)
    code = _exit_code(checked.diagnostics, strict)
    if fmt is Format.text and code == EXIT_OK:
        typer.echo(f"{source}: valid")
    raise typer.Exit(code)


@app.command()
def render(intent: Path = typer.Argument(..., help="Intent file."),
           target: Target = typer.Option(..., "--target", "-t", help="bicep, terraform or both."),
           out: Path = typer.Option(None, "--out", "-o",
                                    help="Output folder (default: infra/<target>; both: <out>/bicep and "
                                         "<out>/terraform, default infra/)."),
           force: bool = typer.Option(False, "--force", help="Overwrite files amlgen did not generate."),
           dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be written, changed and "
                                        "removed; write nothing."),
           fmt: Format = FORMAT, strict: bool = STRICT, verbose: bool = VERBOSE) -> None:
    """Validate the intent and render the module for a target, or both. Nothing is written on error."""
    from amlgen.commands.common import flipped, immutable_values, target_folders
    from amlgen.pipeline import plan_file
    from amlgen.targets import render as render_plan
    from amlgen.writer import WriteError, plan_write, preview_write, read_manifest_settings, write_tree

    source = str(intent)
    outputs = []
    for name, folder in target_folders(target.value, out):
        try:
            plan, checked = plan_file(intent, source, _label(intent, folder))
        except IntentError as error:
            _report(source, error.diagnostics, error.text, fmt, verbose)
            raise typer.Exit(EXIT_ERRORS) from None
        outputs.append((folder, render_plan(plan, name), immutable_values(plan)))
        for message in flipped(plan.immutable, read_manifest_settings(folder)):
            typer.echo(f"warning: {message}", err=True)
    _report(source, checked.diagnostics, checked.text, fmt, verbose)
    code = _exit_code(checked.diagnostics, strict)
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
    for label, paths in (("create", preview.created), ("change", preview.changed), ("remove", preview.removed)):
        for path in paths:
            typer.echo(f"would {label:<6}  {(out / path).as_posix()}")
    typer.echo(f"dry run: {len(preview.created)} to create, {len(preview.changed)} to change, "
               f"{len(preview.removed)} to remove, {len(preview.unchanged)} unchanged, "
               f"{len(preview.kept)} other files kept; nothing written")


@app.command()
def rules(rule_id: str = typer.Argument(None, help="Explain one rule at length.")) -> None:
    """List the rule catalog, or explain one rule."""
    from amlgen.catalog import RULES

    if rule_id is None:
        for rule in RULES.values():
            typer.echo(f"{rule.id}  {rule.severity:<7}  {rule.title}")
        return
    rule = RULES.get(rule_id.upper())
    if rule is None:
        typer.echo(f"error: no rule {rule_id}; run 'amlgen rules' for the list", err=True)
        raise typer.Exit(EXIT_ERRORS)
    typer.echo(f"{rule.id} ({rule.severity}): {rule.title}\n")
    if rule.detail:
        typer.echo(rule.detail + "\n")
    typer.echo(f"Fix: {rule.fix}\nSource: {rule.source}")


def _register() -> None:
    from amlgen.commands import check, explain, init, schema

    app.command()(check.check)
    app.command()(explain.explain)
    app.command()(init.init)
    app.command()(schema.schema)


_register()


def main() -> None:
    app()
