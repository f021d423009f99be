"""The one build step pyproject.toml cannot declare: compiling the Jinja templates into the wheel.

build_py copies the packages (amlgen.templates among them) into the build folder; this then compiles every
template there into amlgen/templates/_compiled/, the modules amlgen imports instead of compiling the
templates on every run (amlgen.targets.precompiled). An editable install compiles nothing: a checkout
compiles its templates from source unless scripts/compile_templates.py was run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyCompilingTemplates(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        built = Path(self.build_lib)
        sys.path.insert(0, str(built))  # the amlgen just copied there, not one installed elsewhere
        try:
            from amlgen.targets.environment import compile_templates

            written = compile_templates(built / "amlgen" / "templates")
        finally:
            sys.path.remove(str(built))
            for name in [module for module in sys.modules if module == "amlgen" or module.startswith("amlgen.")]:
                del sys.modules[name]
        print(f"compiled {len(written)} templates into amlgen/templates/_compiled")


setup(cmdclass={"build_py": BuildPyCompilingTemplates})
