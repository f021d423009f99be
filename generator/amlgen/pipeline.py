"""The whole pipeline behind the CLI: load, validate, plan, render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from amlgen.arm.deployment import Deployment as Plan
from amlgen.diagnostics import Diagnostic
from amlgen.emitters import EMITTERS, Emitter
from amlgen.intent.loader import load_intent_file
from amlgen.intent.model import Intent
from amlgen.plan import build_plan
from amlgen.rules import all_checks
from amlgen.targets import render
from amlgen.validation import validate


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


def emitters() -> list[Emitter]:
    """Everything that emits diagnostics, by where it is declared: the loader and schema stages (imported
    above) and every rule check."""
    all_checks()
    return sorted(EMITTERS, key=lambda emitter: (emitter.path, emitter.line))
