"""Validate a loaded intent: its shape against the schema, then the rules with their stable IDs."""

from __future__ import annotations

from pydantic import ValidationError

from amlgen.diagnostics import Diagnostic, IntentError, Severity, has_errors
from amlgen.intent.loader import LoadedIntent
from amlgen.intent.model import Intent
from amlgen.intent.schema import partial_intent, shape_diagnostics
from amlgen.rules import run_rules


def _rules_beside_shape_errors(loaded: LoadedIntent, shape: list[Diagnostic]) -> list[Diagnostic]:
    """Rule errors in the sections the schema accepted, so one run reports as much as it can."""
    partial = partial_intent(loaded, shape)
    if partial is None:
        return []
    intent, rejected = partial
    return [d for d in run_rules(intent, loaded, skip=rejected) if d.severity is Severity.ERROR]


def validate(loaded: LoadedIntent) -> tuple[Intent, list[Diagnostic]]:
    """Validate shape and rules. Raises IntentError when any error is found; returns the rest."""
    try:
        intent = Intent.model_validate(loaded.data)
    except ValidationError as exc:
        shape = shape_diagnostics(loaded, exc)
        raise IntentError(loaded.source, shape + _rules_beside_shape_errors(loaded, shape), loaded.text) from None
    diagnostics = run_rules(intent, loaded)
    if has_errors(diagnostics):
        raise IntentError(loaded.source, diagnostics, loaded.text)
    return intent, diagnostics
