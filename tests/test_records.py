"""amlgen.records.dataclass behaves as dataclasses.dataclass for the options amlgen uses: each case declares
the same class with both and compares what they do."""

from __future__ import annotations

import ast
import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from amlgen import records
from tests.helpers import ROOT


def both(declare: Callable[[Callable[..., Any]], type]) -> list[type]:
    """The class declare() builds, once with each decorator."""
    return [declare(records.dataclass), declare(dataclasses.dataclass)]


def frozen_rule(decorator: Callable[..., Any]) -> type:
    @decorator(frozen=True)
    class Rule:
        name: str
        port: int = 443
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
        notes: list[str] = dataclasses.field(default_factory=list, compare=False, repr=False)

    return Rule


def slotted_rule(decorator: Callable[..., Any]) -> type:
    @decorator(frozen=True, slots=True)
    class Rule:
        name: str
        port: int = 443
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
        notes: list[str] = dataclasses.field(default_factory=list, compare=False, repr=False)

    return Rule


FROZEN = [frozen_rule, slotted_rule]


def ordered(decorator: Callable[..., Any]) -> type:
    @decorator(frozen=True, order=True)
    class Position:
        line: int
        column: int

    return Position


def mutable(decorator: Callable[..., Any]) -> type:
    @decorator
    class Context:
        intent: str
        seen: dict[str, int] = dataclasses.field(default_factory=dict)

        def __post_init__(self) -> None:
            self.seen[self.intent] = len(self.intent)

    return Context


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("pypi",), {}), (("pypi", 80), {}), (("pypi", 80, ("a",), ["n"]), {}), ((), {"name": "pypi", "port": 1}),
    (("pypi",), {"tags": ("x",)}), ((), {}), (("pypi",), {"name": "again"}), (("pypi",), {"unknown": 1}),
    (("a", 1, (), [], "extra"), {}),
]


@pytest.mark.parametrize("declare", FROZEN)
@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_construction_accepts_and_refuses_what_the_standard_library_does(
        args: tuple[Any, ...], kwargs: dict[str, Any], declare: Callable[[Callable[..., Any]], type]) -> None:
    outcomes = []
    for cls in both(declare):
        try:
            made = cls(*args, **kwargs)
            outcomes.append(("made", repr(made), dataclasses.asdict(made)))
        except TypeError:
            outcomes.append(("refused", "", {}))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("declare", FROZEN)
def test_frozen_records_compare_hash_copy_and_refuse_assignment_alike(
        declare: Callable[[Callable[..., Any]], type]) -> None:
    for cls in both(declare):
        first, second = cls("pypi", notes=["not compared"]), cls("pypi")
        assert first == second and hash(first) == hash(second) and first != cls("pypi", 80)
        assert first.notes is not second.notes  # a factory runs for each instance
        assert (first == ("pypi", 443)) is False
        assert copy.deepcopy(first) == first and dataclasses.replace(first, port=80) == cls("pypi", 80)
        assert copy.copy(first).notes is first.notes and copy.deepcopy(first).notes == ["not compared"]
        assert [f.name for f in dataclasses.fields(first)] == ["name", "port", "tags", "notes"]
        assert dataclasses.is_dataclass(first) and cls.__match_args__ == ("name", "port", "tags", "notes")
        with pytest.raises(dataclasses.FrozenInstanceError):
            first.port = 80
        with pytest.raises(dataclasses.FrozenInstanceError):
            del first.port


def test_slotted_records_have_a_slot_per_field_and_no_instance_dictionary_alike() -> None:
    ours, theirs = both(slotted_rule)
    assert ours.__slots__ == theirs.__slots__ == ("name", "port", "tags", "notes")
    for cls in (ours, theirs):
        made = cls("pypi")
        assert not hasattr(made, "__dict__") and made.port == 443 and made.tags == ()
        with pytest.raises(AttributeError):
            object.__setattr__(made, "other", 1)  # no slot for it


def test_ordered_records_sort_alike() -> None:
    points = [(3, 1), (1, 9), (1, 2), (2, 5)]
    ours, theirs = (sorted(cls(*point) for point in points) for cls in both(ordered))
    assert [(p.line, p.column) for p in ours] == [(p.line, p.column) for p in theirs]
    ours_cls, _ = both(ordered)
    assert ours_cls(1, 2) <= ours_cls(1, 2) < ours_cls(1, 3) and ours_cls(2, 0) >= ours_cls(1, 9) > ours_cls(1, 8)


def test_mutable_records_run_post_init_assign_and_are_unhashable_alike() -> None:
    for cls in both(mutable):
        context = cls("abc")
        assert context.seen == {"abc": 3}
        context.intent = "changed"
        assert context.intent == "changed" and cls.__hash__ is None
        assert repr(cls("x")).endswith(".Context(intent='x', seen={'x': 1})")


@pytest.mark.parametrize("declare", [frozen_rule, slotted_rule, mutable])
def test_a_class_that_makes_many_instances_gets_a_compiled_init_that_behaves_the_same(
        declare: Callable[[Callable[..., Any]], type]) -> None:
    ours, theirs = both(declare)
    shared = ours.__init__
    first = [repr(ours("pypi")) for _ in range(records.HOT + 10)]
    assert ours.__init__ is not shared and ours.__init__.__qualname__.endswith("__init__")  # swapped in
    assert len(set(first)) == 1 and first[0].rsplit(".", 1)[-1] == repr(theirs("pypi")).rsplit(".", 1)[-1]
    for args, kwargs in CALLS[:5] if declare in FROZEN else [(("abc",), {}), ((), {"intent": "x"})]:
        made, expected = ours(*args, **kwargs), theirs(*args, **kwargs)
        assert dataclasses.asdict(made) == dataclasses.asdict(expected)
    with pytest.raises(TypeError):
        ours()
    if declare in FROZEN:
        with pytest.raises(dataclasses.FrozenInstanceError):
            ours("pypi").name = "other"
        assert ours("a").notes is not ours("a").notes


def test_amlgen_declares_its_records_with_amlgen_records() -> None:
    """The standard library compiles six methods for each class, the largest share of a run's start-up."""
    found = []
    for path in sorted((ROOT / "generator" / "amlgen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "dataclasses" and any(
                    alias.name == "dataclass" for alias in node.names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"use `from amlgen.records import dataclass`: {found}"
