"""Collect the kind definitions of a package: every module in it (except base) defines one KIND."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from amlgen.emitters import declare


def discover(package: str, path: list[str]) -> list[Any]:
    """The KIND of every module of the package, sorted by its order: adding a kind is adding its module."""
    kinds = []
    for module in pkgutil.iter_modules(path):
        if module.name.startswith("_") or module.name == "base":
            continue
        kind = importlib.import_module(f"{package}.{module.name}").KIND
        if kind.emits:
            declare(kind.checks, kind.emits)  # `amlgen rules ID` names the kind's own check too
        kinds.append(kind)
    return sorted(kinds, key=lambda kind: kind.order)
