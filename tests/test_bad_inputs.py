"""The bad-input corpus (tests/bad_inputs/): every intent there is refused through the CLI with exit 2, the
expected rule IDs on the expected lines, no traceback, and nothing written. See tests/bad_inputs/README.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amlgen.catalog import RULES
from amlgen.cli import app
from amlgen.intent.loader import MAX_INTENT_BYTES

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
EXPECT = re.compile(rb"^# expect: (AML\d{3}) line (\d+)$", re.MULTILINE)

runner = CliRunner()


def expectations(raw: bytes) -> set[tuple[str, int]]:
    return {(rule.decode(), int(line)) for rule, line in EXPECT.findall(raw)}


def _generated_cases(tmp_path: Path) -> dict[str, tuple[Path, set[tuple[str, int]]]]:
    """Cases too big (or too empty) to commit, or that are not files: a file over the size limit, a file of
    zero bytes, a path that does not exist and a folder."""
    large = tmp_path / "very-large.yaml"
    filler = "# " + "x" * 78 + "\n"
    large.write_text("version: 1\n" + filler * (MAX_INTENT_BYTES // len(filler) + 1), encoding="utf-8")
    empty = tmp_path / "zero-bytes.yaml"
    empty.write_bytes(b"")
    folder = tmp_path / "intent-folder.yaml"
    folder.mkdir()
    return {"very-large": (large, {("AML002", 1)}), "zero-bytes": (empty, {("AML006", 1)}),
            "missing": (tmp_path / "absent.yaml", {("AML015", 1)}), "folder": (folder, {("AML016", 1)})}


CASES = sorted(p.name for p in CORPUS.glob("*.yaml"))


def check_refused(intent: Path, expected: set[tuple[str, int]], out: Path) -> None:
    assert expected, f"{intent.name} has no '# expect:' line"
    assert {rule for rule, _ in expected} <= set(RULES), "an expectation names a rule that is not in the catalog"

    result = runner.invoke(app, ["render", str(intent), "--target", "terraform", "--out", str(out),
                                 "--format", "json"])
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr == "", "json goes to stdout, as one document"
    diagnostics = json.loads(result.stdout)["diagnostics"]
    found = {(d["rule"], d["line"]) for d in diagnostics if d["severity"] == "error"}
    assert found == expected, f"expected {sorted(expected)}, got {sorted(found)}"
    assert all(d["column"] >= 1 and d["fix"] for d in diagnostics)

    result = runner.invoke(app, ["render", str(intent), "--target", "bicep", "--out", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    for rule, line in expected:
        assert re.search(rf"^{re.escape(str(intent))}:{line}:\d+: error {rule}: ", result.output, re.MULTILINE), \
            result.output
    assert not out.exists(), "nothing is written for a refused intent"


@pytest.mark.parametrize("case", CASES, ids=[c.removesuffix(".yaml") for c in CASES])
def test_corpus_case_is_refused(case: str, tmp_path: Path) -> None:
    intent = CORPUS / case
    check_refused(intent, expectations(intent.read_bytes()), tmp_path / "out")


@pytest.mark.parametrize("case", ["very-large", "zero-bytes", "missing", "folder"])
def test_generated_case_is_refused(case: str, tmp_path: Path) -> None:
    intent, expected = _generated_cases(tmp_path)[case]
    check_refused(intent, expected, tmp_path / "out")


def test_corpus_is_large_and_covers_every_input_rule() -> None:
    assert len(CASES) >= 60
    covered = set().union(*(expectations((CORPUS / c).read_bytes()) for c in CASES))
    # Not files the corpus can hold: too large (AML002), absent (AML015), a folder (AML016), unreadable
    # (AML017, tests/test_loader.py: the tests run as root, who reads any file).
    loader_and_shape = {rule for rule in RULES if rule < "AML100"} - {"AML002", "AML015", "AML016", "AML017"}
    assert loader_and_shape <= {rule for rule, _ in covered}
