"""Templates compiled ahead of time (amlgen.targets.precompiled): a run loads them instead of compiling, renders
exactly what the sources render, and never serves a template compiled from anything but its current source."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from amlgen.targets import environment as templates
from amlgen.targets.precompiled import COMPILED, DIGEST, CompiledLoader
from tests.helpers import EXAMPLES, TARGETS, example_names
from tests.helpers import ROOT as REPOSITORY


@pytest.fixture
def copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the templates, compiled, that environment() loads from for the test."""
    root = tmp_path / "templates"
    shutil.copytree(REPOSITORY / "templates", root, ignore=shutil.ignore_patterns(COMPILED, "__pycache__"))
    templates.compile_templates(root)
    monkeypatch.setattr(templates, "templates_dir", lambda: root)
    templates.environment.cache_clear()
    yield root
    templates.environment.cache_clear()


@pytest.fixture
def compiled_from_source(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source during the test."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        names.append(str(name))
        return compile_source(self, source, name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    return names


def test_every_template_is_compiled_into_one_module(copied: Path) -> None:
    sources = {(folder.name, path.relative_to(folder).as_posix()) for folder in copied.iterdir()
               if folder.is_dir() and not folder.name.startswith("_") for path in folder.rglob("*.j2")}
    modules = {(module.parent.name, module.name) for module in (copied / COMPILED).rglob("tmpl_*.py")}
    assert len(sources) > 10
    assert modules == {(folder, jinja2.ModuleLoader.get_module_filename(name)) for folder, name in sources}


def _render_catalog(target: str) -> dict[str, dict[str, str]]:
    from amlgen.pipeline import render_file

    templates.environment.cache_clear()
    return {name: render_file(EXAMPLES / name / "intent.yaml", target, f"examples/{name}/intent.yaml",
                              "intent.yaml")[0] for name in example_names()}


@pytest.mark.parametrize("target", TARGETS)
def test_compiled_templates_render_byte_for_byte_what_the_sources_render(
        copied: Path, compiled_from_source: list[str], target: str) -> None:
    shutil.rmtree(copied / COMPILED)
    from_source = _render_catalog(target)
    assert compiled_from_source  # no modules: every template compiled from its source
    templates.compile_templates(copied)
    compiled_from_source.clear()
    assert _render_catalog(target) == from_source
    assert compiled_from_source == []  # every template loaded from its module


def test_an_edited_template_is_compiled_from_its_source_never_served_stale(
        copied: Path, compiled_from_source: list[str]) -> None:
    header = copied / "common" / "_md_header.j2"
    before = templates.environment("common").get_template("_md_header.j2").render(plan={"source": "intent.yaml"})
    assert compiled_from_source == []
    header.write_text(header.read_text(encoding="utf-8") + "edited after compiling\n", encoding="utf-8")
    templates.environment.cache_clear()
    after = templates.environment("common").get_template("_md_header.j2").render(plan={"source": "intent.yaml"})
    assert after == before + "edited after compiling\n"
    assert compiled_from_source == ["_md_header.j2"]  # only the edited one; the others still load compiled


def test_a_module_compiled_by_another_jinja_or_with_other_options_is_not_used(copied: Path) -> None:
    """The digest covers Jinja's version and the environment's options besides the source."""
    loader = CompiledLoader(copied / "common", copied / COMPILED / "common", templates.OPTIONS_KEY)
    environment = templates.new_environment(loader)
    assert environment.get_template("_md_header.j2").filename.endswith(".py")  # type: ignore[union-attr]
    other_options = templates.new_environment(CompiledLoader(copied / "common", copied / COMPILED / "common",
                                                             repr({"trim_blocks": False})))
    assert other_options.get_template("_md_header.j2").filename.endswith("_md_header.j2")  # type: ignore[union-attr]
    module = copied / COMPILED / "common" / jinja2.ModuleLoader.get_module_filename("_md_header.j2")
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace(f"{DIGEST} = '", f"{DIGEST} = 'jinja 0.0 "), encoding="utf-8")
    assert templates.new_environment(loader).get_template("_md_header.j2").filename.endswith("_md_header.j2")  # type: ignore[union-attr]


def test_a_missing_template_is_not_found_and_a_removed_one_loses_its_module(copied: Path) -> None:
    with pytest.raises(jinja2.TemplateNotFound):
        templates.environment("terraform").get_template("no-such-template.j2")
    (copied / "common" / "_md_header.j2").unlink()
    templates.compile_templates(copied)
    assert not (copied / COMPILED / "common" / jinja2.ModuleLoader.get_module_filename("_md_header.j2")).exists()
