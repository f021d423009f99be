"""Who emits each rule ID. The validation stages (the loader, the schema) and every rule check declare the
IDs they may emit, so each ID in the catalog is bound to the code that reports it: `amlgen rules ID`
names that code, tests hold the declarations to what the code does, and a check that reports an ID it
did not declare is an internal error (amlgen.rules.Context.report)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from amlgen.records import dataclass

# Locations are shown relative to the package, the same in a source checkout and an installed wheel.
PACKAGE = os.path.dirname(os.path.abspath(__file__))


@dataclass(frozen=True)
class Emitter:
    """A function that emits diagnostics: a stage's entry point or a rule check, with the IDs it declares."""

    function: Callable[..., object]
    emits: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"

    @property
    def path(self) -> str:
        """The declaring file, relative to the amlgen package (rules/outbound.py)."""
        path = os.path.relpath(os.path.abspath(self.function.__code__.co_filename), PACKAGE)
        return path.replace(os.sep, "/")

    @property
    def line(self) -> int:
        """The line of the declaration: the decorator above the function."""
        return self.function.__code__.co_firstlineno

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


class UndeclaredRuleError(RuntimeError):
    """An emitter reported a rule ID it does not declare: a bug in amlgen, never a problem of the intent."""


# Every declared emitter, in the order their modules were imported. amlgen.pipeline.emitters() imports
# every module that declares one.
EMITTERS: list[Emitter] = []


def declare(function: Callable[..., object], emits: tuple[str, ...]) -> Emitter:
    emitter = Emitter(function, frozenset(emits))
    EMITTERS.append(emitter)
    return emitter


F = TypeVar("F", bound=Callable[..., object])


def stage(*, emits: tuple[str, ...]) -> Callable[[F], F]:
    """Declare the IDs a validation stage's function may emit; the function itself is unchanged."""

    def register(function: F) -> F:
        declare(function, emits)
        return function

    return register


def emitters_of(rule_id: str, emitters: list[Emitter]) -> list[Emitter]:
    return [emitter for emitter in emitters if rule_id in emitter.emits]
