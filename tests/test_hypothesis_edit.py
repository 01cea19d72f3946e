"""Round-trip properties: for any note, `log` changes exactly the lines it is about, nothing else.

Notes are generated as parts (frontmatter lines, body, Log section) so the expected result can be
composed independently of the editor: BOM or not, CRLF or LF, a final newline or not, comments,
quoted, flow and block values, with or without a Log section in either order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from vaultnet.notes.editor import NoteEditor
from vaultnet.notes.parse import parse_note

REL = "People/Someone.md"
BASE = date(2026, 1, 1)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORD = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(LETTERS),
    st.text(alphabet=LETTERS + "0123456789", max_size=7),
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12
).map(lambda s: s.replace("\x85", ""))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vault for all examples (each overwrites the note): folders per example are slow."""
    folder = tmp_path_factory.mktemp("vault")
    (folder / "People").mkdir()
    return folder


def edited(root: Path, original: bytes, edit: Callable[[NoteEditor], object]) -> bytes:
    """The note's bytes after `edit` and `save()`. fsync only makes a write durable, which these
    properties are not about; skipping it keeps hundreds of examples fast."""
    path = root / REL
    path.write_bytes(original)
    with mock.patch("os.fsync"):
        editor = NoteEditor.open(root, REL)
        edit(editor)
        editor.save()
    return path.read_bytes()


days = st.integers(min_value=0, max_value=400).map(lambda n: BASE + timedelta(days=n))


@st.composite
def yaml_entry(draw: st.DrawFn, key: str) -> list[str]:
    """One top-level key with a value written in one of the ways people (and Obsidian) write it."""
    comment = draw(st.sampled_from(["", "  # note", " #x"]))
    kind = draw(st.sampled_from(["plain", "double", "single", "int", "flow", "block", "date"]))
    if kind == "plain":
        return [f"{key}: {draw(WORD)}{draw(st.sampled_from(['', ' and more']))}{comment}"]
    if kind == "double":
        return [f"{key}: {json.dumps(draw(TEXT))}{comment}"]
    if kind == "single":
        return [f"{key}: '{draw(TEXT).replace(chr(39), chr(39) * 2)}'{comment}"]
    if kind == "int":
        return [f"{key}: {draw(st.integers(-999, 99999))}{comment}"]
    if kind == "flow":
        return [f"{key}: [{', '.join(draw(st.lists(WORD, max_size=3)))}]{comment}"]
    if kind == "block":
        items = draw(st.lists(WORD, min_size=1, max_size=3))
        indent = draw(st.sampled_from(["  ", "", "    "]))
        return [f"{key}:{comment}", *(f"{indent}- {i}" for i in items)]
    return [f"{key}: {draw(days).isoformat()}{comment}"]


@dataclass
class Note:
    """A generated note, in parts."""

    bom: bool
    newline: str
    trailing: bool
    frontmatter: list[str] | None  # the YAML lines between the delimiters
    last_contact: tuple[date, str, str] | None  # (date, quote, comment) of its line
    last_contact_at: int  # where that line sits among the frontmatter lines
    before_log: list[str]
    log: list[date] | None  # None: no Log section
    newest_first: bool
    children: list[list[str]]  # the lines under each log entry, in the section's order
    after_log: list[str]

    def log_blocks(self) -> list[list[str]]:
        """Each log entry with the lines that belong to it (sub-bullets and the like)."""
        assert self.log is not None
        ordered = sorted(self.log, reverse=self.newest_first)
        return [
            [f"- {d.isoformat()} call: entry {n}", *self.children[n]] for n, d in enumerate(ordered)
        ]

    def log_lines(self) -> list[str]:
        return [line for block in self.log_blocks() for line in block]

    def fm_lines(self, last_contact: date | None = None) -> list[str] | None:
        if self.frontmatter is None:
            return None
        lines = list(self.frontmatter)
        if self.last_contact is not None:
            day, quote, comment = self.last_contact
            shown = last_contact or day
            lines.insert(
                self.last_contact_at, f"last_contact: {quote}{shown.isoformat()}{quote}{comment}"
            )
        return lines

    def lines(self) -> list[str]:
        out: list[str] = []
        fm = self.fm_lines()
        if fm is not None:
            out += ["---", *fm, "---"]
        out += self.before_log
        if self.log is not None:
            out += ["## Log", *self.log_lines(), *self.after_log]
        return out

    def text(self, lines: list[str]) -> bytes:
        body = self.newline.join(lines) + (self.newline if self.trailing else "")
        return (("\ufeff" if self.bom else "") + body).encode("utf-8")


