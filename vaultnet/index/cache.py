"""Reading and parsing note files for the index: one at a time, or many in worker processes.

A file that cannot be read, is too large, binary or not UTF-8 becomes a note with a problem. Each
parsed note carries the digest of its bytes (`_digest`), so the index can tell a touched file from
a changed one without parsing it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from vaultnet.errors import Problem

if TYPE_CHECKING:
    from vaultnet.notes.keys import NoteRules
    from vaultnet.notes.parse import NoteRecord, ParsedNote

# vaultnet.notes.parse is imported where notes are parsed or built, not here: a refresh that
# finds nothing changed must not pay for compiling its patterns.

MAX_NOTE_BYTES = 10 * 1024 * 1024
PARALLEL_FROM = 2000  # below this many notes to parse, starting worker processes costs more
READ_AHEAD = 4  # reading threads per worker process on a cold run


def digest_of(data: bytes) -> bytes:
    """A file's identity by content (a touched or re-checked-out note is not parsed again)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def read_bytes(root: str, rel: str) -> bytes | OSError:
    """A note's bytes (one more than MAX_NOTE_BYTES at most), or why they cannot be read."""
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            return handle.read(MAX_NOTE_BYTES + 1)
    except OSError as exc:
        return exc


def note_from_bytes(rel: str, data: bytes | OSError, rules: NoteRules) -> ParsedNote:
    from vaultnet.notes.parse import ParsedNote, parse_note

    if isinstance(data, OSError):
        note = ParsedNote(rel)
        note.problems.append(Problem(rel, 1, f"cannot read: {data.strerror or data}"))
        return note
    if len(data) > MAX_NOTE_BYTES:
        note = ParsedNote(rel)
        note.problems.append(
            Problem(rel, 1, f"note is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MB; skipped")
        )
        return note
    if b"\0" in data:
        note = ParsedNote(rel)
        note.problems.append(Problem(rel, 1, "binary file with a .md name; skipped"))
        return note
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        parsed = parse_note(rel, data.decode("utf-8", errors="replace"), rules)
        parsed.problems.insert(0, Problem(rel, line, "not UTF-8 text; read with replacements"))
        parsed.frontmatter_ok = False
        return parsed
    return parse_note(rel, text, rules)


def parse_read(rel: str, data: bytes | OSError, rules: NoteRules) -> ParsedNote:
    """The note these bytes (read from `rel`) make, with their digest. Every parse of a file
    goes through here, so tests count parses by replacing it."""
    note = note_from_bytes(rel, data, rules)
    note.__dict__["_digest"] = b"" if isinstance(data, OSError) else digest_of(data)
    return note


def read_note_file(root: str, rel: str, rules: NoteRules) -> ParsedNote:
    """Read and parse one note; a file that cannot be read becomes a note with a problem."""
    return parse_read(rel, read_bytes(root, rel), rules)


Parsed = tuple[str, bytes, "NoteRecord"]  # (path, digest of the bytes, the note's record)


def _parsed(rel: str, data: bytes | OSError, rules: NoteRules) -> Parsed:
    note = parse_read(rel, data, rules)
    return rel, note.__dict__["_digest"], note.to_record()


def _parse_batch(args: tuple[str, list[str], NoteRules]) -> list[Parsed]:
    root, paths, rules = args
    return [_parsed(rel, read_bytes(root, rel), rules) for rel in paths]


def _parse_batch_reading_ahead(args: tuple[str, list[str], NoteRules]) -> list[Parsed]:
    """_parse_batch, with threads reading the next files while this one is parsed: a cold disk
    serves several reads at once much faster than one after the other."""
    from concurrent.futures import ThreadPoolExecutor

    root, paths, rules = args
    with ThreadPoolExecutor(READ_AHEAD) as readers:
        contents = readers.map(lambda rel: read_bytes(root, rel), paths)
        return [_parsed(rel, data, rules) for rel, data in zip(paths, contents, strict=True)]


def parse_many(root: Path, paths: list[str], rules: NoteRules) -> dict[str, ParsedNote]:
    """Each note parsed, in worker processes when there are many (parsing YAML is CPU-bound),
    read in inode order by the caller's sorting: on a cold disk that is close to where the files
    lie, several times faster than name order."""
    from vaultnet.notes.parse import ParsedNote

    found: dict[str, ParsedNote] = {}
    for rel, digest, record in _parse_records(root, paths, rules):
        note = ParsedNote.from_record(rel, record)
        note.__dict__["_digest"] = digest
        found[rel] = note
    return found


def _parse_records(root: Path, paths: list[str], rules: NoteRules) -> list[Parsed]:
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _parse_batch((str(root), paths, rules))
    from concurrent.futures import ProcessPoolExecutor

    size = max(200, len(paths) // (workers * 8))
    batches = [(str(root), paths[i : i + size], rules) for i in range(0, len(paths), size)]
    parsed: list[Parsed] = []
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for records in pool.map(_parse_batch_reading_ahead, batches):
                parsed.extend(records)
    except (OSError, RuntimeError):  # no process support here (a sandbox): parse in this process
        return _parse_batch((str(root), paths, rules))
    return parsed
