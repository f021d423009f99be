"""Scalars as YAML 1.2 reads them (the core schema), which is how the published JSON Schema and the editors
that use it read an intent. PyYAML resolves YAML 1.1, where `yes` and `on` are booleans, `1:30` is the
number 90 and `2022-05-24` is a date; here they are text, and what a YAML 1.1 reader would have made of a
value is kept, so a diagnostic can say why a value that looks right is refused.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode

from amlgen.records import dataclass

# YAML 1.2.2, 10.3.2 (tag resolution of the core schema).
_NULL = re.compile(r"null|Null|NULL|~|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")

STR = "tag:yaml.org,2002:str"
_CORE_TAGS = {"tag:yaml.org,2002:null": type(None), "tag:yaml.org,2002:bool": bool,
              "tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": float}


def core_value(text: str) -> Any:
    """A plain scalar's value in the YAML 1.2 core schema."""
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.fullmatch(text):
        return int(text)
    if _INT8.fullmatch(text):
        return int(text[2:], 8)
    if _INT16.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return text


@dataclass(frozen=True)
class Scalar:
    """A scalar as the file spells it, and how a YAML 1.1 reader takes it when that differs."""

    text: str
    plain: bool
    yaml11: str | None = None  # 'the boolean true', 'the number 90', 'a date', ...


class TagRefused(Exception):
    def __init__(self, message: str):
        self.message = message


def describe(value: Any) -> str:
    """A value as a sentence says it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if hasattr(value, "isoformat"):
        return f"the date {value.isoformat()}"
    return f"the text '{value}'"


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _yaml11(loader: Any, node: ScalarNode, value: Any) -> str | None:
    """How PyYAML's YAML 1.1 resolver reads the plain scalar, when that is not the core schema's value."""
    if node.tag == STR:
        return None if isinstance(value, str) else describe(node.value)
    try:
        older = loader.construct_object(node)
    except (ValueError, OverflowError, yaml.YAMLError):
        return "a date that does not exist, and fail"
    return None if _same(older, value) else describe(older)


def resolve(loader: Any, node: ScalarNode) -> tuple[Any, Scalar]:
    """The value of a scalar node by the core schema, honouring explicit core tags (!!str, !!int, ...)."""
    plain = node.style in (None, "")
    implicit = loader.resolve(ScalarNode, node.value, (True, False)) if plain else STR
    if node.tag == implicit:  # no explicit tag
        value = core_value(node.value) if plain else node.value
        return value, Scalar(node.value, plain, _yaml11(loader, node, value) if plain else None)
    if node.tag == STR:
        return node.value, Scalar(node.value, plain)
    wanted = _CORE_TAGS.get(node.tag)
    if wanted is None:
        raise TagRefused(f"the YAML tag '{node.tag}' is not accepted")
    value = core_value(node.value)
    if wanted is float and type(value) is int:
        value = float(value)
    if type(value) is not wanted:
        raise TagRefused(f"'{node.value}' is not a valid {node.tag.rsplit(':', 1)[-1]}")
    return value, Scalar(node.value, plain)
