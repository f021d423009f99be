"""The writer: --dry-run writes nothing, and a failure while writing leaves the target folder as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amlgen import writer
from amlgen.cli import app
from tests.helpers import EXAMPLES

runner = CliRunner()
APPROVED = EXAMPLES / "managed-vnet-approved-outbound" / "intent.yaml"
PUBLIC = EXAMPLES / "public-workspace-managed-vnet" / "intent.yaml"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def render(intent: Path, out: Path, *extra: str):
    return runner.invoke(app, ["render", str(intent), "--target", "terraform", "--out", str(out), *extra])


def test_dry_run_into_a_new_folder_creates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    result = render(APPROVED, out, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would create  {(out / 'workspace.tf').as_posix()}" in result.output
    assert "nothing written" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [], "no staging folder is left behind"


def test_dry_run_lists_changes_and_removals_and_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    assert render(APPROVED, out).exit_code == 0
    before = snapshot(out)
    same = render(APPROVED, out, "--dry-run")
    generated = len([p for p in out.rglob("*") if p.is_file() and p.name != ".amlgen-manifest.json"])
    assert f"0 to create, 0 to change, 0 to remove, {generated} unchanged" in same.output
    result = render(PUBLIC, out, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"would change  {(out / 'workspace.tf').as_posix()}" in result.output
    assert f"would remove  {(out / 'private_endpoints.tf').as_posix()}" in result.output
    assert snapshot(out) == before


def test_dry_run_reports_a_clash_with_a_foreign_file(tmp_path: Path) -> None:
    out = tmp_path / "infra"
    out.mkdir()
    (out / "workspace.tf").write_text("# hand-written\n")
    result = render(APPROVED, out, "--dry-run")
    assert result.exit_code == 2 and "did not generate" in result.output
    forced = render(APPROVED, out, "--dry-run", "--force")
    assert forced.exit_code == 0 and f"would change  {(out / 'workspace.tf').as_posix()}" in forced.output
    assert (out / "workspace.tf").read_text() == "# hand-written\n"


@pytest.mark.parametrize("failing_call", [1, 2], ids=["moving-the-old-folder-aside", "moving-the-new-folder-in"])
def test_a_failed_swap_leaves_the_target_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  failing_call: int) -> None:
    out = tmp_path / "infra"
    assert render(APPROVED, out).exit_code == 0
    (out / "backend.tf").write_text('terraform {\n  backend "azurerm" {}\n}\n')
    before = snapshot(out)
    calls = []
    real_replace = os.replace

    def flaky_replace(src: object, dst: object) -> None:
        calls.append((src, dst))
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", flaky_replace)
    result = render(PUBLIC, out)
    assert result.exit_code == 2 and "could not write" in result.output and "Traceback" not in result.output
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["infra"], "staging and backup folders are cleaned up"


def test_a_failure_while_staging_leaves_the_target_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "infra"
    assert render(APPROVED, out).exit_code == 0
    before = snapshot(out)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "manifest_text", lambda files, settings=None: full_disk())
    result = render(PUBLIC, out)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["infra"]
