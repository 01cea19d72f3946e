"""The index under .vaultnet/: a warm run stats files and parses only the changed ones; a deleted,
corrupt or older index is rebuilt silently; two processes at once never corrupt it; vaultnet's own
writes keep it current.

Parses and reads are counted (IndexStats, the `parses` and `reads` fixtures), never timed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import vaultnet.index.cache
from tests import forks
from tests.conftest import Reads
from vaultnet.index.store import (
    CACHE_DIR,
    INDEX_FILE,
    RECORD_LAYOUT,
    load_notes,
    record_layout,
)
from vaultnet.network.vault import Vault
from vaultnet.notes.keys import NoteRules

OLD = time.time() - 3600  # well outside the "modified just now" window


def age(root: Path, when: float = OLD) -> None:
    """Give every note an old mtime, so the index trusts it (see RACY_SECONDS)."""
    for path in root.rglob("*.md"):
        os.utime(path, (when, when))


def make_vault(root: Path, count: int = 5) -> Path:
    (root / "People").mkdir(parents=True)
    (root / "Meetings").mkdir()
    for i in range(count):
        (root / "People" / f"Person {i}.md").write_text(
            f"---\ncompany: C{i}\n---\n- 2026-01-0{i % 9 + 1} call: hello\n", encoding="utf-8"
        )
    (root / "Meetings" / "Coffee.md").write_text(
        "---\ndate: 2026-02-01\nwith: '[[Person 0]]'\n---\n", encoding="utf-8"
    )
    age(root)
    return root


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


def index_file(root: Path) -> Path:
    return root / CACHE_DIR / INDEX_FILE


def counts(root: Path) -> tuple[int, int, int, int]:
    stats = Vault.open(root).stats
    return stats.files, stats.read, stats.cached, stats.removed


def test_cold_then_warm(vault: Path, parses: Reads) -> None:
    assert counts(vault) == (6, 6, 0, 0)
    assert index_file(vault).is_file()
    assert stat.S_IMODE(index_file(vault).stat().st_mode) == 0o600
    parses.clear()
    assert counts(vault) == (6, 0, 6, 0)
    assert parses == []


def test_warm_run_gives_the_same_vault(vault: Path) -> None:
    cold = Vault.open(vault)
    warm = Vault.open(vault)
    assert warm.stats.read == 0
    assert warm.notes == cold.notes
    assert [p.last_contact for p in warm.people] == [p.last_contact for p in cold.people]


def test_only_changed_notes_are_parsed_again(vault: Path, parses: Reads) -> None:
    Vault.open(vault)
    changed = vault / "People" / "Person 1.md"
    changed.write_text("---\ncompany: New Co\n---\n", encoding="utf-8")
    (vault / "People" / "Person 2.md").unlink()
    added = vault / "People" / "New.md"
    added.write_text("", encoding="utf-8")
    age(vault, OLD + 60)  # every note looks changed by its mtime...
    for i in (0, 3, 4):  # ...except the untouched ones
        os.utime(vault / "People" / f"Person {i}.md", (OLD, OLD))
    os.utime(vault / "Meetings" / "Coffee.md", (OLD, OLD))
    parses.clear()
    vault_read = Vault.open(vault)
    assert sorted(parses) == ["People/New.md", "People/Person 1.md"]
    assert vault_read.find("person 1").company == "New Co"
    assert "People/Person 2.md" not in vault_read.notes
    assert (vault_read.stats.read, vault_read.stats.cached, vault_read.stats.removed) == (2, 4, 1)
    rows = sqlite3.connect(index_file(vault)).execute("SELECT path FROM files").fetchall()
    assert sorted(r[0] for r in rows) == sorted(vault_read.notes)


def test_changes_are_seen_by_size_mtime_and_inode(vault: Path, parses: Reads) -> None:
    Vault.open(vault)
    people = vault / "People"
    # same size, new mtime
    (people / "Person 1.md").write_text("---\ncompany: X1\n---\n- 2026-01-02 call: hello\n")
    os.utime(people / "Person 1.md", (OLD + 5, OLD + 5))
    # same mtime, new size
    (people / "Person 2.md").write_text("---\ncompany: Longer\n---\n")
    os.utime(people / "Person 2.md", (OLD, OLD))
    # same size and mtime, new inode: an editor that saves by writing a copy and renaming it
    replacement = people / "tmp.swp"
    replacement.write_text("---\ncompany: C9\n---\n- 2026-01-04 call: hello\n")
    os.utime(replacement, (OLD, OLD))
    os.replace(replacement, people / "Person 3.md")
    parses.clear()
    vault_read = Vault.open(vault)
    assert sorted(parses) == ["People/Person 1.md", "People/Person 2.md", "People/Person 3.md"]
    assert [vault_read.find(f"person {i}").company for i in (1, 2, 3)] == ["X1", "Longer", "C9"]


def test_a_touched_note_is_read_but_not_parsed(vault: Path, parses: Reads) -> None:
    Vault.open(vault)
    os.utime(vault / "People" / "Person 1.md", (OLD + 9, OLD + 9))  # `touch`, a git checkout
    parses.clear()
    opened = Vault.open(vault)
    assert (parses, opened.stats.rehashed) == ([], 1)
    assert Vault.open(vault).stats.rehashed == 0  # its new signature is stored


def test_a_note_written_just_now_is_checked_again_next_time(vault: Path, parses: Reads) -> None:
    """Its mtime may not move on a quick second save (coarse timestamps): the next run compares
    its bytes, and parses it only if they changed."""
    fresh = vault / "People" / "Fresh.md"
    fresh.write_text("---\ncompany: A\n---\n", encoding="utf-8")
    Vault.open(vault)
    parses.clear()
    assert Vault.open(vault).stats.rehashed == 1
    assert parses == []
    # A second save in the same mtime tick, same size: seen all the same.
    mtime = fresh.stat().st_mtime_ns
    fresh.write_text("---\ncompany: B\n---\n", encoding="utf-8")
    os.utime(fresh, ns=(mtime, mtime))
    opened = Vault.open(vault)
    assert parses == ["People/Fresh.md"]
    assert opened.find("fresh").company == "B"


def test_deleted_index_is_rebuilt(vault: Path) -> None:
    Vault.open(vault)
    shutil.rmtree(vault / CACHE_DIR)
    opened = Vault.open(vault)
    assert (opened.stats.read, opened.problems) == (6, [])
    assert counts(vault) == (6, 0, 6, 0)


@pytest.mark.parametrize(
    "garbage",
    [bytes(range(256)) * 32, b"SQLite format 3\x00" + b"\xff" * 200, b""],
    ids=["garbage", "a damaged header", "empty"],
)
def test_corrupt_index_is_rebuilt_silently(vault: Path, garbage: bytes) -> None:
    first = Vault.open(vault)
    # Closed as a finished command's would be: an open connection would make the next one
    # wait out the busy timeout on the file replaced under it.
    assert first.index is not None
    first.index.close()
    for suffix in ("-wal", "-shm"):
        Path(str(index_file(vault)) + suffix).unlink(missing_ok=True)
    index_file(vault).write_bytes(garbage)
    opened = Vault.open(vault)
    assert (opened.stats.read, opened.problems) == (6, [])
    assert len(opened.people) == 5
    assert counts(vault) == (6, 0, 6, 0)


def test_a_damaged_record_is_a_miss(vault: Path, parses: Reads) -> None:
    Vault.open(vault)
    with sqlite3.connect(index_file(vault)) as db:
        db.execute("UPDATE notes SET record = x'00ff' WHERE path = 'People/Person 1.md'")
        db.execute("UPDATE notes SET record = x'e90000' WHERE path = 'People/Person 2.md'")
    db.close()
    parses.clear()
    opened = Vault.open(vault)
    assert sorted(parses) == ["People/Person 1.md", "People/Person 2.md"]
    assert opened.find("person 2").company == "C2"
    parses.clear()
    Vault.open(vault)
    assert parses == []  # stored again whole


def test_the_record_layout_is_spelled_out_where_the_index_is_opened() -> None:
    """A new field in a stored record must not meet old records: it changes RECORD_LAYOUT,
    which is part of the index's identity (kept as a constant so opening needs no parser)."""
    assert record_layout() == RECORD_LAYOUT


