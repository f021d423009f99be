"""What a write would do to an output folder, file by file, decided before anything is written.

The rules (README, "The writer"): amlgen writes the files of one render and its manifest, and nothing else.
A file is created, changed (only when its bytes differ) or left unchanged; a file the manifest lists that
the render no longer produces is removed. Everything else in the folder (`.terraform`, a backend file,
symbolic links, FIFOs, empty folders) is never opened, moved or copied. A generated file whose bytes no
longer match the manifest was edited by hand, and a file at a generated path that the manifest does not list
was not written by amlgen: both refuse the write unless forced. A hand-written README.md keeps its place.
"""

from __future__ import annotations

import os
import stat
from dataclasses import field
from pathlib import Path, PurePosixPath

from amlgen.records import dataclass
from amlgen.writer.manifest import MANIFEST, Manifest, WriteError, digest, manifest_text, read_manifest

DOCS_ASIDE = "README.amlgen.md"  # where amlgen's README goes when the folder has its own README.md


@dataclass(frozen=True)
class Found:
    """What is at a path before the write: nothing, a regular file, a symbolic link, or something else."""

    kind: str  # absent | file | link | folder | other
    data: bytes = b""
    mode: int = 0
    link: str = ""


ABSENT = Found("absent")


@dataclass(frozen=True)
class Changes:
    """The write of one output folder, as planned. Paths are relative to `out`, with '/'."""

    out: Path
    writes: dict[str, bytes]  # created and changed files, and the manifest when it changes
    created: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    before: dict[str, Found]  # what was at every path written or removed, to put back on failure
    new_folders: tuple[Path, ...]  # folders to create, parents first
    overwritten: tuple[str, ...] = ()  # hand-edited or foreign files replaced or removed under --force
    notes: tuple[str, ...] = ()
    left: tuple[str, ...] = field(default=())  # files the manifest listed that are no longer amlgen's

    @property
    def files(self) -> tuple[str, ...]:
        """Every generated file the folder holds after the write (the manifest aside)."""
        return tuple(sorted((*self.created, *self.changed, *self.unchanged)))


def place_documents(out: Path, files: dict[str, str], manifest: Manifest | None) -> tuple[dict[str, str], list[str]]:
    """A README.md in the folder that amlgen did not write (or that was edited since) is the user's: amlgen's
    goes beside it, as README.amlgen.md. `render` and `check` both place the files this way."""
    placed = dict(files)
    notes = []
    for path in sorted(files):
        relative = PurePosixPath(path)
        if relative.name != "README.md":
            continue
        found = inspect(out / path)
        if found.kind == "absent" or (found.kind == "file" and _ours(path, found, manifest)):
            continue
        aside = str(relative.with_name(DOCS_ASIDE))
        placed[aside] = placed.pop(path)
        notes.append(f"{(out / path).as_posix()} is not amlgen's: its README went to {(out / aside).as_posix()}")
    return dict(sorted(placed.items())), notes


def _ours(path: str, found: Found, manifest: Manifest | None) -> bool:
    """The file is as amlgen wrote it (its digest is the manifest's)."""
    return manifest is not None and manifest.files.get(path) == digest(found.data)


