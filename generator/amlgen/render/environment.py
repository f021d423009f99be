"""The Jinja environment: strict, whitespace-controlled, loading templates shipped in amlgen.templates."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from amlgen.render.escape import bicep_string, comment_text, hcl_string, markdown_text, yaml_string


def templates_dir() -> Path:
    return Path(str(files("amlgen.templates")))


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@cache
def environment(target: str) -> Environment:
    env = Environment(
        # The az ml YAML is the same for every target, so it lives in common/.
        loader=FileSystemLoader([str(templates_dir() / target), str(templates_dir() / "common")]),
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
        md=markdown_text,
        comment=comment_text,
        camel=camel,
    )
    return env
