"""Parsing one note (pure, no disk): what kind of note it is, frontmatter, log lines, tasks, links,
dates, and the problems found on the way, each on the line of the file where it is."""

from __future__ import annotations

import marshal
from datetime import date

import pytest

from vaultnet.notes.keys import NoteRules
from vaultnet.notes.parse import (
    GROUP,
    INTERACTION,
    OTHER,
    PERSON,
    LogEntry,
    NoteRecord,
    ParsedNote,
    Task,
    first_wikilink,
    parse_note,
)
from vaultnet.text.dates import (
    NEVER,
    format_days,
    next_birthday,
    parse_birthday,
    parse_date,
    parse_duration,
    parse_when,
)
from vaultnet.text.links import (
    as_list,
    fold,
    is_unquoted_link,
    link_target,
    links_in,
    names_in_value,
)


def problems(note: ParsedNote) -> list[str]:
    return [f"{p}" + (" [warning]" if p.severity == "warning" else "") for p in note.problems]


# What a note is --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "kind"),
    [
        ("People/Jane Doe.md", "", PERSON),
        ("People/Old Friends/Ann Lee.md", "", PERSON),  # any depth under People/
        ("Contacts/Ann Lee.md", "---\ntype: person\n---\n", PERSON),
        ("Ann Lee.md", "---\ntype: Person\n---\n", PERSON),
        # a note in People/ that looks like an interaction is still a person
        ("People/Ann Lee.md", "---\ndate: 2026-01-02\nwith: Bob\n---\n", PERSON),
        ("Meetings/Coffee.md", "---\ndate: 2026-01-02\nwith: Bob\n---\n", INTERACTION),
        ("Coffee.md", "---\ndate: 2026-01-02\nwith: [Bob]\ntype: coffee\n---\n", INTERACTION),
        ("Meetings/No with.md", "---\ndate: 2026-01-02\n---\n", OTHER),
        ("Meetings/No date.md", "---\nwith: Bob\n---\n", OTHER),
        ("Groups/Denver Tech Meetup.md", "", GROUP),
        ("Events/Meetup.md", "---\ntype: group\n---\n", GROUP),
        ("Peoplewatching.md", "", OTHER),  # People/ is a folder, not a prefix of the name
        ("Inbox.md", "# Hello\n", OTHER),
    ],
)
def test_kind_of_note(path: str, text: str, kind: str) -> None:
    assert parse_note(path, text).kind == kind


def test_kind_follows_configured_folders() -> None:
    assert parse_note("Contacts/Ann.md", "", NoteRules(people="Contacts")).kind == PERSON
    assert parse_note("People/Ann.md", "", NoteRules(people="Contacts")).kind == OTHER
    assert parse_note("Hubs/Guild.md", "", NoteRules(groups="Hubs")).kind == GROUP


def test_stem_is_the_file_name_without_md() -> None:
    assert parse_note("People/Sub/Zoë Müller.md", "").stem == "Zoë Müller"
    assert parse_note("People/Ann.MD", "").stem == "Ann"


# Frontmatter -----------------------------------------------------------------------------------

JANE = """\
---
aliases: [Janie]
tags: [mentor]
circle: core
last_contact: 2026-09-14
snooze_until: "2026-12-01"
birthday: 1984-04-02
introduced_by: "[[Bob Smith]]"
extra: {nested: [1, 2]}
---
# Jane Doe
"""


def test_frontmatter_values_are_plain_and_dates_iso_strings() -> None:
    note = parse_note("People/Jane Doe.md", JANE)
    assert note.frontmatter == {
        "aliases": ["Janie"],
        "tags": ["mentor"],
        "circle": "core",
        "last_contact": "2026-09-14",  # a YAML date
        "snooze_until": "2026-12-01",  # a string date
        "birthday": "1984-04-02",
        "introduced_by": "[[Bob Smith]]",
        "extra": {"nested": [1, 2]},
    }
    assert note.key_lines == {
        "aliases": 2,
        "tags": 3,
        "circle": 4,
        "last_contact": 5,
        "snooze_until": 6,
        "birthday": 7,
        "introduced_by": 8,
        "extra": 9,
    }
    assert note.frontmatter_ok
    assert note.problems == []