def inspect(path: Path) -> Found:
    """What is at a path, without following a symbolic link and without opening anything but a regular file
    (reading a FIFO would block)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ABSENT
    except NotADirectoryError:
        return ABSENT  # a parent is a file; the parent check reports it
    except OSError as error:
        raise WriteError(f"cannot read {path.as_posix()}: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        return Found("link", link=os.readlink(path))
    if stat.S_ISDIR(info.st_mode):
        return Found("folder")
    if not stat.S_ISREG(info.st_mode):
        return Found("other")
    try:
        return Found("file", path.read_bytes(), stat.S_IMODE(info.st_mode))
    except OSError as error:
        raise WriteError(f"cannot read {path.as_posix()}: {error.strerror}") from None


def check_output_folder(out: Path) -> tuple[Path, ...]:
    """The folders to create for `out` (parents first); raises when `out` or a parent is not a folder."""
    if os.path.lexists(out):
        if not out.is_dir():
            raise WriteError(f"{out.as_posix()} is not a folder" if out.exists() or not out.is_symlink() else
                             f"{out.as_posix()} is a symbolic link to nothing")
        return ()
    missing = [out]
    parent = out.parent
    while not os.path.lexists(parent) and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    if not parent.is_dir():
        raise WriteError(f"cannot create {out.as_posix()}: {parent.as_posix()} is not a folder")
    return tuple(reversed(missing))


def _missing_parents(out: Path, relative: str) -> list[str]:
    """The folders inside `out` a file needs that do not exist yet; raises when one of them is a symbolic
    link (amlgen does not write through links inside its folder) or not a folder."""
    missing: list[str] = []
    parts = PurePosixPath(relative).parts[:-1]
    for index in range(len(parts)):
        folder = "/".join(parts[:index + 1])
        if missing:
            missing.append(folder)
            continue
        found = inspect(out / folder)
        if found.kind == "absent":
            missing.append(folder)
        elif found.kind == "link":
            raise WriteError(f"{(out / folder).as_posix()} is a symbolic link; amlgen writes {relative} only "
                             "inside the output folder and does not follow links there: remove the link")
        elif found.kind != "folder":
            raise WriteError(f"{(out / folder).as_posix()} is in the way: amlgen writes {relative} and needs a "
                             "folder there")
    return missing


def plan_changes(out: Path, files: dict[str, str], *, target: str | None, settings: dict[str, str] | None = None,
                 force: bool = False, manifest: bool = True) -> Changes:
    """What writing `files` (relative path -> text) into `out` changes. Raises WriteError, before anything is
    written, where the write would lose something; `force` overwrites hand-edited and foreign files."""
    new_folders = list(check_output_folder(out))
    committed = _committed_manifest(out, force) if manifest and not new_folders else None
    notes: list[str] = []
    if committed is not None and committed.target not in (None, target) and not force:
        raise WriteError(f"{out.as_posix()} holds {committed.target} output (its {MANIFEST} says so); render "
                         f"{target} into another folder, or pass --force to replace it")
    if manifest:
        files, notes = place_documents(out, files, committed)
    planned = _Planner(out, committed, force)
    for path, text in files.items():
        planned.write(path, text.encode("utf-8"))
    known = committed.files if committed else {}
    left = []
    for path in sorted(set(known) - set(files)):
        if planned.remove(path) is False:
            left.append(path)
    if manifest:
        planned.manifest(manifest_text(files, settings, target).encode("utf-8"))
    planned.refuse_losses()
    relative_folders = sorted(planned.folders, key=lambda f: (f.count("/"), f))
    return Changes(out, planned.writes, tuple(planned.created), tuple(planned.changed), tuple(planned.unchanged),
                   tuple(planned.removed), planned.before, (*new_folders, *(out / f for f in relative_folders)),
                   tuple(planned.overwritten), (*notes, *planned.notes), tuple(left))


def _committed_manifest(out: Path, force: bool) -> Manifest | None:
    try:
        return read_manifest(out)
    except WriteError as error:
        if not force:
            raise WriteError(f"{error}, or pass --force to write the files anyway") from None
        return None


class _Planner:
    def __init__(self, out: Path, committed: Manifest | None, force: bool):
        self.out, self.committed, self.force = out, committed, force
        self.writes: dict[str, bytes] = {}
        self.before: dict[str, Found] = {}
        self.created: list[str] = []
        self.changed: list[str] = []
        self.unchanged: list[str] = []
        self.removed: list[str] = []
        self.folders: set[str] = set()
        self.edited: list[str] = []
        self.foreign: list[str] = []
        self.overwritten: list[str] = []
        self.notes: list[str] = []

    def _where(self, path: str) -> str:
        return (self.out / path).as_posix()

    def write(self, path: str, data: bytes) -> None:
        self.folders.update(_missing_parents(self.out, path))
        found = inspect(self.out / path)
        if found.kind in ("folder", "other"):
            what = "a folder" if found.kind == "folder" else "not a regular file"
            raise WriteError(f"{self._where(path)} is {what}; amlgen writes a file there: move it away")
        if found.kind == "file" and found.data == data:
            self.unchanged.append(path)
            return
        if found.kind != "absent":
            self._owned_or_refused(path, found)
        self.before[path] = found
        self.writes[path] = data
        (self.created if found.kind == "absent" else self.changed).append(path)

    def remove(self, path: str) -> bool | None:
        """Plan the removal of a file the render no longer produces: True when removed, None when already
        gone, False when it is not amlgen's file any more (a folder or a FIFO took its place)."""
        try:
            _missing_parents(self.out, path)
        except WriteError:
            found = Found("other")  # a link or a file took the place of its folder
        else:
            found = inspect(self.out / path)
        if found.kind == "absent":
            return None
        if found.kind not in ("file", "link"):
            self.notes.append(f"{self._where(path)} is no longer a file amlgen wrote; left as it is")
            return False
        self._owned_or_refused(path, found)
        self.before[path] = found
        self.removed.append(path)
        return True

    def manifest(self, data: bytes) -> None:
        found = inspect(self.out / MANIFEST)
        if found.kind == "file" and found.data == data:
            return
        self.before[MANIFEST] = found
        self.writes[MANIFEST] = data

    def _owned_or_refused(self, path: str, found: Found) -> None:
        listed = self.committed.files.get(path) if self.committed else None
        if listed is not None and found.kind == "file" and listed == digest(found.data):
            return
        (self.edited if listed is not None else self.foreign).append(path)
        self.overwritten.append(path)

    def refuse_losses(self) -> None:
        if self.force or not (self.edited or self.foreign):
            return
        problems = []
        if self.edited:
            problems.append(f"{_listing(self.out, self.edited)} edited by hand since amlgen wrote "
                            f"{_them(self.edited)} (no longer as in {MANIFEST}): move the change into the intent, "
                            "or pass --force to overwrite")
        if self.foreign:
            problems.append(f"{_listing(self.out, self.foreign)} not written by amlgen (not in the folder's "
                            f"manifest): move {_them(self.foreign)} away, or pass --force to overwrite")
        raise WriteError("; ".join(problems))


def _listing(out: Path, paths: list[str]) -> str:
    names = ", ".join((out / path).as_posix() for path in paths)
    return f"{names} {'was' if len(paths) == 1 else 'were'}"


def _them(paths: list[str]) -> str:
    return "it" if len(paths) == 1 else "them"
