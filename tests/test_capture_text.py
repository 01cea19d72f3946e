"""`import linkedin --with-text`: a message's text under its log line as a quoted sub-line,
one line, cut at QUOTE_MAX characters, made safe so that it cannot become a task, a heading, a
log line, a tag, a link, a Dataview field or HTML; and never without the flag."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.capture_rig import snapshot
from vaultnet.formats.capture import QUOTE_MAX, quote_line
from vaultnet.notes.editor import NoteEditor
from vaultnet.notes.parse import parse_note
from vaultnet.notes.syntax import HASHTAG

Run = Callable[..., Result]

NOTE = (
    "---\nemail: jane@acme.example\n---\n# Jane Doe\n\n## Follow-ups\n- [ ] ask about X\n\n## Log\n"
)
ENTRY = "- 2026-11-09 message: on LinkedIn\n"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Coffee next week?", "Coffee next week?"),
        ("- [ ] buy milk 📅 2026-12-01", "\\- [ ] buy milk 📅 2026-12-01"),
        ("## Heading", "\\## Heading"),
        ("> [!warning] callout", "\\> [!warning] callout"),
        ("1. first", "1\\. first"),
        ("2026-11-02 call: fake contact", "2026-11-02 call: fake contact"),
        ("<!-- hides the rest", "\\<!-- hides the rest"),
        ("%% comment $x$ \\", "\\%\\% comment \\$x\\$ \\\\"),
        ("due:: 2026-12-01 and #give [[Bob]]", "due: : 2026-12-01 and ＃give [ [Bob] ]"),
        ("line one\n---\nstage: want", "line one --- stage: want"),
        ("word " * 100, ("word " * 55).strip() + "…"),
    ],
)
def test_quote_line(text: str, quoted: str) -> None:
    assert quote_line(text) == quoted


@given(st.text(max_size=400))
def test_a_quote_reads_as_nothing_but_a_quote(text: str) -> None:
    quoted = quote_line(text)
    assert "\n" not in quoted and "\r" not in quoted
    assert len(quoted) <= QUOTE_MAX + 40  # the cut, plus escapes
    assert not re.match(r"[-+*>#|=~`!\[]|\d+[.)]", quoted)
    assert "[[" not in quoted and "::" not in quoted and not HASHTAG.search(quoted)
    assert not re.search(r"(?<!\\)(?:\\\\)*[<$%]", quoted)  # every < $ % escaped
    without = parse_note("People/Jane Doe.md", NOTE + ENTRY)
    with_quote = parse_note("People/Jane Doe.md", f"{NOTE}{ENTRY}  > {quoted}\n")
    for part in ("frontmatter", "log", "tasks", "details", "links", "problems"):
        assert getattr(with_quote, part) == getattr(without, part), part


def test_the_editor_writes_the_quote_below_its_line(tmp_path: Path) -> None:
    (tmp_path / "People").mkdir()
    note = tmp_path / "People" / "Jane Doe.md"
    note.write_text("# Jane Doe\n")
    editor = NoteEditor.open(tmp_path, "People/Jane Doe.md")
    assert editor.add_log(date(2026, 11, 9), "message", "on LinkedIn", "Coffee?")
    assert editor.add_log(date(2026, 11, 10), "message", "on LinkedIn", "Tuesday!")
    assert editor.add_log(date(2026, 11, 1), "email", "Hi")
    editor.save()
    assert note.read_text() == (
        "# Jane Doe\n\n## Log\n"
        "- 2026-11-10 message: on LinkedIn\n  > Tuesday!\n"
        "- 2026-11-09 message: on LinkedIn\n  > Coffee?\n"
        "- 2026-11-01 email: Hi\n"
    )


def test_with_text_quotes_the_first_message_of_the_day(me: Path, run: Run) -> None:
    tasks = parse_note("People/Jane Doe.md", (me / "People" / "Jane Doe.md").read_text()).tasks
    result = run("import", "linkedin", "messages.csv", "--with-text", "-q")
    assert "added 4 lines to 4 notes" in result.output
    jane = (me / "People" / "Jane Doe.md").read_text()
    # two messages that day, one line: the text of the first in the file (LinkedIn lists the
    # newest first)
    assert "- 2026-11-09 message: on LinkedIn\n  > SECRET-LI-TEXT-1: coffee next week?\n" in jane
    assert "SECRET-LI-TEXT-2" not in jane
    kat = (me / "People" / "Katherine Lindqvist.md").read_text()
    assert (
        "- 2026-11-08 message: on LinkedIn (Informational interview)\n"
        '  > SECRET-LI-TEXT-3 with a second line, "quoted"\n'
    ) in kat
    assert parse_note("People/Jane Doe.md", jane).tasks == tasks
    after = snapshot(me)
    again = run("import", "linkedin", "messages.csv", "--with-text", "-q")
    assert "added 0 lines to 0 notes" in again.output
    assert snapshot(me) == after


def test_with_text_dry_run_shows_the_quotes(me: Path, run: Run) -> None:
    before = snapshot(me)
    result = run("import", "linkedin", "messages.csv", "--with-text", "-n")
    lines = result.output.splitlines()
    at = lines.index("would add to People/Jane Doe.md: - 2026-11-09 message: on LinkedIn")
    assert lines[at + 1] == "  > SECRET-LI-TEXT-1: coffee next week?"
    assert snapshot(me) == before
