"""What the commands that render share: the target choices, where each target's folder lives, what an
output folder must hold, and the settings Azure fixes at creation."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amlgen.targets import NAMES as TARGETS

if TYPE_CHECKING:
    from amlgen.arm.model import ImmutableSetting
    from amlgen.writer import Manifest

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


def layout_problem(target: str, out: Path | None) -> str | None:
    """Why --out does not fit --target: `both` into a folder holding one target's output (its manifest
    is at the top), or one target into the parent folder of `both`."""
    from amlgen.writer import MANIFEST

    folder = (out or Path("infra")) if target == BOTH else None
    if folder is not None and (folder / MANIFEST).is_file():
        return (f"{folder.as_posix()} holds the output of one target (its {MANIFEST}); --target both writes "
                f"{' and '.join((folder / name).as_posix() for name in TARGETS)}: give their parent folder as "
                "--out, or render one target")
    if target != BOTH and out is not None and not (out / MANIFEST).is_file():
        nested = [name for name in TARGETS if (out / name / MANIFEST).is_file()]
        if nested:
            return (f"{out.as_posix()} holds the output of --target both ({', '.join(nested)}); render "
                    f"{target} into {(out / target).as_posix()}, or use --target both")
    return None


def committed_output(folder: Path, target: str, role: str) -> Manifest:
    """The manifest of a folder that must hold this target's output (`check --out`, `--baseline`); raises
    WriteError with what is wrong: it does not exist, holds no amlgen output, or another target's."""
    from amlgen.writer import MANIFEST, WriteError, read_manifest

    where = folder.as_posix()
    if not folder.is_dir():
        raise WriteError(f"{role} {where} " + ("is not a folder" if folder.exists() else "does not exist"))
    manifest = read_manifest(folder)
    if manifest is None:
        raise WriteError(f"{role} {where} holds no amlgen output (no {MANIFEST}); render into it first, "
                         "and commit the manifest with the output")
    if manifest.target not in (None, target):
        raise WriteError(f"{role} {where} holds {manifest.target} output, not {target}")
    return manifest


def settings_to_record(settings: tuple[ImmutableSetting, ...], deployed: dict[str, str],
                       accept_flips: bool) -> dict[str, str]:
    """The fixed-at-creation values the manifest keeps: the intent's, except that a flip Azure forbids keeps
    the deployed value (so every later render and check warns again) until --accept-flips records it."""
    from amlgen.pipeline import flipped

    kept = {} if accept_flips else {setting.key: before for setting, before in flipped(settings, deployed)}
    return {setting.key: kept.get(setting.key, setting.value) for setting in settings}
