"""Carry out planned writes, one file at a time, all or nothing.

Staging writes every new file to a temporary file beside its target (the only step that needs space);
committing renames each into place atomically and removes stale files, then writes the manifest last. The
old content of every path touched is held in memory (the planner read it), so a failure anywhere puts every
folder back as it was: files restored, new files and folders removed, temporary files deleted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path, PurePosixPath

from amlgen.writer import fs
from amlgen.writer.changes import Changes, Found
from amlgen.writer.manifest import MANIFEST, WriteError


class _Folder:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.made: list[Path] = []  # folders created, in order
        self.temps: dict[str, Path] = {}  # staged, not yet renamed into place
        self.undo: list[Callable[[], None]] = []

    def stage(self) -> None:
        for folder in self.changes.new_folders:
            if folder.is_dir() and not folder.is_symlink():
                continue  # made by a folder staged before this one (init writes the repository, then infra/)
            fs.make_folder(folder)
            self.made.append(folder)
        default = fs.default_mode()
        for path, data in self.changes.writes.items():
            target = self.changes.out / path
            before = self.changes.before[path]
            mode = before.mode if before.kind == "file" else default
            self.temps[path] = fs.write_temp(target.parent, target.name, data, mode)

    def commit(self) -> None:
        """New and changed files, then stale files and the folders they leave empty, then the manifest."""
        for path in sorted(self.temps):
            if path != MANIFEST:
                self._put(path)
        self._remove_stale()
        if MANIFEST in self.temps:
            self._put(MANIFEST)

    def _put(self, path: str) -> None:
        fs.replace(self.temps[path], self.changes.out / path)
        del self.temps[path]
        self.undo.append(partial(self._restore, path))

    def _remove_stale(self) -> None:
        out = self.changes.out
        for path in self.changes.removed:
            fs.remove(out / path)
            self.undo.append(partial(self._restore, path))
        emptied = {str(parent) for path in self.changes.removed for parent in PurePosixPath(path).parents
                   if str(parent) != "."}  # never the output folder itself
        for folder in sorted(emptied, key=lambda f: -f.count("/")):
            if not os.listdir(out / folder):
                fs.remove_folder(out / folder)
                self.undo.append(partial(fs.make_folder, out / folder))

    def _restore(self, path: str) -> None:
        target = self.changes.out / path
        before: Found = self.changes.before[path]
        if before.kind == "file":  # renamed over whatever is there, atomically
            fs.replace(fs.write_temp(target.parent, target.name, before.data, before.mode), target)
            return
        if os.path.lexists(target):
            fs.remove(target)
        if before.kind == "link":
            fs.symlink(before.link, target)

    def rollback(self) -> list[str]:
        """Undo everything done so far; the problems met on the way (the folder may then differ)."""
        problems = []
        for step in reversed(self.undo):
            try:
                step()
            except OSError as error:
                problems.append(_describe(error, self.changes.out))
        for temp in self.temps.values():
            try:
                fs.remove(temp)
            except OSError as error:
                problems.append(_describe(error, self.changes.out))
        for folder in reversed(self.made):
            try:
                fs.remove_folder(folder)
            except OSError as error:
                problems.append(_describe(error, self.changes.out))
        return problems


def _describe(error: OSError, out: Path) -> str:
    where = error.filename if error.filename is not None else out
    return f"{Path(os.fsdecode(where)).as_posix()}: {error.strerror or error}"


def write_folders(planned: list[Changes]) -> None:
    """Write every planned folder, or none: on any failure each is put back as it was and WriteError says
    what failed (and what could not be put back, if anything)."""
    folders = [_Folder(changes) for changes in planned]
    started: list[_Folder] = []
    try:
        for folder in folders:
            started.append(folder)
            folder.stage()
        for folder in folders:
            folder.commit()
    except OSError as error:
        problems = [problem for folder in reversed(started) for problem in folder.rollback()]
        out = started[-1].changes.out if started else Path(".")
        message = f"could not write {_describe(error, out)}; nothing was changed"
        if problems:
            message = (f"could not write {_describe(error, out)}; and putting the folder back failed too: "
                       + "; ".join(problems))
        raise WriteError(message) from None
