"""The loader: positions, and refusal of input that is not a clean YAML mapping."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from amlgen.cli import app
from amlgen.diagnostics import IntentError, format_text, yaml_lines
from amlgen.intent.loader import MAX_INTENT_BYTES, load_intent_file, load_intent_text
from amlgen.validation import validate
from tests.helpers import EXAMPLES


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


# --- YAML 1.2 core schema: what an editor using the JSON Schema sees is what amlgen sees -------------

@pytest.mark.parametrize(("scalar", "value"), [
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("1:30", "1:30"),
    ("2022-05-24", "2022-05-24"), ("2022-13-01", "2022-13-01"), ("0o17", 15), ("017", 17), ("0x1F", 31),
    ("1e3", 1000.0), ("true", True), ("False", False), ("~", None), ("null", None), ("'yes'", "yes"),
    ("!!str 12", "12"), ("!!float 1", 1.0),
])
def test_scalars_resolve_by_the_yaml_1_2_core_schema(scalar: str, value: object) -> None:
    loaded = load_intent_text("intent.yaml", f"version: 1\nx: {scalar}\n".encode())
    assert loaded.data["x"] == value and type(loaded.data["x"]) is type(value)


def test_a_yaml_1_1_trap_is_named_in_the_fix() -> None:
    text = BASE + "endpoints:\n  - name: e1x\n    deployments:\n      - {name: d1x, model: azureml:m:1, " \
                  "instance_type: Standard_DS3_v2, instance_count: 1:30}\n"
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", text.encode()))
    (diagnostic,) = [d for d in caught.value.diagnostics if d.rule_id == "AML011"]
    assert "1:30" in diagnostic.message and "whole number" in diagnostic.message
    assert "YAML 1.1 tools read 1:30 as the number 90" in diagnostic.fix_text
    assert (diagnostic.position.line, diagnostic.position.column) == (7, 89)


def test_text_fields_given_a_number_say_quote_it() -> None:
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", (BASE + "tags:\n  cost-center: 0x1F\n").encode()))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.fix_text.startswith("Quote it: cost-center: '0x1F'.")


def _leaves(data: object, path: tuple = ()) -> list[tuple]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for index, value in enumerate(data) for leaf in _leaves(value, (*path, index))]
    return [path]


def _put(data: object, path: tuple, value: object) -> None:
    for part in path[:-1]:
        data = data[part]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


@pytest.mark.parametrize("example", sorted(p.parent.name for p in EXAMPLES.glob("*/intent.yaml")))
def test_a_wrong_value_is_reported_on_that_value_for_every_field(example: str) -> None:
    """Every scalar of every example, replaced by a mapping no field takes, is reported where it is,
    inside discriminated rules too (a service_tag rule's protocol, not its service_tag key)."""
    text = (EXAMPLES / example / "intent.yaml").read_text()
    loaded = load_intent_text("intent.yaml", text.encode())
    for path in _leaves(loaded.data):
        if path[-1] in ("type", "version") or (path[0] == "tags"):
            continue  # a rule's type picks its shape; tags and version have their own cases
        data = copy.deepcopy(loaded.data)
        _put(data, path, {"bad": 1})
        changed = load_intent_text("intent.yaml", yaml.safe_dump(data, sort_keys=False).encode())
        with pytest.raises(IntentError) as caught:
            validate(changed)
        wrong = [d for d in caught.value.diagnostics if d.rule_id == "AML011"]
        assert [d.position for d in wrong] == [changed.value_positions[path]], (path, wrong)
        assert all("Use a value of the type" not in d.fix_text for d in wrong)


def test_stdin_is_read_with_dash() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["validate", "-"], input=(EXAMPLES / "managed-vnet-approved-outbound" /
                                                          "intent.yaml").read_text())
    assert result.exit_code == 0 and "<stdin>: valid" in result.output
    result = runner.invoke(app, ["validate", "-"], input="version: 1\nname: [x\n")
    assert result.exit_code == 2 and result.stderr.startswith("<stdin>:2:7: error AML003")


def test_missing_folder_and_unreadable_files_have_their_own_messages(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    unreadable = tmp_path / "intent.yaml"
    unreadable.write_text("version: 1\n")
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes",
                        lambda p: (_ for _ in ()).throw(PermissionError(13, "denied")) if p == unreadable else real(p))
    found = {}
    for label, path in (("missing", tmp_path / "absent.yaml"), ("folder", tmp_path), ("unreadable", unreadable)):
        with pytest.raises(IntentError) as caught:
            load_intent_file(path)
        (diagnostic,) = caught.value.diagnostics
        found[label] = (diagnostic.rule_id, diagnostic.fix_text)
    assert [rule for rule, _ in found.values()] == ["AML015", "AML016", "AML017"]
    assert len({fix for _, fix in found.values()}) == 3 and not any("UTF-8" in fix for _, fix in found.values())


def test_long_values_are_cut_in_messages() -> None:
    long_name = "a" * 10_000
    with pytest.raises(IntentError) as caught:
        validate(load_intent_text("intent.yaml", f"version: 1\nname: {long_name}\nlocation: eastus\n".encode()))
    naming = [d for d in caught.value.diagnostics if "aaaa" in d.message]
    assert naming
    for diagnostic in naming:
        assert len(diagnostic.message) < 300
        assert "(10000 characters)" in diagnostic.message
    text = format_text("intent.yaml", caught.value.diagnostics, caught.value.text)
    assert max(len(line) for line in text.splitlines()) < 400


def test_deep_nesting_is_refused_at_its_position() -> None:
    raw = ("version: 1\ntags: " + "[" * 600 + "]" * 600 + "\n").encode()
    assert first_problem(raw) == ("AML013", 2, 39)
