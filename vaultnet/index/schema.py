"""The index's tables, and opening the store: a private file under `.vaultnet/`, in WAL mode,
made again from nothing when it was made by another version or with other folder settings."""

from __future__ import annotations

import os
import sqlite3
import zlib
from pathlib import Path

CACHE_DIR = ".vaultnet"
INDEX_FILE = "index.sqlite"  # in CACHE_DIR, with its -wal and -shm companions
SCHEMA_VERSION = "7"  # bump when a table changes; "1" was the index of vaultnet 0.1
OLD_CACHE = ("notes", "digest-stamp.json")  # in CACHE_DIR: the marshal shards, the digest stamp
BUSY_MS = 10_000  # how long to wait for another vaultnet writing the index

# Rows per note (files, notes, names, refs, people, meetings, problems, note_keys, links,
# emails: each note's own, keyed by its path) and rows derived from several notes (attached,
# the meeting rows of contacts, people's gives and asks: see vaultnet.index.derived).
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
    path TEXT NOT NULL, line INTEGER NOT NULL,
    role TEXT NOT NULL,  -- with, log, knows, introduced_by, groups, or company (a person's)
    key TEXT NOT NULL
);
CREATE INDEX refs_by_key ON refs (key, role);
CREATE INDEX refs_by_path ON refs (path);
CREATE TABLE people (
    path TEXT PRIMARY KEY, stem_key TEXT NOT NULL,
    own_gives INTEGER NOT NULL, own_asks INTEGER NOT NULL,  -- of their own log lines
    aliases_line INTEGER NOT NULL,
    gives INTEGER NOT NULL DEFAULT 0, asks INTEGER NOT NULL DEFAULT 0  -- derived
) WITHOUT ROWID;
CREATE INDEX people_by_name ON people (stem_key, path);
CREATE TABLE meetings (
    path TEXT PRIMARY KEY, day TEXT, type TEXT NOT NULL,
    give INTEGER NOT NULL, ask INTEGER NOT NULL, line INTEGER NOT NULL,
    facts BLOB NOT NULL  -- with names, tags, groups, tasks: see vaultnet.index.rows
) WITHOUT ROWID;
CREATE TABLE attached (
    meeting TEXT NOT NULL, person TEXT NOT NULL, PRIMARY KEY (meeting, person)
) WITHOUT ROWID;
CREATE INDEX attached_by_person ON attached (person);
CREATE TABLE contacts (  -- every dated record of a person, plans included
    person TEXT NOT NULL, day TEXT NOT NULL, line INTEGER NOT NULL,
    type TEXT NOT NULL,   -- 'log' or 'field' in their own note, else the meeting's type
    source TEXT NOT NULL  -- the note it is in: theirs, or a meeting's
);
CREATE INDEX contacts_by_person ON contacts (person, day);
CREATE INDEX contacts_by_source ON contacts (source);
CREATE TABLE problems (
    path TEXT NOT NULL, line INTEGER NOT NULL, message TEXT NOT NULL, severity TEXT NOT NULL
);
CREATE INDEX problems_by_path ON problems (path);
CREATE TABLE note_keys (key TEXT NOT NULL, path TEXT NOT NULL);
CREATE INDEX note_keys_by_key ON note_keys (key);
CREATE INDEX note_keys_by_path ON note_keys (path);
CREATE TABLE links (
    path TEXT NOT NULL, line INTEGER NOT NULL, target TEXT NOT NULL, field TEXT NOT NULL,
    key TEXT NOT NULL
);
CREATE INDEX links_by_path ON links (path);
CREATE TABLE emails (address TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL);
CREATE INDEX emails_by_address ON emails (address);
CREATE INDEX emails_by_path ON emails (path);
"""
SCHEMA_ID = f"{SCHEMA_VERSION} {zlib.crc32(SCHEMA.encode()):08x}"
"""What a store records as its schema: the version and a checksum of the tables as written
above, so that tables changed without a bump of SCHEMA_VERSION (two branches each adding
rows or a column on top of the same bump) still make the store again."""
TABLES = (
    "files",
    "notes",
    "names",
    "refs",
    "people",
    "meetings",
    "problems",
    "note_keys",
    "links",
    "emails",
)
"""The tables whose rows belong to one note, by its `path`."""
DERIVED = ("attached", "contacts")


def connect(path: Path) -> sqlite3.Connection:
    """The store at `path`, private like the rest of .vaultnet/ (SQLite gives -wal and -shm
    the same mode), never opened through a link (ELOOP: the caller removes it and starts again)."""
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(INDEX_FILE + suffix)
        if companion.is_symlink():
            companion.unlink()
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    # Derived data: a power cut may lose the last changes, never corrupt the file.
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def stored_identity(db: sqlite3.Connection) -> dict[str, str] | None:
    """The meta rows of a store with every table, None for a store that is not (all) ours."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"meta", *TABLES, *DERIVED} <= tables:
        return None
    return dict(db.execute("SELECT key, value FROM meta"))


def create(db: sqlite3.Connection, identity: dict[str, str], token: str) -> None:
    """Drop every table and make the schema again (in the caller's transaction)."""
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        db.execute(f'DROP TABLE "{name}"')
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.executemany("INSERT INTO meta VALUES (?, ?)", [*identity.items(), ("token", token)])


def remove_store(folder: Path) -> bool:
    """Delete a store that cannot be read (corrupt, or not a database). False if even that fails."""
    try:
        for suffix in ("", "-wal", "-shm"):
            (folder / (INDEX_FILE + suffix)).unlink(missing_ok=True)
    except OSError:
        return False
    return True


def remove_old_cache(folder: Path) -> None:
    """Remove what vaultnet 0.1 kept in `folder` (OLD_CACHE)."""
    for name in OLD_CACHE:
        old = folder / name
        try:
            if old.is_dir():
                import shutil  # imported here: costly to import, needed once

                shutil.rmtree(old)
            else:
                old.unlink(missing_ok=True)
        except OSError:
            pass
