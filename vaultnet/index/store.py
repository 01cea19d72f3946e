"""The vault's index: `.vaultnet/index.sqlite`, rows derived from the notes, kept current.

One row per note file (its stat signature and a hash of its bytes), its parsed record, and rows
per fact that queries use: the names that reach each person, and the references between notes.
A refresh compares the scan with the stored signatures and parses only what changed; writes by
vaultnet itself update the rows as they write. The notes stay the truth: a missing, corrupt or
older index is rebuilt without a word, and a vault where nothing can be stored still works.
"""

from __future__ import annotations

import marshal
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.errors import Problem, VaultBusy, WriteFailed
from vaultnet.fs import written
from vaultnet.fs.scan import (
    RACY_SECONDS,
    SKIPPED_DIRS,
    ScanResult,
    Signature,
    is_skipped,
    scan,
    vault_skip,
)
from vaultnet.index import cache
from vaultnet.version import __version__

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.notes.parse import ParsedNote

CACHE_DIR = ".vaultnet"
INDEX_FILE = "index.sqlite"  # in CACHE_DIR, with its -wal and -shm companions
SCHEMA_VERSION = "2"  # bump when a table changes; "1" was the index of vaultnet 0.1
RECORD_VERSION = "7"  # bump when what parse_note produces changes
# The fields of NoteRecord, NoteSummary and Task, spelled out here so that opening the index needs
# no import of the parser; tests/test_index.py holds it to `record_layout()`.
RECORD_LAYOUT = (
    "kind,frontmatter,frontmatter_ok,summary,problems,tasks,body;"
    "keys,link_keys,date,date_line,type,with_names,log_dates,tags,gives,asks;"
    "line,done,text,due,section,bad_due"
)
OLD_CACHE = ("notes", "digest-stamp.json")  # in CACHE_DIR: the marshal shards, the digest stamp
BUSY_MS = 10_000  # how long to wait for another vaultnet writing the index

# Rank of a name in `names`: a stem before an alias, as links resolve; the display name (`name:`)
# reaches a person when a user types it, never through a link.
STEM, ALIAS, DISPLAY = 0, 1, 2

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, inode INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,  -- when the signature was taken (see RACY_SECONDS)
    digest BLOB NOT NULL,         -- of the file's bytes: a touched file is not parsed again
    kind TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE notes (path TEXT PRIMARY KEY, record BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE names (
    key TEXT NOT NULL, path TEXT NOT NULL, rank INTEGER NOT NULL, stem_key TEXT NOT NULL
);
CREATE INDEX names_by_key ON names (key);
CREATE INDEX names_by_path ON names (path);
CREATE TABLE refs (
    path TEXT NOT NULL, line INTEGER NOT NULL, role TEXT NOT NULL, key TEXT NOT NULL
);
CREATE INDEX refs_by_key ON refs (key, role);
CREATE INDEX refs_by_path ON refs (path);
"""
TABLES = ("files", "notes", "names", "refs")


@dataclass
class IndexStats:
    """What one refresh did, for `vaultnet index` and for tests that count work."""

    files: int = 0
    read: int = 0  # notes parsed
    cached: int = 0  # notes answered from the index
    removed: int = 0
    rehashed: int = 0  # read again and found unchanged (touched, or saved in the racy window)
    records: int = 0  # parsed records decoded from the index


def _encode(note: ParsedNote) -> bytes:
    record = note.__dict__.get("_record")  # a note decoded from a record: that very record
    return marshal.dumps((record if record is not None else note.to_record()).plain())


def _decode(rel: str, blob: bytes) -> ParsedNote | None:
    """The note a stored record holds, or None when the record is damaged (a miss)."""
    from vaultnet.notes.parse import NoteRecord, ParsedNote

    try:
        record = NoteRecord.of(marshal.loads(blob))
        if record is None:
            return None
        note = ParsedNote.from_record(rel, record)
        note.summary  # noqa: B018  (a record of the wrong shape fails here, not later)
    except (ValueError, EOFError, TypeError, IndexError, AttributeError):
        return None
    return note


def record_layout() -> str:
    """The fields of a stored record, which RECORD_LAYOUT must equal (a test checks it)."""
    from vaultnet.notes.parse import NoteRecord, NoteSummary, Task

    return ";".join(",".join(t._fields) for t in (NoteRecord, NoteSummary, Task))


def _name_rows(rel: str, note: ParsedNote) -> list[tuple[str, str, int, str]]:
    """(key, path, rank, stem key) of every name that reaches a person note."""
    from vaultnet.notes.parse import PERSON
    from vaultnet.text.links import fold

    if note.kind != PERSON:
        return []
    keys = note.summary.keys
    stem_key = keys[0]
    rows = [(stem_key, rel, STEM, stem_key)]
    rows.extend((key, rel, ALIAS, stem_key) for key in keys[1:])
    display = fold(_one_line(note.frontmatter.get("name")))
    if display:
        rows.append((display, rel, DISPLAY, stem_key))
    return rows


def _one_line(value: Any) -> str:
    """A frontmatter value as the model shows it (network.model's `_text`: `name:` as the
    display name)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_one_line(v) for v in value if _one_line(v))
    return str(value).strip()