def test_datetime_becomes_its_date() -> None:
    note = parse_note("People/A.md", "---\nlast_contact: 2026-09-14 10:30:00\n---\n")
    assert note.frontmatter["last_contact"] == "2026-09-14"


def test_obsidian_datetime_without_seconds_is_a_date() -> None:
    note = parse_note("People/A.md", "---\nlast_contact: 2026-09-14T10:30\n---\n")
    assert note.frontmatter["last_contact"] == "2026-09-14T10:30"  # YAML keeps it a string
    assert note.problems == []


def test_quoted_keys_and_key_lines() -> None:
    note = parse_note("People/A.md", "---\n\"company\": Acme\n'role' : CTO\n---\n")
    assert note.frontmatter == {"company": "Acme", "role": "CTO"}
    assert note.key_lines == {"company": 2, "role": 3}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r"])
def test_yaml_line_breaks_editors_do_not_see(separator: str) -> None:
    """YAML breaks lines at these too; the reported line is the editor's (LF-separated) line."""
    text = f"---\ncompany: Acme\nrole: x{separator * 5}bad: : value\n---\n"
    assert [p.line for p in parse_note("People/A.md", text).problems] == [3]


def test_yaml_set_is_sorted_for_stable_output() -> None:
    note = parse_note("People/A.md", "---\ntags: !!set {zeta, alpha, mid}\n---\n")
    assert note.frontmatter["tags"] == ["alpha", "mid", "zeta"]


def test_impossible_yaml_date_stays_a_string_and_is_reported() -> None:
    note = parse_note("People/A.md", "---\ncompany: Acme\nlast_contact: 2026-02-30\n---\n")
    assert note.frontmatter == {"company": "Acme", "last_contact": "2026-02-30"}
    assert problems(note) == [
        "People/A.md:3: bad date in 'last_contact': '2026-02-30' (use YYYY-MM-DD)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("last_contact: last week", "bad date in 'last_contact': 'last week' (use YYYY-MM-DD)"),
        ("snooze_until: 12/01/2026", "bad date in 'snooze_until': '12/01/2026' (use YYYY-MM-DD)"),
        (
            "cadence: fortnightly",
            "unknown cadence 'fortnightly' (use a number of days, weeks, months or years like "
            "14d, 6w, 3m, 1y, at most 100y, or never)",
        ),
        (
            "cadence: 0d",
            "unknown cadence '0d' (use a number of days, weeks, months or years like "
            "14d, 6w, 3m, 1y, at most 100y, or never)",
        ),
        ("birthday: 13-45", "bad birthday '13-45' (use 1984-04-02, --04-02 or 04-02)"),
        ("birthday: --02-30", "bad birthday '--02-30' (use 1984-04-02, --04-02 or 04-02)"),
    ],
)
def test_bad_values_are_errors_on_their_line(text: str, message: str) -> None:
    note = parse_note("People/A.md", f"---\ncompany: Acme\n{text}\n---\n")
    assert [(p.line, p.message, p.severity) for p in note.problems] == [(3, message, "error")]
    assert note.frontmatter["company"] == "Acme"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stage: maybe", "unknown stage 'maybe' (want, pending or connected)"),
        (
            "status: busy",
            "unknown status 'busy' (seeking, employed, founder, freelance, student, retired)",
        ),
    ],
)
def test_unknown_stage_or_status_is_a_warning(text: str, message: str) -> None:
    note = parse_note("People/A.md", f"---\n{text}\n---\n")
    assert [(p.line, p.message, p.severity) for p in note.problems] == [(2, message, "warning")]


def test_person_fields_are_not_checked_on_other_notes() -> None:
    # `birthday: soon` in a project note is none of vaultnet's business
    assert parse_note("Projects/X.md", "---\nbirthday: soon\nstage: idea\n---\n").problems == []


def test_interaction_date_is_checked() -> None:
    note = parse_note("Meetings/M.md", "---\nwith: Bob\ndate: 2026-13-01\n---\n")
    assert note.kind == INTERACTION
    assert problems(note) == ["Meetings/M.md:3: bad date in 'date': '2026-13-01' (use YYYY-MM-DD)"]


