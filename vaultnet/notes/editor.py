"""Every write to a user's note: surgical line edits, checked by re-parsing, written atomically,
one vaultnet writer at a time, never outside the vault.

The rule is "never lose a byte the user wrote": an edit touches only the lines it is about; the
BOM, line endings (per line), comments, key order, quoting and the trailing newline (or its
absence) survive; the frontmatter is never re-serialized.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vaultnet.errors import (
    FileChangedOnDisk,
    RefusedEdit,
    VaultBusy,
    VaultnetError,
    WriteFailed,
)
from vaultnet.notes.parse import _CLOSING, _DELIMITER, _LOG, _TASK, _TOP_KEY, _load_yaml, parse_note
from vaultnet.text.dates import parse_date

LOCK_FILE = ".vaultnet/write.lock"
LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for another vaultnet writer before giving up."""

_BOM = "\ufeff"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_COMMENT = re.compile(r"\s+#")
_UNSAFE_CHARS = set('/\\[]#^|:*"<>?')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}


# Writing files --------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes, label: str | None = None) -> None:
    """Replace `path` with `data` so that a crash, a full disk or Ctrl-C at any moment leaves
    either the old file or the new one, never a torn mix: the bytes go to a temp file in the same
    folder (same file system, so the rename is atomic), are fsynced, then renamed over the
    original. The original's permission bits are kept; a read-only note is refused, because a
    rename would otherwise bypass the user's protection. `label` names the file in errors (its
    path in the vault, say); the default is the path itself."""
    path = Path(path)
    label = label or str(path)
    st = _check_replaceable(path, label)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    tmp_name: str | None = None
    try:
        tmp_name = _write_temp(path, data, mode)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_folder(path.parent)
    except OSError as exc:
        kept = "the original is untouched" if st is not None else "nothing written"
        raise WriteFailed(f"could not write {label}: {exc.strerror or exc}; {kept}") from exc
    finally:
        _remove_temp(tmp_name)


def _write_temp(path: Path, data: bytes, mode: int, durable: bool = True) -> str:
    """A new temp file beside `path` holding `data`, with permission bits `mode`: in the same
    folder, so renaming or linking it to `path` is atomic. Fsynced unless `durable` is False (a
    batch syncs once for all its files). Gone again if writing it fails."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            if durable:
                tmp.flush()
                os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
    except BaseException:
        _remove_temp(tmp_name)
        raise
    return tmp_name


def _remove_temp(tmp_name: str | None) -> None:
    if tmp_name is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


def _link_new(tmp_name: str, path: Path) -> None:
    """Give the temp file the name `path` without ever replacing a file there
    (FileExistsError): a hard link fails if the name exists, so there is no window in which
    another writer's new note could be overwritten."""
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise
    except OSError:
        # File systems without hard links: check, then rename (a tiny window remains).
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp_name, path)


def _check_replaceable(path: Path, label: str) -> os.stat_result | None:
    """RefusedEdit unless `atomic_write` may replace `path`: a regular file with write
    permission (or no file yet). Returns its stat, None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteFailed(f"could not read {label}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise RefusedEdit(f"{label} is not a regular file; not writing it")
    if not st.st_mode & stat.S_IWUSR:
        raise RefusedEdit(f"{label} is read-only; not changing it")
    return st


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# The vault lock --------------------------------------------------------------------------------

_held: dict[tuple[Path, int], int] = {}
_held_guard = threading.Lock()


@contextlib.contextmanager
def vault_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """One vaultnet writer at a time per vault (`.vaultnet/write.lock`). Re-entrant within a
    thread, so a command holding the lock can call code that takes it again; another thread
    waits as another process would. Read a note *after* taking the lock, so a writer that
    waited sees the previous writer's result."""
    from filelock import FileLock, Timeout

    real_root = Path(root).resolve()
    key = (real_root, threading.get_ident())
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    lock_path = real_root / LOCK_FILE
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock_path.parent.mkdir(exist_ok=True)
        lock.acquire()
    except Timeout:
        raise VaultBusy(
            f"another vaultnet command is writing to this vault (lock {LOCK_FILE}); try again"
        ) from None
    except OSError as exc:
        # A read-only vault (or a `.vaultnet` that is not a folder) fails here, before any note.
        raise WriteFailed(
            f"cannot write in the vault: {exc.strerror or exc} ({LOCK_FILE})"
        ) from exc
    with _held_guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        lock.release()


