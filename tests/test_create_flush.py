"""A batch of new notes (an import) is made durable by flushing what vaultnet wrote, and only
that: an fsync of each new note and of each folder that names one (and of the folder above a
folder it made), never `os.sync`, which waits for every pending write of the whole machine."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from vaultnet.errors import WriteFailed
from vaultnet.notes.create import create_notes

NOTES = [
    ("People/Ann.md", "---\ncompany: Acme\n---\n"),
    ("People/Bo.md", "---\ncompany: Globex\n---\n"),
    ("Meetings/2026/Coffee.md", "---\ndate: 2026-11-20\nwith: ['[[Ann]]']\n---\n"),
]


def inode(path: Path) -> int:
    return os.stat(path).st_ino


@pytest.fixture
def flushed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The inodes os.fsync is called on; os.sync fails the test."""
    inodes: list[int] = []

    def sync() -> None:
        raise AssertionError("os.sync flushes every program's pending writes, not just vaultnet's")

    monkeypatch.setattr(os, "fsync", lambda fd: inodes.append(os.fstat(fd).st_ino))
    monkeypatch.setattr(os, "sync", sync)
    return inodes


def test_a_batch_fsyncs_its_notes_and_their_folders_and_never_syncs_the_machine(
    tmp_path: Path, flushed: list[int]
) -> None:
    (tmp_path / "People").mkdir()
    results = create_notes(tmp_path, NOTES)
    assert results == [tmp_path / rel for rel, _ in NOTES]
    notes = {inode(tmp_path / rel) for rel, _ in NOTES}  # a temp file is linked: same inode
    folders = {inode(tmp_path / f) for f in ("People", "Meetings/2026")}
    made = {inode(tmp_path / "Meetings"), inode(tmp_path)}  # where the new folders got names
    assert sorted(flushed) == sorted(notes | folders | made)  # each once, nothing else


def test_a_note_whose_flush_fails_is_not_made_and_the_others_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fstat = os.fstat
    (tmp_path / "People").mkdir()

    def fsync(fd: int) -> None:
        if real_fstat(fd).st_size == len(NOTES[1][1]):  # Bo's bytes
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fsync)
    results = create_notes(tmp_path, NOTES)
    assert results[0] == tmp_path / "People/Ann.md"
    assert isinstance(results[1], WriteFailed)
    assert str(results[1]) == f"could not write People/Bo.md: {os.strerror(errno.EIO)}"
    assert results[2] == tmp_path / "Meetings/2026/Coffee.md"
    assert not (tmp_path / "People/Bo.md").exists()
    assert sorted(p.name for p in (tmp_path / "People").iterdir()) == ["Ann.md"]  # no temp left