@pytest.mark.parametrize("cadence", ["14d", "6w", "3m", "1y", "never", "30", 30, "2 W"])
def test_good_cadences_raise_nothing(cadence: object) -> None:
    assert parse_note("People/A.md", f"---\ncadence: {cadence}\n---\n").problems == []


# Log lines -------------------------------------------------------------------------------------

LOG = """\
---
company: Acme
---
# Ann

## Log
- 2026-09-14 coffee: her team is reorganizing #give shared [[Bob Smith|Bob]] and [[Carol#Log]]
- 2026-06-02: no kind here #Ask
* 2026-5-7 Call: single-digit month, star bullet
  + 2026-04-01 email:  indented plus bullet; a later colon: kept
- 2026-03-01 coffee with Bob: two words are not a kind
- 2026-03-02 coffee no colon
- 2026-02-30 call: impossible date
- [ ] 2026-01-01 call: a task, not a log line
```
- 2026-01-05 call: inside a code fence
```
Some text 2026-01-06 call: not a bullet
"""


def test_log_lines() -> None:
    note = parse_note("People/Ann.md", LOG)
    assert note.log == [
        LogEntry(
            7,
            "2026-09-14",
            "coffee",
            "her team is reorganizing #give shared [[Bob Smith|Bob]] and [[Carol#Log]]",
            ("give",),
            ("Bob Smith", "Carol"),
        ),
        LogEntry(8, "2026-06-02", "", "no kind here #Ask", ("ask",), ()),
        LogEntry(9, "2026-05-07", "call", "single-digit month, star bullet", (), ()),
        LogEntry(10, "2026-04-01", "email", "indented plus bullet; a later colon: kept", (), ()),
    ]
    assert problems(note) == ["People/Ann.md:13: impossible date 2026-02-30"]
    assert [(r.line, r.target, r.field) for r in note.links] == [
        (7, "Bob Smith", "log"),
        (7, "Carol", "log"),
    ]


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#give #ask #intro #referral", ("give", "ask", "intro", "referral")),
        ("sent it #Give, then#not", ("give",)),
        ("issue #123 and C# and &#39; and a/#b", ()),
        ("#work/project-x done", ("work/project-x",)),
    ],
)
def test_hashtags(text: str, tags: tuple[str, ...]) -> None:
    (entry,) = parse_note("People/A.md", f"- 2026-01-01 note: {text}\n").log
    assert entry.tags == tags


def test_log_lines_count_in_any_note_and_crlf() -> None:
    note = parse_note("Journal.md", "# Day\r\n- 2026-01-01 call: hi\r\n")
    assert note.log == [LogEntry(2, "2026-01-01", "call", "hi", (), ())]


# Tasks -----------------------------------------------------------------------------------------

TASKS = """\
# Ann

## Follow-ups
- [ ] Send the Kubernetes notes 📅 2026-11-25
- [ ] Ask about the trip [due:: 2027-04-01]
- [ ] Tasks plugin with a variation selector 📅️ 2026-12-01
- [ ] Dataview with spaces [due::  2026-12-02 ]
- [ ] An open loop with no date
- [x] Done thing 📅 2026-10-01 ✅ 2026-10-02
- [X] Done in capitals
- [-] Cancelled
- [ ] Impossible 📅 2026-02-31

## Log
  - [ ] Indented task [due:: 2026-1-9]
```
- [ ] inside a fence 📅 2026-01-01
```
- [] not a task
"""


def test_tasks() -> None:
    note = parse_note("People/Ann.md", TASKS)
    assert note.tasks == [
        Task(4, False, "Send the Kubernetes notes", "2026-11-25", "Follow-ups"),
        Task(5, False, "Ask about the trip", "2027-04-01", "Follow-ups"),
        Task(6, False, "Tasks plugin with a variation selector", "2026-12-01", "Follow-ups"),
        Task(7, False, "Dataview with spaces", "2026-12-02", "Follow-ups"),
        Task(8, False, "An open loop with no date", None, "Follow-ups"),
        Task(9, True, "Done thing", "2026-10-01", "Follow-ups", done_on="2026-10-02"),
        Task(10, True, "Done in capitals", None, "Follow-ups"),
        Task(11, True, "Cancelled", None, "Follow-ups"),
        Task(12, False, "Impossible", None, "Follow-ups", "2026-02-31"),
        Task(15, False, "Indented task", "2026-01-09", "Log"),
    ]
    assert problems(note) == ["People/Ann.md:12: impossible date 2026-02-31"]
    assert note.log == []


