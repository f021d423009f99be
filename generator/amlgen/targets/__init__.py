"""The targets: each spells the Deployment in its language. The registry names them; a target's code is
imported only when it renders, so the CLI knows the choices without loading every printer."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from amlgen.records import dataclass

if TYPE_CHECKING:
    from amlgen.arm.deployment import Deployment
    from amlgen.targets.documents import ModuleDoc


@dataclass(frozen=True)
class Target:
    name: str
    package: str  # defines files(deployment) and module_doc(deployment)
    scanner: str  # checkov's framework for its files

    def _module(self, name: str) -> Callable[[Deployment], object]:
        module = importlib.import_module(f"{self.package}.{name}")
        function: Callable[[Deployment], object] = getattr(module, name)
        return function

    def files(self, deployment: Deployment) -> dict[str, str]:
        found = self._module("files")(deployment)
        assert isinstance(found, dict)
        return found

    def module_doc(self, deployment: Deployment) -> ModuleDoc:
        from amlgen.targets.documents import ModuleDoc

        found = self._module("module_doc")(deployment)
        assert isinstance(found, ModuleDoc)
        return found


TARGETS: dict[str, Target] = {
    "bicep": Target("bicep", "amlgen.targets.bicep", "bicep"),
    "terraform": Target("terraform", "amlgen.targets.terraform", "terraform"),
}
NAMES = tuple(TARGETS)


def render(deployment: Deployment, target: str) -> dict[str, str]:
    """Every file of one target: its own, plus the documents both targets write beside them."""
    from amlgen.targets.documents import documents, tidy

    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; expected one of {', '.join(NAMES)}")
    chosen = TARGETS[target]
    rendered = {**chosen.files(deployment), **documents(deployment, chosen.module_doc(deployment))}
    # Each text let go once tidied: a large intent's files are megabytes, held once, not twice.
    return {path: tidy(rendered.pop(path)) for path in sorted(rendered)}
