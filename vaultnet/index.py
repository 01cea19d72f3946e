"""Finding the notes of a vault and keeping their parsed form in a cache under `.vaultnet/`.

A warm run stats every file and reads only the ones whose size or mtime changed; a cold run
parses in parallel. The cache is disposable: deleted, corrupt or from another version, it is
rebuilt without a word.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultnet.errors import Problem
from vaultnet.parse import ParsedNote, parse_note

CACHE_DIR = ".vaultnet"
CACHE_FILE = "index.sqlite"
CACHE_VERSION = "1"
MAX_NOTE_BYTES = 10 * 1024 * 1024
PARALLEL_FROM = 2000  # below this many notes to parse, starting worker processes costs more
RACY_SECONDS = 2.0  # a file modified this recently may change again within the same mtime tick

SKIPPED_DIRS = {".git", ".obsidian", ".vaultnet", ".trash", "node_modules"}

Signature = tuple[int, int, int]  # (mtime_ns, size, inode)


@dataclass
class IndexStats:
    """What one indexing pass did, for `vaultnet index` and for tests that count reads."""

    files: int = 0
    read: int = 0
    cached: int = 0
    removed: int = 0


@dataclass
class ScanResult:
    files: dict[str, Signature] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def scan(root: Path, skip: Iterable[str] = ()) -> ScanResult:
    """Every `*.md` file under root (relative posix path -> signature), skipping hidden folders.

    Symlinked folders are followed once; a folder reached twice (a symlink loop) is reported.
    """
    result = ScanResult()
    skipped = set(skip)
    seen_dirs: set[tuple[int, int]] = set()
    root_stat = root.stat()
    seen_dirs.add((root_stat.st_dev, root_stat.st_ino))
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            result.problems.append(
                Problem(prefix.rstrip("/") or ".", 1, f"cannot list: {exc.strerror}")
            )
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir():
                    if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
                        continue
                    st = entry.stat()
                    key = (st.st_dev, st.st_ino)
                    if key in seen_dirs:
                        result.problems.append(
                            Problem(
                                rel,
                                1,
                                "folder reached twice through a symlink (loop?); skipped",
                                "warning",
                            )
                        )
                        continue
                    seen_dirs.add(key)
                    stack.append((entry.path, rel + "/"))
                elif entry.name.lower().endswith(".md") and rel not in skipped:
                    st = entry.stat()
                    if stat.S_ISREG(st.st_mode):
                        result.files[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError as exc:
                result.problems.append(Problem(rel, 1, f"cannot read: {exc.strerror or exc}"))
    return result


def read_note_file(root: str, rel: str, people: str, groups: str) -> ParsedNote:
    """Read and parse one note; a file that cannot be read becomes a note with a problem."""
    note = ParsedNote(rel)
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            data = handle.read(MAX_NOTE_BYTES + 1)
    except OSError as exc:
        note.problems.append(Problem(rel, 1, f"cannot read: {exc.strerror or exc}"))
        return note
    if len(data) > MAX_NOTE_BYTES:
        note.problems.append(
            Problem(rel, 1, f"note is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MB; skipped")
        )
        return note
    if b"\0" in data:
        note.problems.append(Problem(rel, 1, "binary file with a .md name; skipped"))
        return note
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        parsed = parse_note(rel, data.decode("utf-8", errors="replace"), people, groups)
        parsed.problems.insert(0, Problem(rel, line, "not UTF-8 text; read with replacements"))
        parsed.frontmatter_ok = False
        return parsed
    return parse_note(rel, text, people, groups)


def _parse_batch(args: tuple[str, list[str], str, str]) -> list[tuple[object, ...]]:
    root, paths, people, groups = args
    return [read_note_file(root, rel, people, groups).to_record() for rel in paths]


def _parse_many(root: Path, paths: list[str], people: str, groups: str) -> list[ParsedNote]:
    """Parse notes, in worker processes when there are many (YAML parsing is CPU-bound)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [read_note_file(str(root), rel, people, groups) for rel in paths]
    from concurrent.futures import ProcessPoolExecutor

    size = max(200, len(paths) // (workers * 8))
    batches = [(str(root), paths[i : i + size], people, groups) for i in range(0, len(paths), size)]
    notes: list[ParsedNote] = []
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for records in pool.map(_parse_batch, batches):
                notes.extend(ParsedNote.from_record(r) for r in records)
    except (OSError, RuntimeError):  # no process support here (a sandbox): parse in this process
        return [read_note_file(str(root), rel, people, groups) for rel in paths]
    return notes


_CREATE_NOTES = (
    "CREATE TABLE IF NOT EXISTS notes (path TEXT PRIMARY KEY, mtime INTEGER, "
    "size INTEGER, inode INTEGER, record BLOB)"
)


class Cache:
    """The SQLite cache of parsed notes. Every failure degrades to "no cache", never to an error."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.fingerprint = fingerprint
        self.db: sqlite3.Connection | None = None

    def open(self) -> dict[str, tuple[Signature, bytes]]:
        """The cached rows, or nothing if the cache is missing, broken or stale."""
        for attempt in range(2):
            try:
                return self._open()
            except sqlite3.Error:
                self.close()
                if attempt == 0:
                    self._remove()
            except OSError:
                self.close()
                return {}
        return {}

    def _open(self) -> dict[str, tuple[Signature, bytes]]:
        self.path.parent.mkdir(exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute(_CREATE_NOTES)
        stamp = f"{CACHE_VERSION}\0{self.fingerprint}"
        row = self.db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != stamp:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                # DROP, not DELETE: an older vaultnet may have laid the table out differently.
                self.db.execute("DROP TABLE IF EXISTS notes")
                self.db.execute(_CREATE_NOTES)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (stamp,))
            return {}
        rows = self.db.execute("SELECT path, mtime, size, inode, record FROM notes").fetchall()
        return {path: ((mtime, size, inode), record) for path, mtime, size, inode, record in rows}

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(str(self.path) + suffix)
            except OSError:
                pass

    def save(
        self,
        changed: list[tuple[str, Signature, ParsedNote]],
        removed: list[str],
    ) -> None:
        if self.db is None or (not changed and not removed):
            return
        now_ns = time.time_ns()
        racy_ns = int(RACY_SECONDS * 1e9)
        rows = []
        for rel, (mtime, size, inode), note in changed:
            # A file written in the last moments may change again without its mtime moving
            # (coarse timestamps): store it as stale so the next run reads it again (git does this).
            stored_mtime = 0 if now_ns - mtime < racy_ns else mtime
            rows.append((rel, stored_mtime, size, inode, marshal.dumps(note.to_record())))
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)", rows)
                self.db.executemany("DELETE FROM notes WHERE path = ?", [(p,) for p in removed])
        except sqlite3.Error:
            pass  # another process holds the cache; this run's result is still correct

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None


def load_notes(
    root: Path,
    people: str,
    groups: str,
    fingerprint: str,
    skip: Iterable[str] = (),
    use_cache: bool = True,
) -> tuple[dict[str, ParsedNote], list[Problem], IndexStats]:
    """Every note of the vault, parsed, reading only what changed since the cache was written."""
    scanned = scan(root, skip)
    stats = IndexStats(files=len(scanned.files))
    cache = Cache(root, fingerprint)
    cached = cache.open() if use_cache else {}
    notes: dict[str, ParsedNote] = {}
    to_read: list[str] = []
    for rel, signature in scanned.files.items():
        hit = cached.get(rel)
        if hit is not None and hit[0] == signature:
            try:
                notes[rel] = ParsedNote.from_record(marshal.loads(hit[1]))
                continue
            except (ValueError, TypeError, EOFError):
                pass  # an unreadable row is just a miss
        to_read.append(rel)
    to_read.sort()
    for note in _parse_many(root, to_read, people, groups):
        notes[note.path] = note
    removed = [rel for rel in cached if rel not in scanned.files]
    stats.read = len(to_read)
    stats.cached = len(scanned.files) - len(to_read)
    stats.removed = len(removed)
    if use_cache:
        cache.save([(rel, scanned.files[rel], notes[rel]) for rel in to_read], removed)
    cache.close()
    return notes, scanned.problems, stats
