"""Every edit of an existing note: surgical line edits, checked by re-parsing, saved atomically,
one vaultnet writer at a time, never outside the vault.

The rule is "never lose a byte the user wrote": an edit touches only the lines it is about; the
BOM, line endings (per line), comments, key order, quoting and the trailing newline (or its
absence) survive; the frontmatter is never re-serialized.
"""

from __future__ import annotations

import os
import re
from collections import Counter
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
from vaultnet.notes.parse import ParsedNote, parse_note
from vaultnet.notes.syntax import (
    BLOCK_START,
    BOM,
    CLOSING,
    CONFLICT_MESSAGE,
    DELIMITER,
    FENCE,
    HEADING,
    LOG_LINE,
    OPEN_MARKS,
    TASK,
    TOP_KEY,
    heading_title,
    indent,
    log_kind,
    split_frontmatter,
    split_lines,
)
from vaultnet.text.dates import parse_date

_INLINE_COMMENT = re.compile(r"\s+#")


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
    _read: ParsedNote
    _set_values: dict[str, Any] = field(default_factory=dict)
    _removed: set[str] = field(default_factory=set)
    # What the edits mean, for `_verify` to find in the note as read back: log lines
    # (date, kind, text), open follow-ups (text, due) and how many tasks were ticked.
    _new_logs: list[tuple[str, str, str]] = field(default_factory=list)
    _new_tasks: list[tuple[str, str]] = field(default_factory=list)
    _ticked: int = 0

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
            _frontmatter=parsed.frontmatter,
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
        """The edited note must parse, and its frontmatter must hold exactly the old values plus
        the ones set on purpose: proof that no edit damaged a neighbouring key."""
        parsed = parse_note(self.rel, self.text)
        if not parsed.frontmatter_ok:
            problem = parsed.problems[0]
            raise RefusedEdit(
                f"{self.rel}: the edit would break the frontmatter ({problem.message}, line "
                f"{problem.line}); nothing written"
            )
        self._verify_effects(parsed)
        expected = {**self._frontmatter, **self._set_values}
        for key in self._removed:
            expected.pop(key, None)
        if parsed.frontmatter != expected:
            keys = sorted(
                k
                for k in set(expected) | set(parsed.frontmatter)
                if expected.get(k, _MISSING) != parsed.frontmatter.get(k, _MISSING)
            )
            raise RefusedEdit(
                f"{self.rel}: the edit would change {', '.join(keys)} unexpectedly; nothing written"
            )

    def _verify_effects(self, parsed: ParsedNote) -> None:
        """Each log line, follow-up and tick the edits added must read back as one: a line that
        lands where the parser does not see it (inside a code fence left open at the end of the
        note, say) would be reported as done and then never count."""

        def logs(note: ParsedNote) -> Counter[tuple[str, str, str]]:
            return Counter((e.date, e.kind, e.text) for e in note.log)

        def tasks(note: ParsedNote) -> Counter[tuple[str, str]]:
            return Counter((t.text, t.due or "") for t in note.tasks if not t.done)

        before_logs, after_logs = logs(self._read), logs(parsed)
        before_tasks, after_tasks = tasks(self._read), tasks(parsed)
        done_before = sum(1 for t in self._read.tasks if t.done)
        done_after = sum(1 for t in parsed.tasks if t.done)
        missing = (
            any(after_logs[k] < before_logs[k] + n for k, n in Counter(self._new_logs).items())
            or any(
                after_tasks[k] < before_tasks[k] + n for k, n in Counter(self._new_tasks).items()
            )
            or done_after < done_before + self._ticked
        )
        if not missing:
            return
        fence = self._unclosed_fence()
        if fence is not None:
            raise RefusedEdit(
                f"{self.rel}:{fence + 1}: this code fence never closes, so the new line would be "
                "read as code, not as part of the note; nothing written. Close the fence and run "
                "the command again"
            )
        raise RefusedEdit(
            f"{self.rel}: the edit would not read back as what it means to add; nothing written"
        )

    def _unclosed_fence(self) -> int | None:
        """The line index, in the note as read, of a code fence that never closes, if any."""
        text = self.original.decode("utf-8").removeprefix(BOM)
        lines, _ = split_lines(text)
        bounds = split_frontmatter(lines)
        opened: int | None = None
        for i in range(bounds[1] + 1 if bounds else 0, len(lines)):
            if lines[i].lstrip().startswith(("```", "~~~")):
                opened = i if opened is None else None
        return opened

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
        if not self._lines or not DELIMITER.match(self._lines[0]):
            return None
        for i in range(1, len(self._lines)):
            if CLOSING.match(self._lines[i]):
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
            m = TOP_KEY.match(self._lines[i])
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
        if not TOP_KEY.match(f"{key}: x") or ":" in key or key.strip() != key:
            raise RefusedEdit(f"{key!r} is not a frontmatter key vaultnet can set")
        value = _value_of(key, yaml_text)
        span = self._key_span(key)
        if span is not None:
            start, stop = span
            old = self._lines[start]
            head = old[: old.index(":", len(TOP_KEY.match(old)[1])) + 1]  # type: ignore[index]
            comment = _trailing_comment(old) if stop == start + 1 else ""
            self.replace_lines(start, stop, [f"{head} {yaml_text}{comment}"])
        else:
            bounds = self._frontmatter_bounds()
            if bounds is None:
                if self._lines and DELIMITER.match(self._lines[0]):
                    raise RefusedEdit(f"{self.rel}: the frontmatter never closes; not editing it")
                self.insert_lines(0, ["---", f"{key}: {yaml_text}", "---"])
            else:
                self.insert_lines(bounds[1], [f"{key}: {yaml_text}"])
        self._set_values[key] = value
        self._removed.discard(key)

    def remove_key(self, key: str) -> bool:
        """Remove top-level `key` (its line, or its block of lines). False if the note has no
        such key. A key that appears twice is refused: YAML reads the last, and removing it
        would bring the first back."""
        span = self._key_span(key)
        if span is None:
            return False
        bounds = self._frontmatter_bounds()
        assert bounds is not None  # a key span lies inside the frontmatter
        repeated = [
            i
            for i in range(bounds[0], bounds[1])
            if (m := TOP_KEY.match(self._lines[i])) and m[1].strip("'\"") == key
        ]
        if len(repeated) > 1:
            raise RefusedEdit(f"{self.rel}: '{key}' appears {len(repeated)} times; fix it by hand")
        self.replace_lines(span[0], span[1], [])
        self._set_values.pop(key, None)
        self._removed.add(key)
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
            if FENCE.match(text):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            m = HEADING.match(text)
            if m:
                found.append((i, len(m[1]), heading_title(m[2])))
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
        if log_kind(kind) is None:
            raise RefusedEdit(f"a log kind is one word without ':' or brackets, not {kind!r}")
        entry = f"- {day.isoformat()} {kind}: {' '.join(text.split())}".rstrip()
        if any(line.strip() == entry for line in self._lines[self._body_start() :]):
            return False
        self._new_logs.append((day.isoformat(), kind.lower(), " ".join(text.split())))
        section = self._section("Log")
        if section is None:
            self._new_section("## Log", entry)
            return True
        dated = []
        for i in range(section.start, section.stop):
            m = LOG_LINE.match(self._lines[i])
            known = parse_date(m[1]) if m else None
            if known is not None:
                dated.append((i, known, indent(self._lines[i])))
        # A dated sub-bullet belongs to the entry above it: only the outermost lines are entries.
        outermost = min((depth for *_, depth in dated), default=0)
        entries = [(i, d) for i, d, depth in dated if depth == outermost]
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
        own = indent(self._lines[index])
        end = index + 1
        i = index + 1
        while i < section.stop:
            line = self._lines[i]
            if not line.strip():
                i += 1
                continue
            blank_before = i > end
            if indent(line) > own or (
                not blank_before and not BLOCK_START.match(line) and not LOG_LINE.match(line)
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
        elif not self.append_to_section("Follow-ups", task):
            return False
        self._new_tasks.append((" ".join(text.split()), day.isoformat()))
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
        self._ticked += 1
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

    key_match = TOP_KEY.match(line)
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
