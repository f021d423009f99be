"""From loaded YAML to a validated Intent: pydantic's errors become positioned diagnostics."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from amlgen.diagnostics import Diagnostic, IntentError, shown
from amlgen.emitters import stage
from amlgen.intent.fields import Target, expectation, locate
from amlgen.intent.loader import LoadedIntent, PathKey
from amlgen.intent.model import Intent
from amlgen.intent.scalars import describe


def _model_in(annotation: Any, data: Any) -> type[BaseModel] | None:
    """The model class an annotation stands for, picking a union member by its 'type' tag."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0], data)
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(annotation):
            model = _model_in(member, data)
            if model is None:
                continue
            tag = model.model_fields.get("type")
            if tag is None or (isinstance(data, dict) and data.get("type") in typing.get_args(tag.annotation)):
                return model
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if origin is list and isinstance(data, list):
        return None
    return None


def _model_at(data: Any, path: PathKey) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Intent
    current = data
    annotation: Any = None
    for part in path:
        if isinstance(part, int):
            if annotation is None:
                return None
            args = typing.get_args(annotation)
            element = args[0] if args else None
            current = current[part] if isinstance(current, list) and part < len(current) else None
            model = _model_in(element, current)
            annotation = None
            continue
        if model is None or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        current = current.get(part) if isinstance(current, dict) else None
        inner = annotation
        for arg in typing.get_args(annotation) or ():
            if typing.get_origin(arg) is list:
                inner = arg
        if typing.get_origin(inner) is list:
            annotation = inner
            model = None
        else:
            model = _model_in(annotation, current)
    return model


def _did_you_mean(loaded: LoadedIntent, path: PathKey) -> str:
    model = _model_at(loaded.data, path[:-1])
    if model is None:
        return ""
    known = [name for name in model.model_fields if name not in (loaded_keys(loaded.data, path[:-1]))]
    close = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(sorted(model.model_fields))}"


def loaded_keys(data: Any, path: PathKey) -> set[str]:
    current = data
    for part in path:
        current = current[part]
    return set(current) if isinstance(current, dict) else set()


def _trap_note(loaded: LoadedIntent, path: PathKey) -> str:
    spelled = loaded.scalars.get(path)
    if spelled is None or spelled.yaml11 is None:
        return ""
    return (f" YAML 1.1 tools read {spelled.text} as {spelled.yaml11}; amlgen reads YAML 1.2, as the JSON Schema "
            "and editors do.")


def _wrong_value(loaded: LoadedIntent, error: ErrorDetails, target: Target) -> Diagnostic:
    """AML011: the value, what it is, and what to write instead."""
    path = target.path
    label = ".".join(str(p) for p in path)
    what, example = expectation(target)
    name = target.name or (str(path[-1]) if path else "the value")
    value = error["input"]
    spelled = loaded.scalars.get(path)
    written = spelled.text if spelled is not None else None
    if error["type"] == "literal_error":
        problem = f"{shown(value)} is not allowed; expected {what.removeprefix('one of ')}"
    elif error["type"] == "value_error":
        problem = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
    elif isinstance(value, (dict, list)) or value is None or written is None:
        problem = f"{describe_input(value)} is not {what}"
    else:
        problem = f"{shown(written)} is {'text' if isinstance(value, str) else describe(value)}, not {what}"
    fix = f"Write {what} for {name} (for example {name}: {example})." if example else f"Write {what} for {name}."
    if target.annotation in (int, bool) and isinstance(value, str):
        fix = fix.removesuffix(".") + ", unquoted."
    if target.annotation is str and spelled is not None and spelled.plain and not isinstance(value, str):
        fix = (f"Quote it: {name}: '{written}'. Unquoted, YAML reads {written} as {describe(value)}, and {name} "
               "takes text.")
    fix += _trap_note(loaded, path)
    where = loaded.key_position(path) if target.key else loaded.position_of(path)
    return Diagnostic("AML011", f"{label}: {problem}", where, fix=fix, path=path)


def describe_input(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return describe(value)


def _diagnostic(loaded: LoadedIntent, error: ErrorDetails) -> Diagnostic:
    target = locate(loaded.data, tuple(error["loc"]))
    path = target.path
    kind = error["type"]
    if kind == "extra_forbidden":
        return Diagnostic("AML010", f"unknown key {shown(path[-1])}{_did_you_mean(loaded, path)}",
                          loaded.key_position(path), path=path)
    if kind in ("missing", "union_tag_not_found"):
        missing = error["loc"][-1] if kind == "missing" else error["ctx"]["discriminator"].strip("'")
        where = path[:-1] if kind == "missing" else path
        label = ".".join(str(p) for p in where) or "the top level"
        return Diagnostic("AML012", f"'{missing}' is required in {label}", loaded.key_position(where), path=where)
    if kind == "union_tag_invalid":
        allowed = error["ctx"]["expected_tags"]
        return Diagnostic("AML011", f"type {shown(error['ctx']['tag'])} is not one of {allowed}",
                          loaded.position_of((*path, "type")), path=(*path, "type"),
                          fix=f"Write type: one of {allowed} (for example type: fqdn).")
    return _wrong_value(loaded, error, target)


@stage(emits=("AML010", "AML011", "AML012"))
def shape_diagnostics(loaded: LoadedIntent, exc: ValidationError) -> list[Diagnostic]:
    """The schema's errors, positioned: unknown keys, wrong values, missing keys."""
    seen: set[tuple[str, int, int]] = set()
    diagnostics = []
    for error in exc.errors(include_url=False):
        diagnostic = _diagnostic(loaded, error)
        key = (diagnostic.rule_id, diagnostic.position.line, diagnostic.position.column)
        if key not in seen:
            seen.add(key)
            diagnostics.append(diagnostic)
    return diagnostics


def parse_model(loaded: LoadedIntent) -> Intent:
    try:
        return Intent.model_validate(loaded.data)
    except ValidationError as exc:
        raise IntentError(loaded.source, shape_diagnostics(loaded, exc), loaded.text) from None


def partial_intent(loaded: LoadedIntent, shape: list[Diagnostic]) -> tuple[Intent, frozenset[str]] | None:
    """The intent without the top-level sections the schema rejected, and those sections.

    The rejected sections fall back to their defaults, and the checks that read one of them do not run, so
    no check sees a value the file does not hold. None when a rejected part cannot fall back (a required
    key, or the top level itself): then no rules run.
    """
    rejected = frozenset(str(d.path[0]) for d in shape if d.path)
    if any(not d.path for d in shape) or not isinstance(loaded.data, dict):
        return None
    kept = {key: value for key, value in loaded.data.items() if key not in rejected}
    try:
        return Intent.model_validate(kept), rejected
    except ValidationError:
        return None
