"""The writer (README, "The writer"): one file at a time, only what changed, nothing it did not write, hand
edits refused, and every file-system failure an exit 2 that leaves the folder as it was."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amlgen.cli import app
from amlgen.writer import MANIFEST, WriteError, fs, plan_changes, write_folders
from tests.helpers import EXAMPLES

runner = CliRunner()
APPROVED = EXAMPLES / "managed-vnet-approved-outbound" / "intent.yaml"
PUBLIC = EXAMPLES / "public-workspace-managed-vnet" / "intent.yaml"


def tree(folder: Path) -> dict[str, tuple[object, ...]]:
    """Everything in a folder, links not followed: kind, content or link target, mode, inode and mtime."""
    found: dict[str, tuple[object, ...]] = {}
    for top, folders, names in os.walk(folder, followlinks=False):
        for name in [*folders, *names]:
            path = Path(top, name)
            info = path.lstat()
            relative = path.relative_to(folder).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[relative] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                found[relative] = ("file", path.read_bytes(), stat.S_IMODE(info.st_mode), info.st_ino,
                                   info.st_mtime_ns)
            else:
                found[relative] = ("folder" if stat.S_ISDIR(info.st_mode) else "other", stat.S_IMODE(info.st_mode))
    return found


def contents(folder: Path) -> dict[str, tuple[object, ...]]:
    """As tree, without inodes and times: what a reader of the folder sees."""
    return {path: entry[:3] for path, entry in tree(folder).items()}


def render(intent: Path, out: Path | str, *extra: str):
    return runner.invoke(app, ["render", str(intent), "--target", "terraform", "--out", str(out), *extra])


def generated(out: Path) -> list[str]:
    return sorted(json.loads((out / MANIFEST).read_text())["files"])


# --- only what changed, nothing else --------------------------------------------------------------

def test_a_second_render_rewrites_nothing_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    first = render(APPROVED, out)
    assert first.exit_code == 0, first.output
    files = generated(out)
    assert f"{out.as_posix()}: wrote {len(files)} files ({len(files)} created, 0 changed)" in first.stdout
    before = tree(out)
    again = render(APPROVED, out)
    assert again.exit_code == 0
    assert again.stdout.strip().endswith(f"{out.as_posix()}: unchanged: {len(files)} files")
    assert tree(out) == before, "no file is rewritten, not even the manifest"


def test_a_changed_intent_rewrites_only_the_files_that_change(tmp_path: Path) -> None:
    intent = tmp_path / "intent.yaml"
    intent.write_text(APPROVED.read_text())
    out = tmp_path / "infra"
    render(intent, out)
    before = tree(out)
    intent.write_text(APPROVED.read_text().replace("destination: pypi.org", "destination: pypi.python.org"))
    result = render(intent, out)
    assert result.exit_code == 0, result.output
    after = tree(out)
    changed = sorted(p for p in generated(out) if before[p][1] != after[p][1])
    assert changed == ["ARCHITECTURE.md", "outbound_rules.tf"]
    assert f"wrote 2 files (0 created, 2 changed), unchanged: {len(generated(out)) - 2} files" in result.stdout
    assert all(after[p] == before[p] for p in generated(out) if p not in changed), "inode and mtime kept"
    assert after[MANIFEST][3] != before[MANIFEST][3], "the manifest records the new digests"
    removed = render(PUBLIC, out)
    gone = tree(out)  # the public example has no private endpoints, and no compute
    assert "private_endpoints.tf" not in gone and "compute.tf" not in gone
    assert "removed 4 no longer generated" in removed.stdout


def test_files_amlgen_did_not_write_are_never_touched(tmp_path: Path) -> None:
    """.terraform (a real folder, and elsewhere a link), a link to a file, a FIFO, an empty folder, a dangling
    link and a backend file survive every render byte for byte, inode for inode."""
    out = tmp_path / "infra"
    render(APPROVED, out)
    (out / ".terraform" / "providers").mkdir(parents=True)
    (out / ".terraform" / "providers" / "azurerm.bin").write_bytes(os.urandom(4096))
    (out / ".terraform.lock.hcl").write_text("# lock\n")
    (out / "backend.tf").write_text('terraform {\n  backend "azurerm" {}\n}\n')
    shared = tmp_path / "shared.auto.tfvars"
    shared.write_text('location = "eastus"\n')
    (out / "shared.auto.tfvars").symlink_to(shared)
    os.mkfifo(out / "pipe")
    (out / "empty").mkdir()
    (out / "dangling").symlink_to(tmp_path / "nowhere")
    before = {p: e for p, e in tree(out).items() if p not in generated(out) and p != MANIFEST}
    for intent in (PUBLIC, APPROVED):
        assert render(intent, out).exit_code == 0
        assert {p: e for p, e in tree(out).items() if p in before} == before

    elsewhere = tmp_path / "elsewhere"
    cache = tmp_path / "cache"
    cache.mkdir()
    elsewhere.mkdir()
    (elsewhere / ".terraform").symlink_to(cache)
    assert render(APPROVED, elsewhere).exit_code == 0
    assert (elsewhere / ".terraform").is_symlink() and list(cache.iterdir()) == []


def test_output_folder_may_be_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "infra"
    out.mkdir()
    monkeypatch.chdir(out)
    assert render(APPROVED, ".").exit_code == 0
    assert render(PUBLIC, os.getcwd()).exit_code == 0
    assert Path.cwd() == out and (out / "workspace.tf").is_file() and (out / MANIFEST).is_file()
    assert os.stat(".").st_ino == out.stat().st_ino, "the shell's folder is the same folder, not a replacement"


def test_an_output_folder_that_is_a_link_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "infra"
    link.symlink_to(real)
    assert render(APPROVED, link).exit_code == 0
    assert link.is_symlink() and (real / "workspace.tf").is_file()


def test_new_files_get_the_umask_mode_and_changed_files_keep_theirs(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    old = os.umask(0o027)
    try:
        render(APPROVED, out)
        assert stat.S_IMODE((out / "workspace.tf").stat().st_mode) == 0o640
        (out / "workspace.tf").chmod(0o600)
        render(PUBLIC, out)
    finally:
        os.umask(old)
    assert stat.S_IMODE((out / "workspace.tf").stat().st_mode) == 0o600


# --- hand edits and files amlgen did not write ------------------------------------------------------

def test_a_hand_edited_file_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    render(APPROVED, out)
    edited = out / "workspace.tf"
    edited.write_text(edited.read_text() + "# a note\n")
    before = tree(out)
    result = render(PUBLIC, out)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{edited.as_posix()} was edited by hand" in result.stderr and "--force" in result.stderr
    assert tree(out) == before
    forced = render(PUBLIC, out, "--force")
    assert forced.exit_code == 0 and "overwrote 1 edited or foreign (--force)" in forced.stdout
    assert "# a note" not in edited.read_text()


def test_a_hand_edited_file_that_would_be_removed_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    render(APPROVED, out)
    (out / "private_endpoints.tf").write_text("# mine now\n")
    result = render(PUBLIC, out)
    assert result.exit_code == 2 and "private_endpoints.tf was edited by hand" in result.stderr
    assert (out / "private_endpoints.tf").read_text() == "# mine now\n"


def test_an_edit_that_matches_the_render_is_not_a_loss(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    render(APPROVED, out)
    other = tmp_path / "other"
    render(PUBLIC, other)
    (out / "workspace.tf").write_bytes((other / "workspace.tf").read_bytes())
    assert render(PUBLIC, out).exit_code == 0


def test_a_foreign_file_at_a_generated_path_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "workspace.tf").write_text("# hand-written\n")
    result = render(APPROVED, out)
    assert result.exit_code == 2 and "workspace.tf was not written by amlgen" in result.stderr
    assert list(out.iterdir()) == [out / "workspace.tf"]
    assert render(APPROVED, out, "--force").exit_code == 0
    assert "Generated by amlgen" in (out / "workspace.tf").read_text()


def test_only_files_in_the_manifest_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(APPROVED, out)
    (out / "copied.tf").write_text("# Generated by amlgen from elsewhere.\n")  # a header, not in the manifest
    assert render(PUBLIC, out).exit_code == 0
    assert (out / "copied.tf").exists() and not (out / "private_endpoints.tf").exists()


def test_a_link_at_a_generated_path_is_replaced_only_when_forced_and_its_target_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(APPROVED, out)
    mine = tmp_path / "mine.tf"
    mine.write_text("# mine\n")
    (out / "dns.tf").unlink()
    (out / "dns.tf").symlink_to(mine)
    assert render(APPROVED, out).exit_code == 2
    assert render(APPROVED, out, "--force").exit_code == 0
    assert not (out / "dns.tf").is_symlink() and mine.read_text() == "# mine\n"


@pytest.mark.parametrize("obstacle", ["folder", "fifo"])
def test_something_else_at_a_generated_path_is_refused(tmp_path: Path, obstacle: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "dns.tf").mkdir() if obstacle == "folder" else os.mkfifo(out / "dns.tf")
    result = render(APPROVED, out, "--force")
    assert result.exit_code == 2 and f"{(out / 'dns.tf').as_posix()} is " in result.stderr
    assert [p.name for p in out.iterdir()] == ["dns.tf"]


def test_a_linked_folder_inside_the_output_is_not_written_through(tmp_path: Path) -> None:
    intent = EXAMPLES / "endpoint-managed-vnet-approved-outbound-private-endpoint" / "intent.yaml"
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    out.mkdir()
    (out / "endpoints").symlink_to(outside)
    result = render(intent, out)
    assert result.exit_code == 2 and "is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == [] and [p.name for p in out.iterdir()] == ["endpoints"]


def test_a_hand_written_readme_keeps_its_place(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    out.mkdir()
    (out / "README.md").write_text("# Our platform module\n")
    result = render(APPROVED, out)
    assert result.exit_code == 0, result.output
    assert (out / "README.md").read_text() == "# Our platform module\n"
    assert "Terraform module" in (out / "README.amlgen.md").read_text()
    assert f"note: {(out / 'README.md').as_posix()} is not amlgen's" in result.stderr
    check = runner.invoke(app, ["check", str(APPROVED), "--target", "terraform", "--out", str(out)])
    assert check.exit_code == 0, check.output
    (out / "README.md").unlink()  # given back: amlgen's README takes its place again
    assert render(APPROVED, out).exit_code == 0
    assert "Terraform module" in (out / "README.md").read_text() and not (out / "README.amlgen.md").exists()


# --- the folder itself ----------------------------------------------------------------------------

def test_unusable_output_folders_are_exit_2_with_a_message(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    for out, message in ((a_file, "is not a folder"), (a_file / "infra", "is not a folder"),
                         (tmp_path / "dangling", "symbolic link to nothing")):
        if out.name == "dangling":
            out.symlink_to(tmp_path / "nowhere")
        result = render(APPROVED, out)
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output, out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "file"]


def test_a_corrupt_or_tampered_manifest_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(APPROVED, out)
    manifest = out / MANIFEST
    manifest.write_text("{not json")
    result = render(APPROVED, out)
    assert result.exit_code == 2 and "is not an amlgen manifest" in result.stderr
    data = {"generator": "amlgen", "files": {"../victim.txt": "0" * 64}, "immutable": {}}
    manifest.write_text(json.dumps(data))
    (tmp_path / "victim.txt").write_text("keep me")
    assert render(APPROVED, out, "--force").exit_code == 0
    assert (tmp_path / "victim.txt").read_text() == "keep me", "a manifest names files inside its folder only"


def test_another_targets_folder_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["render", str(APPROVED), "--target", "bicep", "--out", str(out)])
    result = render(APPROVED, out)
    assert result.exit_code == 2 and "holds bicep output" in result.stderr
    assert render(APPROVED, out, "--force").exit_code == 0
    assert not (out / "main.bicep").exists(), "forced, the bicep files amlgen wrote are removed"


def test_target_both_and_single_target_folders_are_not_mixed(tmp_path: Path) -> None:
    single = tmp_path / "infra"
    render(APPROVED, single)
    result = runner.invoke(app, ["render", str(APPROVED), "--target", "both", "--out", str(single)])
    assert result.exit_code == 2 and "holds the output of one target" in result.stderr
    assert not (single / "terraform").exists()
    both = tmp_path / "both"
    runner.invoke(app, ["render", str(APPROVED), "--target", "both", "--out", str(both)])
    result = runner.invoke(app, ["render", str(APPROVED), "--target", "bicep", "--out", str(both)])
    assert result.exit_code == 2 and "holds the output of --target both" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; see the injected failures")
def test_a_read_only_output_folder_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(APPROVED, out)
    before = tree(out)
    out.chmod(0o555)
    try:
        result = render(PUBLIC, out)
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2 and "Permission denied" in result.stderr
    assert tree(out) == before


# --- failures: every one leaves the folder as it was ------------------------------------------------

PRIMITIVES = ("make_folder", "remove_folder", "write_temp", "replace", "remove", "symlink")


def inject(monkeypatch: pytest.MonkeyPatch, fail_at: int | None, error: int = errno.ENOSPC) -> list[str]:
    """Count every file-system change the writer makes; the fail_at-th raises OSError."""
    calls: list[str] = []
    for name in PRIMITIVES:
        real: Callable[..., object] = getattr(fs, name)

        def wrapper(*args: object, _real: Callable[..., object] = real, _name: str = name) -> object:
            calls.append(_name)
            if len(calls) == fail_at:
                raise OSError(error, os.strerror(error), str(args[0]))
            return _real(*args)

        monkeypatch.setattr(fs, name, wrapper)
    return calls


BEFORE = {"a.tf": "a\n", "sub/b.tf": "b\n", "old/deep/c.tf": "c\n", "README.md": "r\n"}
AFTER = {"a.tf": "a changed\n", "sub/b.tf": "b\n", "new/deep/d.tf": "d\n", "README.md": "r\n"}


def prepare(root: Path) -> list[Path]:
    folders = [root / "one", root / "two"]
    for folder in folders:
        write_folders([plan_changes(folder, BEFORE, target="terraform", settings={"k": "v"})])
        (folder / "a.tf").chmod(0o640)
        (folder / ".terraform").mkdir()
        (folder / ".terraform" / "x").write_text("provider")
        (folder / "link.tf").symlink_to(folder / "sub" / "b.tf")
    return folders


def test_every_failure_while_writing_two_folders_puts_both_back(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail each file-system change in turn (staging, renaming into place, removing a stale file and its
    emptied folders, writing the manifest) while writing two folders at once, as --target both does."""
    folders = prepare(tmp_path / "count")
    calls = inject(monkeypatch, None)
    write_folders([plan_changes(f, AFTER, target="terraform", settings={"k": "w"}) for f in folders])
    assert {"make_folder", "remove_folder", "write_temp", "replace", "remove"} <= set(calls)
    total = len(calls)
    assert not (folders[0] / "old").exists() and (folders[0] / "new" / "deep" / "d.tf").is_file()

    for fail_at in range(1, total + 1):
        folders = prepare(tmp_path / f"run-{fail_at}")
        before = [contents(folder) for folder in folders]
        planned = [plan_changes(f, AFTER, target="terraform", settings={"k": "w"}) for f in folders]
        inject(monkeypatch, fail_at)
        with pytest.raises(WriteError, match=r"could not write .*No space left on device; nothing was changed"):
            write_folders(planned)
        assert [contents(folder) for folder in folders] == before, f"failure at change {fail_at} of {total}"


