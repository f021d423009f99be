"""What every command shares about its output: the diagnostics formats, the exit codes, how generated
headers name the intent, and the options that mean the same in every command."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from amlgen.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_WARNINGS = 1  # warnings under --strict
EXIT_DRIFT = 1  # check: the committed output is not what the intent renders to
EXIT_ERRORS = 2  # errors, or an unusable input or output folder; nothing is written


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def report(source: str, diagnostics: list[Diagnostic], text: str | None, fmt: Format, verbose: bool) -> None:
    """Print diagnostics to stderr; informational ones only with --verbose in the text format."""
    from amlgen.diagnostics import Severity, format_github, format_json, format_text

    shown = [d for d in diagnostics if verbose or fmt is not Format.text or d.severity is not Severity.INFO]
    if fmt is Format.json:
        typer.echo(format_json(source, diagnostics), err=True)
    elif shown:
        out = format_github(source, shown) if fmt is Format.github else format_text(source, shown, text)
        typer.echo(out, err=True)


def exit_code(diagnostics: list[Diagnostic], strict: bool) -> int:
    from amlgen.diagnostics import Severity

    if any(d.severity is Severity.ERROR for d in diagnostics):
        return EXIT_ERRORS
    if strict and any(d.severity is Severity.WARNING for d in diagnostics):
        return EXIT_WARNINGS
    return EXIT_OK


def label(intent: Path, out: Path) -> str:
    """How generated headers name the intent: relative to the output folder, never absolute."""
    try:
        return Path(os.path.relpath(intent.resolve(), out.resolve())).as_posix()
    except ValueError:
        return intent.name


INTENT = typer.Argument(..., help="Intent file; - reads standard input.")
FORMAT = typer.Option(Format.text, "--format", help="Diagnostics as text, json or GitHub annotations.")
STRICT = typer.Option(False, "--strict", help="Exit 1 when there are warnings.")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Also show informational diagnostics.")
