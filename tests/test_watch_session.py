"""`watch`'s digest session: the index stays open between runs, each run takes the paths that
changed instead of walking the vault, and the due list it writes is the one a fresh `digest`
writes, whatever changed (a note, a new or deleted note, a tick, another vaultnet's write)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import vaultnet.index.store
from tests.conftest import Reads
from tests.test_digest_shortcut import age
from vaultnet.actions.digest import DigestSession
from vaultnet.due.digest import write_digest
from vaultnet.notes.editor import NoteEditor

TODAY = date(2026, 11, 22)


def fresh_due(vault: Path, tmp_path: Path) -> str:
    """The due list a fresh digest writes for a copy of `vault` with no index."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(vault, copy, ignore=shutil.ignore_patterns(".vaultnet"))
    write_digest(copy, TODAY)
    return (copy / "Due.md").read_text(encoding="utf-8")


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    walked: list[Path] = []
    real = vaultnet.index.store.scan

    def counting(root: Path, skip: object = ()) -> object:
        if root.name == "vault":  # not the copies a fresh digest is made in
            walked.append(root)
        return real(root, skip)  # type: ignore[arg-type]

    monkeypatch.setattr(vaultnet.index.store, "scan", counting)
    return walked


def test_runs_take_the_changed_paths_and_write_what_a_fresh_digest_writes(
    vault_dir: Path, tmp_path: Path, parses: Reads, scans: list[Path]
) -> None:
    age(vault_dir)
    session = DigestSession(vault_dir)
    session.changed(None)
    assert session.run(TODAY).written
    assert len(scans) == 1  # the first run walks the vault
    due = vault_dir / "Due.md"
    assert due.read_text(encoding="utf-8") == fresh_due(vault_dir, tmp_path)

    wei = vault_dir / "People" / "Wei Zhang.md"
    wei.write_text(
        wei.read_text(encoding="utf-8").replace("---\n", "---\ncadence: 7d\n", 1), encoding="utf-8"
    )
    new = vault_dir / "Meetings" / "2026-11-20 Lunch.md"
    new.write_text("---\ndate: 2026-11-20\nwith: '[[Jane Doe]]'\n---\n", encoding="utf-8")
    (vault_dir / "People" / "Ben Carter.md").unlink()
    parses.clear()
    session.changed(["People/Wei Zhang.md", "Meetings/2026-11-20 Lunch.md"])
    session.changed(["People/Ben Carter.md", "Due.md"])
    assert session.run(TODAY).written
    assert len(scans) == 1  # no walk: the paths came in
    assert sorted(parses) == ["Meetings/2026-11-20 Lunch.md", "People/Wei Zhang.md"]
    assert due.read_text(encoding="utf-8") == fresh_due(vault_dir, tmp_path)

    # Another vaultnet writes a note (storing its rows in the index itself): seen by its path.
    editor = NoteEditor.open(vault_dir, "People/Jane Doe.md")
    editor.add_log(date(2026, 11, 21), "call", "from another vaultnet")
    editor.save()
    session.changed(["People/Jane Doe.md"])
    session.run(TODAY)
    assert due.read_text(encoding="utf-8") == fresh_due(vault_dir, tmp_path)

    # A tick harvested: the harvest's writes keep the open index current.
    text = due.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("- [ ] [[Jane Doe]]: Send the"))
    due.write_text(text.replace(line, line.replace("- [ ]", "- [x]", 1)), encoding="utf-8")
    session.changed(["Due.md"])
    result = session.run(TODAY)
    assert result.harvest is not None and result.harvest.recorded
    assert due.read_text(encoding="utf-8") == fresh_due(vault_dir, tmp_path)
    assert len(scans) == 1

    session.changed(None)  # a folder moved, events lost: walk again
    session.run(TODAY)
    assert len(scans) == 2
    session.close()


def test_new_folder_settings_open_the_index_again(vault_dir: Path, tmp_path: Path) -> None:
    age(vault_dir)
    session = DigestSession(vault_dir)
    session.changed(None)
    session.run(TODAY)
    config = vault_dir / "vaultnet.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[folders]\nexclude = ["Meetings"]\n'
        if "[folders]" not in config.read_text(encoding="utf-8")
        else config.read_text(encoding="utf-8").replace(
            "[folders]", '[folders]\nexclude = ["Meetings"]', 1
        ),
        encoding="utf-8",
    )
    session.changed(["vaultnet.toml"])
    session.run(TODAY)
    assert (vault_dir / "Due.md").read_text(encoding="utf-8") == fresh_due(vault_dir, tmp_path)
    session.close()
