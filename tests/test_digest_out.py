"""`digest --out FILE` follows the rule of every `--out`: never over a note of the vault, over
another existing file only with `--force`, checked before a single tick is harvested."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".vaultnet" not in p.parts
    }


def test_out_never_replaces_a_note(
    run: Run, vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jane = vault_dir / "People" / "Jane Doe.md"
    # A tick in the note: harvesting it would write to Bob's note before the refusal.
    jane.write_text(
        jane.read_text(encoding="utf-8") + "- [x] [[Bob Smith]]: reconnect <!-- vn:reconnect -->\n",
        encoding="utf-8",
    )
    link = tmp_path / "link.md"
    link.symlink_to(jane)  # also not through a symlink from outside the vault
    before = snapshot(vault_dir)
    monkeypatch.chdir(vault_dir)
    for out in ("People/Jane Doe.md", str(jane), str(link)):
        for force in ([], ["--force"]):
            result = run("digest", "--out", out, *force)
            assert (result.exit_code, result.stdout) == (1, "")
            assert result.stderr == (
                f"Error: {out} is a note of the vault; --out never replaces a note "
                "(write it elsewhere)\n"
            )
    assert snapshot(vault_dir) == before
    assert not (vault_dir / ".vaultnet" / "due-backups").exists()


def test_an_existing_file_outside_the_vault_needs_force(
    run: Run, vault_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "today.md"
    out.write_text("my own list\n", encoding="utf-8")
    refused = run("digest", "--out", str(out))
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"Error: {out} already exists; add --force to replace it\n",
    )
    assert out.read_text(encoding="utf-8") == "my own list\n"
    forced = run("digest", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8").startswith("# Due 2026-11-22\n")
    assert f"{out} written: " in forced.stderr
    # the hand-written text that was replaced is kept, as for Due.md
    (backup,) = (vault_dir / ".vaultnet" / "due-backups").iterdir()
    assert backup.read_text(encoding="utf-8") == "my own list\n"


def test_out_may_name_the_vaults_own_due_note(run: Run, vault_dir: Path) -> None:
    assert run("digest").exit_code == 0
    due = vault_dir / "Due.md"
    first = due.read_bytes()
    result = run("digest", "--out", str(due), today="2026-11-23")
    assert result.exit_code == 0, result.output
    assert due.read_bytes() != first
    assert due.read_text(encoding="utf-8").startswith("# Due 2026-11-23\n")


def test_force_goes_only_with_out(run: Run) -> None:
    result = run("digest", "--force")
    assert (result.exit_code, result.stderr) == (2, "Error: --force only goes with --out\n")
