"""Every edit of an existing note: surgical line edits, checked by re-parsing, saved atomically,
one vaultnet writer at a time, never outside the vault.

The rule is "never lose a byte the user wrote": an edit touches only the lines it is about; the
BOM, line endings (per line), comments, key order, quoting and the trailing newline (or its
absence) survive; the frontmatter is never re-serialized.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vaultnet.errors import FileChangedOnDisk, RefusedEdit, VaultnetError, WriteFailed
from vaultnet.fs import written
from vaultnet.fs.atomic import atomic_write, check_replaceable, read_regular
from vaultnet.fs.lock import vault_lock
from vaultnet.fs.paths import vault_path
from vaultnet.notes.contact_dates import latest_contact
from vaultnet.notes.locate import (
    body_start,
    content_end,
    find_section,
    key_lines,
    key_span,
    log_insert_at,
    trailing_comment,
)
from vaultnet.notes.parse import ParsedNote, parse_note
from vaultnet.notes.syntax import (
    BOM,
    CONFLICT_MESSAGE,
    DELIMITER,
    OPEN_MARKS,
    TASK,
    TOP_KEY,
    log_kind,
    split_frontmatter,
    split_lines,
)
from vaultnet.notes.verify import Intent, verify_edit
from vaultnet.text.dates import parse_date
from vaultnet.text.properties import squash


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
    _read: ParsedNote
    # What the edits mean, for `_verify` to find in the note as read back.
    _intent: Intent = field(default_factory=Intent)

    # Opening and saving ------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path, rel: str | Path) -> NoteEditor:
        """Read the note at `rel` (relative to the vault root). Refuses a path outside the vault
        (also through a symlink), a file that is not UTF-8, and a note whose frontmatter does not
        parse: vaultnet never guesses at fixing the user's YAML."""
        rel_text = Path(rel).as_posix()
        path = vault_path(root, rel)
        found = read_regular(path, rel_text)
        if found is None:
            raise RefusedEdit(f"{rel_text} does not exist")
        original = found
        try:
            text = original.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = original[: exc.start].count(b"\n") + 1
            raise RefusedEdit(
                f"{rel_text}:{line}: not UTF-8 text; vaultnet will not edit this note"
            ) from None
        bom = text.startswith(BOM)
        if bom:
            text = text[1:]
        parsed = parse_note(rel_text, text)
        conflict = next((p for p in parsed.problems if p.message == CONFLICT_MESSAGE), None)
        if conflict is not None:
            raise RefusedEdit(
                f"{rel_text}:{conflict.line}: {CONFLICT_MESSAGE}. Resolve it first; vaultnet "
                "does not edit a note in the middle of a merge"
            )
        if not parsed.frontmatter_ok:
            problem = (
                next((p for p in parsed.problems if p.severity == "error"), None)
                or parsed.problems[0]
            )
            raise RefusedEdit(
                f"{rel_text}:{problem.line}: {problem.message}. "
                "Fix the frontmatter first; vaultnet does not edit a note it cannot read"
            )
        lines, ends = split_lines(text)
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
            _read=parsed,
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
        return ((BOM if self.bom else "") + self.text).encode("utf-8")

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
            # Compared again right before the rename, and once more after an atomic exchange:
            # an editor's save landing in between is kept and this write refused.
            atomic_write(self.path, data, self.rel, expected=self.original)
            written.note_written(self.root, self.rel, data)
        self.original = data
        return True

    def _check_on_disk(self) -> None:
        current = read_regular(self.path, self.rel)
        if current is None:
            raise FileChangedOnDisk(
                f"{self.rel} was deleted while vaultnet was editing it; nothing written"
            )
        if current != self.original:
            raise FileChangedOnDisk(
                f"{self.rel} changed on disk since vaultnet read it; nothing written, "
                "run the command again"
            )
        check_replaceable(self.path, self.rel)
        # The new text goes to a temp file beside the note: its folder must take new files.
        if not os.access(self.path.parent, os.W_OK):
            raise WriteFailed(f"cannot write in the folder of {self.rel}: permission denied")

    def _verify(self) -> None:
        read_lines, _ = split_lines(self.original.decode("utf-8").removeprefix(BOM))
        verify_edit(self.rel, self._read, read_lines, self.text, self._intent)

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
    def get_key(self, key: str) -> Any:
        """A top-level frontmatter value as the note holds it now (dates as ISO strings), or None."""
        return parse_note(self.rel, self.text).frontmatter.get(key)

    def _spelling(self, key: str) -> str:
        """The note's own spelling of `key` (`Company:` for `company`, as the parser reads
        properties whatever their spelling), so an edit changes that line instead of adding a
        second key beside it; `key` itself when the note has no such property."""
        if key_lines(self._lines, key):
            return key
        wanted = squash(key)
        bounds = split_frontmatter(self._lines)
        for i in range(*bounds) if bounds else ():
            m = TOP_KEY.match(self._lines[i])
            if m and squash(m[1].strip("'\"")) == wanted:
                return m[1].strip("'\"")
        return key

    def set_key(self, key: str, yaml_text: str) -> None:
        """Set top-level `key` to `yaml_text` (a YAML value on one line, e.g. `2026-11-22` or
        `"Acme: Robotics"`), replacing only the key's own line(s), or adding it before the
        closing `---` (a frontmatter block is created when the note has none). A comment at the
        end of the old line is kept."""
        if "\n" in yaml_text or "\r" in yaml_text:
            raise RefusedEdit(f"the value for '{key}' must be one line of YAML")
        if not TOP_KEY.match(f"{key}: x") or ":" in key or key.strip() != key:
            raise RefusedEdit(f"{key!r} is not a frontmatter key vaultnet can set")
        key = self._spelling(key)
        value = _value_of(key, yaml_text)
        span = key_span(self._lines, key)
        if span is not None:
            start, stop = span
            old = self._lines[start]
            head = old[: old.index(":", len(TOP_KEY.match(old)[1])) + 1]  # type: ignore[index]
            comment = trailing_comment(old) if stop == start + 1 else ""
            self.replace_lines(start, stop, [f"{head} {yaml_text}{comment}"])
        else:
            bounds = split_frontmatter(self._lines)
            if bounds is None:
                if self._lines and DELIMITER.match(self._lines[0]):
                    raise RefusedEdit(f"{self.rel}: the frontmatter never closes; not editing it")
                self.insert_lines(0, ["---", f"{key}: {yaml_text}", "---"])
            else:
                self.insert_lines(bounds[1], [f"{key}: {yaml_text}"])
        self._intent.set_values[key] = value
        self._intent.removed.discard(key)

    def remove_key(self, key: str) -> bool:
        """Remove top-level `key` (its line, or its block of lines). False if the note has no
        such key. A key that appears twice is refused: YAML reads the last, and removing it
        would bring the first back."""
        key = self._spelling(key)
        span = key_span(self._lines, key)
        if span is None:
            return False
        repeated = key_lines(self._lines, key)
        if len(repeated) > 1:
            raise RefusedEdit(f"{self.rel}: '{key}' appears {len(repeated)} times; fix it by hand")
        self.replace_lines(span[0], span[1], [])
        self._intent.set_values.pop(key, None)
        self._intent.removed.add(key)
        return True

    def move_last_contact(self, day: date, today: date | None = None) -> bool:
        """Set `last_contact` to `day` unless it already holds that day or a later one (never
        backward), or the note logs a later contact: the field must never claim an older date
        than the note itself shows. Log lines dated after `today` are plans, not contacts
        (`vaultnet.notes.contact_dates`); without `today` every dated line counts (the field is then left alone rather than set
        to a stale date). A value that is not a date is left alone for the user to fix. True if
        moved."""
        parsed = parse_note(self.rel, self.text)
        current = parsed.frontmatter.get("last_contact")
        if current not in (None, ""):
            known = parse_date(current)
            if known is None or known >= day:
                return False
        logged = latest_contact((parse_date(e.date) for e in parsed.log), today)
        if logged is not None and logged > day:
            return False
        quote = ""
        span = key_span(self._lines, "last_contact")
        if span is not None:
            raw = self._lines[span[0]].split(":", 1)[1].strip()
            quote = raw[0] if raw[:1] in ("'", '"') else ""
        self.set_key("last_contact", f"{quote}{day.isoformat()}{quote}")
        return True

    # Body --------------------------------------------------------------------------------------
    def _new_section(self, heading: str, first: str, before: str | None = None) -> None:
        """Create a section: `heading` (a full line like `## Log`) and its first line, before the
        section titled `before` if there is one, else at the end of the note, set apart from
        what precedes and follows by a blank line."""
        target = find_section(self._lines, before) if before else None
        at = target.heading if target is not None else len(self._lines)
        body_has_text = any(line.strip() for line in self._lines[body_start(self._lines) : at])
        lead = [""] if body_has_text and at and self._lines[at - 1].strip() else []
        tail = [""] if target is not None else []
        self.insert_lines(at, [*lead, heading, first, *tail])

    def append_to_section(self, heading: str, line: str, create: str | None = None) -> bool:
        """Add `line` after the last non-blank line of section `heading`, creating the section
        (`create`, e.g. `## Follow-ups`, default `## <heading>`) at the end when missing. False if
        the section already holds that exact line."""
        section = find_section(self._lines, heading)
        if section is None:
            self._new_section(create or f"## {heading.lstrip('#').strip()}", line)
            return True
        if any(line.strip() == old.strip() for old in self._lines[section.start : section.stop]):
            return False
        self.insert_lines(content_end(self._lines, section), [line])
        return True

    def add_log(self, day: date, kind: str, text: str, quote: str = "") -> bool:
        """Add `- YYYY-MM-DD kind: text` under `## Log` (created at the end if missing), in the
        order the section already uses: newest first unless its dated lines run oldest first.
        A `quote` goes below it as `  > quote`, a quoted sub-line of the entry (the caller makes
        it one line of safe Markdown). False when the note already has this exact line."""
        kind = kind.strip()
        if log_kind(kind) is None:
            raise RefusedEdit(f"a log kind is one word without ':' or brackets, not {kind!r}")
        entry = f"- {day.isoformat()} {kind}: {' '.join(text.split())}".rstrip()
        if any(line.strip() == entry for line in self._lines[body_start(self._lines) :]):
            return False
        self._intent.logs.append((day.isoformat(), kind.lower(), " ".join(text.split())))
        section = find_section(self._lines, "Log")
        if section is None:
            self._new_section("## Log", entry)
            created = find_section(self._lines, "Log")
            at = created.heading + 1 if created is not None else len(self._lines) - 1
        else:
            at = log_insert_at(self._lines, section, day)
            self.insert_lines(at, [entry])
        if quote:
            self.insert_lines(at + 1, [f"  > {' '.join(quote.split())}"])
        return True

    def add_follow_up(self, text: str, day: date) -> bool:
        """Add `- [ ] text 📅 YYYY-MM-DD` under `## Follow-ups` (created before `## Log`, else at
        the end, when missing). False if that exact open task is already there."""
        task = f"- [ ] {' '.join(text.split())} \U0001f4c5 {day.isoformat()}"
        if find_section(self._lines, "Follow-ups") is None:
            self._new_section("## Follow-ups", task, before="Log")
        elif not self.append_to_section("Follow-ups", task):
            return False
        self._intent.tasks.append((" ".join(text.split()), day.isoformat()))
        return True

    def check_task(self, index: int, done_on: date) -> bool:
        """Tick the open task on line `index` (0-based): `- [ ] x` (or `- [/] x`, in progress) ->
        `- [x] x ✅ YYYY-MM-DD`. False if it is not open; RefusedEdit if that line is not a task."""
        if not 0 <= index < len(self._lines):
            raise RefusedEdit(f"{self.rel}:{index + 1}: no such line")
        line = self._lines[index]
        m = TASK.match(line)
        if not m:
            raise RefusedEdit(f"{self.rel}:{index + 1}: not a task: {line.strip()!r}")
        if m[1] not in OPEN_MARKS:
            return False
        box = line.index("[", 0, m.start(2))
        body = line[box + 3 :].rstrip()
        self.replace_lines(
            index, index + 1, [f"{line[:box]}[x]{body} \u2705 {done_on.isoformat()}"]
        )
        self._intent.ticked += 1
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


def _value_of(key: str, yaml_text: str) -> Any:
    """The value `key: yaml_text` holds once parsed; RefusedEdit if it is not one clean value."""
    parsed = parse_note("value", f"---\n{key}: {yaml_text}\n---\n")
    if not parsed.frontmatter_ok or list(parsed.frontmatter) != [key]:
        raise RefusedEdit(f"{yaml_text!r} is not a YAML value vaultnet can write for '{key}'")
    return parsed.frontmatter[key]
