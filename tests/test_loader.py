"""The loader: positions, and refusal of input that is not a clean YAML mapping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amlgen.diagnostics import IntentError, format_text, yaml_lines
from amlgen.intent.loader import MAX_INTENT_BYTES, load_intent_text
from amlgen.validation import validate


def first_problem(raw: bytes) -> tuple[str, int, int]:
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", raw))
    diagnostic = caught.value.diagnostics[0]
    return diagnostic.rule_id, diagnostic.position.line, diagnostic.position.column


@pytest.mark.parametrize(("raw", "expected"), [
    (b"version: 1\nname: \xff\xfe\n", ("AML001", 2, 7)),
    (b"version: 1\n" + b"#" * MAX_INTENT_BYTES, ("AML002", 1, 1)),
    (b"version: 1\nname: [unclosed\n", ("AML003", 2, 7)),
    (b"version: 1\nname: a\nname: b\n", ("AML004", 3, 1)),
    (b"base: &b {x: 1}\nversion: 1\nother: *b\n", ("AML005", 3, 8)),
    (b"version: 1\n<<: {name: a}\n", ("AML005", 2, 1)),
    (b"", ("AML006", 1, 1)),
    (b"# only a comment\n", ("AML006", 1, 1)),
    (b"- version: 1\n", ("AML006", 1, 1)),
    (b"just a string\n", ("AML006", 1, 1)),
    (b"version: 1\nworkspace:\n\tpublic_network_access: enabled\n", ("AML007", 3, 1)),
], ids=["non-utf8", "too-large", "syntax", "duplicate-key", "alias", "merge-key", "empty", "comment-only",
        "list-at-top", "scalar-at-top", "tab-indent"])
def test_unusable_input_is_refused_with_position(raw: bytes, expected: tuple[str, int, int]) -> None:
    assert first_problem(raw) == expected


BASE = "version: 1\nname: contoso-ml\nlocation: eastus\n"


def test_unknown_key_suggests_the_closest() -> None:
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", (BASE + "workspace:\n  public_network_acess: enabled\n").encode()))
    diagnostic = caught.value.diagnostics[0]
    assert (diagnostic.rule_id, diagnostic.position.line, diagnostic.position.column) == ("AML010", 5, 3)
    assert "did you mean 'public_network_access'" in diagnostic.message


def test_wrong_value_points_at_the_value() -> None:
    text = BASE + "workspace:\n  managed_network:\n    isolation_mode: allow_all\n"
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", text.encode()))
    diagnostic = caught.value.diagnostics[0]
    assert (diagnostic.rule_id, diagnostic.position.line, diagnostic.position.column) == ("AML011", 6, 21)


def test_missing_key_and_bad_rule_type_are_all_reported_at_once() -> None:
    text = ("version: 1\nlocation: eastus\nworkspace:\n  managed_network:\n"
            "    isolation_mode: allow_only_approved_outbound\n    outbound_rules:\n      - {name: a, type: ftp}\n"
            "  public_network_access: maybe\n")
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", text.encode()))
    found = {(d.rule_id, d.position.line) for d in caught.value.diagnostics}
    assert {("AML012", 1), ("AML011", 7), ("AML011", 8)} <= found


def test_unknown_key_inside_a_rule_suggests_a_rule_field() -> None:
    text = BASE + ("workspace:\n  managed_network:\n    isolation_mode: allow_only_approved_outbound\n"
                   "    outbound_rules:\n      - {name: a, type: fqdn, destinaton: pypi.org}\n")
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", text.encode()))
    messages = [d.message for d in caught.value.diagnostics if d.rule_id == "AML010"]
    assert messages and "did you mean 'destination'" in messages[0]


# --- no input is a traceback ---------------------------------------------------------------------

_PIECES = [*"ab1: -[]{},'\"&*!|>%@`#\t\n\r\\", "\x00", "\x0c", "\x85", "\u2028", "\ufeff", "é",
           "version: 1\n", "name: x\n", "  ", "<<: ", "!!python/object ", "&a ", "*a"]
YAMLISH = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _only_diagnostics(raw: bytes) -> None:
    try:
        validate(load_intent_text("intent.yaml", raw))
    except IntentError as error:
        assert error.diagnostics
        lines = len(yaml_lines(raw.decode("utf-8", "replace"))) + 1
        for diagnostic in error.diagnostics:
            assert 1 <= diagnostic.position.line <= lines + 1, diagnostic
            assert diagnostic.position.column >= 1
        assert format_text("intent.yaml", error.diagnostics, error.text)


@given(st.binary(max_size=200))
def test_arbitrary_bytes_give_diagnostics_not_exceptions(raw: bytes) -> None:
    _only_diagnostics(raw)


@given(YAMLISH)
def test_yaml_like_text_gives_diagnostics_not_exceptions(text: str) -> None:
    _only_diagnostics(text.encode("utf-8"))
