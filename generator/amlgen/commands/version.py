"""The options of `amlgen` itself, before a command: `--version`."""

from __future__ import annotations

import typer


def _print_version(value: bool) -> None:
    if value:
        from amlgen import __version__

        typer.echo(f"amlgen {__version__}")
        raise typer.Exit()


def root(ctx: typer.Context,
         version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                      help="Print amlgen's version and exit.")) -> None:
    """Render network-isolated Azure Machine Learning infrastructure from an intent file."""
    from amlgen.commands.runtime import settle

    settle(ctx)
