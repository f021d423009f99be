"""Every file the example catalog renders, grouped by content.

Many files are byte-identical across examples and targets (versions.tf, providers.tf, most of the az ml
YAML), so a test that checks a file on its own checks each distinct content once. A content is named
after the first (example, target, path) that produces it, in sorted order, and keeps the list of all
its producers for failure messages and the golden index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.helpers import ROOT, TARGETS, example_names, render_example

GOLDENS = ROOT / "tests" / "__snapshots__" / "test_golden"
GOLDEN_INDEX = GOLDENS / "test_golden_index.txt"

Producer = tuple[str, str, str]  # (example, target, path)


@dataclass(frozen=True, repr=False)
class DistinctFile:
    text: str
    producers: tuple[Producer, ...]  # sorted; never empty

    def __repr__(self) -> str:  # short in failure reports; conftest.py adds the producers to a failure
        return f"<{self.name}, {len(self.producers)} producer(s)>"

    @property
    def name(self) -> str:
        """'example--target--path' of the first producer, '/' written as '.' (a test ID and file name)."""
        return producer_name(self.producers[0])

    @property
    def path(self) -> str:
        return self.producers[0][2]

    @property
    def paths(self) -> set[str]:
        """Every path this content is written to (the same content may sit under different names)."""
        return {path for _example, _target, path in self.producers}

    def where(self) -> str:
        """Every producer, one a line, for a failure message: the content is checked once for all of them."""
        return "\n".join(" / ".join(producer) for producer in self.producers)


def producer_name(producer: Producer) -> str:
    example, target, path = producer
    return f"{example}--{target}--{path.replace('/', '.')}"


@cache
def distinct_files() -> tuple[DistinctFile, ...]:
    """Every distinct content of the catalog, both targets, in the sorted order of first producers."""
    producers: dict[str, list[Producer]] = {}
    for example in example_names():
        for target in TARGETS:
            for path, text in sorted(render_example(example, target).items()):
                producers.setdefault(text, []).append((example, target, path))
    return tuple(DistinctFile(text, tuple(found)) for text, found in producers.items())


def file_params(*suffixes: str) -> list:
    """pytest params, one per distinct content written to a path with one of the suffixes (all if none)."""
    return [pytest.param(file, id=file.name) for file in distinct_files()
            if not suffixes or any(path.endswith(suffixes) for path in file.paths)]


# --- goldens (tests/test_golden.py) ---------------------------------------------------------------------

def golden_path(name: str) -> Path:
    return GOLDENS / f"test_generated_file_matches_golden[{name}].txt"


def golden_index() -> str:
    """Every generated file and the golden holding its content: 'example / target / path -> golden'."""
    header = f"# example / target / path -> golden: {golden_path('<golden>').relative_to(ROOT / 'tests')}"
    entries = sorted(f"{' / '.join(producer)} -> {file.name}"
                     for file in distinct_files() for producer in file.producers)
    return "\n".join([header, *entries]) + "\n"


def committed_goldens() -> dict[Producer, Path]:
    """The committed index, read back: each generated file's golden."""
    goldens = {}
    for line in GOLDEN_INDEX.read_text().splitlines()[1:]:
        producer, _, name = line.partition(" -> ")
        example, target, path = producer.split(" / ")
        goldens[(example, target, path)] = golden_path(name)
    return goldens
