"""`amlgen explain`: what an intent deploys, for a reviewer, as Markdown (the Mermaid diagram on request)
or JSON."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from amlgen.commands.output import EXIT_ERRORS, INTENT, Format, report

if TYPE_CHECKING:
    from amlgen.arm.deployment import Deployment as Plan
    from amlgen.diagnostics import Diagnostic


class ExplainFormat(str, Enum):
    markdown = "markdown"
    json = "json"


def warning_lines(source: str, diagnostics: list[Diagnostic]) -> list[str]:
    from amlgen.diagnostics import Severity

    return [f"{d.rule_id} ({d.severity.value}) at {source}:{d.position.line}:{d.position.column}: {d.message}"
            for d in sorted(diagnostics, key=lambda d: d.sort_key()) if d.severity is not Severity.ERROR]


def explain_text(plan: Plan, warnings: list[str], diagram: bool = False) -> str:
    from amlgen.explain import explain as build
    from amlgen.targets.documents import tidy
    from amlgen.targets.environment import environment

    template = environment("common").get_template("explain.md.j2")
    return tidy(template.render(x=build(plan), warnings=warnings, diagram=diagram))


def explain_json(plan: Plan, source: str, diagnostics: list[Diagnostic], diagram: bool) -> dict[str, Any]:
    """The same explanation as data: paths, rules, DNS records, what Azure creates, the fixed settings, and
    the warnings as diagnostics; with the diagram, its nodes, groups and edges and its Mermaid text."""
    from amlgen.diagnostics import Severity
    from amlgen.explain import explain as build
    from amlgen.targets.environment import environment

    explanation = build(plan)
    data = dataclasses.asdict(explanation)
    graph = {key: data.pop(key) for key in ("nodes", "groups", "edges")}
    if diagram:
        mermaid = environment("common").get_template("_diagram.md.j2").render(x=explanation)
        data["diagram"] = {**graph, "mermaid": mermaid.removeprefix("```mermaid\n").removesuffix("```\n")}
    data["warnings"] = [{"rule": d.rule_id, "severity": d.severity.value, "file": source, "line": d.position.line,
                         "column": d.position.column, "message": d.message}
                        for d in sorted(diagnostics, key=lambda d: d.sort_key()) if d.severity is not Severity.ERROR]
    return data


def explain(intent: Path = INTENT,
            fmt: ExplainFormat = typer.Option(ExplainFormat.markdown, "--format", help="markdown or json."),
            diagram: bool = typer.Option(False, "--diagram", help="Include the Mermaid diagram of the network "
                                         "(as ARCHITECTURE.md shows it).")) -> None:
    """Explain the intent for a reviewer.

    Inbound and outbound paths, every outbound rule and why, the DNS records, what Azure creates on its
    own, and the warnings. Render writes the same, with the diagram, to ARCHITECTURE.md.
    """
    from amlgen.diagnostics import IntentError
    from amlgen.pipeline import plan_file

    source = str(intent)
    try:
        plan, checked = plan_file(intent, source, intent.name)
    except IntentError as error:
        report(source, error.diagnostics, error.text, Format.json if fmt is ExplainFormat.json else Format.text,
               False)
        raise typer.Exit(EXIT_ERRORS) from None
    if fmt is ExplainFormat.json:
        typer.echo(json.dumps(explain_json(plan, source, checked.diagnostics, diagram), indent=2, sort_keys=True))
        return
    typer.echo(explain_text(plan, warning_lines(source, checked.diagnostics), diagram), nl=False)
