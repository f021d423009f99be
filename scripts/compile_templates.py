#!/usr/bin/env python3
"""Compile amlgen's Jinja templates into templates/_compiled/ (git ignores it), as the wheel's build does.

    .venv/bin/python scripts/compile_templates.py

A checkout renders the same without it, compiling each template from its source on every run; with it, a run
imports the compiled modules. A template edited later is compiled from its source again until this is rerun
(each module records the digest of the source it was compiled from), so nothing is ever served stale.
"""

from __future__ import annotations

from amlgen.targets.environment import compile_templates, templates_dir


def main() -> None:
    written = compile_templates(templates_dir())
    print(f"compiled {len(written)} templates into {templates_dir() / '_compiled'}")


if __name__ == "__main__":
    main()