def _ref_rows(rel: str, note: ParsedNote) -> list[tuple[str, int, str, str]]:
    """(path, line, role, target key) of every reference a note makes: who a meeting is
    `with`, and the links of its fields and log lines."""
    from vaultnet.text.links import fold

    summary = note.summary
    rows = [(rel, summary.date_line, "with", fold(name)) for name in summary.with_names]
    rows.extend(
        (rel, ref.line, ref.field, key)
        for ref, key in zip(note.links, summary.link_keys, strict=True)
        if ref.field != "with"
    )
    return rows


class NoteIndex:
    """The index of one vault, open for one command (or for as long as `watch` runs).

    `refresh(scanned)` brings the rows up to date with the files; `notes()` gives every parsed
    note; the query methods answer one question each. Every failure of the store degrades to
    "no index" (each note parsed, nothing kept), never to an error."""

    def __init__(
        self,
        root: Path,
        people: str,
        groups: str,
        fingerprint: str,
        use_index: bool = True,
        skip: Iterable[str] = (),
    ) -> None:
        self.root = Path(root)
        self.skip = frozenset(skip)
        self.people, self.groups = people, groups
        self.identity = {
            "schema": SCHEMA_VERSION,
            "parser": f"{__version__}\0{RECORD_VERSION}\0{RECORD_LAYOUT}",
            "fingerprint": fingerprint,
        }
        self.db: sqlite3.Connection | None = None
        self.stats = IndexStats()
        self.token: str | None = None  # renewed whenever what a note holds changes
        self.persisted = False  # the rows match the files as last scanned
        self._fresh: dict[str, ParsedNote] = {}  # parsed by the last refresh
        self._current: set[str] = set()  # paths whose stored rows are current
        self._signatures: dict[str, Signature] = {}
        if use_index:
            self._connect()

    # The store -----------------------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def path(self) -> Path:
        return self.folder / INDEX_FILE

    def _connect(self) -> None:
        for attempt in range(2):
            try:
                self.db = self._open_store()
                return
            except (sqlite3.Error, OSError):
                self.close()
                if attempt == 0 and not self._remove_store():
                    return
        self.db = None

    def _open_store(self) -> sqlite3.Connection:
        from vaultnet.fs.state import state_folder

        try:
            # A real folder, never a link (refused with a clear line); links inside it removed.
            state_folder(self.root)
        except WriteFailed as exc:  # a read-only vault: no index, the notes still served
            raise OSError(str(exc)) from None
        for suffix in ("-wal", "-shm", "-journal"):
            companion = self.folder / (INDEX_FILE + suffix)
            if companion.is_symlink():
                companion.unlink()
        # Private like the rest of .vaultnet/; SQLite gives -wal and -shm the same mode. Never
        # through a link (ELOOP: the store is removed and made again).
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db = db
        db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        # Derived data: a power cut may lose the last changes, never corrupt the file.
        db.execute("PRAGMA synchronous = NORMAL")
        if self._is_ours(db):
            return db
        # New, from another version or other folder settings: start again (unless another
        # vaultnet did just that while this one waited for the write lock).
        db.execute("BEGIN IMMEDIATE")
        if self._is_ours(db):
            db.execute("COMMIT")
            return db
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            db.execute(f'DROP TABLE "{name}"')
        for statement in SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        self.token = os.urandom(16).hex()
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)", [*self.identity.items(), ("token", self.token)]
        )
        db.execute("COMMIT")
        self._remove_old_cache()
        return db

    def _is_ours(self, db: sqlite3.Connection) -> bool:
        """Whether the store was made by this version with these folder settings."""
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"meta", *TABLES} <= tables:
            return False
        stored = dict(db.execute("SELECT key, value FROM meta"))
        if any(stored.get(key) != value for key, value in self.identity.items()):
            return False
        self.token = stored.get("token")
        return True

    def _remove_store(self) -> bool:
        """Delete a store that cannot be read (corrupt, or not a database). False if even that fails."""
        try:
            for suffix in ("", "-wal", "-shm"):
                (self.folder / (INDEX_FILE + suffix)).unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def _remove_old_cache(self) -> None:
        for name in OLD_CACHE:
            old = self.folder / name
            try:
                if old.is_dir():
                    import shutil  # imported here: costly to import, needed once

                    shutil.rmtree(old)
                else:
                    old.unlink(missing_ok=True)
            except OSError:
                pass

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None
        written.unsubscribe(self.root, self._note_written)

    def _give_up(self) -> None:
        """The store failed mid-way: carry on without it; the next command starts it again."""
        db, self.db = self.db, None
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:
                pass
        self._remove_store()
        self.persisted = False

    @contextmanager
    def _writing(self, renew: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction under the vault lock; `renew`: what a note holds changed, so the rows
        get a new token (a file found unchanged by its bytes keeps the token)."""
        from vaultnet.fs.lock import vault_lock

        assert self.db is not None
        with vault_lock(self.root):
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if renew:
                    self.token = os.urandom(16).hex()
                    db.execute("UPDATE meta SET value = ? WHERE key = 'token'", (self.token,))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    # Refreshing ------------------------------------------------------------------------------------
    def refresh(self, scanned: ScanResult) -> None:
        """Bring the index up to date with `scanned` (a scan of the vault): parse only the notes
        that changed, and store their rows in one transaction under the vault lock."""
        self._signatures = scanned.files
        self.stats = IndexStats(files=len(scanned.files))
        if self.db is not None:
            try:
                self._refresh(scanned)
                return
            except sqlite3.Error:
                self._give_up()
        self._fresh = _parse(self.root, list(scanned.files), self.people, self.groups)
        self._current = set()
        self.stats.read = len(self._fresh)

    def _refresh(self, scanned: ScanResult) -> None:
        assert self.db is not None
        files = scanned.files
        stored = {
            row[0]: row[1:]
            for row in self.db.execute(
                "SELECT path, mtime_ns, size, inode, checked_ns, digest FROM files"
            )
        }
        racy_ns = int(RACY_SECONDS * 1e9)
        unchanged: set[str] = set()
        suspects: list[str] = []  # changed by their signature, or saved just now
        to_parse: list[str] = []
        for rel, signature in files.items():
            row = stored.get(rel)
            if row is None:
                to_parse.append(rel)
            elif row[:3] == signature and row[3] - row[0] >= racy_ns:
                unchanged.add(rel)
            else:
                suspects.append(rel)
        rehashed: list[tuple[str, bytes]] = []  # read again: same bytes, new signature
        read_here: dict[str, bytes | OSError] = {}
        if len(suspects) + len(to_parse) < cache.PARALLEL_FROM:
            # Saved so recently that a second save in the same mtime tick would look unchanged,
            # or touched (`touch`, a checkout of the same text): compare the bytes first, and
            # parse only if they differ. (Many changes go straight to the parallel parse.)
            for rel in suspects:
                data = cache.read_bytes(str(self.root), rel)
                if (
                    isinstance(data, bytes)
                    and len(data) <= cache.MAX_NOTE_BYTES
                    and cache.digest_of(data) == stored[rel][4]
                ):
                    rehashed.append((rel, stored[rel][4]))
                else:
                    read_here[rel] = data
                    to_parse.append(rel)
        else:
            to_parse.extend(suspects)
        removed = [rel for rel in stored if rel not in files]
        to_parse.sort(key=lambda rel: files[rel][2])  # inode order: see cache.parse_many
        parsed = _parse(self.root, to_parse, self.people, self.groups, read_here)
        self._fresh = parsed
        self.stats.read = len(parsed)
        self.stats.rehashed = len(rehashed)
        self.stats.cached = len(files) - len(parsed)
        self.stats.removed = len(removed)
        self._current = unchanged | {rel for rel, _ in rehashed}
        if not parsed and not removed and not rehashed:
            self.persisted = True
            self._subscribe()
            return
        now = time.time_ns()
        try:
            with self._writing(renew=bool(parsed or removed)) as db:
                self._delete(db, removed)
                db.executemany(
                    "UPDATE files SET mtime_ns = ?, size = ?, inode = ?, checked_ns = ? "
                    "WHERE path = ?",
                    [(*files[rel], now, rel) for rel, _ in rehashed],
                )
                self._store(db, [(rel, files[rel], now, note) for rel, note in parsed.items()])
        except (VaultBusy, WriteFailed, sqlite3.OperationalError):
            # Another writer holds the vault, or nothing can be written here (a read-only
            # vault): this command's answer is still right, from what it parsed.
            self.persisted = False
            return
        self._current.update(parsed)
        self.persisted = True
        self._subscribe()

    def _delete(self, db: sqlite3.Connection, paths: list[str]) -> None:
        rows = [(rel,) for rel in paths]
        for table in TABLES:
            db.executemany(f"DELETE FROM {table} WHERE path = ?", rows)

    def _store(
        self, db: sqlite3.Connection, notes: list[tuple[str, Signature, int, ParsedNote]]
    ) -> None:
        """Replace the rows of these notes (path, signature, when it was taken, parsed note)."""
        self._delete(db, [rel for rel, *_ in notes])
        db.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (rel, *signature, checked, note.__dict__.get("_digest", b""), note.kind)
                for rel, signature, checked, note in notes
            ],
        )
        db.executemany(
            "INSERT INTO notes VALUES (?, ?)", [(rel, _encode(note)) for rel, _, _, note in notes]
        )
        db.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?)",
            [row for rel, _, _, note in notes for row in _name_rows(rel, note)],
        )
        db.executemany(
            "INSERT INTO refs VALUES (?, ?, ?, ?)",
            [row for rel, _, _, note in notes for row in _ref_rows(rel, note)],
        )

    # Writes by vaultnet itself --------------------------------------------------------------------
    def _subscribe(self) -> None:
        written.subscribe(self.root, self._note_written)

    def _note_written(self, rel: str, data: bytes) -> None:
        """vaultnet just wrote `data` to the note at `rel` (holding the vault lock): store its
        rows now, so the next command parses nothing. Its signature is taken as of now, which
        the racy rule treats as recent: the next refresh compares the bytes once."""
        parts = rel.split("/")
        if self.db is None or is_skipped(rel, self.skip) or not rel.lower().endswith(".md"):
            return
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts[:-1]):
            return  # never scanned, so never indexed
        try:
            st = os.stat(self.root / rel)
        except OSError:
            return
        note = cache.parse_read(rel, data, self.people, self.groups)
        try:
            with self._writing() as db:
                self._store(
                    db, [(rel, (st.st_mtime_ns, st.st_size, st.st_ino), time.time_ns(), note)]
                )
        except (sqlite3.Error, VaultBusy, WriteFailed):
            self._give_up()
            return
        self._fresh[rel] = note
        self._current.add(rel)
        self._signatures = {**self._signatures, rel: (st.st_mtime_ns, st.st_size, st.st_ino)}

    # Reading ----------------------------------------------------------------------------------------
    def notes(self) -> dict[str, ParsedNote]:
        """Every note of the vault as last refreshed: those parsed now, the rest decoded from
        their stored records (a damaged record is parsed again)."""
        notes = dict(self._fresh)
        wanted = set(self._signatures) - notes.keys()
        damaged: list[str] = []
        if wanted and self.db is not None:
            try:
                for rel, blob in self.db.execute("SELECT path, record FROM notes"):
                    if rel in wanted:
                        note = _decode(rel, blob)
                        if note is None:
                            damaged.append(rel)
                        else:
                            notes[rel] = note
            except sqlite3.Error:
                self._give_up()
        self.stats.records += len(notes) - len(self._fresh)
        missing = [rel for rel in self._signatures if rel not in notes]
        if missing:
            again = _parse(self.root, missing, self.people, self.groups)
            notes.update(again)
            self.stats.read += len(again)
            self.stats.cached -= len(again)
            if damaged and self.db is not None:
                now = time.time_ns()
                try:
                    with self._writing() as db:
                        self._store(db, [(r, self._signatures[r], now, again[r]) for r in damaged])
                except (sqlite3.Error, VaultBusy, WriteFailed):
                    pass
        return notes

    def records(self, paths: Iterable[str]) -> dict[str, ParsedNote]:
        """The notes at `paths` (those the index holds, current or not: see `answers`)."""
        assert self.db is not None
        found: dict[str, ParsedNote] = {}
        for rel in sorted(set(paths)):
            note = self._fresh.get(rel)
            if note is None:
                row = self.db.execute("SELECT record FROM notes WHERE path = ?", (rel,)).fetchone()
                note = _decode(rel, row[0]) if row is not None else None
                self.stats.records += 1
            if note is not None:
                found[rel] = note
        return found

    @property
    def answers(self) -> bool:
        """Whether the stored rows describe the vault as scanned, so queries may use them."""
        return self.db is not None and self.persisted

    def query(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        assert self.db is not None
        return self.db.execute(sql, tuple(parameters)).fetchall()

    # Queries -------------------------------------------------------------------------------------------
    def person_named(self, key: str) -> str | None:
        """The note of the one person whose name, alias or `name:` folds to `key`, as name
        resolution's first tier finds them (an exact stem beats an alias shared with others);
        None when no one or several people are named so (resolution goes on with the model)."""
        rows = self.query("SELECT DISTINCT path, rank FROM names WHERE key = ?", (key,))
        paths = {path for path, _ in rows}
        if len(paths) == 1:
            return paths.pop()
        stems = {path for path, rank in rows if rank == STEM}
        return stems.pop() if len(stems) == 1 else None

    def link_owner(self, key: str) -> str | None:
        """The person note a link to `key` reaches: by file name first, then by alias, the
        first in name order (as the vault resolves links)."""
        row = self.query(
            "SELECT path FROM names WHERE key = ? AND rank < ? ORDER BY rank, stem_key, path "
            "LIMIT 1",
            (key, DISPLAY),
        )
        return row[0][0] if row else None

    def answer_of_person(self, path: str) -> set[str]:
        """The notes a question about one person needs: theirs, the meetings `with` them, and
        the other people of those meetings (whose names decide whose a meeting's task is)."""
        keys = [
            k
            for (k,) in self.query(
                "SELECT key FROM names WHERE path = ? AND rank < ?", (path, DISPLAY)
            )
        ]
        owned = [k for k in keys if self.link_owner(k) == path]
        meetings: set[str] = set()
        for key in owned:
            meetings.update(
                p
                for (p,) in self.query(
                    "SELECT DISTINCT path FROM refs WHERE role = 'with' AND key = ?", (key,)
                )
            )
        others: set[str] = set()
        for meeting in meetings:
            for (key,) in self.query(
                "SELECT DISTINCT key FROM refs WHERE role = 'with' AND path = ?", (meeting,)
            ):
                owner = self.link_owner(key)
                if owner is not None:
                    others.add(owner)
        return {path} | meetings | others

    # The memo of a command's result ----------------------------------------------------------------
    def memo(self, name: str) -> str | None:
        """What a command stored under `name` (see `remember`), if the store holds it."""
        if not self.answers:
            return None
        assert self.db is not None
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (f"memo:{name}",))
            found = row.fetchone()
        except sqlite3.Error:
            return None
        return found[0] if found else None

    def remember(self, name: str, value: str) -> None:
        """Keep `value` under `name` until the next change of any row (keyed by the caller
        with `token`, which every change renews)."""
        if not self.answers:
            return
        assert self.db is not None
        try:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"memo:{name}", value))
        except sqlite3.Error:
            pass