# Details ---------------------------------------------------------------------------------------


def test_details_are_bullets_under_notes_in_person_notes() -> None:
    text = (
        "---\ncompany: A\n---\n# Ann\n\n## Notes ##\n- Daughter starts college\n"
        "* Likes trail running\n-\n- [ ] a task is not a detail\n\n## Other\n- not a detail\n"
    )
    note = parse_note("People/Ann.md", text)
    assert note.details == ["Daughter starts college", "Likes trail running"]
    assert parse_note("Inbox.md", text).details == []


def test_heading_closing_hashes() -> None:
    text = "# C#\n- [ ] t1\n## Notes ##\n- [ ] t2\n###   Log   ###   \n- [ ] t3\n"
    assert [t.section for t in parse_note("A.md", text).tasks] == ["C#", "Notes", "Log"]


# Links -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "target"),
    [
        ("Jane Doe", "Jane Doe"),
        ("Jane Doe|Janie", "Jane Doe"),
        ("Jane Doe#Log", "Jane Doe"),
        ("Jane Doe#Log|the log", "Jane Doe"),
        ("People/Jane Doe.md", "Jane Doe"),
        ("  Jane Doe  ", "Jane Doe"),
    ],
)
def test_link_target(inner: str, target: str) -> None:
    assert link_target(inner) == target


def test_links_in_text() -> None:
    assert links_in("met [[Bob Smith|Bob]], [[Carol#Work]] and [[ ]] [[bad\nlink]]") == [
        "Bob Smith",
        "Carol",
    ]
    assert first_wikilink("- [ ] [[Jane Doe]]: 45 days, see [[Bob]]") == "Jane Doe"
    assert first_wikilink("no link") is None


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("[[Bob Smith]]", ["Bob Smith"]),
        ("Bob Smith", ["Bob Smith"]),
        ("[[Bob Smith]], [[Carol|C]]", ["Bob Smith", "Carol"]),
        (["[[Bob Smith]]", "Carol", "[[Dan#x]]"], ["Bob Smith", "Carol", "Dan"]),
        ([["Bob Smith"]], ["Bob Smith"]),  # what YAML makes of an unquoted [[Bob Smith]]
        ([["Bob Smith"], ["Carol"]], ["Bob Smith", "Carol"]),
        (None, []),
        ("", []),
        (True, []),
    ],
)
def test_names_in_value(value: object, names: list[str]) -> None:
    assert names_in_value(value) == names


def test_unquoted_link_detection() -> None:
    assert is_unquoted_link([["Bob"]])
    assert not is_unquoted_link(["[[Bob]]"])
    assert not is_unquoted_link("[[Bob]]")


def test_unquoted_link_is_a_warning_and_still_a_link() -> None:
    note = parse_note("People/A.md", "---\ncompany: X\nintroduced_by: [[Bob Smith]]\n---\n")
    assert note.frontmatter["introduced_by"] == [["Bob Smith"]]
    assert problems(note) == [
        "People/A.md:3: 'introduced_by' holds an unquoted [[link]]; quote it: \"[[...]]\" [warning]"
    ]
    assert [(r.line, r.target, r.field) for r in note.links] == [(3, "Bob Smith", "introduced_by")]


