"""Properties of the parser over arbitrary input: it never raises, its line numbers point into the
file, its cached form round-trips, and a BOM or CRLF line ends change nothing it reads."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from vaultnet.index.cache import read_note_file
from vaultnet.notes.keys import NoteRules
from vaultnet.notes.parse import NoteRecord, ParsedNote, parse_note

# Enough examples to find the shapes that used to break the parser, few enough to keep the suite
# fast (a quarter of them in CI: tests/conftest.py); HYPOTHESIS_PROFILE=thorough when changing
# parse.py.
SETTINGS = settings(
    max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

PATHS = st.sampled_from(
    ["People/Jane Doe.md", "Meetings/Coffee.md", "Groups/Guild.md", "Inbox.md", "Contacts/X.md"]
)

# Pieces real notes are made of, so the generator reaches deep into the parser quickly.
KEYS = st.sampled_from(
    [
        "aliases",
        "tags",
        "circle",
        "cadence",
        "last_contact",
        "snooze_until",
        "birthday",
        "stage",
        "status",
        "type",
        "date",
        "with",
        "introduced_by",
        "knows",
        "groups",
        "email",
        "name",
        '"quoted"',
        "? complex",
        "- item",
    ]
)
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "2026-09-14",
            "2026-02-30",
            '"2026-01-02"',
            "2026-01-02T09:00",
            "--04-02",
            "04-02",
            "30d",
            "never",
            "fortnightly",
            "person",
            "group",
            "[[Jane Doe]]",
            '"[[Jane Doe|Janie]]"',
            '["[[A]]", B]',
            "[a, [b, [c]]]",
            "{a: 1}",
            "&x [1, 2]",
            "*x",
            "*nope",
            "!!set {a, b}",
            "!!binary aGVsbG8=",
            "!!python/object:os.system x",
            "'unterminated",
            "[unclosed",
            "|\n  block\n  text",
            "a: b: c",
            "\t tab",
            "0o17",
            ".nan",
            "~",
            "2026-09-14 10:00:00",
            "2026-09-14 10:00:00+05:00",
            "x\u2028\u2028y: : z",  # line breaks to YAML, not to editors
            "x\x85\x85[",
            "x\ry: z",
        ]
    ),
    st.text(max_size=20),
)
FRONTMATTER_LINE = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", KEYS, VALUES),
    st.sampled_from(["  - nested", "- [[Link]]", "", "# comment", "...", "---", "key"]),
    st.text(max_size=30),
)
BODY_LINE = st.one_of(
    st.sampled_from(
        [
            "- 2026-09-14 coffee: met [[Bob Smith|Bob]] #give",
            "- 2026-13-45 call: impossible",
            "* 2026-1-2: no kind #ask #Intro",
            "- [ ] follow up 📅 2026-11-25",
            "- [ ] dataview [due:: 2026-02-31]",
            "- [x] done ✅ 2026-01-01",
            "- [-] cancelled",
            "## Notes",
            "## Log ##",
            "# C#",
            "- a personal detail",
            "```",
            "~~~",
            "---",
            "[[Jane Doe#Log]] and [[ ]] and [[a|b|c]]",
            "#tag #123 &#39;",
        ]
    ),
    st.text(max_size=40),
)


def notes(newlines: list[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda open_, fm, close, body, nl: nl.join(
            ([open_, *fm, close] if open_ is not None else []) + body
        ),
        st.sampled_from(["---", "---  ", None, "--- x"]),
        st.lists(FRONTMATTER_LINE, max_size=8),
        st.sampled_from(["---", "...", "--- ", ""]),
        st.lists(BODY_LINE, max_size=10),
        st.sampled_from(newlines),
    )


NOTES = notes(["\n", "\r\n"])


def check_invariants(note: ParsedNote, text: str) -> None:
    line_count = len(text.split("\n"))
    for problem in note.problems:
        assert problem.path == note.path
        assert 1 <= problem.line <= line_count, (problem, line_count)
        assert problem.severity in ("error", "warning")
        assert "\n" not in problem.message
    for line in note.key_lines.values():
        assert 1 <= line <= line_count
    for entry in note.log:
        assert 1 <= entry.line <= line_count
    for task in note.tasks:
        assert 1 <= task.line <= line_count
    # compared by repr: a `.nan` value is not equal to itself
    record = NoteRecord.of(marshal.loads(marshal.dumps(note.to_record().plain())))
    assert record is not None
    assert repr(ParsedNote.from_record(note.path, record)) == repr(note)


@SETTINGS
@given(path=PATHS, text=st.text())
def test_any_text_parses(path: str, text: str) -> None:
    check_invariants(parse_note(path, text), text)


@SETTINGS
@given(path=PATHS, text=NOTES)
def test_any_note_shaped_text_parses(path: str, text: str) -> None:
    check_invariants(parse_note(path, text), text)


@SETTINGS
@given(path=PATHS, text=notes(["\n"]))
def test_bom_and_crlf_change_nothing(path: str, text: str) -> None:
    # drop every CR so the CRLF version has CRs only before its LFs
    text = text.replace("\r", "")
    plain = parse_note(path, text)
    windows = parse_note(path, "\ufeff" + text.replace("\n", "\r\n"))
    assert repr(windows) == repr(plain)


@pytest.fixture(scope="module")
def people_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vault") / "People"
    folder.mkdir()
    return folder


@settings(max_examples=examples(100), deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_read_from_disk(people_folder: Path, data: bytes) -> None:
    (people_folder / "X.md").write_bytes(data)
    note = read_note_file(str(people_folder.parent), "People/X.md", NoteRules())
    text = data.decode("utf-8", errors="replace")
    check_invariants(note, text)
    if b"\0" in data:
        assert [p.message for p in note.problems] == ["binary file with a .md name; skipped"]