def test_index_from_another_version_is_rebuilt(vault: Path) -> None:
    Vault.open(vault)
    with sqlite3.connect(index_file(vault)) as db:
        db.execute("UPDATE meta SET value = 'an older vaultnet' WHERE key = 'parser'")
    db.close()
    assert counts(vault)[1:3] == (6, 0)
    assert counts(vault)[1:3] == (0, 6)


def test_the_index_of_vaultnet_0_1_is_rebuilt(vault: Path) -> None:
    (vault / CACHE_DIR).mkdir()
    with sqlite3.connect(index_file(vault)) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('version', '0')")
        db.execute("CREATE TABLE notes (path TEXT PRIMARY KEY, record BLOB)")
        db.execute("INSERT INTO notes VALUES ('People/Person 1.md', x'00')")
    db.close()
    first = Vault.open(vault)
    assert (first.stats.read, first.problems) == (6, [])
    assert counts(vault)[1:3] == (0, 6)


def test_the_marshal_cache_and_the_digest_stamp_of_earlier_versions_are_removed(
    vault: Path,
) -> None:
    shards = vault / CACHE_DIR / "notes"
    shards.mkdir(parents=True)
    (shards / "00.marshal").write_bytes(b"old")
    (vault / CACHE_DIR / "digest-stamp.json").write_text("{}", encoding="utf-8")
    Vault.open(vault)
    left = sorted(p.name for p in (vault / CACHE_DIR).iterdir())
    assert [name for name in left if not name.startswith(INDEX_FILE + "-")] == [
        INDEX_FILE,
        "write.lock",
    ]


