"""What the review commands share: target choices and where each target's folder lives."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from amlgen.arm.deployment import Deployment as Plan
from amlgen.arm.model import ImmutableSetting


class TargetChoice(str, Enum):
    bicep = "bicep"
    terraform = "terraform"
    both = "both"


def target_folders(target: str, out: Path | None) -> list[tuple[str, Path]]:
    """(target, folder) pairs: one target renders into --out (default infra/<target>); both renders the
    two side by side, into <out>/bicep and <out>/terraform (default infra/)."""
    if target == TargetChoice.both.value:
        base = out or Path("infra")
        return [("bicep", base / "bicep"), ("terraform", base / "terraform")]
    return [(target, out or Path("infra") / target)]


def immutable_values(plan: Plan) -> dict[str, str]:
    return {setting.key: setting.value for setting in plan.immutable}


def flipped(settings: tuple[ImmutableSetting, ...], committed: dict[str, str]) -> list[str]:
    """Messages for every setting whose new value differs from the committed one where Azure forbids it."""
    messages = []
    for setting in settings:
        before = committed.get(setting.key)
        if before is None or before == setting.value or before in setting.changeable_from:
            continue
        messages.append(f"{setting.label}: {before} -> {setting.value} cannot be applied to the existing "
                        f"resources. {setting.reason}")
    return messages
