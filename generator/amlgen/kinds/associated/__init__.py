"""The associated resource kinds, discovered from this package: one module per kind."""

from __future__ import annotations

from typing import Any

from amlgen.kinds.associated.base import AssociatedKind
from amlgen.kinds.registry import discover

KINDS: tuple[AssociatedKind[Any], ...] = tuple(discover(__name__, __path__))


def kind(key: str) -> AssociatedKind[Any]:
    for candidate in KINDS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