def test_changed_folders_rebuild_the_index(vault: Path) -> None:
    assert [p.name for p in Vault.open(vault).people][:1] == ["Person 0"]
    (vault / "vaultnet.toml").write_text('[folders]\npeople = "Meetings"\n', encoding="utf-8")
    opened = Vault.open(vault)
    assert opened.stats.read == 6
    assert [p.name for p in opened.people] == ["Coffee"]


def test_unusable_cache_folder_still_works(vault: Path) -> None:
    (vault / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    assert counts(vault)[:2] == (6, 6)
    assert counts(vault)[:2] == (6, 6)
    assert (vault / CACHE_DIR).read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_vault_still_works(vault: Path) -> None:
    Vault.open(vault)
    (vault / "People" / "Person 1.md").write_text("---\ncompany: New\n---\n", encoding="utf-8")
    os.chmod(vault / CACHE_DIR, 0o500)
    try:
        assert Vault.open(vault).find("person 1").company == "New"
    finally:
        os.chmod(vault / CACHE_DIR, 0o700)


def test_no_index_mode_writes_nothing(vault: Path) -> None:
    notes, problems, stats = load_notes(vault, NoteRules(), "fp", use_cache=False)
    assert (len(notes), problems, stats.read) == (6, [], 6)
    assert not (vault / CACHE_DIR).exists()


def test_hidden_folders_and_the_due_note_are_skipped(vault: Path) -> None:
    for rel in (".git/x.md", ".obsidian/y.md", ".trash/z.md", "node_modules/a.md", ".hidden/b.md"):
        (vault / rel).parent.mkdir(exist_ok=True)
        (vault / rel).write_text("---\ntype: person\n---\n", encoding="utf-8")
    (vault / "Due.md").write_text("---\ntype: person\n---\n", encoding="utf-8")
    (vault / "People" / "notes.txt").write_text("", encoding="utf-8")
    assert sorted(Vault.open(vault).notes) == [
        "Meetings/Coffee.md",
        *(f"People/Person {i}.md" for i in range(5)),
    ]


@pytest.mark.no_index
def test_warm_list_parses_no_file(
    vault_dir: Path, run: Callable[..., Result], parses: Reads
) -> None:
    age(vault_dir)
    assert run("index").exit_code == 0
    assert len(parses) == 48
    parses.clear()
    result = run("list")
    assert result.exit_code == 0
    assert parses == []
    index = run("index")
    assert index.stdout == (
        "27 people, 16 interactions, 3 groups in 48 notes (0 read, 48 from cache). "
        "0 errors, 0 warnings.\n"
    )


def test_writes_keep_the_index_current(
    vault_dir: Path, run: Callable[..., Result], parses: Reads
) -> None:
    """`log` stores the rows of the notes it writes: the next digest parses nothing."""
    age(vault_dir)
    assert run("index").exit_code == 0
    parses.clear()
    logged = run("log", "Jane Doe", "Wei Zhang", "-m", "lunch", "--give", "--date", "2026-11-21")
    assert logged.exit_code == 0, logged.output
    added = run("add", "Zed Newman", "--company", "Zedco")
    assert added.exit_code == 0, added.output
    written = sorted(parses)  # the notes written, parsed as they were written
    parses.clear()
    assert run("digest", "--stdout").exit_code == 0
    assert parses == []
    shown = run("show", "Jane Doe")
    assert "2026-11-21" in shown.stdout and run("show", "Zed").exit_code == 0
    assert parses == []
    assert set(written) >= {"People/Jane Doe.md", "People/Wei Zhang.md", "People/Zed Newman.md"}
    fresh = Vault.open(vault_dir, use_cache=False)
    warm = Vault.open(vault_dir)
    assert warm.notes == fresh.notes


def test_two_processes_at_once_never_corrupt_the_index(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", count=100)
    index = ["--vault", str(root), "--today", "2026-11-22", "index"]
    for round_number in range(3):
        if round_number == 1:  # race the creation of the index itself too
            shutil.rmtree(root / CACHE_DIR)
        # change a few notes so both processes have something to write
        for i in range(round_number, 100, 7):
            note = root / "People" / f"Person {i}.md"
            note.write_text(f"---\ncompany: R{round_number}\n---\n", encoding="utf-8")
            os.utime(note, (OLD + round_number + 1,) * 2)
        both = forks.run_all(index, index)  # two processes, started at once
        assert [done.returncode for done in both] == [0, 0], both
        for done in both:
            assert done.out.startswith("100 people, 1 interaction, 0 groups in 101 notes ("), done
            assert done.err == ""
    with sqlite3.connect(index_file(root)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    warm = Vault.open(root)
    assert warm.stats.read == 0
    assert warm.find("person 2").company == "R2"
    assert warm.find("person 3").company == "C3"


def test_reads_on_the_parallel_path_are_counted_too(
    tmp_path: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the parallel path from 40 notes (2,000 in use), with two workers even on one core
    monkeypatch.setattr(vaultnet.index.cache, "PARALLEL_FROM", 40)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    root = make_vault(tmp_path / "vault", count=100)
    everything = sorted(str(p.relative_to(root)) for p in root.rglob("*.md"))
    cold = Vault.open(root)
    assert cold.stats.read == 101
    assert sorted(reads) == everything  # each note read once...
    assert os.getpid() not in reads.pids()  # ...by the worker processes
    reads.clear()
    changed = [f"People/Person {i}.md" for i in range(0, 100, 2)]
    for rel in changed:
        (root / rel).write_text("---\ncompany: Changed\n---\n", encoding="utf-8")
        os.utime(root / rel, (OLD + 1, OLD + 1))
    warm = Vault.open(root)
    assert (warm.stats.read, warm.stats.cached) == (50, 51)
    assert sorted(reads) == sorted(changed)
    assert reads.pids() and os.getpid() not in reads.pids()
    assert warm.find("person 2").company == "Changed"
    reads.clear()
    assert Vault.open(root).stats.read == 0
    assert reads == []


def test_reads_on_the_serial_path_are_counted_in_this_process(vault: Path, reads: Reads) -> None:
    Vault.open(vault)
    assert len(reads) == 6
    assert reads.pids() == {os.getpid()}


def test_a_copied_or_cloned_vault_rehashes_every_note_and_parses_none(
    indexed_sample: Path, tmp_path: Path, parses: Reads
) -> None:
    """`cp -r` or `git clone` of a vault with its index: every note has a new inode, so the
    first command reads each one again and compares its bytes with the stored hash (no parse);
    the next finds them all as stored. (The suite's copied vaults skip this: conftest's
    `adopt_index`.)"""
    copy = tmp_path / "copy"
    shutil.copytree(indexed_sample, copy)
    notes = len(list(copy.rglob("*.md")))
    parses.clear()
    first = Vault.open(copy)
    assert first.stats is not None
    assert (first.stats.read, first.stats.rehashed) == (0, notes)
    assert parses == []
    again = Vault.open(copy)
    assert again.stats is not None
    assert (again.stats.read, again.stats.rehashed) == (0, 0)
    assert sorted(p.name for p in again.people) == sorted(p.name for p in first.people)