# Paths and names -------------------------------------------------------------------------------


def vault_path(root: Path, rel: str | Path) -> Path:
    """The real path of `rel` inside the vault, symlinks followed; RefusedEdit if it leads outside
    (an absolute path, `..`, or a symlink pointing elsewhere)."""
    real_root = Path(root).resolve()
    target = (real_root / rel).resolve()
    if target == real_root or not target.is_relative_to(real_root):
        raise RefusedEdit(f"{rel} is outside the vault; vaultnet only writes inside {real_root}")
    return target


def check_file_name(name: str) -> None:
    """RefusedEdit unless `name` is safe as a note's file name (without `.md`) on every system
    and in Obsidian: no path separators, no `..`, no control characters, none of `[]#^|:*"<>?`."""
    if not name or not name.strip():
        raise RefusedEdit("a name cannot be empty")
    bad = sorted({c for c in name if c in _UNSAFE_CHARS})
    if bad:
        shown = " ".join(bad)
        raise RefusedEdit(
            f"{name!r} cannot be a note's file name: it contains {shown} "
            '(not allowed: / \\ [ ] # ^ | : * " < > ?)'
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it contains control characters")
    if ".." in name:
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it contains '..'")
    if name != name.strip():
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it starts or ends with a space")
    if name.startswith(".") or name.endswith("."):
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it starts or ends with a dot")
    if name.split(".")[0].casefold() in _WINDOWS_RESERVED:
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it is reserved on Windows")
    if len((name + ".md").encode("utf-8")) > 255:
        raise RefusedEdit(f"{name[:40]!r}... is too long for a file name")


def create_note(root: Path, rel: str | Path, text: str) -> Path:
    """Write a new note at `rel` (folders created as needed) and return its path. Never
    overwrites an existing file, writes atomically, only inside the vault, and refuses text whose
    frontmatter does not parse."""
    path = vault_path(root, rel)
    if path.exists() or path.is_symlink():
        raise RefusedEdit(f"{rel} already exists; not overwriting it")
    parsed = parse_note(str(rel), text)
    if not parsed.frontmatter_ok:
        first = parsed.problems[0] if parsed.problems else None
        why = f" ({first.message}, line {first.line})" if first else ""
        raise RefusedEdit(f"the new note {rel} would have invalid frontmatter{why}; not written")
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"could not create {path.parent}: {exc.strerror or exc}") from exc
    vault_path(root, path.parent.relative_to(Path(root).resolve()) / path.name)
    tmp_name: str | None = None
    try:
        tmp_name = _write_temp(path, data, 0o666 & ~_umask())
        try:
            _link_new(tmp_name, path)
        except FileExistsError:
            raise RefusedEdit(f"{rel} already exists; not overwriting it") from None
        _fsync_folder(path.parent)
    except OSError as exc:
        raise WriteFailed(f"could not write {rel}: {exc.strerror or exc}") from exc
    finally:
        _remove_temp(tmp_name)  # after a link, the note keeps the data under its own name
    return path


def create_numbered_note(
    root: Path,
    folder: str,
    stem: str,
    text: str,
    numbered: Callable[[str, int], str] = lambda stem, n: f"{stem} {n}",
) -> str:
    """Create `<folder>/<stem>.md`, or, when that name is taken, the first free of `<stem> 2`,
    `<stem> 3`... (as `numbered` writes them), with the guarantees of `create_note`. Returns its
    path in the vault."""
    with vault_lock(root):
        for n in range(1, 1000):
            name = stem if n == 1 else numbered(stem, n)
            rel = f"{folder}/{name}.md"
            if not (Path(root) / rel).exists():
                check_file_name(name)
                create_note(root, rel, text)
                return rel
    raise RefusedEdit(f"too many notes named {stem!r} in {folder}")


