"""What the commands that render share: the target choices, where each target's folder lives, and the
settings Azure fixes at creation."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amlgen.targets import NAMES as TARGETS

if TYPE_CHECKING:
    from amlgen.arm.deployment import Deployment as Plan
    from amlgen.arm.model import ImmutableSetting

BOTH = "both"
TARGET_HELP = f"{', '.join(TARGETS)} or {BOTH}."
BOTH_FOLDERS = " and ".join(f"<out>/{name}" for name in TARGETS)  # where --target both writes

if TYPE_CHECKING:
    class TargetChoice(str, Enum):
        """mypy reads an Enum's members only from literals; to it this is a str enum of unknown members."""

        _value_: str
else:
    # The choices come from the renderer's targets, so a new target is a new choice here with no edit.
    TargetChoice = Enum("TargetChoice", [(name, name) for name in (*TARGETS, BOTH)], type=str)

TARGET = typer.Option(..., "--target", "-t", help=TARGET_HELP)


def target_folders(target: str, out: Path | None) -> list[tuple[str, Path]]:
    """(target, folder) pairs: one target renders into --out (default infra/<target>); both renders every
    target side by side, into <out>/<target> (default infra/)."""
    if target == BOTH:
        base = out or Path("infra")
        return [(name, base / name) for name in TARGETS]
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
