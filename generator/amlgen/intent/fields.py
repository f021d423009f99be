"""Where a pydantic error is in the intent file, and what its field takes.

pydantic reports a location through the model (the tag of a discriminated union, the member of a plain
union); the file has only keys and indexes. Walking the location alongside the model keeps the two apart,
so an error inside a service-tag rule lands on its own value, not on the rule's `service_tag` key.
"""

from __future__ import annotations

import datetime
import types
import typing
from typing import Any

from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

from amlgen.intent.loader import PathKey
from amlgen.intent.model import Intent
from amlgen.records import dataclass


@dataclass(frozen=True)
class Target:
    path: PathKey  # in the file
    annotation: Any  # what the model expects there; None when the key is not in the model
    field: FieldInfo | None  # the model field the path is, or is an item or value of
    name: str  # that field's key, for fixes
    key: bool = False  # the error is about a mapping key, not its value


def _members(annotation: Any) -> list[Any]:
    return [member for member in typing.get_args(annotation) if member is not type(None)]


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if _is_union(annotation) and len(_members(annotation)) == 1:
        return _unwrap(_members(annotation)[0])
    return annotation


def tags(model: Any) -> tuple[Any, ...]:
    """The values of a model's `type` discriminator, or ()."""
    if isinstance(model, type) and issubclass(model, BaseModel) and "type" in model.model_fields:
        return typing.get_args(model.model_fields["type"].annotation)
    return ()


def _member(union: Any, part: Any, node: Any) -> tuple[Any, bool]:
    """The union member a location part selects, and whether the part is a union label (not in the file)."""
    members = [_unwrap(m) for m in _members(union)]
    for member in members:
        if part in tags(member):
            return member, True
    if isinstance(node, dict):
        shaped = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    elif isinstance(node, list):
        shaped = [m for m in members if typing.get_origin(m) is list]
    else:
        shaped = [m for m in members if typing.get_origin(m) not in (list, dict)]
    label = isinstance(part, str) and not (isinstance(node, dict) and part in node)
    return (shaped or members or [None])[0], label


def locate(data: Any, loc: tuple[Any, ...]) -> Target:
    annotation: Any = Intent
    field: FieldInfo | None = None
    name = ""
    path: list[str | int] = []
    node = data
    key = False
    parts = list(loc)
    while parts:
        part = parts[0]
        annotation = _unwrap(annotation)
        if part == "[key]":
            key = True
        elif _is_union(annotation):
            annotation, label = _member(annotation, part, node)
            if not label:
                continue
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            path.append(part)
            field = annotation.model_fields.get(part) if isinstance(part, str) else None
            name = str(part)
            annotation = field.annotation if field else None
            node = node.get(part) if isinstance(node, dict) else None
        elif typing.get_origin(annotation) is list and isinstance(part, int):
            path.append(part)
            annotation = typing.get_args(annotation)[0]
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        elif typing.get_origin(annotation) is dict:
            path.append(part)
            name = str(part)
            annotation = typing.get_args(annotation)[1]
            node = node.get(part) if isinstance(node, dict) else None
        elif annotation is None:
            path.append(part)  # below a key the model does not know
        parts.pop(0)
    return Target(tuple(path), _unwrap(annotation), field, name, key)


def _bounds(field: FieldInfo | None) -> tuple[Any, Any]:
    low = high = None
    for item in field.metadata if field else ():
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    return low, high


def _schema_description(field: FieldInfo | None) -> str | None:
    for item in field.metadata if field else ():
        if isinstance(item, WithJsonSchema) and item.json_schema:
            return str(item.json_schema.get("description") or "") or None
    return None


def expectation(target: Target) -> tuple[str, str]:
    """What the target takes, in words, and an example value as YAML."""
    annotation = target.annotation
    custom = _schema_description(target.field) if target.path and target.path[-1] == target.name else None
    if custom:
        return custom[:1].lower() + custom[1:].rstrip("."), "10.0.0.0/16"
    if target.key:
        return "a name (text)", "name"
    if typing.get_origin(annotation) is typing.Literal:
        values = typing.get_args(annotation)
        return "one of " + ", ".join(str(v) for v in values), str(values[0])
    if annotation is bool:
        return "true or false", "false"
    if annotation is int:
        low, high = _bounds(target.field)
        if low is not None and high is not None:
            return f"a whole number from {low} to {high}", str(max(low, 1))
        if low is not None:
            return f"a whole number of at least {low}", str(max(low, 1))
        return "a whole number", "1"
    if annotation is str:
        return "text", "text"
    if annotation is datetime.date:
        return "a date as YYYY-MM-DD", "2022-05-24"
    if typing.get_origin(annotation) is list:
        return "a list, one '- ' entry per line", "[]"
    if typing.get_origin(annotation) is dict:
        return "a mapping of names to text", "{}"
    if _is_union(annotation):
        kinds = [tag for member in _members(annotation) for tag in tags(_unwrap(member))]
        if kinds:
            return "a mapping with type: " + ", ".join(str(k) for k in kinds), "{}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "a mapping with the keys " + ", ".join(annotation.model_fields), "{}"
    return "a value of the schema's type ('amlgen schema' shows it)", ""
