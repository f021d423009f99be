"""`amlgen explain`: what an intent deploys, for a reviewer, as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amlgen.commands.output import EXIT_ERRORS, INTENT, Format, report

if TYPE_CHECKING:
    from amlgen.arm.deployment import Deployment as Plan
    from amlgen.diagnostics import Diagnostic


def warning_lines(source: str, diagnostics: list[Diagnostic]) -> list[str]:
    from amlgen.diagnostics import Severity

    return [f"{d.rule_id} ({d.severity.value}) at {source}:{d.position.line}:{d.position.column}: {d.message}"
            for d in sorted(diagnostics, key=lambda d: d.sort_key()) if d.severity is not Severity.ERROR]


def explain_text(plan: Plan, warnings: list[str]) -> str:
    from amlgen.explain import explain as build
    from amlgen.targets.documents import tidy
    from amlgen.targets.environment import environment

    return tidy(environment("common").get_template("explain.md.j2").render(x=build(plan), warnings=warnings))


def explain(intent: Path = INTENT) -> None:
    """Explain the intent for a reviewer, as Markdown.

    Inbound and outbound paths, every outbound rule and why, the DNS records, what Azure creates on its
    own, and the warnings. Render writes the same, with a diagram, to ARCHITECTURE.md.
    """
    from amlgen.diagnostics import IntentError
    from amlgen.pipeline import plan_file

    source = str(intent)
    try:
        plan, checked = plan_file(intent, source, intent.name)
    except IntentError as error:
        report(source, error.diagnostics, error.text, Format.text, False)
        raise typer.Exit(EXIT_ERRORS) from None
    typer.echo(explain_text(plan, warning_lines(source, checked.diagnostics)), nl=False)