BODY_LINE = st.one_of(
    st.sampled_from(
        ["", "# Someone", "## Notes", "- a detail", "- [ ] a task 📅 2026-03-01", "text"]
    ),
    WORD.map(lambda w: f"Some {w} words"),
    TEXT.map(lambda t: f"x {t}"),
)


# What may follow a log entry and belongs to it: sub-bullets (dated ones too, which are not
# entries of their own), deeper levels, a sub-bullet after a blank line, a lazy continuation.
CHILD = st.sampled_from(
    [
        ["  - she mentioned the reorg"],
        ["    - a deeper detail"],
        ["\t- a tab-indented detail"],
        ["  - 2026-02-03 call: a dated sub-bullet"],
        ["", "  - after a blank line"],
        ["  more text of the entry"],
        ["runs on without a blank line"],
    ]
)


@st.composite
def notes(draw: st.DrawFn, frontmatter: bool | None = None) -> Note:
    keys = draw(
        st.lists(
            # a k prefix: `yes:` or `null:` would be keys YAML turns into True or None
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", max_size=8).map(
                lambda k: "k" + k
            ),
            unique=True,
            min_size=1 if frontmatter else 0,
            max_size=5,
        )
    )
    has_fm = draw(st.booleans()) if frontmatter is None else frontmatter
    fm: list[str] | None = None
    last_contact = None
    at = 0
    if has_fm:
        fm = []
        for key in keys:
            if draw(st.booleans()):
                fm.append(f"# {draw(WORD)} comment")
            fm += draw(yaml_entry(key))
        if draw(st.booleans()):
            last_contact = (
                draw(days),
                draw(st.sampled_from(["", '"', "'"])),
                draw(st.sampled_from(["", "  # set by hand"])),
            )
            # only between whole entries: never inside a block list
            starts = [i for i, line in enumerate(fm) if not line.startswith((" ", "-"))]
            at = draw(st.sampled_from([*starts, len(fm)]))
    has_log = draw(st.booleans())
    log = draw(st.lists(days, max_size=5)) if has_log else None
    children = [
        [line for child in draw(st.lists(CHILD, max_size=2)) for line in child] for _ in log or []
    ]
    note = Note(
        bom=draw(st.booleans()),
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        trailing=draw(st.booleans()),
        frontmatter=fm,
        last_contact=last_contact,
        last_contact_at=at,
        before_log=draw(st.lists(BODY_LINE, max_size=6)),
        log=log,
        newest_first=draw(st.booleans()),
        children=children,
        after_log=draw(st.sampled_from([[], [""], ["", "## Later", "more text"]]))
        if has_log
        else [],
    )
    lines = note.lines()
    assume(lines)
    assume(note.trailing or lines[-1] != "")  # "a\n" + "" without a newline is just "a\n"
    return note


def logged_contacts(note: Note, today: date) -> list[date]:
    """The dates of the note's log lines (sub-bullets too) up to `today`."""
    found = (re.match(r"\s*- (\d{4}-\d\d-\d\d) ", line) for line in note.log_lines())
    return [d for m in found if m and (d := date.fromisoformat(m[1])) <= today]