def test_a_failure_through_the_cli_is_exit_2_and_changes_nothing(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "infra"
    render(APPROVED, out)
    before = contents(out)
    for fail_at in (1, 5, 9):  # staging; renaming into place; removing a stale file
        inject(monkeypatch, fail_at, errno.EACCES)
        result = render(PUBLIC, out)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert "error: could not write" in result.stderr and "Permission denied" in result.stderr
        assert contents(out) == before
    monkeypatch.undo()
    new = tmp_path / "new" / "deep" / "infra"
    inject(monkeypatch, 2)  # the second folder of new/deep/infra
    assert render(APPROVED, new).exit_code == 2
    assert list(tmp_path.iterdir()) == [out], "folders the write created are removed again"


def test_a_failed_temporary_file_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_chmod(*args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", no_chmod)
    with pytest.raises(OSError):
        fs.write_temp(tmp_path, "a.tf", b"x", 0o644)
    assert list(tmp_path.iterdir()) == []


# --- --dry-run ------------------------------------------------------------------------------------

def test_dry_run_into_a_new_folder_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    result = render(APPROVED, out, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would create  {(out / 'workspace.tf').as_posix()}" in result.stdout
    assert "nothing written" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_dry_run_lists_changes_and_removals_and_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    assert render(APPROVED, out).exit_code == 0
    before = tree(out)
    same = render(APPROVED, out, "--dry-run")
    assert f"0 to create, 0 to change, 0 to remove, {len(generated(out))} unchanged" in same.stdout
    result = render(PUBLIC, out, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would change  {(out / 'workspace.tf').as_posix()}" in result.stdout
    assert f"would remove  {(out / 'private_endpoints.tf').as_posix()}" in result.stdout
    assert tree(out) == before


def test_dry_run_reports_a_clash_with_a_foreign_file(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    out.mkdir()
    (out / "workspace.tf").write_text("# hand-written\n")
    result = render(APPROVED, out, "--dry-run")
    assert result.exit_code == 2 and "not written by amlgen" in result.stderr
    forced = render(APPROVED, out, "--dry-run", "--force")
    assert forced.exit_code == 0 and f"would change  {(out / 'workspace.tf').as_posix()}" in forced.stdout
    assert (out / "workspace.tf").read_text() == "# hand-written\n"