def create_notes(
    root: Path,
    notes: Sequence[tuple[str, str]],
    progress: Callable[[int], None] | None = None,
) -> list[Path | VaultnetError]:
    """Create many new notes at once (an import of thousands of contacts), with the guarantees of
    `create_note` (never overwrites, inside the vault only, frontmatter checked) at the cost of
    two syncs in all instead of two fsyncs per note: every note's bytes go to a temp file, one
    sync makes them durable, only then does each get its name (a hard link, which fails rather
    than overwrite), and a second sync makes the names durable. A crash at any moment leaves each
    note whole or absent. Returns, per note, its path or the error that kept it from being made."""
    results: list[Path | VaultnetError] = []
    staged: list[tuple[int, str, Path, str]] = []  # (result index, rel, path, temp name)
    folders: dict[Path, Path] = {}
    mode = 0o666 & ~_umask()
    try:
        for rel, text in notes:
            try:
                rel_path = Path(rel)
                check_file_name(rel_path.stem)
                parent = rel_path.parent
                if parent not in folders:
                    vault_path(root, rel_path).parent.mkdir(parents=True, exist_ok=True)
                    # resolved again once it exists: a symlinked folder must not lead outside
                    folders[parent] = vault_path(root, rel_path).parent
                path = folders[parent] / rel_path.name
                if path.exists() or path.is_symlink():
                    raise RefusedEdit(f"{rel} already exists; not overwriting it")
                if not _frontmatter_loads(text):
                    raise RefusedEdit(
                        f"the new note {rel} would have invalid frontmatter; not written"
                    )
                tmp_name = _write_temp(path, text.encode("utf-8"), mode, durable=False)
                staged.append((len(results), str(rel), path, tmp_name))
                results.append(path)
            except VaultnetError as exc:
                results.append(exc)
            except OSError as exc:
                results.append(WriteFailed(f"could not write {rel}: {exc.strerror or exc}"))
        _sync_all([tmp for *_, tmp in staged])
        for index, rel, path, tmp_name in staged:
            try:
                _link_new(tmp_name, path)
            except FileExistsError:
                results[index] = RefusedEdit(f"{rel} already exists; not overwriting it")
            except OSError as exc:
                results[index] = WriteFailed(f"could not write {rel}: {exc.strerror or exc}")
            if progress is not None:
                progress(1)
        for folder in folders.values():
            _fsync_folder(folder)
        _sync_all([])
    finally:
        for *_, tmp_name in staged:
            _remove_temp(tmp_name)
    return results


def _frontmatter_loads(text: str) -> bool:
    """What `parse_note(...).frontmatter_ok` says of a new note, at a third of the cost (the
    YAML alone, not the body): a batch of thousands of notes feels the difference."""
    lines = text.removeprefix(_BOM).split("\n")
    if not lines or not _DELIMITER.match(lines[0].removesuffix("\r")):
        return True
    for end in range(1, len(lines)):
        if _CLOSING.match(lines[end].removesuffix("\r")):
            break
    else:
        return False
    try:
        data = _load_yaml("\n".join(line.removesuffix("\r") for line in lines[1:end]))
    except Exception:  # any YAML failure means the note would not read back
        return False
    return data is None or isinstance(data, dict)


