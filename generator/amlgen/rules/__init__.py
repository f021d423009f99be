"""Cross-field rules with stable IDs. Each check is a function of (Context) -> None, registered with
@check(emits=..., reads=...): the rule IDs it may report and the top-level intent sections it reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from amlgen.diagnostics import Diagnostic
from amlgen.emitters import Emitter, UndeclaredRuleError, declare
from amlgen.intent.loader import LoadedIntent, PathKey
from amlgen.intent.model import Intent
from amlgen.records import dataclass

Check = Callable[["Context"], None]


@dataclass(frozen=True)
class RegisteredCheck:
    function: Check
    emitter: Emitter
    # The top-level intent keys the check reads. When the schema rejects part of a file, the checks that
    # read only sections which validated still run, so one run reports as much as it can without guessing.
    reads: frozenset[str]

    @property
    def name(self) -> str:
        return self.emitter.name

    def runs_beside(self, rejected: frozenset[str]) -> bool:
        """Whether the check can run when the schema rejected these top-level sections."""
        return not self.reads & rejected


_REGISTERED: list[RegisteredCheck] = []


def check(*, emits: tuple[str, ...], reads: tuple[str, ...]) -> Callable[[Check], Check]:
    """Register a check with the rule IDs it may report and the top-level sections it reads."""

    def register(function: Check) -> Check:
        _REGISTERED.append(RegisteredCheck(function, declare(function, emits), frozenset(reads)))
        return function

    return register


def all_checks() -> tuple[RegisteredCheck, ...]:
    """Every check, by module and then in source order; importing a check module registers its checks."""
    from amlgen.rules import (
        assets,
        compute,
        dns,
        egress,
        endpoints,
        existing,
        limits,
        names,
        network,
        outbound,
        policy,
        resources,
        tags,
        vnet,
    )

    order = [module.__name__ for module in (outbound, resources, network, dns, vnet, existing, egress, names, tags,
                                            endpoints, assets, limits, policy, compute)]
    return tuple(sorted(_REGISTERED, key=lambda c: (order.index(c.function.__module__),
                                                    c.function.__code__.co_firstlineno)))


@dataclass
class Context:
    intent: Intent
    loaded: LoadedIntent
    diagnostics: list[Diagnostic] = field(default_factory=list)
    running: RegisteredCheck | None = None

    def run(self, check: RegisteredCheck) -> None:
        self.running = check
        try:
            check.function(self)
        finally:
            self.running = None

    def report(self, rule_id: str, message: str, path: PathKey, *, key: bool = False, fix: str = "") -> None:
        if self.running is None or rule_id not in self.running.emitter.emits:
            who = self.running.name if self.running else "code outside a registered check"
            raise UndeclaredRuleError(f"internal error: {who} reported {rule_id}, which its @check(emits=...) "
                                      "does not declare")
        position = self.loaded.key_position(path) if key else self.loaded.position_of(path)
        self.diagnostics.append(Diagnostic(rule_id, message, position, fix=fix, path=tuple(path)))

    def present(self, path: PathKey) -> bool:
        """Whether the intent file spells out this path (rather than it taking a default)."""
        return tuple(path) in self.loaded.value_positions


def run_rules(intent: Intent, loaded: LoadedIntent, skip: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Run every check, except those that read a section in skip (sections the schema rejected)."""
    context = Context(intent, loaded)
    for registered in all_checks():
        if registered.runs_beside(skip):
            context.run(registered)
    return sorted(context.diagnostics, key=Diagnostic.sort_key)
