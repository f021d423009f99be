"""`amlgen rules`: the rule catalog sorted by ID, or one rule at length; as text or JSON."""

from __future__ import annotations

import json
from enum import Enum
from typing import TYPE_CHECKING, Any

import typer

from amlgen.commands.output import EXIT_ERRORS

if TYPE_CHECKING:
    from amlgen.catalog import Rule


class RulesFormat(str, Enum):
    text = "text"
    json = "json"


def rule_json(rule: Rule) -> dict[str, Any]:
    from amlgen.emitters import emitters_of
    from amlgen.pipeline import emitters

    return {"id": rule.id, "severity": rule.severity, "title": rule.title, "fix": rule.fix, "source": rule.source,
            "detail": rule.detail,
            "checked_by": [{"name": e.name, "where": e.where} for e in emitters_of(rule.id, emitters())]}


def rules(rule_id: str | None = typer.Argument(None, help="Explain one rule at length.", metavar="RULE"),
          fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", help="text or json.")) -> None:
    """List the rule catalog by ID, or explain one rule."""
    from amlgen.catalog import RULES
    from amlgen.emitters import emitters_of
    from amlgen.pipeline import emitters

    if rule_id is None:
        catalog = [RULES[key] for key in sorted(RULES)]
        if fmt is RulesFormat.json:
            typer.echo(json.dumps({"rules": [rule_json(rule) for rule in catalog]}, indent=2))
            return
        for entry in catalog:
            typer.echo(f"{entry.id}  {entry.severity:<7}  {entry.title}")
        return
    rule = RULES.get(rule_id.upper())
    if rule is None:
        typer.echo(f"error: no rule {rule_id}; run 'amlgen rules' for the list", err=True)
        raise typer.Exit(EXIT_ERRORS)
    if fmt is RulesFormat.json:
        typer.echo(json.dumps(rule_json(rule), indent=2))
        return
    typer.echo(f"{rule.id} ({rule.severity}): {rule.title}\n")
    if rule.detail:
        typer.echo(rule.detail + "\n")
    typer.echo(f"Fix: {rule.fix}\nSource: {rule.source}")
    for index, emitter in enumerate(emitters_of(rule.id, emitters())):
        typer.echo(f"{'Checked by:' if index == 0 else '':<12}{emitter.name} ({emitter.where})")
