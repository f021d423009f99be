"""Templates compiled to Python ahead of time, so a run imports them instead of compiling each one again.

Compiling the templates from source is most of what Jinja costs a render (the lexer's expressions, parsing,
code generation). The wheel ships every template compiled by Jinja (`Environment.compile`, the form Jinja's
ModuleLoader loads) into `amlgen/templates/_compiled/<folder>/`, and a checkout gets the same with
`scripts/compile_templates.py`. Each compiled module records the digest of what it was compiled from:
the template's source, Jinja's version and the environment's options. A template is loaded from its module
only while that digest still matches, so a template edited after it was compiled (in a checkout), another
Jinja, or changed options mean the template is compiled from its source again: never served stale.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemLoader, ModuleLoader, Template

COMPILED = "_compiled"  # inside the templates folder: one folder of modules per folder of templates
DIGEST = "SOURCE_DIGEST"  # the module global that records what the module was compiled from


def source_digest(source: str, options: str) -> str:
    """What a compiled template depends on: its source, the compiler (Jinja's version) and the options
    (whitespace control and the like) the environment compiles with."""
    text = f"jinja2 {jinja2.__version__}\0{options}\0{source}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CompiledLoader(ModuleLoader):
    """Jinja's ModuleLoader over the modules compiled from one folder of templates, checked against the source:
    a template whose module is missing or was compiled from anything else is compiled from its source."""

    def __init__(self, templates: Path, compiled: Path, options: str):
        super().__init__(compiled)
        self.source = FileSystemLoader(templates)
        self.options = options

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        return self.source.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.source.list_templates()

    def load(self, environment: Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> Template:
        source, filename, uptodate = self.source.get_source(environment, name)  # TemplateNotFound: not here
        namespace = self._module(name)
        if namespace is not None and namespace.get(DIGEST) == source_digest(source, self.options):
            return environment.template_class.from_module_dict(environment, namespace, {} if globals is None
                                                               else globals)
        code = environment.compile(source, name, filename)
        return environment.template_class.from_code(environment, code, {} if globals is None else globals, uptodate)

    def _module(self, name: str) -> dict[str, Any] | None:
        """The compiled module's namespace, fresh for this load (Jinja binds it to the environment), or None."""
        module = f"{self.package_name}.{self.get_template_key(name)}"
        try:
            found = __import__(module, None, None, ["root"])
        except ImportError:
            return None
        finally:
            sys.modules.pop(module, None)  # as ModuleLoader does: the loader keeps no module between loads
        namespace: dict[str, Any] = found.__dict__
        return namespace


def compile_folder(environment: Environment, templates: Path, out: Path, options: str) -> list[Path]:
    """Compile every template of one folder into out/, one module per template, named as ModuleLoader names
    them; returns the modules written. Modules of templates that no longer exist are removed."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FileSystemLoader(templates).list_templates():
        source = (templates / name).read_text(encoding="utf-8")
        code = environment.compile(source, name, None, raw=True, defer_init=True)
        header = (f"# Jinja {jinja2.__version__} compiled templates/{templates.name}/{name} for amlgen; generated, "
                  f"do not edit.\n{DIGEST} = {source_digest(source, options)!r}\n")
        target = out / ModuleLoader.get_module_filename(name)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(header + code + "\n", encoding="utf-8", newline="\n")
        os.replace(temporary, target)  # a run loading templates meanwhile sees the old module or the new one
        written.append(target)
    for stale in set(out.glob("tmpl_*.py")) - set(written):
        stale.unlink()
    return written
