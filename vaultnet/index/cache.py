"""Finding the notes of a vault and keeping their parsed form in a cache under `.vaultnet/`.

A warm run stats every file and reads only the ones whose size or mtime changed; a cold run
parses in parallel. The cache is disposable: deleted, corrupt or from another version, it is
rebuilt without a word.
"""

from __future__ import annotations

import marshal
import os
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.errors import Problem
from vaultnet.fs.scan import RACY_SECONDS, ScanResult, Signature, scan
from vaultnet.version import __version__

if TYPE_CHECKING:
    from vaultnet.notes.parse import NoteRecord, ParsedNote

# vaultnet.notes.parse is imported where notes are parsed or built, not here: scanning alone (the
# digest's nothing-changed check) must not pay for compiling its patterns.

CACHE_DIR = ".vaultnet"
NOTES_DIR = "notes"  # in CACHE_DIR: the shards of parsed notes
CACHE_VERSION = "4"  # bump when what parse_note produces changes
SHARDS = 32  # a change to one note rewrites one shard: 1/32 of the cache
MAX_NOTE_BYTES = 10 * 1024 * 1024
PARALLEL_FROM = 2000  # below this many notes to parse, starting worker processes costs more
READ_AHEAD = 4  # reading threads per worker process on a cold run
OLD_CACHE_FILES = ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm")  # cache version 1


@dataclass
class IndexStats:
    """What one indexing pass did, for `vaultnet index` and for tests that count reads."""

    files: int = 0
    read: int = 0
    cached: int = 0
    removed: int = 0


def _read_bytes(root: str, rel: str) -> bytes | OSError:
    """A note's bytes (one more than MAX_NOTE_BYTES at most), or why they cannot be read."""
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            return handle.read(MAX_NOTE_BYTES + 1)
    except OSError as exc:
        return exc


def _note_from_bytes(rel: str, data: bytes | OSError, people: str, groups: str) -> ParsedNote:
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
        parsed = parse_note(rel, data.decode("utf-8", errors="replace"), people, groups)
        parsed.problems.insert(0, Problem(rel, line, "not UTF-8 text; read with replacements"))
        parsed.frontmatter_ok = False
        return parsed
    return parse_note(rel, text, people, groups)


def read_note_file(root: str, rel: str, people: str, groups: str) -> ParsedNote:
    """Read and parse one note; a file that cannot be read becomes a note with a problem."""
    return _note_from_bytes(rel, _read_bytes(root, rel), people, groups)


def _parse_batch(args: tuple[str, list[str], str, str]) -> list[tuple[str, NoteRecord]]:
    root, paths, people, groups = args
    return [(rel, read_note_file(root, rel, people, groups).to_record()) for rel in paths]


def _parse_batch_reading_ahead(
    args: tuple[str, list[str], str, str],
) -> list[tuple[str, NoteRecord]]:
    """_parse_batch, with threads reading the next files while this one is parsed: a cold disk
    serves several reads at once much faster than one after the other."""
    from concurrent.futures import ThreadPoolExecutor

    root, paths, people, groups = args
    with ThreadPoolExecutor(READ_AHEAD) as readers:
        contents = readers.map(lambda rel: _read_bytes(root, rel), paths)
        return [
            (rel, _note_from_bytes(rel, data, people, groups).to_record())
            for rel, data in zip(paths, contents, strict=True)
        ]


