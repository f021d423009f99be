"""The Jinja environment: strict, whitespace-controlled, loading templates shipped in amlgen.templates."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

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


def templates_dir() -> Path:
    return Path(str(files("amlgen.templates")))


def each(item: object) -> list[object]:
    """Zero or one item, so templates loop over an optional plan value instead of branching on it."""
    return [] if item is None else [item]


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@cache
def environment(target: str) -> Environment:
    """Templates of one target, falling back to templates/common/ (the Markdown both targets share);
    environment("common") loads the shared ones only."""
    folders = [templates_dir() / name for name in dict.fromkeys((target, "common"))]
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,
    )
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
