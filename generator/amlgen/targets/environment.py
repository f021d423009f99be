"""The Jinja environment: strict, whitespace-controlled, loading templates shipped in amlgen.templates, from
their compiled modules when those are current (amlgen.targets.precompiled)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, StrictUndefined

from amlgen.targets.escape import (
    bicep_string,
    comment_text,
    hcl_string,
    html_comment_text,
    markdown_code,
    markdown_text,
    mermaid_text,
    yaml_scalar,
    yaml_string,
)
from amlgen.targets.precompiled import COMPILED, CompiledLoader, compile_folder

# How every template is compiled; a compiled template records these, and is compiled again when they change.
OPTIONS: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
                           "autoescape": False}
OPTIONS_KEY = repr(sorted(OPTIONS.items()))


def templates_dir() -> Path:
    """The amlgen.templates package's folder, found without importlib.resources (which costs a run more than
    everything it would do here): templates/ in a checkout, amlgen/templates in a wheel."""
    from importlib import import_module

    return Path(next(iter(import_module("amlgen.templates").__path__)))


def each(item: object) -> list[object]:
    """Zero or one item, so templates loop over an optional plan value instead of branching on it."""
    return [] if item is None else [item]


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def new_environment(loader: BaseLoader | None) -> Environment:
    env = Environment(loader=loader, undefined=StrictUndefined, auto_reload=False, **OPTIONS)
    env.filters.update(
        hcl_string=hcl_string,
        bicep_string=bicep_string,
        yaml_string=yaml_string,
        yaml_scalar=yaml_scalar,
        md=markdown_text,
        md_code=markdown_code,
        comment=comment_text,
        html_comment=html_comment_text,
        mermaid=mermaid_text,
        camel=camel,
    )
    return env


@cache
def environment(target: str) -> Environment:
    """Templates of one target, falling back to templates/common/ (the Markdown both targets share);
    environment("common") loads the shared ones only."""
    root = templates_dir()
    return new_environment(ChoiceLoader([CompiledLoader(root / name, root / COMPILED / name, OPTIONS_KEY)
                                         for name in dict.fromkeys((target, "common"))]))


def compile_templates(root: Path) -> list[Path]:
    """Compile every folder of templates under root into root/_compiled (the wheel's build and
    scripts/compile_templates.py call this); returns the modules written."""
    from importlib import invalidate_caches

    written = []
    for folder in sorted(path for path in root.iterdir() if path.is_dir() and not path.name.startswith(("_", "."))):
        written += compile_folder(new_environment(None), folder, root / COMPILED / folder.name, OPTIONS_KEY)
    invalidate_caches()  # this process may have looked for the modules before they were written
    return written