def expected_after(note: Note, day: date, entry: str, today: date) -> list[str]:
    """The note's lines after `log` of `entry` on `day`, composed from its parts."""
    old = note.last_contact[0] if note.last_contact else None
    logged = logged_contacts(note, today) if note.log is not None else []
    moved = (old is None or day > old) and all(d <= day for d in logged)
    fm = note.fm_lines(day if moved and old is not None else None)
    out: list[str] = []
    if fm is None:
        if moved:
            out += ["---", f"last_contact: {day.isoformat()}", "---"]
    else:
        if note.last_contact is None and moved:
            fm = [*fm, f"last_contact: {day.isoformat()}"]
        out += ["---", *fm, "---"]
    out += note.before_log
    if note.log is None:
        body = out[len(out) - len(note.before_log) :]
        lead = [""] if any(line.strip() for line in body) and out and out[-1].strip() else []
        return [*out, *lead, "## Log", entry]
    blocks = note.log_blocks()
    dates = sorted(note.log, reverse=note.newest_first)
    if not dates:
        at = 0
    elif dates[0] < dates[-1]:  # oldest first
        after = [i for i, d in enumerate(dates) if d <= day]
        at = after[-1] + 1 if after else 0
    else:
        before = [i for i, d in enumerate(dates) if d <= day]
        at = before[0] if before else len(dates)
    logged = [[line for block in blocks[:at] for line in block], [entry]]
    logged.append([line for block in blocks[at:] for line in block])
    return [*out, "## Log", *(line for part in logged for line in part), *note.after_log]


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=notes(), day=days, today=days)
def test_log_changes_exactly_the_expected_lines(
    root: Path, note: Note, day: date, today: date
) -> None:
    # A Log section with no entries but trailing text: entries go after that text; keep the
    # oracle simple by giving such sections no trailing text.
    assume(not (note.log == [] and note.after_log == ["", "## Later", "more text"]))
    original = note.text(note.lines())
    assume(parse_note(REL, original.decode("utf-8")).frontmatter_ok)
    entry = f"- {day.isoformat()} coffee: new entry"

    def log(editor: NoteEditor) -> None:
        assert editor.add_log(day, "coffee", "new entry")
        editor.move_last_contact(day, today)

    after = edited(root, original, log)

    if b"\n" not in original:
        note.newline = "\n"  # a one-line note has no line ending to follow: vaultnet uses \n
    assert after == note.text(expected_after(note, day, entry, today))
    parsed = parse_note(REL, after.decode("utf-8"))
    assert parsed.frontmatter_ok
    before_fm = parse_note(REL, original.decode("utf-8")).frontmatter
    # last_contact moves to `day` only when nothing in the note shows a later contact
    logged = logged_contacts(note, today) if note.log is not None else []
    shown = [note.last_contact[0]] if note.last_contact else []
    if all(d <= day for d in [*shown, *logged]):
        assert parsed.frontmatter == {**before_fm, "last_contact": day.isoformat()}
    else:
        assert parsed.frontmatter == before_fm
    assert any(e.date == day.isoformat() and e.text == "new entry" for e in parsed.log)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=notes(frontmatter=True), data=st.data())
def test_set_key_changes_only_that_key(root: Path, note: Note, data: st.DataObject) -> None:
    original = note.text(note.lines())
    before = parse_note(REL, original.decode("utf-8"))
    assume(before.frontmatter_ok and before.frontmatter)
    key = data.draw(st.sampled_from(sorted(before.frontmatter)))
    value = data.draw(WORD)
    after = edited(root, original, lambda editor: editor.set_key(key, value))
    parsed = parse_note(REL, after.decode("utf-8"))
    assert parsed.frontmatter == {**before.frontmatter, key: parsed.frontmatter[key]}
    assert str(parsed.frontmatter[key]) == value or parsed.frontmatter[key] in (True, False, None)
    # Every line outside the key's own lines is byte-for-byte the same.
    old_lines = original.split(b"\n")
    new_lines = after.split(b"\n")
    start = before.key_lines[key] - 1
    removed = len(old_lines) - len(new_lines) + 1
    assert new_lines[:start] == old_lines[:start]
    assert new_lines[start + 1 :] == old_lines[start + removed :]
