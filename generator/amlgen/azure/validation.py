"""Value formats Azure accepts: host names for FQDN rules, and port ranges for NSG, firewall and managed
network rules."""

from __future__ import annotations

import re

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_FQDN = re.compile(rf"(?:\*\.)?(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")


def valid_fqdn(value: str) -> bool:
    """A host name, optionally with a leading '*.' wildcard label, of at most 253 characters."""
    return len(value) <= 253 and bool(_FQDN.fullmatch(value))


def port_range_problem(value: str) -> str | None:
    """Why a port range string is invalid, or None. Accepts '443', '80,443', '8080-8089', '*'."""
    if value.strip() == "*":
        return None
    parts = [part.strip() for part in value.split(",")]
    for part in parts:
        bounds = part.split("-")
        if len(bounds) > 2 or not all(b.isdigit() for b in bounds):
            return f"'{part}' is not a port or a port range"
        low, high = int(bounds[0]), int(bounds[-1])
        if not (1 <= low <= 65535 and 1 <= high <= 65535):
            return f"'{part}' is outside 1-65535"
        if low > high:
            return f"'{part}' starts above where it ends"
    return None
