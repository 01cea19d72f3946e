"""A meeting's place is not where a person lives: an Outlook calendar export saved as CSV is not
a contacts file (its Location would become someone's `location`), so `import csv` refuses it and
says what to do, as `import calendar` does; and a calendar's LOCATION never reaches a person."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tests.capture_rig import snapshot
from vaultnet.cli import cli

OUTLOOK = (
    '"Subject","Start Date","Start Time","End Date","End Time","All day event",'
    '"Reminder on/off","Reminder Date","Reminder Time","Meeting Organizer","Required Attendees",'
    '"Optional Attendees","Meeting Resources","Billing Information","Categories","Description",'
    '"Location","Mileage","Priority","Private","Sensitivity","Show time as"\r\n'
    '"Coffee with Jane","11/20/2026","9:00:00 AM","11/20/2026","10:00:00 AM","False","False",'
    '"","","Me Myself","Jane Doe;Newt Person","","","","","chat","Blue Bottle, Oakland","",'
    '"Normal","False","Normal","2"\r\n'
)
REFUSED = (
    "Error: calendar.csv:1: a calendar export (Subject, Start Date, Required Attendees...), "
    "not contacts: a meeting's Location is not where anyone lives. Save the calendar as an "
    ".ics file and use `vaultnet import calendar`\n"
)

ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:coffee-1
DTSTART:20261120T170000Z
DTEND:20261120T180000Z
SUMMARY:Coffee
LOCATION:Blue Bottle\\, Oakland
ORGANIZER;CN=Me Myself:mailto:me@mine.example
ATTENDEE;CN=Jane Doe;PARTSTAT=ACCEPTED:mailto:jane@acme.example
ATTENDEE;CN=Newt Person;PARTSTAT=ACCEPTED:mailto:newt@else.example
END:VEVENT
END:VCALENDAR
"""


def vaultnet(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-22", *args])


def test_import_csv_refuses_a_calendar_export_even_with_a_name_column_mapped(me: Path) -> None:
    Path("calendar.csv").write_text(OUTLOOK, encoding="utf-8")
    before = snapshot(me)
    for mapped in ([], ["--map", "Required Attendees=name"], ["--map", "Subject=name"]):
        result = vaultnet(me, "import", "csv", "calendar.csv", *mapped)
        assert (result.exit_code, result.output) == (1, REFUSED), mapped
    assert snapshot(me) == before


def test_import_calendar_says_a_csv_is_not_an_ics_file(me: Path) -> None:
    Path("calendar.csv").write_text(OUTLOOK, encoding="utf-8")
    result = vaultnet(me, "import", "calendar", "calendar.csv")
    assert result.exit_code == 1
    assert result.output == (
        "Error: calendar.csv: a calendar export saved as CSV; `import calendar` reads iCalendar: "
        "save the calendar as an .ics file\n"
    )


def test_a_calendars_location_reaches_no_person(me: Path) -> None:
    Path("coffee.ics").write_text(ICS, encoding="utf-8")
    jane = me / "People/Jane Doe.md"
    assert "location: Denver, CO\n" in jane.read_text(encoding="utf-8")
    result = vaultnet(me, "import", "calendar", "coffee.ics", "--create")
    assert result.exit_code == 0, result.output
    text = jane.read_text(encoding="utf-8")
    assert "- 2026-11-20 meeting: Coffee" in text
    assert "location: Denver, CO\n" in text and "Oakland" not in text
    newt = (me / "People/Newt Person.md").read_text(encoding="utf-8")
    assert "location" not in newt and "Oakland" not in newt
