"""Small helpers the lowering code shares, so every resource spells common ARM values the same way."""

from __future__ import annotations

from amlgen.arm.model import Param

LOCATION = Param("location")
TAGS = Param("tags")
SYSTEM_ASSIGNED = {"type": "SystemAssigned"}


def access(public: bool) -> str:
    """ARM's publicNetworkAccess value."""
    return "Enabled" if public else "Disabled"


def default_action(public: bool) -> str:
    """The network rule set's default: a resource closed to the public denies what no rule admits."""
    return "Allow" if public else "Deny"
