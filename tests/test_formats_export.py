"""`vaultnet export csv|vcard|ics|json`: golden files of the sample vault, and the properties each
format promises. Regenerate the golden files on purpose with `VAULTNET_REGEN=1 python -m pytest
tests/test_formats_export.py`, then read the diff."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import icalendar
from click.testing import CliRunner, Result

from tests.golden import assert_golden
from vaultnet.cli import cli
from vaultnet.formats.csv_export import EXPORT_COLUMNS, neutralize, unneutralize


def export(run: Callable[..., Result], *args: str) -> bytes:
    result = run("export", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr_bytes in (None, b"")
    return result.stdout_bytes


def note_names(vault: Path) -> list[str]:
    return sorted(p.stem for p in (vault / "People").glob("*.md"))


def small_vault(tmp_path: Path, notes: dict[str, str]) -> Path:
    root = tmp_path / "small"
    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "People").mkdir(parents=True, exist_ok=True)
    return root


def run_on(root: Path, *args: str, today: str = "2026-11-22") -> Result:
    return CliRunner().invoke(
        cli, ["--vault", str(root), "--today", today, *args], catch_exceptions=False
    )


# CSV ---------------------------------------------------------------------------------------------


def test_csv_golden_and_every_person(run: Callable[..., Result], vault_dir: Path) -> None:
    data = export(run, "csv")
    assert_golden("export.csv", data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert rows[0][:15] == [  # the columns of earlier versions keep their places
        "Name",
        "Company",
        "Role",
        "Email",
        "Phone",
        "LinkedIn",
        "Circle",
        "Stage",
        "Status",
        "Last contact",
        "Next due",
        "Cadence",
        "Ask",
        "Offer",
        "Tags",
    ]
    alex = next(row for row in rows if row[0] == "Alex Chen")
    assert alex[4] == "+1 720 555 0119"  # a phone number stays dialable: no quote
    assert len(rows) - 1 == len(note_names(vault_dir))
    assert data.count(b"\r\n") == len(rows)  # RFC 4180 line ends


def test_csv_neutralizes_formulas(tmp_path: Path) -> None:
    root = small_vault(
        tmp_path,
        {
            "People/Eve.md": (
                '---\ncompany: \'=HYPERLINK("http://evil.example")\'\nrole: "@SUM(A1)"\n'
                'ask: "-2+3"\noffer: "+1 call"\nemail: "-eve@x.example"\n---\n'
            )
        },
    )
    result = run_on(root, "export", "csv")
    row = list(csv.reader(io.StringIO(result.stdout, newline="")))[1]
    assert row[1] == '\'=HYPERLINK("http://evil.example")'
    assert row[2] == "'@SUM(A1)"
    assert row[3] == "'-eve@x.example"
    assert row[12:14] == ["'-2+3", "'+1 call"]


def test_neutralize() -> None:
    assert [neutralize(c) for c in ("=1", "+1", "-1", "@a", "\ta", "\ra", "a=1", "")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\ta",
        "'\ra",
        "a=1",
        "",
    ]


def test_unneutralize_undoes_neutralize() -> None:
    cells = ["=1", "+1 720 555 0119", "-", "@a", "\ta", "'=1", "''+1", "'quoted", "a'=1", "'", ""]
    assert [unneutralize(neutralize(c)) for c in cells] == cells
    # a value that starts with a quote and a formula character is quoted once more
    assert neutralize("'=1") == "''=1"
    assert [unneutralize(c) for c in ("'quoted", "'", "=1")] == ["'quoted", "'", "=1"]


def test_csv_bom_and_filters(run: Callable[..., Result]) -> None:
    data = export(run, "csv", "--bom", "--circle", "core")
    assert data.startswith(b"\xef\xbb\xbfName,")
    names = [r[0] for r in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))][1:]
    assert "Jane Doe" in names and "Zoë Müller" not in names
    tagged = export(run, "csv", "--tag", "#mentor").decode()
    assert "Jane Doe" in tagged and "Zoë Müller" not in tagged


# vCard -------------------------------------------------------------------------------------------


def test_vcard_golden(run: Callable[..., Result], vault_dir: Path) -> None:
    data = export(run, "vcard")
    assert_golden("export.vcf", data)
    assert data.count(b"BEGIN:VCARD\r\n") == len(note_names(vault_dir))
    for line in data.split(b"\r\n"):
        assert len(line) <= 75


def test_vcard_escapes_and_folds(tmp_path: Path) -> None:
    long_role = "Head of Everything, Including; the Backslash \\ and a Very Long Title Indeed Ü"
    root = small_vault(
        tmp_path,
        {
            "People/Ada Lovelace.md": (
                f"---\naliases: [Countess, Ada]\nrole: {json.dumps(long_role)}\n"
                "birthday: --12-10\nphone: [+44 1, +44 2]\nemail: [a@x.example, b@x.example]\n---\n"
            )
        },
    )
    text = run_on(root, "export", "vcard").stdout_bytes.decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "NICKNAME:Countess,Ada\r\n" in unfolded
    assert "TITLE:Head of Everything\\, Including\\; the Backslash \\\\ and a Very" in unfolded
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10\r\n" in unfolded  # RFC 2426 has no --12-10
    assert "TEL:+44 1\r\nTEL:+44 2\r\n" in unfolded
    assert "EMAIL;TYPE=INTERNET,PREF:a@x.example\r\nEMAIL;TYPE=INTERNET:b@x.example" in unfolded
    assert "\r\n " in text  # the TITLE line was folded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


# ICS ---------------------------------------------------------------------------------------------


def test_ics_parses_and_is_byte_identical(run: Callable[..., Result]) -> None:
    first = export(run, "ics")
    second = export(run, "ics")
    assert first == second
    assert_golden("export.ics", first)
    calendar = icalendar.Calendar.from_ical(first)
    events = list(calendar.walk("VEVENT"))
    assert not list(calendar.walk("VTODO"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    for event in events:
        start = event.decoded("DTSTART")
        assert type(start) is date  # all-day
        assert event.decoded("DTEND") == date.fromordinal(start.toordinal() + 1)
        assert event.decoded("DTSTAMP").date() == start
    summaries = {str(e["SUMMARY"]): e for e in events}
    jane = summaries["Jane Doe's birthday"]
    assert jane.decoded("DTSTART") == date(1984, 4, 2)
    assert jane["RRULE"].to_ical() == b"FREQ=YEARLY"
    assert first.count(b"\r\n") == first.count(b"\n")


def test_ics_events(tmp_path: Path) -> None:
    root = small_vault(
        tmp_path,
        {
            "People/Ada.md": "---\ncadence: 30d\nlast_contact: 2026-09-01\nask: A review\n---\n",
            "People/Bea.md": "---\ncadence: 30d\nlast_contact: 2026-11-20\nbirthday: --02-29\n---\n",
            "People/Cy.md": (
                "---\ncadence: never\nbirthday: 1990-05-01\n---\n## Follow-ups\n"
                "- [ ] Send the deck 📅 2026-11-30\n- [ ] Send the deck 📅 2026-12-30\n"
                "- [x] Done already 📅 2026-11-01\n- [ ] No date\n"
            ),
            "Meetings/2026-11-01 Lunch.md": (
                "---\ndate: 2026-08-01\nwith: ['[[Ada]]', '[[Bea]]']\n---\n"
                "- [ ] Intro Ada to Bea [due:: 2026-11-10]\n"
            ),
        },
    )
    data = run_on(root, "export", "ics").stdout_bytes
    events = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    got = [(e.decoded("DTSTART").isoformat(), str(e["SUMMARY"])) for e in events]
    assert got == [
        ("2000-02-29", "Bea's birthday"),
        ("2026-11-22", "Follow up with Ada, Bea: Intro Ada to Bea"),  # overdue: on today
        ("2026-11-22", "Reach out to Ada"),  # due 2026-10-01: overdue, on today
        ("2026-11-30", "Follow up with Cy: Send the deck"),
        ("2026-12-20", "Reach out to Bea"),
        ("2026-12-30", "Follow up with Cy: Send the deck"),
    ]  # Cy has cadence: never, so no birthday reminder; done and undated tasks are left out
    bea = events[0]
    assert bea["RRULE"].to_ical() == b"FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2"
    ada = events[2]
    assert str(ada["DESCRIPTION"]) == (
        "Last contact: 2026-09-01\nCadence: 30d\nDue: 2026-10-01\nAsk: A review\nNote: People/Ada.md"
    )
    intro = events[1]
    assert str(intro["DESCRIPTION"]) == (
        "Due: 2026-11-10 (overdue)\nNote: Meetings/2026-11-01 Lunch.md"
    )
    # two identical task texts in one note are two events with two UIDs
    assert events[3]["UID"] != events[5]["UID"]
    # the UID of an event does not depend on its date or on --today
    later = run_on(root, "export", "ics", today="2026-12-01").stdout_bytes
    later_uids = {
        str(e["SUMMARY"]): str(e["UID"]) for e in icalendar.Calendar.from_ical(later).walk("VEVENT")
    }
    assert later_uids["Reach out to Ada"] == str(ada["UID"])
    only = run_on(root, "export", "ics", "--no-reach-outs", "--no-follow-ups").stdout_bytes
    assert [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(only).walk("VEVENT")] == [
        "Bea's birthday"
    ]


# JSON --------------------------------------------------------------------------------------------


def test_json_golden_and_every_person(run: Callable[..., Result], vault_dir: Path) -> None:
    data = export(run, "json")
    assert_golden("export.json", data)
    document = json.loads(data)
    assert document["format"] == "vaultnet-people"
    assert document["version"] == 1
    assert document["today"] == "2026-11-22"
    assert sorted(p["name"] for p in document["people"]) == note_names(vault_dir)
    jane = next(p for p in document["people"] if p["name"] == "Jane Doe")
    assert jane["birthday"] == "1984-04-02"
    assert jane["facts"]["linkedin"] == "https://www.linkedin.com/in/janedoe"
    assert jane["balance"] == jane["gives"] - jane["asks"]


def test_list_json_still_gives_the_summary(run: Callable[..., Result]) -> None:
    listed = json.loads(run("list", "--json").output)
    exported = json.loads(export(run, "json"))["people"]
    assert [list(p) for p in listed] == [list(p)[: len(listed[0])] for p in exported]
    for summary, record in zip(listed, exported, strict=True):
        assert all(record[k] == v for k, v in summary.items())
