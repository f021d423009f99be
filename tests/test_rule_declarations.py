"""Rule IDs are bound to the code that emits them, and checks read what they declare.

Every stage (the loader, the schema) and every rule check declares the IDs it may emit; each check also
declares the top-level intent sections it reads, which decides whether it still runs when the schema
rejects another section. These tests hold the declarations to what the code does, over every example,
every case of the bad-input corpus and every case of tests/test_rules.py that reaches the rules stage:
each check runs on the intent wrapped in a proxy that records the sections it reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from amlgen.catalog import RULES
from amlgen.diagnostics import Diagnostic, IntentError
from amlgen.emitters import Emitter, UndeclaredRuleError
from amlgen.intent.loader import MAX_INTENT_BYTES, LoadedIntent, load_intent_file, load_intent_text
from amlgen.intent.model import Intent
from amlgen.intent.schema import parse_model, partial_intent, shape_diagnostics
from amlgen.pipeline import emitters
from amlgen.rules import Context, RegisteredCheck, all_checks
from tests import test_rules
from tests.helpers import EXAMPLES, ROOT, example_names

CORPUS = ROOT / "tests" / "bad_inputs"
SECTIONS = frozenset(Intent.model_fields)


def sources() -> Iterator[tuple[str, bytes]]:
    """Every intent the tests know: the examples, the bad-input corpus, the rule cases and notes."""
    for name in example_names():
        yield f"examples/{name}", (EXAMPLES / name / "intent.yaml").read_bytes()
    for path in sorted(CORPUS.glob("*.yaml")):
        yield f"bad_inputs/{path.name}", path.read_bytes()
    for case_id, text, _ in test_rules.CASES:
        yield f"test_rules/{case_id}", text.encode()
    for case_id, text in test_rules.NOTES.items():
        yield f"test_rules/{case_id}", text.encode()


def rules_inputs() -> Iterator[tuple[str, LoadedIntent, Intent, frozenset[str]]]:
    """(label, loaded, intent, rejected sections) for every source that reaches the rules stage, as
    validation hands it to the rules: whole, or without the sections the schema rejected."""
    for label, raw in sources():
        try:
            loaded = load_intent_text(label, raw)
        except IntentError:
            continue
        try:
            yield label, loaded, parse_model(loaded), frozenset()
        except IntentError as error:
            partial = partial_intent(loaded, error.diagnostics)
            if partial is not None:
                yield label, loaded, *partial


class RecordingIntent:
    """Stands in for an Intent and records every top-level attribute read through it."""

    def __init__(self, intent: Intent) -> None:
        self._recorded_intent = intent
        self._recorded_reads: set[str] = set()

    def __getattr__(self, name: str) -> object:
        self._recorded_reads.add(name)
        return getattr(self._recorded_intent, name)


@dataclass
class Observed:
    """What one check did over all inputs; each value is the first input that showed it."""

    emitted: dict[str, str] = field(default_factory=dict)
    read: dict[str, str] = field(default_factory=dict)
    undeclared: list[str] = field(default_factory=list)
    proxy_differs: list[str] = field(default_factory=list)


def run_check(check: RegisteredCheck, intent: Intent | RecordingIntent, loaded: LoadedIntent) -> list[Diagnostic]:
    context = Context(intent, loaded)  # type: ignore[arg-type]  # the proxy reads like an Intent
    context.run(check)
    return context.diagnostics


@cache
def observations() -> dict[str, Observed]:
    observed: dict[str, Observed] = defaultdict(Observed)
    checks = all_checks()
    inputs = 0
    for label, loaded, intent, rejected in rules_inputs():
        inputs += 1
        for check in checks:
            if not check.runs_beside(rejected):
                continue
            seen = observed[check.name]
            proxy = RecordingIntent(intent)
            try:
                recorded = run_check(check, proxy, loaded)
            except UndeclaredRuleError as error:
                seen.undeclared.append(f"{label}: {error}")
                continue
            if recorded != run_check(check, intent, loaded):
                seen.proxy_differs.append(label)
            for diagnostic in recorded:
                seen.emitted.setdefault(diagnostic.rule_id, label)
            for section in proxy._recorded_reads:
                seen.read.setdefault(section, label)
    assert inputs > 150, f"only {inputs} inputs reach the rules stage"
    return dict(observed)


def test_every_catalog_id_has_an_emitter_and_every_declared_id_is_in_the_catalog() -> None:
    declared = {rule_id for emitter in emitters() for rule_id in emitter.emits}
    assert sorted(set(RULES) - declared) == [], "catalog IDs that nothing declares it emits"
    assert sorted(declared - set(RULES)) == [], "declared IDs missing from the catalog"


def test_every_check_is_registered_once_and_declares_known_sections() -> None:
    checks = all_checks()
    assert len({check.name for check in checks}) == len(checks)
    unknown = {check.name: sorted(check.reads - SECTIONS) for check in checks if check.reads - SECTIONS}
    assert not unknown, f"declared sections the intent does not have: {unknown}"
    assert all(check.emitter.emits and check.reads for check in checks)


def test_checks_emit_only_the_ids_they_declare() -> None:
    undeclared = [message for seen in observations().values() for message in seen.undeclared]
    assert not undeclared, "\n".join(undeclared)


def test_every_declared_id_of_a_check_is_exercised() -> None:
    observed = observations()
    never = {check.name: sorted(check.emitter.emits - set(observed.get(check.name, Observed()).emitted))
             for check in all_checks()}
    never = {name: ids for name, ids in never.items() if ids}
    assert not never, f"declared IDs no example, corpus case or test_rules case makes the check emit: {never}"


def test_checks_read_only_the_sections_they_declare() -> None:
    observed = observations()
    extra = {check.name: {section: observed[check.name].read[section]
                          for section in set(observed[check.name].read) - check.reads}
             for check in all_checks() if check.name in observed}
    extra = {name: sections for name, sections in extra.items() if sections}
    assert not extra, f"checks read sections they do not declare (section: first input): {extra}"


def test_every_declared_section_is_read() -> None:
    """A section declared but never read keeps the check from running beside that section's errors."""
    observed = observations()
    unread = {check.name: sorted(check.reads - set(observed.get(check.name, Observed()).read))
              for check in all_checks()}
    unread = {name: sections for name, sections in unread.items() if sections}
    assert not unread, f"declared sections no input makes the check read: {unread}"


