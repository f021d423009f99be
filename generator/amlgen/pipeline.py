"""The whole pipeline behind the CLI: load, validate, plan, render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from amlgen.arm.deployment import Deployment as Plan
from amlgen.diagnostics import Diagnostic
from amlgen.intent.loader import load_intent_file
from amlgen.intent.model import Intent
from amlgen.intent.validate import validate
from amlgen.plan import build_plan
from amlgen.targets import render


@dataclass(frozen=True)
class Checked:
    intent: Intent
    diagnostics: list[Diagnostic]
    text: str


def check_file(path: Path, source: str) -> Checked:
    """Load and validate; raises IntentError (with every diagnostic) when the intent has errors."""
    loaded = load_intent_file(path, source)
    intent, diagnostics = validate(loaded)
    return Checked(intent, diagnostics, loaded.text)


def plan_file(path: Path, source: str, label: str) -> tuple[Plan, Checked]:
    checked = check_file(path, source)
    return build_plan(checked.intent, label), checked


def render_file(path: Path, target: str, source: str, label: str) -> tuple[dict[str, str], Checked]:
    plan, checked = plan_file(path, source, label)
    return render(plan, target), checked
