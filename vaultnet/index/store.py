"""The vault's index: `.vaultnet/index.sqlite`, rows derived from the notes, kept current.

One row per note file (its stat signature and a hash of its bytes), its parsed record, and rows
per fact that queries use: the names that reach each person, and the references between notes.
A refresh compares the scan with the stored signatures and parses only what changed; writes by
vaultnet itself update the rows as they write. The notes stay the truth: a missing, corrupt or
older index is rebuilt without a word, and a vault where nothing can be stored still works.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from vaultnet.errors import Problem, VaultBusy, WriteFailed
from vaultnet.fs import written
from vaultnet.fs.scan import (
    ScanResult,
    Signature,
    note_signature,
    scan,
    vault_skip,
)
from vaultnet.index import cache, refresh, schema
from vaultnet.index.reads import IndexReads
from vaultnet.index.refresh import IndexStats as IndexStats
from vaultnet.index.rows import record_layout as record_layout
from vaultnet.index.schema import CACHE_DIR, INDEX_FILE, SCHEMA_ID
from vaultnet.version import __version__

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.notes.keys import NoteRules
    from vaultnet.notes.parse import ParsedNote

RECORD_VERSION = "10"  # bump when what parse_note produces changes
# The fields of NoteRecord, NoteSummary and Task, spelled out here so that opening the index needs
# no import of the parser; tests/test_index.py holds it to `record_layout()`.
RECORD_LAYOUT = (
    "kind,frontmatter,frontmatter_ok,summary,problems,tasks,body,renamed;"
    "keys,link_keys,date,date_line,type,with_names,log_dates,tags,gives,asks;"
    "line,done,text,due,section,bad_due,start,done_on"
)


class NoteIndex(IndexReads):
    """The index of one vault, open for one command (or for as long as `watch` runs).

    `refresh(scanned)` brings the rows up to date with the files; `notes()` gives every parsed
    note (see `vaultnet.index.reads`); the query methods answer one question each. Every failure of the store degrades to
    "no index" (each note parsed, nothing kept), never to an error."""

    def __init__(
        self,
        root: Path,
        rules: NoteRules,
        fingerprint: str,
        use_index: bool = True,
        skip: Iterable[str] = (),
    ) -> None:
        self.root = Path(root)
        self.skip = frozenset(skip)
        self.rules = rules
        self.identity = {
            "schema": SCHEMA_ID,
            "parser": f"{__version__}\0{RECORD_VERSION}\0{RECORD_LAYOUT}",
            "fingerprint": fingerprint,
        }
        self.db: sqlite3.Connection | None = None
        self.stats = IndexStats()
        self.token: str | None = None  # renewed whenever what a note holds changes
        self.persisted = False  # the rows match the files as last scanned
        self._fresh: dict[str, ParsedNote] = {}  # parsed by the last refresh
        self._scan_problems: list[Problem] = []
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
        db = schema.connect(self.path)
        self.db = db
        if self._is_ours(db):
            return db
        # New, from another version or other folder settings: start again (unless another
        # vaultnet did just that while this one waited for the write lock).
        db.execute("BEGIN IMMEDIATE")
        if self._is_ours(db):
            db.execute("COMMIT")
            return db
        self.token = os.urandom(16).hex()
        schema.create(db, self.identity, self.token)
        db.execute("COMMIT")
        self._remove_old_cache()
        return db

    def _is_ours(self, db: sqlite3.Connection) -> bool:
        """Whether the store was made by this version with these folder settings."""
        stored = schema.stored_identity(db)
        if stored is None:
            return False
        if any(stored.get(key) != value for key, value in self.identity.items()):
            return False
        self.token = stored.get("token")
        return True

    def _remove_store(self) -> bool:
        return schema.remove_store(self.folder)

    def _remove_old_cache(self) -> None:
        schema.remove_old_cache(self.folder)

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
    def refresh(self, scanned: ScanResult, only: Iterable[str] | None = None) -> None:
        """Bring the index up to date with `scanned` (a scan of the vault): parse only the notes
        that changed, and store their rows in one transaction under the vault lock. `only`:
        the paths that may have changed (the rest of `scanned` is known to be as stored)."""
        self._signatures = scanned.files
        self._scan_problems = scanned.problems
        self.stats = IndexStats(files=len(scanned.files))
        if self.db is not None:
            try:
                self._refresh(scanned, None if only is None else set(only))
                return
            except sqlite3.Error:
                self._give_up()
        self._fresh = refresh.parse(self.root, list(scanned.files), self.rules)
        self.stats.read = len(self._fresh)

    def update(self, changed: Iterable[str] | None) -> None:
        """Bring an index kept open (by `watch`) up to date after changes to the vault-relative
        `changed` paths, taking the signatures of those only; the rest stay as last scanned.
        None (changes not known path by path), an index whose last refresh could not be
        stored, or a store another vaultnet made again: scan the whole vault."""
        if changed is not None and self.db is not None and self.persisted:
            try:
                ours = self._is_ours(self.db)  # and the token, renewed by other writers
            except sqlite3.Error:
                ours = False
            if ours:
                files = dict(self._signatures)
                paths = set(changed)
                for rel in paths:
                    signature = note_signature(self.root, rel, self.skip)
                    if signature is None:
                        files.pop(rel, None)
                    else:
                        files[rel] = signature
                self.refresh(ScanResult(files, list(self._scan_problems)), only=paths)
                return
        try:
            ours = self.db is not None and self._is_ours(self.db)
        except sqlite3.Error:
            ours = False
        if not ours:
            self.close()
            self.persisted = False
            self._connect()
        self.refresh(scan(self.root, self.skip))

    def made_for(self, fingerprint: str, skip: Iterable[str]) -> bool:
        """Whether this index was opened for these folder settings and these skipped paths."""
        return self.identity["fingerprint"] == fingerprint and self.skip == frozenset(skip)

    @property
    def scanned(self) -> ScanResult:
        """The vault as last scanned (and updated by vaultnet's own writes since)."""
        return ScanResult(dict(self._signatures), list(self._scan_problems))

    def _refresh(self, scanned: ScanResult, only: set[str] | None) -> None:
        assert self.db is not None
        files = scanned.files
        columns = "SELECT path, mtime_ns, size, inode, checked_ns, digest FROM files"
        if only is None:
            stored = {row[0]: row[1:] for row in self.db.execute(columns)}
        else:
            stored = {}
            for rel in sorted(only):
                row = self.db.execute(f"{columns} WHERE path = ?", (rel,)).fetchone()
                if row is not None:
                    stored[rel] = row[1:]
            files = {rel: files[rel] for rel in only if rel in files}
        diff = refresh.plan(self.root, stored, files)
        rehashed, removed = diff.rehashed, diff.removed
        to_parse, read_here = diff.to_parse, diff.read_here
        parsed = refresh.parse(self.root, to_parse, self.rules, read_here)
        self._fresh = parsed
        self.stats.read = len(parsed)
        self.stats.rehashed = len(rehashed)
        self.stats.cached = len(scanned.files) - len(parsed)
        self.stats.removed = len(removed)
        if not parsed and not removed and not rehashed:
            self.persisted = True
            self._subscribe()
            return
        now = time.time_ns()
        try:
            with self._writing(renew=bool(parsed or removed)) as db:
                db.executemany(
                    "UPDATE files SET mtime_ns = ?, size = ?, inode = ?, checked_ns = ? "
                    "WHERE path = ?",
                    [(*files[rel], now, rel) for rel, _ in rehashed],
                )
                refresh.replace_rows(
                    db, removed, [(rel, files[rel], now, note) for rel, note in parsed.items()]
                )
        except (VaultBusy, WriteFailed, sqlite3.OperationalError):
            # Another writer holds the vault, or nothing can be written here (a read-only
            # vault): this command's answer is still right, from what it parsed.
            self.persisted = False
            return
        self.persisted = True
        self._subscribe()

    # Writes by vaultnet itself --------------------------------------------------------------------
    def _subscribe(self) -> None:
        written.subscribe(self.root, self._note_written)

    def _note_written(self, notes: list[tuple[str, bytes]]) -> None:
        """vaultnet just wrote these notes (path, bytes), holding the vault lock: store their
        rows now, in one transaction, so the next command parses nothing. Their signatures are
        taken as of now, which the racy rule treats as recent: the next refresh compares the
        bytes once."""
        if self.db is None:
            return
        now = time.time_ns()
        written_now: list[tuple[str, Signature, int, ParsedNote]] = []
        for rel, data in notes:
            signature = note_signature(self.root, rel, self.skip)
            if signature is not None:  # else never scanned, so never indexed
                note = cache.parse_read(rel, data, self.rules)
                written_now.append((rel, signature, now, note))
        if not written_now:
            return
        try:
            with self._writing() as db:
                refresh.replace_rows(db, [], written_now)
        except (sqlite3.Error, VaultBusy, WriteFailed):
            self._give_up()
            for rel, *_ in written_now:
                self._fresh.pop(rel, None)  # parsed again from the file when asked for
            return
        signatures = dict(self._signatures)
        for rel, signature, _, note in written_now:
            self._fresh[rel] = note
            signatures[rel] = signature
        self._signatures = signatures


def open_index(
    root: Path,
    rules: NoteRules,
    fingerprint: str,
    skip: Iterable[str] = (),
    use_index: bool = True,
    scanned: ScanResult | None = None,
) -> NoteIndex:
    """The index of the vault at `root`, refreshed. `scanned`: a scan the caller already made
    (with the same `skip`)."""
    index = NoteIndex(root, rules, fingerprint, use_index, skip)
    index.refresh(scanned if scanned is not None else scan(root, skip))
    return index


def open_vault_index(
    root: Path, config: Config, scanned: ScanResult | None = None, use_index: bool = True
) -> NoteIndex:
    """The index of the vault at `root` with these settings, refreshed (with `scanned`, a scan
    that skipped `fs.scan.vault_skip`, when the caller made one)."""
    from vaultnet.notes.keys import NoteRules

    return open_index(
        root,
        NoteRules.of(config),
        config.fingerprint(),
        skip=vault_skip(root, config),
        use_index=use_index,
        scanned=scanned,
    )


def load_notes(
    root: Path,
    rules: NoteRules,
    fingerprint: str,
    skip: Iterable[str] = (),
    use_cache: bool = True,
    scanned: ScanResult | None = None,
) -> tuple[dict[str, ParsedNote], list[Problem], IndexStats]:
    """Every note of the vault, parsed, parsing only what changed since the index was written."""
    if scanned is None:
        scanned = scan(root, skip)
    index = open_index(root, rules, fingerprint, skip, use_cache, scanned)
    notes = index.notes()
    index.close()
    return notes, scanned.problems, index.stats
