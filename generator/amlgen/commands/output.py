"""What every command shares about its output: the diagnostics formats, the exit codes, how generated
headers name the intent, and the options that mean the same in every command.

Like ruff and checkov, `--format json` and `--format github` print to stdout (json as one document), and
text diagnostics go to stderr; every format shows the same diagnostics (informational ones only with
--verbose). Status lines ("wrote ...", "up to date") go to stdout, or to stderr under json so that stdout
stays one JSON document.
"""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from amlgen.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_WARNINGS = 1  # warnings under --strict (a flip of a setting fixed at creation is a warning, AML901)
EXIT_ERRORS = 2  # errors, or an unusable input or output folder; nothing is written
EXIT_DRIFT = 3  # check: the committed output is not what the intent renders to (as `terraform fmt -check`)


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def shown(diagnostics: list[Diagnostic], verbose: bool) -> list[Diagnostic]:
    from amlgen.diagnostics import Severity

    return [d for d in diagnostics if verbose or d.severity is not Severity.INFO]


def report(source: str, diagnostics: list[Diagnostic], text: str | None, fmt: Format, verbose: bool,
           extra: dict[str, Any] | None = None) -> None:
    """Print the diagnostics: text to stderr; json (one document, with `extra` keys) and GitHub workflow
    commands to stdout."""
    from amlgen.diagnostics import format_github, format_json, format_text

    visible = shown(diagnostics, verbose)
    if fmt is Format.json:
        document = json.loads(format_json(source, visible))
        typer.echo(json.dumps({**document, **(extra or {})}, indent=2, sort_keys=True))
    elif visible:
        if fmt is Format.github:
            typer.echo(format_github(source, visible))
        else:
            typer.echo(format_text(source, visible, text), err=True)


def status(message: str, fmt: Format) -> None:
    """A line about what a command did; stdout, except under json where stdout is the document."""
    typer.echo(message, err=fmt is Format.json)


def fail(message: str, code: int = EXIT_ERRORS) -> typer.Exit:
    """Print `error: message` to stderr; the caller raises the returned Exit."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


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


INTENT = typer.Argument(..., help="Intent file; - reads standard input.", metavar="INTENT")
FORMAT = typer.Option(Format.text, "--format",
                      help="Diagnostics as text (stderr), json or GitHub annotations (stdout).")
STRICT = typer.Option(False, "--strict", help="Exit 1 when there are warnings.")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Also show informational diagnostics.")