def test_link_fields_and_with_are_collected() -> None:
    note = parse_note(
        "Meetings/M.md",
        "---\ndate: 2026-01-01\nwith: [\"[[Ann]]\", Bob]\nknows: '[[Carl]]'\n---\n",
    )
    assert [(r.line, r.target, r.field) for r in note.links] == [
        (4, "Carl", "knows"),
        (3, "Ann", "with"),
        (3, "Bob", "with"),
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Zoë Müller", "zoe muller"), ("  JANE   Doe ", "jane doe"), ("José Álvarez", "JOSE ALVAREZ")],
)
def test_fold(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("value", "items"),
    [
        (["a", "b"], ["a", "b"]),
        ("a, b ,c", ["a", "b", "c"]),
        ("solo", ["solo"]),
        (None, []),
        (False, []),
        ([1, ["x, y"]], ["1", "x, y"]),  # a list's items are kept whole
        (["Elliot Sandvig, CFP®", "Ell"], ["Elliot Sandvig, CFP®", "Ell"]),
    ],
)
def test_as_list(value: object, items: list[str]) -> None:
    assert as_list(value) == items


# Dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 1, 2), date(2026, 1, 2)),
        ("2026-01-02", date(2026, 1, 2)),
        (" 2026-1-2 ", date(2026, 1, 2)),
        ("2026-01-02T09:30", date(2026, 1, 2)),  # Obsidian's "Date & time" property
        ("2026-01-02 09:30:15.5+02:00", date(2026, 1, 2)),
        ("2026-01-02T09:30Z", date(2026, 1, 2)),
        ("2026-01-02T", None),
        ("2026-01-02 tomorrow", None),
        ("2026-02-30", None),
        ("02/01/2026", None),
        (20260102, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("14d", 14),
        ("6w", 42),
        ("3m", 90),
        ("1y", 365),
        ("2 W", 14),
        ("30", 30),
        (30, 30),
        ("never", NEVER),
        (" Never ", NEVER),
        ("0d", None),
        (0, None),
        (True, None),
        ("fortnightly", None),
        ("1.5w", None),
        (None, None),
    ],
)
def test_parse_duration(value: object, days: int | None) -> None:
    assert parse_duration(value) == days


@pytest.mark.parametrize(
    ("value", "birthday"),
    [
        ("1984-04-02", (1984, 4, 2)),
        (date(1984, 4, 2), (1984, 4, 2)),
        ("--04-02", (None, 4, 2)),
        ("04-02", (None, 4, 2)),
        ("4-2", (None, 4, 2)),
        ("--02-29", (None, 2, 29)),  # a leap-day birthday without a year is real
        ("1985-02-29", None),
        ("13-01", None),
        ("April 2", None),
        (402, None),
    ],
)
def test_parse_birthday(value: object, birthday: tuple[int | None, int, int] | None) -> None:
    assert parse_birthday(value) == birthday


def test_birthday_without_a_year_in_a_note() -> None:
    note = parse_note("People/A.md", "---\nbirthday: --04-02\n---\n")
    assert note.problems == []
    assert note.frontmatter["birthday"] == "--04-02"


def test_next_birthday() -> None:
    today = date(2026, 11, 22)
    assert next_birthday(11, 22, today) == date(2026, 11, 22)
    assert next_birthday(4, 2, today) == date(2027, 4, 2)
    assert next_birthday(2, 29, today) == date(2027, 2, 28)
    assert next_birthday(2, 29, date(2027, 12, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", date(2026, 11, 22)),
        ("Yesterday", date(2026, 11, 21)),
        ("tomorrow", date(2026, 11, 23)),
        ("3d ago", date(2026, 11, 19)),
        ("2w ago", date(2026, 11, 8)),
        ("1m ago", date(2026, 10, 23)),
        ("2026-01-02", date(2026, 1, 2)),
        ("someday", None),
    ],
)
def test_parse_when(text: str, day: date | None) -> None:
    assert parse_when(text, date(2026, 11, 22)) == day


@pytest.mark.parametrize(("days", "text"), [(30, "30d"), (42, "6w"), (365, "1y"), (730, "2y")])
def test_format_days(days: int, text: str) -> None:
    assert format_days(days) == text


# The cached form -------------------------------------------------------------------------------


def test_record_round_trip_through_marshal() -> None:
    note = parse_note("People/Jane Doe.md", JANE + LOG.split("---\n", 2)[2] + TASKS)
    record = NoteRecord.of(marshal.loads(marshal.dumps(note.to_record().plain())))
    assert record is not None
    assert ParsedNote.from_record(note.path, record) == note