def test_the_recording_proxy_changes_nothing_a_check_reports() -> None:
    differs = {name: seen.proxy_differs for name, seen in observations().items() if seen.proxy_differs}
    assert not differs


def test_a_check_reporting_an_id_it_does_not_declare_is_an_internal_error() -> None:
    def reports_a_surprise(ctx: Context) -> None:
        ctx.report("AML102", "not declared", ("workspace",))

    surprise = RegisteredCheck(reports_a_surprise, Emitter(reports_a_surprise, frozenset({"AML103"})),
                               frozenset({"workspace"}))
    loaded = load_intent_text("intent.yaml", test_rules.intent("").encode())
    with pytest.raises(UndeclaredRuleError, match=r"reports_a_surprise reported AML102"):
        run_check(surprise, parse_model(loaded), loaded)
    context = Context(parse_model(loaded), loaded)
    with pytest.raises(UndeclaredRuleError, match="outside a registered check"):
        context.report("AML103", "no check is running", ("workspace",))


# --- the loader and schema stages --------------------------------------------------------------------

def stage_emitter(function: object) -> Emitter:
    (emitter,) = [emitter for emitter in emitters() if emitter.function is function]
    return emitter


def stage_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[object, list[tuple[str, Diagnostic]]]:
    """Each stage function's diagnostics over the corpus, the examples and the inputs only a test can
    make (a file that does not exist, a folder, a file that cannot be read, a file or bytes over the size
    limit, zero bytes)."""
    found: dict[object, list[tuple[str, Diagnostic]]] = defaultdict(list)
    large = tmp_path / "very-large.yaml"
    large.write_bytes(b"version: 1\n" + b"#" * MAX_INTENT_BYTES)
    unreadable = tmp_path / "unreadable.yaml"
    unreadable.write_bytes(b"version: 1\n")
    real_read = Path.read_bytes

    def denied(path: Path) -> bytes:  # the tests run as root, whom file modes do not stop
        if path == unreadable:
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    for label, path in (("missing file", tmp_path / "absent.yaml"), ("very large file", large),
                        ("folder", tmp_path), ("unreadable file", unreadable)):
        with pytest.raises(IntentError) as caught:
            load_intent_file(path, label)
        found[load_intent_file] += [(label, d) for d in caught.value.diagnostics]
    extra = [("zero bytes", b""), ("very large bytes", large.read_bytes())]
    for label, raw in [*sources(), *extra]:
        try:
            loaded = load_intent_text(label, raw)
        except IntentError as error:
            found[load_intent_text] += [(label, d) for d in error.diagnostics]
            continue
        try:
            parse_model(loaded)
        except IntentError as error:
            found[shape_diagnostics] += [(label, d) for d in error.diagnostics]
    return found


def test_stages_emit_only_their_declared_ids_and_each_is_exercised(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    found = stage_diagnostics(tmp_path, monkeypatch)
    for function in (load_intent_file, load_intent_text, shape_diagnostics):
        emitter = stage_emitter(function)
        emitted = {d.rule_id for _, d in found[function]}
        undeclared = [(label, d.rule_id) for label, d in found[function] if d.rule_id not in emitter.emits]
        assert not undeclared, f"{emitter.name} emitted undeclared IDs: {undeclared}"
        assert sorted(emitter.emits - emitted) == [], f"{emitter.name}: declared IDs never emitted"
