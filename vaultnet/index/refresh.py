"""Refreshing the index: which notes changed since their rows were stored (by the stat
signature, then by the bytes), parsing them, and replacing their rows and the derived facts
of the people they touch, in the caller's transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.fs.scan import RACY_SECONDS, Signature
from vaultnet.index import cache, derived
from vaultnet.index.rows import encode, note_rows
from vaultnet.index.schema import TABLES

if TYPE_CHECKING:
    from vaultnet.notes.keys import NoteRules
    from vaultnet.notes.parse import ParsedNote


@dataclass
class IndexStats:
    """What one refresh did, for `vaultnet index` and for tests that count work."""

    files: int = 0
    read: int = 0  # notes parsed
    cached: int = 0  # notes answered from the index
    removed: int = 0
    rehashed: int = 0  # read again and found unchanged (touched, or saved in the racy window)
    records: int = 0  # parsed records decoded from the index


@dataclass
class Diff:
    """What a scan found against the stored signatures."""

    unchanged: set[str] = field(default_factory=set)
    to_parse: list[str] = field(default_factory=list)  # new, or changed by their bytes
    rehashed: list[tuple[str, bytes]] = field(default_factory=list)  # same bytes, new signature
    read_here: dict[str, bytes | OSError] = field(default_factory=dict)  # read while comparing
    removed: list[str] = field(default_factory=list)


def plan(root: Path, stored: dict[str, tuple[Any, ...]], files: dict[str, Signature]) -> Diff:
    """Compare the scanned `files` with the `stored` rows (path -> mtime, size, inode, when
    checked, digest): what is unchanged, what must be parsed, what only looks changed."""
    diff = Diff()
    unchanged, to_parse = diff.unchanged, diff.to_parse
    rehashed, read_here = diff.rehashed, diff.read_here
    racy_ns = int(RACY_SECONDS * 1e9)
    suspects: list[str] = []  # changed by their signature, or saved just now
    for rel, signature in files.items():
        row = stored.get(rel)
        if row is None:
            to_parse.append(rel)
        elif row[:3] == signature and row[3] - row[0] >= racy_ns:
            unchanged.add(rel)
        else:
            suspects.append(rel)
    if len(suspects) + len(to_parse) < cache.PARALLEL_FROM:
        # Saved so recently that a second save in the same mtime tick would look unchanged,
        # or touched (`touch`, a checkout of the same text): compare the bytes first, and
        # parse only if they differ. (Many changes go straight to the parallel parse.)
        for rel in suspects:
            data = cache.read_bytes(str(root), rel)
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
    diff.removed = [rel for rel in stored if rel not in files]
    to_parse.sort(key=lambda rel: files[rel][2])  # inode order: see cache.parse_many
    return diff


def replace_rows(
    db: sqlite3.Connection,
    removed: list[str],
    notes: list[tuple[str, Signature, int, ParsedNote]],
) -> None:
    """Delete the rows of the `removed` notes, replace those of `notes`, and recompute the
    derived facts of the people either touches (see vaultnet.index.derived)."""
    paths = [*removed, *(rel for rel, *_ in notes)]
    if not paths:
        return
    touched = derived.Touched(db, paths)
    rows = [(rel,) for rel in paths]
    for table in TABLES:
        db.executemany(f"DELETE FROM {table} WHERE path = ?", rows)
    db.executemany("DELETE FROM attached WHERE meeting = ?1 OR person = ?1", rows)
    db.executemany("DELETE FROM contacts WHERE source = ?1 OR person = ?1", rows)
    db.executemany(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (rel, *signature, checked, note.__dict__.get("_digest", b""), note.kind)
            for rel, signature, checked, note in notes
        ],
    )
    db.executemany(
        "INSERT INTO notes VALUES (?, ?)", [(rel, encode(note)) for rel, _, _, note in notes]
    )
    each = [note_rows(rel, note) for rel, _, _, note in notes]
    for table, width in (
        ("names", 4),
        ("refs", 4),
        ("people", 5),
        ("meetings", 7),
        ("contacts", 5),
        ("problems", 4),
        ("note_keys", 2),
        ("links", 5),
        ("emails", 3),
    ):
        columns = {"people": "(path, stem_key, own_gives, own_asks, aliases_line)"}
        db.executemany(
            f"INSERT INTO {table} {columns.get(table, '')} VALUES ({', '.join('?' * width)})",
            [row for found in each for row in getattr(found, table)],
        )
    derived.update(db, touched)


def parse(
    root: Path,
    paths: list[str],
    rules: NoteRules,
    already_read: dict[str, bytes | OSError] | None = None,
) -> dict[str, ParsedNote]:
    """Parse the notes at `paths`, each with the digest of its bytes (`_digest`)."""
    if not paths:
        return {}
    already_read = already_read or {}
    if len(paths) - len(already_read) >= cache.PARALLEL_FROM:
        return dict(cache.parse_many(root, paths, rules))
    found: dict[str, ParsedNote] = {}
    for rel in paths:
        data = already_read.get(rel)
        if data is None:
            data = cache.read_bytes(str(root), rel)
        found[rel] = cache.parse_read(rel, data, rules)
    return found
