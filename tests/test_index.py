"""The cache under .vaultnet/: a warm run stats files and re-reads only the changed ones; a deleted,
corrupt or older cache is rebuilt silently; two processes at once never corrupt it.

Reads are counted (IndexStats and the `reads` fixture, which sees the parallel path's worker
processes too), never timed.
"""

from __future__ import annotations

import marshal
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import vaultnet.index.cache
from tests.conftest import Reads
from vaultnet.index.cache import CACHE_DIR, NOTES_DIR, OLD_CACHE_FILES, load_notes
from vaultnet.network.vault import Vault

OLD = time.time() - 3600  # well outside the "modified just now" window


def age(root: Path, when: float = OLD) -> None:
    """Give every note an old mtime, so the cache trusts it (see RACY_SECONDS)."""
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


def shards(root: Path) -> list[Path]:
    """The cache's files (one per shard of notes)."""
    return sorted((root / CACHE_DIR / NOTES_DIR).glob("*.marshal"))


def rewrite_shards(root: Path, change: Callable[[str, dict[str, object]], str]) -> None:
    """Load every shard, let `change` edit its entries and return its stamp, write it back."""
    for path in shards(root):
        stamp, entries = marshal.loads(path.read_bytes())
        path.write_bytes(marshal.dumps((change(stamp, entries), entries)))


def counts(root: Path) -> tuple[int, int, int, int]:
    stats = Vault.open(root).stats
    return stats.files, stats.read, stats.cached, stats.removed


def test_cold_then_warm(vault: Path, reads: Reads) -> None:
    assert counts(vault) == (6, 6, 0, 0)
    assert shards(vault)
    reads.clear()
    assert counts(vault) == (6, 0, 6, 0)
    assert reads == []


def test_warm_run_gives_the_same_vault(vault: Path) -> None:
    cold = Vault.open(vault)
    warm = Vault.open(vault)
    assert warm.stats.read == 0
    assert warm.notes == cold.notes
    assert [p.last_contact for p in warm.people] == [p.last_contact for p in cold.people]


def test_only_changed_notes_are_read_again(vault: Path, reads: Reads) -> None:
    Vault.open(vault)
    changed = vault / "People" / "Person 1.md"
    changed.write_text("---\ncompany: New Co\n---\n", encoding="utf-8")
    (vault / "People" / "Person 2.md").unlink()
    added = vault / "People" / "New.md"
    added.write_text("", encoding="utf-8")
    age(vault, OLD + 60)  # every note looks changed by its mtime...
    os.utime(changed, (OLD + 60, OLD + 60))
    for i in (0, 3, 4):  # ...except the untouched ones
        os.utime(vault / "People" / f"Person {i}.md", (OLD, OLD))
    os.utime(vault / "Meetings" / "Coffee.md", (OLD, OLD))
    reads.clear()
    vault_read = Vault.open(vault)
    assert sorted(reads) == ["People/New.md", "People/Person 1.md"]
    assert vault_read.find("person 1").company == "New Co"
    assert "People/Person 2.md" not in vault_read.notes
    assert (vault_read.stats.read, vault_read.stats.cached, vault_read.stats.removed) == (2, 4, 1)


def test_changes_are_seen_by_size_mtime_and_inode(vault: Path, reads: Reads) -> None:
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
    reads.clear()
    vault_read = Vault.open(vault)
    assert sorted(reads) == ["People/Person 1.md", "People/Person 2.md", "People/Person 3.md"]
    assert [vault_read.find(f"person {i}").company for i in (1, 2, 3)] == ["X1", "Longer", "C9"]


def test_a_note_written_just_now_is_read_again_next_time(vault: Path, reads: Reads) -> None:
    """Its mtime may not move on a quick second save (coarse timestamps), so it is not trusted."""
    fresh = vault / "People" / "Fresh.md"
    fresh.write_text("", encoding="utf-8")
    Vault.open(vault)
    reads.clear()
    Vault.open(vault)
    assert reads == ["People/Fresh.md"]


def test_deleted_cache_is_rebuilt(vault: Path) -> None:
    Vault.open(vault)
    shutil.rmtree(vault / CACHE_DIR)
    opened = Vault.open(vault)
    assert (opened.stats.read, opened.problems) == (6, [])
    assert counts(vault) == (6, 0, 6, 0)


