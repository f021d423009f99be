"""The scenario catalog (examples/README.md): every row has an intent that validates without errors and
golden snapshots for both targets, and every example folder is in the catalog."""

from __future__ import annotations

import re

import pytest

from amlgen.azure.sources import ARTICLES
from amlgen.diagnostics import IntentError
from amlgen.intent.loader import load_intent_file
from amlgen.validation import validate
from tests.catalog_files import committed_goldens
from tests.helpers import EXAMPLES, TARGETS, example_names, render_example

COLUMNS = ["scenario", "source (article, section)", "example", "shows", "secure"]
TITLES = [article.title.split(" (")[0] for article in ARTICLES]


def catalog_rows() -> list[dict[str, str]]:
    lines = [line for line in (EXAMPLES / "README.md").read_text().splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == COLUMNS
    assert set(lines[1].replace("|", "").split()) == {"---"}
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == len(COLUMNS), line
        rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return rows


ROWS = catalog_rows()


def folder_of(row: dict[str, str]) -> str:
    match = re.fullmatch(r"\[([a-z0-9-]+)\]\(([a-z0-9-]+)/\)", row["example"])
    assert match and match.group(1) == match.group(2), f"example cell must link its folder: {row['example']}"
    return match.group(1)


def test_every_example_folder_is_in_the_catalog() -> None:
    assert sorted(folder_of(row) for row in ROWS) == example_names()


@pytest.mark.parametrize("row", ROWS, ids=[r["example"] for r in ROWS])
def test_catalog_row_is_complete(row: dict[str, str]) -> None:
    folder = folder_of(row)
    assert row["scenario"] and row["shows"]
    assert any(title in row["source (article, section)"] for title in TITLES), "the source names an article"
    assert row["secure"] in ("yes", "no")
    intent = EXAMPLES / folder / "intent.yaml"
    assert intent.is_file(), f"{folder} has no intent.yaml"
    readme = (EXAMPLES / folder / "README.md").read_text()
    assert any(f"]({article.url})" in readme for article in ARTICLES), f"{folder}/README.md links no article"
    try:
        _, diagnostics = validate(load_intent_file(intent, f"examples/{folder}/intent.yaml"))
    except IntentError as error:
        pytest.fail(f"{folder} does not validate: {[d.rule_id for d in error.diagnostics]}")
    assert not [d for d in diagnostics if d.severity.value == "error"]
    goldens = committed_goldens()  # one golden per distinct content; the index names each file's
    for target in TARGETS:
        missing = [path for path in sorted(render_example(folder, target))
                   if (folder, target, path) not in goldens or not goldens[(folder, target, path)].is_file()]
        assert not missing, f"{folder} lacks golden snapshots for {target}: {missing[:3]}"


def test_user_facing_text_cites_articles_not_seed_files() -> None:
    """Rule sources, generated comments and docs, the example catalog and READMEs and the scenarios `amlgen
    init --list` shows name the Azure article, never an internal seed number."""
    from amlgen.catalog import RULES
    from amlgen.commands.scaffold import scenarios

    for rule in RULES.values():
        assert "seed" not in f"{rule.source} {rule.detail} {rule.fix}".lower(), rule.id
    for example in example_names():
        for target in TARGETS:
            for path, text in render_example(example, target).items():
                assert not re.search(r"\bseeds?\b", text, re.IGNORECASE), (example, target, path)
        assert not re.search(r"\bseeds?\b", (EXAMPLES / example / "README.md").read_text(), re.IGNORECASE)
    assert not re.search(r"\bseeds?\b", (EXAMPLES / "README.md").read_text(), re.IGNORECASE)
    assert not [s.name for s in scenarios().values() if re.search(r"\bseeds?\b", s.summary, re.IGNORECASE)]
