"""Golden snapshots: every generated file of every example, for both targets.

Each file is its own snapshot file under __snapshots__/, so a change reads as a plain diff in review.
Update with `pytest --snapshot-update` only after reading that diff.
"""

from __future__ import annotations

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.helpers import TARGETS, example_names, render_example


class TextFileSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


CASES = [(name, target, path) for name in example_names() for target in TARGETS
         for path in render_example(name, target)]


IDS = [f"{n}--{t}--{p.replace('/', '.')}" for n, t, p in CASES]


@pytest.mark.parametrize(("example", "target", "path"), CASES, ids=IDS)
def test_generated_file_matches_golden(example: str, target: str, path: str, snapshot) -> None:
    assert render_example(example, target)[path] == snapshot(extension_class=TextFileSnapshot)


@pytest.mark.parametrize("example", example_names())
def test_each_example_renders_both_targets(example: str) -> None:
    for target in TARGETS:
        files = render_example(example, target)
        assert files, f"{example} rendered nothing for {target}"
        assert all(text.endswith("\n") and not text.endswith("\n\n") for text in files.values())