@pytest.mark.parametrize(
    "garbage",
    [
        bytes(range(256)) * 32,  # garbage
        marshal.dumps(("a stamp", {"People/Person 1.md": "not an entry"}))[:-3],  # cut short
        marshal.dumps(["not", "a", "shard"]),
        b"",
    ],
)
def test_corrupt_cache_is_rebuilt_silently(vault: Path, garbage: bytes) -> None:
    Vault.open(vault)
    for path in shards(vault):
        path.write_bytes(garbage)
    opened = Vault.open(vault)
    assert (opened.stats.read, opened.problems) == (6, [])
    assert len(opened.people) == 5
    assert counts(vault) == (6, 0, 6, 0)


def test_corrupt_row_is_a_miss(vault: Path, reads: Reads) -> None:
    Vault.open(vault)

    def spoil(stamp: str, entries: dict[str, object]) -> str:
        for rel, record in (("People/Person 1.md", b"\x00\xff"), ("People/Person 2.md", (1, 2))):
            if rel in entries:
                signature, _ = entries[rel]  # type: ignore[misc]
                entries[rel] = (signature, record)
        return stamp

    rewrite_shards(vault, spoil)
    reads.clear()
    opened = Vault.open(vault)
    assert sorted(reads) == ["People/Person 1.md", "People/Person 2.md"]
    assert opened.find("person 2").company == "C2"


def test_cache_from_another_version_is_rebuilt(vault: Path) -> None:
    Vault.open(vault)
    rewrite_shards(vault, lambda stamp, entries: "an older vaultnet")
    assert counts(vault)[1:3] == (6, 0)
    assert counts(vault)[1:3] == (0, 6)


def test_the_sqlite_cache_of_vaultnet_0_1_is_ignored_then_removed(vault: Path) -> None:
    (vault / CACHE_DIR).mkdir()
    with sqlite3.connect(vault / CACHE_DIR / OLD_CACHE_FILES[0]) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('version', '0')")
        db.execute("CREATE TABLE notes (path TEXT PRIMARY KEY, record BLOB)")
        db.execute("INSERT INTO notes VALUES ('People/Person 1.md', x'00')")
    db.close()
    first = Vault.open(vault)
    assert (first.stats.read, first.problems) == (6, [])
    assert counts(vault)[1:3] == (0, 6)
    assert not (vault / CACHE_DIR / OLD_CACHE_FILES[0]).exists()


def test_changed_folders_rebuild_the_cache(vault: Path) -> None:
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


def test_no_cache_mode_writes_nothing(vault: Path) -> None:
    notes, problems, stats = load_notes(vault, "People", "Groups", "fp", use_cache=False)
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


def test_warm_list_reads_no_file(vault_dir: Path, run: Callable[..., Result], reads: Reads) -> None:
    age(vault_dir)
    assert run("index").exit_code == 0
    assert len(reads) == 46
    reads.clear()
    result = run("list")
    assert result.exit_code == 0
    assert reads == []
    index = run("index")
    assert index.stdout == (
        "27 people, 16 interactions, 3 groups in 46 notes (0 read, 46 from cache). "
        "0 errors, 0 warnings.\n"
    )


def run_index(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "vaultnet", "--vault", str(root), "--today", "2026-11-22", "index"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_at_once_never_corrupt_the_cache(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", count=100)
    for round_number in range(3):
        if round_number == 1:  # race the creation of the cache itself too
            shutil.rmtree(root / CACHE_DIR)
        # change a few notes so both processes have something to write
        for i in range(round_number, 100, 7):
            note = root / "People" / f"Person {i}.md"
            note.write_text(f"---\ncompany: R{round_number}\n---\n", encoding="utf-8")
            os.utime(note, (OLD + round_number + 1,) * 2)
        first, second = run_index(root), run_index(root)
        outputs = [process.communicate(timeout=60) for process in (first, second)]
        assert [first.returncode, second.returncode] == [0, 0], outputs
        for stdout, stderr in outputs:
            assert stdout.startswith("100 people, 1 interaction, 0 groups in 101 notes ("), stdout
            assert stderr == ""
    for path in shards(root):
        _stamp, entries = marshal.loads(path.read_bytes())  # whole: written by rename
        assert isinstance(entries, dict)
    assert not list((root / CACHE_DIR / NOTES_DIR).glob("*.tmp"))
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
