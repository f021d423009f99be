"""Every change the writer makes to the file system goes through these functions, so tests can make any one
of them fail and check that the folder is left as it was."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

TEMP_SUFFIX = ".amlgen-tmp"


def default_mode() -> int:
    """The mode a new file gets from open(): 0o666 less the umask (mkstemp makes temp files private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def make_folder(path: Path) -> None:
    os.mkdir(path)


def remove_folder(path: Path) -> None:
    os.rmdir(path)


def write_temp(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """A hidden temporary file beside where `name` goes (the same folder, so the rename is atomic), holding
    `data` with `mode`; nothing is left behind when it fails."""
    handle, temp = tempfile.mkstemp(prefix=f".{name[:60]}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temp, mode)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    return Path(temp)


def replace(source: Path, target: Path) -> None:
    """Atomic within a folder: readers see the old file or the new one, never a partial one."""
    os.replace(source, target)


def remove(path: Path) -> None:
    os.unlink(path)


def symlink(link: str, path: Path) -> None:
    os.symlink(link, path)