def _parse_many(
    root: Path, paths: list[str], people: str, groups: str
) -> list[tuple[str, NoteRecord]]:
    """(path, cache record) of each note, parsed in worker processes when there are many
    (parsing YAML is CPU-bound)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _parse_batch((str(root), paths, people, groups))
    from concurrent.futures import ProcessPoolExecutor

    size = max(200, len(paths) // (workers * 8))
    batches = [(str(root), paths[i : i + size], people, groups) for i in range(0, len(paths), size)]
    parsed: list[tuple[str, NoteRecord]] = []
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for records in pool.map(_parse_batch_reading_ahead, batches):
                parsed.extend(records)
    except (OSError, RuntimeError):  # no process support here (a sandbox): parse in this process
        return _parse_batch((str(root), paths, people, groups))
    return parsed


Entry = tuple[Signature, tuple[Any, ...]]  # (file signature, a NoteRecord as a plain tuple)


class Cache:
    """Parsed notes in `.vaultnet/notes/NN.marshal`, in shards by a hash of the path, so a
    change to one note rewrites one small file. marshal is the fastest decoder in the standard
    library. Every failure degrades to "no cache", never to an error."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.folder = root / CACHE_DIR / NOTES_DIR
        from vaultnet.notes.parse import NoteRecord, NoteSummary, Task

        # a new field must not meet old records
        layout = ";".join(",".join(t._fields) for t in (NoteRecord, NoteSummary, Task))
        self._record = NoteRecord
        self.stamp = f"{CACHE_VERSION}\0{__version__}\0{layout}\0{fingerprint}"
        self.shards: list[dict[str, Entry]] = [{} for _ in range(SHARDS)]

    @staticmethod
    def shard_of(rel: str) -> int:
        return zlib.crc32(rel.encode("utf-8", "surrogateescape")) % SHARDS

    def _file(self, number: int) -> Path:
        return self.folder / f"{number:02d}.marshal"

    def load(self) -> None:
        """Read every shard; a missing, unreadable or stale one is just empty."""
        for number in range(SHARDS):
            try:
                stamp, entries = marshal.loads(self._file(number).read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                continue
            if stamp == self.stamp and isinstance(entries, dict):
                self.shards[number] = entries

    def get(self, rel: str, signature: Signature) -> NoteRecord | None:
        """The cached record of a note, if the file is unchanged since it was cached."""
        entry = self.shards[self.shard_of(rel)].get(rel)
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == signature):
            return None  # not cached, changed since, or damaged: a miss
        record = entry[1]
        return self._record.of(record)

    def paths(self) -> Iterable[str]:
        for shard in self.shards:
            yield from shard

    def save(self, changed: list[tuple[str, Signature, NoteRecord]], removed: list[str]) -> None:
        """Store the notes just read and forget the removed ones, rewriting only their shards."""
        if not changed and not removed:
            return
        now_ns = time.time_ns()
        racy_ns = int(RACY_SECONDS * 1e9)
        touched: set[int] = set()
        for rel, (mtime, size, inode), record in changed:
            # A file written in the last moments may change again without its mtime moving
            # (coarse timestamps): store it as stale so the next run reads it again (git does this).
            stored_mtime = 0 if now_ns - mtime < racy_ns else mtime
            number = self.shard_of(rel)
            self.shards[number][rel] = ((stored_mtime, size, inode), record.plain())
            touched.add(number)
        for rel in removed:
            number = self.shard_of(rel)
            self.shards[number].pop(rel, None)
            touched.add(number)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name in OLD_CACHE_FILES:
                (self.folder.parent / name).unlink(missing_ok=True)
            for number in sorted(touched):
                self._write(number)
        except (OSError, ValueError):
            pass  # a read-only vault, a full disk: this run's result is still correct

    def _write(self, number: int) -> None:
        # Another vaultnet may write the same shard: each writes a whole file and renames it,
        # so a reader sees one version or the other, never a mix. The last writer wins; a note it
        # did not know about is a cache miss next time, not an error.
        target = self._file(number)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((self.stamp, self.shards[number])))
        os.replace(temporary, target)


def load_notes(
    root: Path,
    people: str,
    groups: str,
    fingerprint: str,
    skip: Iterable[str] = (),
    use_cache: bool = True,
    scanned: ScanResult | None = None,
) -> tuple[dict[str, ParsedNote], list[Problem], IndexStats]:
    """Every note of the vault, parsed, reading only what changed since the cache was written.
    `scanned` is a scan the caller already made (with the same `skip`)."""
    from vaultnet.notes.parse import ParsedNote

    if scanned is None:
        scanned = scan(root, skip)
    stats = IndexStats(files=len(scanned.files))
    cache = Cache(root, fingerprint)
    if use_cache:
        cache.load()
    notes: dict[str, ParsedNote] = {}
    to_read: list[str] = []
    for rel, signature in scanned.files.items():
        record = cache.get(rel, signature)
        if record is None:
            to_read.append(rel)
        else:
            notes[rel] = ParsedNote.from_record(rel, record)
    # In inode order: on a cold disk that is close to where the files lie, and reading them in
    # that order is several times faster than in name order.
    to_read.sort(key=lambda rel: scanned.files[rel][2])
    parsed = _parse_many(root, to_read, people, groups)
    for rel, record in parsed:
        notes[rel] = ParsedNote.from_record(rel, record)
    removed = [rel for rel in cache.paths() if rel not in scanned.files]
    stats.read = len(to_read)
    stats.cached = len(scanned.files) - len(to_read)
    stats.removed = len(removed)
    if use_cache:
        cache.save([(rel, scanned.files[rel], record) for rel, record in parsed], removed)
    return notes, scanned.problems, stats
