"""What a kind's own check reports: the rule checks turn it into a positioned diagnostic."""

from __future__ import annotations

from amlgen.records import dataclass


@dataclass(frozen=True)
class Problem:
    rule_id: str
    message: str
    path: tuple[str | int, ...]  # below the kind's own section of the intent
    fix: str = ""
