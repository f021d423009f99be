"""Cross-field rules with stable IDs. Each check module registers functions of (Context) -> None."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from amlgen.diagnostics import Diagnostic
from amlgen.intent.loader import LoadedIntent, PathKey
from amlgen.intent.model import Intent


@dataclass
class Context:
    intent: Intent
    loaded: LoadedIntent
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, rule_id: str, message: str, path: PathKey, *, key: bool = False, fix: str = "") -> None:
        position = self.loaded.key_position(path) if key else self.loaded.position_of(path)
        self.diagnostics.append(Diagnostic(rule_id, message, position, fix=fix, path=tuple(path)))

    def present(self, path: PathKey) -> bool:
        """Whether the intent file spells out this path (rather than it taking a default)."""
        return tuple(path) in self.loaded.value_positions


Check = Callable[[Context], None]

# The top-level intent keys a check reads. When the schema rejects part of a file, the checks that read
# only sections which validated still run, so one run reports as much as it can without guessing.
SECTIONS: dict[Check, frozenset[str]] = {}


def reads(*sections: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        SECTIONS[check] = frozenset(sections)
        return check

    return register


def run_rules(intent: Intent, loaded: LoadedIntent, skip: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Run every check, except those that read a section in skip (sections the schema rejected)."""
    from amlgen.rules import endpoints, names, network, outbound, resources, tags, vnet

    context = Context(intent, loaded)
    for module in (outbound, resources, network, vnet, names, tags, endpoints):
        for check in module.CHECKS:
            # A check that does not declare its sections runs only when every section validated.
            sections = SECTIONS.get(check)
            if not skip or (sections is not None and not sections & skip):
                check(context)
    return sorted(context.diagnostics, key=Diagnostic.sort_key)