def _parse(
    root: Path,
    paths: list[str],
    people: str,
    groups: str,
    already_read: dict[str, bytes | OSError] | None = None,
) -> dict[str, ParsedNote]:
    """Parse the notes at `paths`, each with the digest of its bytes (`_digest`)."""
    if not paths:
        return {}
    already_read = already_read or {}
    if len(paths) - len(already_read) >= cache.PARALLEL_FROM:
        return dict(cache.parse_many(root, paths, people, groups))
    found: dict[str, ParsedNote] = {}
    for rel in paths:
        data = already_read.get(rel)
        if data is None:
            data = cache.read_bytes(str(root), rel)
        found[rel] = cache.parse_read(rel, data, people, groups)
    return found


def open_index(
    root: Path,
    people: str,
    groups: str,
    fingerprint: str,
    skip: Iterable[str] = (),
    use_index: bool = True,
    scanned: ScanResult | None = None,
) -> NoteIndex:
    """The index of the vault at `root`, refreshed. `scanned`: a scan the caller already made
    (with the same `skip`)."""
    index = NoteIndex(root, people, groups, fingerprint, use_index, skip)
    index.refresh(scanned if scanned is not None else scan(root, skip))
    return index


def open_vault_index(
    root: Path, config: Config, scanned: ScanResult | None = None, use_index: bool = True
) -> NoteIndex:
    """The index of the vault at `root` with these settings, refreshed (with `scanned`, a scan
    that skipped `fs.scan.vault_skip`, when the caller made one)."""
    return open_index(
        root,
        config.people_folder,
        config.groups_folder,
        config.fingerprint(),
        skip=vault_skip(root, config),
        use_index=use_index,
        scanned=scanned,
    )


def load_notes(
    root: Path,
    people: str,
    groups: str,
    fingerprint: str,
    skip: Iterable[str] = (),
    use_cache: bool = True,
    scanned: ScanResult | None = None,
) -> tuple[dict[str, ParsedNote], list[Problem], IndexStats]:
    """Every note of the vault, parsed, parsing only what changed since the index was written."""
    if scanned is None:
        scanned = scan(root, skip)
    index = open_index(root, people, groups, fingerprint, skip, use_cache, scanned)
    notes = index.notes()
    index.close()
    return notes, scanned.problems, index.stats
