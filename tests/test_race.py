"""Racing writers: a save another program makes while vaultnet writes the same file is never
lost. The instants between the last check and the rename are forced here one by one; the
racing harness (bench/race.py) then runs a real editor-style save loop against `log`."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bench.race import fresh_vault, race
from vaultnet.errors import FileChangedOnDisk
from vaultnet.fs import atomic
from vaultnet.fs.atomic import TEMP_SUFFIX, atomic_write
from vaultnet.notes.editor import NoteEditor

DAY = date(2026, 11, 22)
NOTE = "---\ncompany: Acme\n---\n# Jane\n\n## Log\n- 2026-09-14 coffee: hello\n"


def editor_save(path: Path, data: bytes) -> None:
    """What Obsidian or vim does: a temp file, then a rename over the note."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def jane(tmp_path: Path) -> Path:
    path = tmp_path / "People" / "Jane.md"
    path.parent.mkdir()
    path.write_text(NOTE)
    return path


def opened(jane: Path) -> NoteEditor:
    editor = NoteEditor.open(jane.parent.parent, "People/Jane.md")
    editor.add_log(DAY, "call", "planned the trip")
    return editor


def wrap(monkeypatch: pytest.MonkeyPatch, name: str, before: Callable[[int], None]) -> None:
    """Run `before(call number)` ahead of each call of atomic.<name>."""
    real = getattr(atomic, name)
    calls = [0]

    def wrapped(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        before(calls[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic, name, wrapped)


def test_the_exchange_is_there_on_this_system(tmp_path: Path) -> None:
    if os.uname().sysname != "Linux":
        pytest.skip("renameat2 is Linux's")
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("a")
    b.write_text("b")
    assert atomic.exchange(str(a), str(b))
    assert (a.read_text(), b.read_text()) == ("b", "a")


def test_a_save_just_before_the_swap_is_swapped_back(
    jane: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = opened(jane)
    wrap(
        monkeypatch, "exchange", lambda n: editor_save(jane, b"the user's save") if n == 1 else None
    )
    with pytest.raises(FileChangedOnDisk, match=r"People/Jane\.md changed on disk"):
        editor.save()
    assert jane.read_bytes() == b"the user's save"
    assert files(jane.parent) == ["Jane.md"]  # no temp file left


def test_a_second_save_during_the_swap_back_is_the_one_kept(
    jane: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = opened(jane)

    def saves(n: int) -> None:
        if n == 1:
            editor_save(jane, b"save 1")
        elif n == 2:  # the swap back: the user saved again right after vaultnet's swap
            editor_save(jane, b"save 2")

    wrap(monkeypatch, "exchange", saves)
    with pytest.raises(FileChangedOnDisk):
        editor.save()
    assert jane.read_bytes() == b"save 2"
    assert files(jane.parent) == ["Jane.md"]


def test_without_the_exchange_the_check_comes_after_the_slow_part(
    jane: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The temp file's write and fsync can take seconds on a slow disk: a save made meanwhile
    # was lost when the check came before them.
    monkeypatch.setattr(atomic, "exchange_available", False)
    editor = opened(jane)
    wrap(monkeypatch, "write_temp", lambda n: editor_save(jane, b"saved during the fsync"))
    with pytest.raises(FileChangedOnDisk):
        editor.save()
    assert jane.read_bytes() == b"saved during the fsync"
    assert files(jane.parent) == ["Jane.md"]


def test_an_unchanged_note_is_saved_through_the_exchange(
    jane: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []
    wrap(monkeypatch, "exchange", used.append)
    editor = opened(jane)
    assert editor.save()
    assert "- 2026-11-22 call: planned the trip" in jane.read_text()
    assert files(jane.parent) == ["Jane.md"]
    assert used == [1]


def test_a_new_file_never_replaces_one_that_appeared(tmp_path: Path) -> None:
    path = tmp_path / "Due.md"
    path.write_text("made meanwhile")
    with pytest.raises(FileChangedOnDisk, match="was created"):
        atomic_write(path, b"new", "Due.md", expected=None)
    assert path.read_text() == "made meanwhile"


def test_a_tick_saved_while_digest_writes_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from vaultnet.cli import cli

    vault = fresh_vault(tmp_path)
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["--vault", str(vault), "--today", "2026-11-22", "digest"]).exit_code
        == 0
    )
    due = vault / "Due.md"
    ticked = due.read_text().replace("- [ ] ", "- [x] ", 1).encode()
    wrap(monkeypatch, "exchange", lambda n: editor_save(due, ticked) if n == 1 else None)
    result = runner.invoke(cli, ["--vault", str(vault), "--today", "2026-11-23", "digest"])
    assert result.exit_code == 1
    assert "Due.md changed while the due list was being made; run digest again" in result.output
    assert due.read_bytes() == ticked


def test_racing_editor_loses_no_save(tmp_path: Path) -> None:
    result = race(fresh_vault(tmp_path), saves=120)
    assert result.saves == 120
    assert result.lost_saves == 0
    assert result.logged + result.refused == result.logs
    assert not [
        p for p in (tmp_path / "vault" / "People").iterdir() if p.name.endswith(TEMP_SUFFIX)
    ]


@pytest.mark.long
def test_racing_editor_loses_none_of_2000_saves(tmp_path: Path) -> None:
    result = race(fresh_vault(tmp_path), saves=2000, slow_fsync=True)
    assert result.lost_saves == 0
