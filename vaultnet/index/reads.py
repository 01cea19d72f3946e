"""Reading parsed notes back from the index: every note, those of some kinds, one, or a few,
decoded from their stored records (a damaged record is parsed again from its file)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from vaultnet.errors import VaultBusy, WriteFailed
from vaultnet.fs.scan import Signature
from vaultnet.index import refresh
from vaultnet.index.queries import IndexQueries
from vaultnet.index.refresh import IndexStats
from vaultnet.index.rows import decode as _decode

if TYPE_CHECKING:
    from vaultnet.notes.keys import NoteRules
    from vaultnet.notes.parse import ParsedNote

BATCH = 500  # paths a query of `records` asks for (SQLite allows 32,766 parameters)


class IndexReads(IndexQueries):
    """The reads of `NoteIndex`, which keeps the store, the notes parsed by the last refresh
    (`_fresh`) and the signatures of the vault as scanned."""

    root: Path
    rules: NoteRules
    stats: IndexStats
    _fresh: dict[str, ParsedNote]
    _signatures: dict[str, Signature]

    def _give_up(self) -> None:
        raise NotImplementedError  # NoteIndex: carry on without the store

    def _writing(self, renew: bool = True) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # NoteIndex: one transaction under the vault lock

    def notes(self, kinds: Iterable[str] | None = None) -> dict[str, ParsedNote]:
        """Every note of the vault as last refreshed (or those of these `kinds`: "person",
        "group"...): those parsed now, the rest decoded from their stored records (a damaged
        record is parsed again)."""
        wanted_kinds = None if kinds is None else frozenset(kinds)
        notes = {
            rel: note
            for rel, note in self._fresh.items()
            if wanted_kinds is None or note.kind in wanted_kinds
        }
        wanted = set(self._signatures) - self._fresh.keys()
        damaged: list[str] = []
        if wanted and self.db is not None:
            sql = "SELECT path, record FROM notes"
            if wanted_kinds is not None:
                marks = ", ".join("?" * len(wanted_kinds))
                sql = (
                    "SELECT n.path, n.record FROM notes n JOIN files f ON f.path = n.path "
                    f"WHERE f.kind IN ({marks})"
                )
            try:
                for rel, blob in self.db.execute(sql, sorted(wanted_kinds or ())):
                    if rel in wanted:
                        note = _decode(rel, blob)
                        if note is None:
                            damaged.append(rel)
                        else:
                            notes[rel] = note
            except sqlite3.Error:
                self._give_up()
        self.stats.records += sum(1 for rel in notes if rel not in self._fresh)
        if wanted_kinds is None or self.db is None:
            missing = [rel for rel in self._signatures if rel not in notes]
        else:
            missing = damaged
        if missing:
            again = refresh.parse(self.root, missing, self.rules)
            notes.update(
                (rel, note)
                for rel, note in again.items()
                if wanted_kinds is None or note.kind in wanted_kinds
            )
            self.stats.read += len(again)
            self.stats.cached -= len(again)
            if damaged and self.db is not None:
                now = time.time_ns()
                try:
                    with self._writing() as db:
                        stored = [(r, self._signatures[r], now, again[r]) for r in damaged]
                        refresh.replace_rows(db, [], stored)
                except (sqlite3.Error, VaultBusy, WriteFailed):
                    pass
        return notes

    def note(self, rel: str) -> ParsedNote | None:
        """One note of the vault as last refreshed: parsed now, decoded from its record, or
        parsed from the file when the record is damaged (or the store is gone)."""
        found = self._fresh.get(rel)
        if found is not None or rel not in self._signatures:
            return found
        if self.db is not None:
            try:
                found = self.records([rel]).get(rel)
            except sqlite3.Error:
                self._give_up()
        if found is None:
            found = refresh.parse(self.root, [rel], self.rules).get(rel)
            self.stats.read += 1
        return found

    def records(self, paths: Iterable[str]) -> dict[str, ParsedNote]:
        """The notes at `paths` (those the index holds, current or not: see `answers`), read
        in batches of `BATCH` paths a query."""
        assert self.db is not None
        found: dict[str, ParsedNote] = {}
        wanted = sorted(set(paths))
        stored = [rel for rel in wanted if rel not in self._fresh]
        blobs: dict[str, bytes] = {}
        for start in range(0, len(stored), BATCH):
            batch = stored[start : start + BATCH]
            marks = ", ".join("?" * len(batch))
            blobs.update(
                self.db.execute(f"SELECT path, record FROM notes WHERE path IN ({marks})", batch)
            )
        self.stats.records += len(stored)
        for rel in wanted:
            note = self._fresh.get(rel)
            if note is None and rel in blobs:
                note = _decode(rel, blobs[rel])
            if note is not None:
                found[rel] = note
        return found
