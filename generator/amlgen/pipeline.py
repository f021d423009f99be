"""The whole pipeline behind the CLI: load, validate, plan, render; and the one check that needs the output
deployed today besides the intent: a flip of a setting Azure fixes at creation (AML901)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from amlgen.diagnostics import Diagnostic
from amlgen.emitters import EMITTERS, Emitter, stage
from amlgen.records import dataclass

# Each command imports only what it runs: validate stops before the plan, and a target loads only to render.
if TYPE_CHECKING:
    from amlgen.arm.deployment import Deployment as Plan
    from amlgen.arm.model import ImmutableSetting
    from amlgen.intent.loader import LoadedIntent
    from amlgen.intent.model import Intent


@dataclass(frozen=True)
class Checked:
    intent: Intent
    diagnostics: list[Diagnostic]
    text: str
    loaded: LoadedIntent


def check_file(path: Path, source: str) -> Checked:
    """Load and validate; raises IntentError (with every diagnostic) when the intent has errors."""
    from amlgen.intent.loader import load_intent_file
    from amlgen.validation import validate

    loaded = load_intent_file(path, source)
    intent, diagnostics = validate(loaded)
    return Checked(intent, diagnostics, loaded.text, loaded)


def plan_file(path: Path, source: str, label: str) -> tuple[Plan, Checked]:
    from amlgen.plan import build_plan

    checked = check_file(path, source)
    return build_plan(checked.intent, label), checked


def plan_text(raw: bytes, source: str, label: str) -> tuple[Plan, Checked]:
    """As plan_file, for an intent not written yet (init renders the scenario before writing anything)."""
    from amlgen.intent.loader import load_intent_text
    from amlgen.plan import build_plan
    from amlgen.validation import validate

    loaded = load_intent_text(source, raw)
    intent, diagnostics = validate(loaded)
    return build_plan(intent, label), Checked(intent, diagnostics, loaded.text, loaded)


def render_file(path: Path, target: str, source: str, label: str) -> tuple[dict[str, str], Checked]:
    from amlgen.targets import render

    plan, checked = plan_file(path, source, label)
    return render(plan, target), checked


def flipped(settings: tuple[ImmutableSetting, ...], deployed: dict[str, str]) -> list[tuple[ImmutableSetting, str]]:
    """(setting, deployed value) for every setting whose new value differs from the deployed one in a
    direction Azure forbids. A setting with no deployed value is new: nothing to flip."""
    found = []
    for setting in settings:
        before = deployed.get(setting.key)
        if before is None or before == setting.value or before in setting.changeable_from:
            continue
        found.append((setting, before))
    return found


@stage(emits=("AML901",))
def flip_diagnostics(plan: Plan, checked: Checked, deployed: dict[str, str], where: str) -> list[Diagnostic]:
    """AML901 at the intent's value of every setting Azure fixes at creation that the intent flips, against
    the values deployed (the manifest of `where`, the committed or the base branch's output folder)."""
    return [Diagnostic("AML901", f"{setting.label}: {before} in the deployed output ({where}), {setting.value} "
                                 f"in the intent; Azure cannot apply this to the existing resources. {setting.reason}",
                       checked.loaded.position_of(setting.intent_path), path=setting.intent_path)
            for setting, before in flipped(plan.immutable, deployed)]


def emitters() -> list[Emitter]:
    """Everything that emits diagnostics, by where it is declared: the loader and schema stages, this module's
    own, and every rule check."""
    from amlgen.intent import loader, schema  # noqa: F401 (importing a stage's module declares its stages)
    from amlgen.rules import all_checks

    all_checks()
    return sorted(EMITTERS, key=lambda emitter: (emitter.path, emitter.line))