def _sync_all(paths: list[str]) -> None:
    """Flush written data to disk: one `sync` where the system has it, else an fsync per file."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for name in paths:
        with contextlib.suppress(OSError), open(name, "rb+") as handle:
            os.fsync(handle.fileno())


# Editing a note --------------------------------------------------------------------------------


@dataclass
class _Section:
    """A heading and the line range its content covers (up to the next heading of the same or
    a higher level, or the end of the note)."""

    heading: int
    start: int
    stop: int


@dataclass
class NoteEditor:
    """One note, read once, edited line by line, saved only if nothing changed it meanwhile.

    Get one with `NoteEditor.open(root, rel)` while holding `vault_lock(root)`. Line indexes are
    0-based (index 0 is line 1 of the file; a parsed `Task.line` is index + 1).
    """

    root: Path
    rel: str
    path: Path
    original: bytes
    bom: bool
    newline: str
    _lines: list[str]
    _ends: list[str]
    _frontmatter: dict[str, Any]
    _set_values: dict[str, Any] = field(default_factory=dict)

    # Opening and saving ------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path, rel: str | Path) -> NoteEditor:
        """Read the note at `rel` (relative to the vault root). Refuses a path outside the vault
        (also through a symlink), a file that is not UTF-8, and a note whose frontmatter does not
        parse: vaultnet never guesses at fixing the user's YAML."""
        rel_text = Path(rel).as_posix()
        path = vault_path(root, rel)
        try:
            original = path.read_bytes()
        except FileNotFoundError:
            raise RefusedEdit(f"{rel_text} does not exist") from None
        except IsADirectoryError:
            raise RefusedEdit(f"{rel_text} is a folder, not a note") from None
        except OSError as exc:
            raise WriteFailed(f"could not read {rel_text}: {exc.strerror or exc}") from exc
        try:
            text = original.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = original[: exc.start].count(b"\n") + 1
            raise RefusedEdit(
                f"{rel_text}:{line}: not UTF-8 text; vaultnet will not edit this note"
            ) from None
        bom = text.startswith(_BOM)
        if bom:
            text = text[1:]
        parsed = parse_note(rel_text, text)
        if not parsed.frontmatter_ok:
            problem = (
                next((p for p in parsed.problems if p.severity == "error"), None)
                or parsed.problems[0]
            )
            raise RefusedEdit(
                f"{rel_text}:{problem.line}: {problem.message}. "
                "Fix the frontmatter first; vaultnet does not edit a note it cannot read"
            )
        lines, ends = _split(text)
        crlf = sum(1 for e in ends if e == "\r\n")
        lf = sum(1 for e in ends if e == "\n")
        return cls(
            root=Path(root),
            rel=rel_text,
            path=path,
            original=original,
            bom=bom,
            newline="\r\n" if crlf > lf else "\n",
            _lines=lines,
            _ends=ends,
            _frontmatter=parsed.frontmatter,
        )

    @property
    def lines(self) -> list[str]:
        """The note's current lines without line endings (a copy: edit through the methods)."""
        return list(self._lines)

    @property
    def text(self) -> str:
        """The note's current text (without the BOM)."""
        return "".join(line + end for line, end in zip(self._lines, self._ends, strict=True))

    def data(self) -> bytes:
        """The bytes `save()` would write."""
        return ((_BOM if self.bom else "") + self.text).encode("utf-8")

    @property
    def changed(self) -> bool:
        return self.data() != self.original

    def check(self) -> None:
        """Everything `save()` checks, without writing: the edited note parses with its
        frontmatter intact, the file on disk is still what `open` read (FileChangedOnDisk), and
        it may be replaced (a regular file with write permission, in a writable folder)."""
        if not self.changed:
            return
        self._verify()
        with vault_lock(self.root):
            self._check_on_disk()

    def save(self) -> bool:
        """Write the edits after the checks of `check()`, atomically. False (and no write) if
        nothing changed."""
        data = self.data()
        if data == self.original:
            return False
        self._verify()
        with vault_lock(self.root):
            self._check_on_disk()
            atomic_write(self.path, data, self.rel)
        self.original = data
        return True

    def _check_on_disk(self) -> None:
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            raise FileChangedOnDisk(
                f"{self.rel} was deleted while vaultnet was editing it; nothing written"
            ) from None
        except OSError as exc:
            raise WriteFailed(f"could not read {self.rel}: {exc.strerror or exc}") from exc
        if current != self.original:
            raise FileChangedOnDisk(
                f"{self.rel} changed on disk since vaultnet read it; nothing written, "
                "run the command again"
            )
        _check_replaceable(self.path, self.rel)
        # The new text goes to a temp file beside the note: its folder must take new files.
        if not os.access(self.path.parent, os.W_OK):
            raise WriteFailed(f"cannot write in the folder of {self.rel}: permission denied")

    def _verify(self) -> None:
        """The edited note must parse, and its frontmatter must hold exactly the old values plus
        the ones set on purpose: proof that no edit damaged a neighbouring key."""
        parsed = parse_note(self.rel, self.text)
        if not parsed.frontmatter_ok:
            problem = parsed.problems[0]
            raise RefusedEdit(
                f"{self.rel}: the edit would break the frontmatter ({problem.message}, line "
                f"{problem.line}); nothing written"
            )
        expected = {**self._frontmatter, **self._set_values}
        if parsed.frontmatter != expected:
            keys = sorted(
                k
                for k in set(expected) | set(parsed.frontmatter)
                if expected.get(k, _MISSING) != parsed.frontmatter.get(k, _MISSING)
            )
            raise RefusedEdit(
                f"{self.rel}: the edit would change {', '.join(keys)} unexpectedly; nothing written"
            )

    # Raw line edits ----------------------------------------------------------------------------
    def replace_lines(self, start: int, stop: int, new: list[str]) -> None:
        """Replace lines[start:stop] with `new`. Replaced lines keep their own endings, added lines
        get the note's usual one, and a missing final newline stays missing."""
        if not 0 <= start <= stop <= len(self._lines):
            raise IndexError(f"lines {start}:{stop} outside a note of {len(self._lines)} lines")
        no_final_newline = bool(self._ends) and self._ends[-1] == ""
        old_ends = self._ends[start:stop]
        self._lines[start:stop] = new
        self._ends[start:stop] = [
            old_ends[i] if i < len(old_ends) else self.newline for i in range(len(new))
        ]
        # Only the last line may lack an ending, and only if the file's last line did.
        for i in range(len(self._ends) - 1):
            if not self._ends[i]:
                self._ends[i] = self.newline
        if no_final_newline and self._ends:
            self._ends[-1] = ""

    def insert_lines(self, index: int, new: list[str]) -> None:
        """Insert `new` before line `index` (index == len(lines) appends)."""
        self.replace_lines(index, index, new)

    # Frontmatter -------------------------------------------------------------------------------
    def _frontmatter_bounds(self) -> tuple[int, int] | None:
        """(first YAML line, closing delimiter line) or None when the note has no frontmatter."""
        if not self._lines or not _DELIMITER.match(self._lines[0]):
            return None
        for i in range(1, len(self._lines)):
            if _CLOSING.match(self._lines[i]):
                return 1, i
        return None

    def _key_span(self, key: str) -> tuple[int, int] | None:
        """Lines [start, stop) holding top-level `key` and its value (the last one if repeated,
        as YAML uses the last)."""
        bounds = self._frontmatter_bounds()
        if bounds is None:
            return None
        first, close = bounds
        found: int | None = None
        for i in range(first, close):
            m = _TOP_KEY.match(self._lines[i])
            if m and m[1].strip("'\"") == key:
                found = i
        if found is None:
            return None
        stop = found + 1
        while stop < close and (
            self._lines[stop][:1] in (" ", "\t", "-") or not self._lines[stop].strip()
        ):
            stop += 1
        while stop > found + 1 and (
            not self._lines[stop - 1].strip() or self._lines[stop - 1].lstrip().startswith("#")
        ):
            stop -= 1
        return found, stop

    def get_key(self, key: str) -> Any:
        """A top-level frontmatter value as the note holds it now (dates as ISO strings), or None."""
        return parse_note(self.rel, self.text).frontmatter.get(key)

    def set_key(self, key: str, yaml_text: str) -> None:
        """Set top-level `key` to `yaml_text` (a YAML value on one line, e.g. `2026-11-22` or
        `"Acme: Robotics"`), replacing only the key's own line(s), or adding it before the
        closing `---` (a frontmatter block is created when the note has none). A comment at the
        end of the old line is kept."""
        if "\n" in yaml_text or "\r" in yaml_text:
            raise RefusedEdit(f"the value for '{key}' must be one line of YAML")
        if not _TOP_KEY.match(f"{key}: x") or ":" in key or key.strip() != key:
            raise RefusedEdit(f"{key!r} is not a frontmatter key vaultnet can set")
        value = _value_of(key, yaml_text)
        span = self._key_span(key)
        if span is not None:
            start, stop = span
            old = self._lines[start]
            head = old[: old.index(":", len(_TOP_KEY.match(old)[1])) + 1]  # type: ignore[index]
            comment = _trailing_comment(old) if stop == start + 1 else ""
            self.replace_lines(start, stop, [f"{head} {yaml_text}{comment}"])
        else:
            bounds = self._frontmatter_bounds()
            if bounds is None:
                if self._lines and _DELIMITER.match(self._lines[0]):
                    raise RefusedEdit(f"{self.rel}: the frontmatter never closes; not editing it")
                self.insert_lines(0, ["---", f"{key}: {yaml_text}", "---"])
            else:
                self.insert_lines(bounds[1], [f"{key}: {yaml_text}"])
        self._set_values[key] = value

    def move_last_contact(self, day: date, today: date | None = None) -> bool:
        """Set `last_contact` to `day` unless it already holds that day or a later one (never
        backward), or the note logs a later contact: the field must never claim an older date
        than the note itself shows. Log lines dated after `today` are plans, not contacts;
        without `today` every dated line counts (the field is then left alone rather than set
        to a stale date). A value that is not a date is left alone for the user to fix. True if
        moved."""
        parsed = parse_note(self.rel, self.text)
        current = parsed.frontmatter.get("last_contact")
        if current not in (None, ""):
            known = parse_date(current)
            if known is None or known >= day:
                return False
        for entry in parsed.log:
            logged = parse_date(entry.date)
            if logged is not None and logged > day and (today is None or logged <= today):
                return False
        quote = ""
        span = self._key_span("last_contact")
        if span is not None:
            raw = self._lines[span[0]].split(":", 1)[1].strip()
            quote = raw[0] if raw[:1] in ("'", '"') else ""
        self.set_key("last_contact", f"{quote}{day.isoformat()}{quote}")
        return True

    # Body --------------------------------------------------------------------------------------
    def _body_start(self) -> int:
        bounds = self._frontmatter_bounds()
        return bounds[1] + 1 if bounds else 0

    def _sections(self) -> list[tuple[int, int, str]]:
        """(line, level, title) of every heading in the body, outside code fences."""
        found = []
        in_fence = False
        for i in range(self._body_start(), len(self._lines)):
            text = self._lines[i]
            if _FENCE.match(text):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            m = _HEADING.match(text)
            if m:
                found.append((i, len(m[1]), m[2]))
        return found

    def _section(self, heading: str) -> _Section | None:
        """The first section titled `heading` (`## Log` or just `Log`; any level, any case)."""
        title = heading.lstrip("#").strip().casefold()
        headings = self._sections()
        for n, (line, level, text) in enumerate(headings):
            if text.casefold() == title:
                stop = len(self._lines)
                for later, later_level, _ in headings[n + 1 :]:
                    if later_level <= level:
                        stop = later
                        break
                return _Section(line, line + 1, stop)
        return None

    def _content_end(self, section: _Section) -> int:
        """The index just after the section's last non-blank line (or after its heading)."""
        end = section.stop
        while end > section.start and not self._lines[end - 1].strip():
            end -= 1
        return end

    def _new_section(self, heading: str, first: str, before: str | None = None) -> None:
        """Create a section: `heading` (a full line like `## Log`) and its first line, before the
        section titled `before` if there is one, else at the end of the note, set apart from
        what precedes and follows by a blank line."""
        target = self._section(before) if before else None
        at = target.heading if target is not None else len(self._lines)
        body_has_text = any(line.strip() for line in self._lines[self._body_start() : at])
        lead = [""] if body_has_text and at and self._lines[at - 1].strip() else []
        tail = [""] if target is not None else []
        self.insert_lines(at, [*lead, heading, first, *tail])

    def append_to_section(self, heading: str, line: str, create: str | None = None) -> bool:
        """Add `line` after the last non-blank line of section `heading`, creating the section
        (`create`, e.g. `## Follow-ups`, default `## <heading>`) at the end when missing. False if
        the section already holds that exact line."""
        section = self._section(heading)
        if section is None:
            self._new_section(create or f"## {heading.lstrip('#').strip()}", line)
            return True
        if any(existing.strip() == line.strip() for existing in self._section_lines(section)):
            return False
        self.insert_lines(self._content_end(section), [line])
        return True

    def _section_lines(self, section: _Section) -> list[str]:
        return self._lines[section.start : section.stop]

    def add_log(self, day: date, kind: str, text: str) -> bool:
        """Add `- YYYY-MM-DD kind: text` under `## Log` (created at the end if missing), in the
        order the section already uses: newest first unless its dated lines run oldest first.
        False when the note already has this exact line."""
        kind = kind.strip()
        if not kind or any(c.isspace() or c in ":[]" for c in kind):
            raise RefusedEdit(f"a log kind is one word without ':' or brackets, not {kind!r}")
        entry = f"- {day.isoformat()} {kind}: {' '.join(text.split())}".rstrip()
        if any(line.strip() == entry for line in self._lines[self._body_start() :]):
            return False
        section = self._section("Log")
        if section is None:
            self._new_section("## Log", entry)
            return True
        dated = []
        for i in range(section.start, section.stop):
            m = _LOG.match(self._lines[i])
            known = parse_date(m[1]) if m else None
            if known is not None:
                dated.append((i, known, _indent(self._lines[i])))
        # A dated sub-bullet belongs to the entry above it: only the outermost lines are entries.
        outermost = min((indent for *_, indent in dated), default=0)
        entries = [(i, d) for i, d, indent in dated if indent == outermost]
        if not entries:
            self.insert_lines(self._content_end(section), [entry])
            return True
        days = [d for _, d in entries]
        oldest_first = days[0] < days[-1]
        if oldest_first:
            after = [i for i, d in entries if d <= day]
            at = self._entry_end(after[-1], section) if after else entries[0][0]
        else:
            before = [i for i, d in entries if d <= day]
            at = before[0] if before else self._entry_end(entries[-1][0], section)
        self.insert_lines(at, [entry])
        return True

    def _entry_end(self, index: int, section: _Section) -> int:
        """The index just after the log entry on line `index` and the lines that belong to it:
        its sub-bullets and other more-indented lines (also after a blank line, as Markdown
        reads them), and unindented text running on without a blank line (a lazy
        continuation). A new entry must never land between an entry and its sub-bullets."""
        indent = _indent(self._lines[index])
        end = index + 1
        i = index + 1
        while i < section.stop:
            line = self._lines[i]
            if not line.strip():
                i += 1
                continue
            blank_before = i > end
            if _indent(line) > indent or (
                not blank_before and not _BLOCK_START.match(line) and not _LOG.match(line)
            ):
                end = i = i + 1
                continue
            break
        return end

    def add_follow_up(self, text: str, day: date) -> bool:
        """Add `- [ ] text 📅 YYYY-MM-DD` under `## Follow-ups` (created before `## Log`, else at
        the end, when missing). False if that exact open task is already there."""
        task = f"- [ ] {' '.join(text.split())} \U0001f4c5 {day.isoformat()}"
        if self._section("Follow-ups") is None:
            self._new_section("## Follow-ups", task, before="Log")
            return True
        return self.append_to_section("Follow-ups", task)

    def check_task(self, index: int, done_on: date) -> bool:
        """Tick the open task on line `index` (0-based): `- [ ] x` -> `- [x] x ✅ YYYY-MM-DD`.
        False if it is already done; RefusedEdit if that line is not a task."""
        if not 0 <= index < len(self._lines):
            raise RefusedEdit(f"{self.rel}:{index + 1}: no such line")
        line = self._lines[index]
        m = _TASK.match(line)
        if not m:
            raise RefusedEdit(f"{self.rel}:{index + 1}: not a task: {line.strip()!r}")
        if m[1] != " ":
            return False
        box = line.index("[", 0, m.start(2))
        body = line[box + 3 :].rstrip()
        self.replace_lines(
            index, index + 1, [f"{line[:box]}[x]{body} \u2705 {done_on.isoformat()}"]
        )
        return True


