"""`amlgen rules`: the rule catalog, or one rule at length."""

from __future__ import annotations

import typer

from amlgen.commands.output import EXIT_ERRORS


def rules(rule_id: str | None = typer.Argument(None, help="Explain one rule at length.")) -> None:
    """List the rule catalog, or explain one rule."""
    from amlgen.catalog import RULES
    from amlgen.emitters import emitters_of
    from amlgen.pipeline import emitters

    if rule_id is None:
        for entry in RULES.values():
            typer.echo(f"{entry.id}  {entry.severity:<7}  {entry.title}")
        return
    rule = RULES.get(rule_id.upper())
    if rule is None:
        typer.echo(f"error: no rule {rule_id}; run 'amlgen rules' for the list", err=True)
        raise typer.Exit(EXIT_ERRORS)
    typer.echo(f"{rule.id} ({rule.severity}): {rule.title}\n")
    if rule.detail:
        typer.echo(rule.detail + "\n")
    typer.echo(f"Fix: {rule.fix}\nSource: {rule.source}")
    for index, emitter in enumerate(emitters_of(rule.id, emitters())):
        typer.echo(f"{'Checked by:' if index == 0 else '':<12}{emitter.name} ({emitter.where})")
