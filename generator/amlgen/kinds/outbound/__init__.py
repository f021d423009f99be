"""The outbound rule kinds of the workspace managed network, discovered from this package."""

from __future__ import annotations

from typing import Any

from amlgen.kinds.outbound.base import OutboundKind
from amlgen.kinds.registry import discover

KINDS: tuple[OutboundKind[Any], ...] = tuple(discover(__name__, __path__))


def kind_of(rule: Any) -> OutboundKind[Any]:
    """The kind of an intent rule (by its model class) or of an ARM rule type ('FQDN', ...)."""
    for candidate in KINDS:
        if isinstance(rule, candidate.spec) or rule == candidate.arm_type:
            return candidate
    raise KeyError(rule)