def save_all(editors: Sequence[NoteEditor]) -> list[bool]:
    """Save several notes as one edit (`log A B`, `intro --log`): every note is checked
    (`NoteEditor.check`) before the first is written, so a note vaultnet would refuse stops the
    command with nothing changed. Only a failure of the write itself (a full disk) can still
    come after some notes were written; its error then names them. Returns `save()`'s answer
    for each note."""
    if not editors:
        return []
    with vault_lock(editors[0].root):
        for editor in editors:
            editor.check()
        saved: list[bool] = []
        for editor in editors:
            try:
                saved.append(editor.save())
            except VaultnetError as exc:
                written = [e.rel for e, done in zip(editors, saved, strict=False) if done]
                if not written:
                    raise
                raise type(exc)(f"{exc}. Already written: {', '.join(written)}") from exc
    return saved


_MISSING = object()
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|>|```|~~~|\||$)")
"""A line that starts its own Markdown block rather than running on from the one above."""


def _indent(line: str) -> int:
    """The width of a line's leading whitespace (a tab counts as four spaces)."""
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


def _split(text: str) -> tuple[list[str], list[str]]:
    """Lines and each line's own ending (`\\r\\n`, `\\n`, or `` for a last line without one).
    Only \\n ends a line, as in parse.py and in editors: a lone \\r is text."""
    parts = text.split("\n")
    lines: list[str] = []
    ends: list[str] = []
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if last and not part:
            break
        if last:
            lines.append(part)
            ends.append("")
        elif part.endswith("\r"):
            lines.append(part[:-1])
            ends.append("\r\n")
        else:
            lines.append(part)
            ends.append("\n")
    return lines, ends


def _value_of(key: str, yaml_text: str) -> Any:
    """The value `key: yaml_text` holds once parsed; RefusedEdit if it is not one clean value."""
    parsed = parse_note("value", f"---\n{key}: {yaml_text}\n---\n")
    if not parsed.frontmatter_ok or list(parsed.frontmatter) != [key]:
        raise RefusedEdit(f"{yaml_text!r} is not a YAML value vaultnet can write for '{key}'")
    return parsed.frontmatter[key]


def _trailing_comment(line: str) -> str:
    """The ` # comment` at the end of a one-line `key: value`, if it is one (a `#` inside quotes
    is not): it is a comment exactly when cutting it off leaves the same value."""
    import yaml

    key_match = _TOP_KEY.match(line)
    if key_match is None:
        return ""
    try:
        whole = yaml.safe_load(line)
    except yaml.YAMLError:
        return ""
    for m in _INLINE_COMMENT.finditer(line, key_match.end()):
        head = line[: m.start()]
        try:
            if yaml.safe_load(head) == whole:
                return line[m.start() :]
        except yaml.YAMLError:
            continue
    return ""
