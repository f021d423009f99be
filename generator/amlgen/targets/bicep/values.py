"""How Bicep spells the model's values: literals through the Bicep escaper, expressions as symbols,
parameters, interpolated strings and the environment() and subscription() functions."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from amlgen.arm.model import (
    Guid,
    Index,
    Join,
    Param,
    ParentId,
    Ref,
    StorageSuffix,
    SubscriptionId,
    SubscriptionResourceId,
    TenantId,
    UserAssignedIdentities,
)
from amlgen.targets.escape import bicep_string, comment_text
from amlgen.targets.literals import bicep_key

STORAGE_SUFFIX = "environment().suffixes.storage"
COMMENT_WIDTH = 120  # wrap why-comments at this many columns, indentation included (the project's line length)


def wrap(text: str, indent: int) -> list[str]:
    """A why-comment's lines (without the '//'); scanner directives are never wrapped."""
    text = comment_text(text)
    if text.startswith("checkov:"):
        return [text]
    return textwrap.wrap(text, max(COMMENT_WIDTH - indent - 3, 40), break_long_words=False,
                         break_on_hyphens=False) or [""]


class Commented:
    """A list item with comments above it (an inline child with its why-comments)."""

    def __init__(self, value: object, comments: tuple[str, ...]):
        self.value = value
        self.comments = comments


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Speller:
    """Spells values inside one Bicep file. `reference` turns a Ref into a symbol path or a parameter;
    `note` gives the why-comment of an ARM path (or None)."""

    def __init__(self, reference: Callable[[Ref], str]):
        self.reference = reference

    def __call__(self, value: object, indent: int = 0, path: str = "",
                 note: Callable[[str], str | None] = lambda path: None) -> str:
        return self.spell(value, indent, path, note)

    def spell(self, value: object, indent: int = 0, path: str = "",
              note: Callable[[str], str | None] = lambda path: None) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if value is None:
            return "null"
        if isinstance(value, str):
            return bicep_string(value)
        pad = " " * indent
        if isinstance(value, list):
            if not value:
                return "[]"
            items = []
            for item in value:
                if isinstance(item, Commented):
                    items += [f"{pad}  // {line}\n" for text in item.comments for line in wrap(text, indent + 2)]
                    item = item.value
                items.append(f"{pad}  {self.spell(item, indent + 2, path + '[]', note)}\n")
            return "[\n" + "".join(items) + pad + "]"
        if isinstance(value, dict):
            if not value:
                return "{}"
            lines = []
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                text = note(child)
                if text:
                    lines += [f"{pad}  // {line}\n" for line in wrap(text, indent + 2)]
                lines.append(f"{pad}  {bicep_key(key)}: {self.spell(item, indent + 2, child, note)}\n")
            return "{\n" + "".join(lines) + pad + "}"
        return self.expression(value, indent)

    def expression(self, value: object, indent: int = 0) -> str:
        if isinstance(value, Ref):
            return self.reference(value)
        if isinstance(value, Param):
            return camel(value.name)
        if isinstance(value, Index):
            return f"{self.spell(value.base, indent)}[{self.spell(value.key, indent)}]"
        if isinstance(value, Join):
            return self._interpolation(value)
        if isinstance(value, ParentId):
            child = self.spell(value.child_id, indent)
            # An ID without its last type/name pair: the resource that contains it.
            return f"join(take(split({child}, '/'), length(split({child}, '/')) - 2), '/')"
        if isinstance(value, StorageSuffix):
            return STORAGE_SUFFIX
        if isinstance(value, TenantId):
            return "subscription().tenantId"
        if isinstance(value, SubscriptionId):
            return "subscription().subscriptionId"
        if isinstance(value, Guid):
            return "guid(" + ", ".join(self.spell(part, indent) for part in value.parts) + ")"
        if isinstance(value, SubscriptionResourceId):
            return f"subscriptionResourceId({bicep_string(value.type)}, {bicep_string(value.name)})"
        if isinstance(value, UserAssignedIdentities):
            pad = " " * indent
            keys = "".join(f"{pad}  '${{{self.spell(identity, indent + 2)}}}': {{}}\n" for identity in value.ids)
            return "{\n" + keys + pad + "}"
        raise TypeError(f"cannot spell {type(value).__name__} in Bicep")

    def _interpolation(self, value: Join) -> str:
        parts = []
        for part in value.parts:
            if isinstance(part, str):
                parts.append(bicep_string(part)[1:-1])
            elif isinstance(part, StorageSuffix):
                parts.append("${" + STORAGE_SUFFIX + "}")
            else:
                parts.append("${" + self.spell(part) + "}")
        return "'" + "".join(parts) + "'"
