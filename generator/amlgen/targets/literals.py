"""Formatting plain values (strings, numbers, booleans, lists, maps) as HCL and Bicep literals."""

from __future__ import annotations

import re
from typing import Any

from amlgen.targets.escape import bicep_string, hcl_string

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def hcl_key(key: str) -> str:
    """An object key as HCL writes it: bare when it is an identifier, quoted otherwise."""
    return key if _IDENT.fullmatch(key) else hcl_string(key)


def hcl_value(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return hcl_string(value)
    if isinstance(value, (list, tuple)):
        items = [hcl_value(item, indent + 2) for item in value]
        if all("\n" not in item for item in items) and sum(len(i) + 2 for i in items) + indent < 90:
            return "[" + ", ".join(items) + "]"
        return "[\n" + "".join(f"{pad}  {item},\n" for item in items) + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        keys = [hcl_key(k) for k in value]
        rendered = [hcl_value(raw, indent + 2) for raw in value.values()]
        return "{\n" + "\n".join(align_assignments(keys, rendered, indent + 2)) + "\n" + pad + "}"
    raise TypeError(f"cannot render {type(value).__name__} as HCL")


def align_assignments(keys: list[str], values: list[str], indent: int) -> list[str]:
    """'key = value' lines with '=' aligned the way terraform fmt does: within each run of single-line
    values; a multi-line value ends the run."""
    pad = " " * indent
    lines: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(k) for k, _ in run), default=0)
        lines.extend(f"{pad}{k.ljust(width)} = {v}" for k, v in run)
        run.clear()

    for key, value in zip(keys, values, strict=True):
        if "\n" in value:
            flush()
            lines.append(f"{pad}{key} = {value}")
        else:
            run.append((key, value))
    flush()
    return lines


# Words Bicep reads as literals or statements; as object keys they are quoted, which is always valid.
# ('type' and the like stay bare: Bicep accepts them as property names, and templates use them.)
_BICEP_KEYWORDS = frozenset({"true", "false", "null", "if", "for", "in", "resource", "module", "param", "var",
                             "output", "existing", "import", "func", "metadata", "targetScope", "using"})


def bicep_key(key: str) -> str:
    return key if _IDENT.fullmatch(key) and key not in _BICEP_KEYWORDS else bicep_string(key)


def bicep_value(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return bicep_string(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + "".join(f"{pad}  {bicep_value(item, indent + 2)}\n" for item in value) + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = "".join(f"{pad}  {bicep_key(k)}: {bicep_value(v, indent + 2)}\n" for k, v in value.items())
        return "{\n" + lines + pad + "}"
    raise TypeError(f"cannot render {type(value).__name__} as Bicep")
