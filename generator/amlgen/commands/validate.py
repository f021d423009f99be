"""`amlgen validate`: check an intent against the schema and the rules; write nothing."""

from __future__ import annotations

from pathlib import Path

import typer

from amlgen.commands.output import (
    EXIT_ERRORS,
    EXIT_OK,
    FORMAT,
    INTENT,
    STRICT,
    VERBOSE,
    Format,
    exit_code,
    report,
    status,
)


def validate(intent: Path = INTENT, fmt: Format = FORMAT, strict: bool = STRICT, verbose: bool = VERBOSE) -> None:
    """Check an intent against the schema and the rules; write nothing."""
    from amlgen.diagnostics import IntentError
    from amlgen.intent.loader import display_name
    from amlgen.pipeline import check_file

    source = display_name(intent)
    try:
        checked = check_file(intent, source)
    except IntentError as error:
        report(source, error.diagnostics, error.text, fmt, verbose)
        raise typer.Exit(EXIT_ERRORS) from None
    report(source, checked.diagnostics, checked.text, fmt, verbose)
    code = exit_code(checked.diagnostics, strict)
    if fmt is not Format.json and code == EXIT_OK:
        status(f"{source}: valid", fmt)
    raise typer.Exit(code)
