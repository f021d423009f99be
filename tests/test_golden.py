"""Golden snapshots: every distinct generated file of every example, for both targets.

Each distinct content has one golden under __snapshots__/test_golden/, named after the first
example / target / path that produces it (tests/catalog_files.py), so a change reads as a plain diff in
review once, however many examples share the file. The index snapshot lists every generated file and the
golden that holds its content, so a change in which files are shared shows in review too.
Update with `pytest --snapshot-update` only after reading that diff.
"""

from __future__ import annotations

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.catalog_files import DistinctFile, distinct_files, file_params, golden_index
from tests.helpers import TARGETS, example_names, render_example


class TextFileSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.mark.parametrize("file", file_params())
def test_generated_file_matches_golden(file: DistinctFile, snapshot) -> None:
    assert file.text == snapshot(extension_class=TextFileSnapshot)


def test_golden_index(snapshot) -> None:
    assert golden_index() == snapshot(extension_class=TextFileSnapshot)


def test_every_generated_file_has_exactly_one_golden_with_its_content() -> None:
    files = distinct_files()
    assert len({file.text for file in files}) == len(files), "two goldens hold the same content"
    listed = [producer for file in files for producer in file.producers]
    generated = [(name, target, path) for name in example_names() for target in TARGETS
                 for path in render_example(name, target)]
    assert sorted(listed) == sorted(generated)
    for file in files:
        for example, target, path in file.producers:
            assert render_example(example, target)[path] == file.text, f"{example} / {target} / {path}"


@pytest.mark.parametrize("example", example_names())
def test_each_example_renders_both_targets(example: str) -> None:
    for target in TARGETS:
        files = render_example(example, target)
        assert files, f"{example} rendered nothing for {target}"
        assert all(text.endswith("\n") and not text.endswith("\n\n") for text in files.values())
