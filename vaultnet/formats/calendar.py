"""Reading a calendar export (.ics from Google Calendar, Outlook, Apple Calendar) into the
meetings it records: each occurrence until today of an event with me and someone else.

icalendar parses; recurring-ical-events expands each series (RRULE, RDATE, EXDATE, moved
occurrences) from `since` to today, so a recurrence that never ends costs only the days asked
for. Google's exports write times in UTC with the calendar's zone in X-WR-TIMEZONE: the day of
a meeting is its day in the event's own zone (that one, when it is given that way)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from vaultnet.formats.capture import (
    MEETING,
    Captured,
    CaptureItem,
    Me,
    Party,
    Skip,
    Skipped,
    one_line,
)
from vaultnet.formats.source import BadImportFile

MAX_OCCURRENCES = 5000
"""Occurrences of one series read at most (a daily meeting for 13 years); the rest are left."""
_NOT_PEOPLE = ("RESOURCE", "ROOM", "GROUP")
_NOT_PEOPLE_DOMAINS = ("resource.calendar.google.com", "group.calendar.google.com")


def _email(address: Any) -> str:
    text = str(address or "").strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().lower() if "@" in text else ""


def _param(prop: Any, name: str) -> str:
    params = getattr(prop, "params", None) or {}
    return str(params.get(name, "")).strip()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _day(value: Any) -> date | None:
    start = getattr(value, "dt", value)
    if isinstance(start, datetime):
        return start.date()
    return start if isinstance(start, date) else None


class _Series:
    """The VEVENTs of one UID (the event and its moved or changed occurrences), with the line
    of the first of them in the file."""

    def __init__(self, uid: str, line: int) -> None:
        self.uid = uid
        self.line = line
        self.events: list[Any] = []


def _begin_lines(text: str) -> list[int]:
    """The line number of every `BEGIN:VEVENT`, in file order (icalendar's order too)."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().upper() == "BEGIN:VEVENT"
    ]


_TIMEZONE_BLOCK = re.compile(rb"^BEGIN:VTIMEZONE\r?$.*?^END:VTIMEZONE\r?\n?", re.M | re.S)


def _saved_as_csv(data: bytes) -> bool:
    """Whether the file is a calendar saved as CSV (Outlook's), told by its header."""
    import csv

    from vaultnet.formats.csv_columns import is_calendar_header

    first = data.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return is_calendar_header(next(csv.reader([first]), []))


def _parse(name: str, data: bytes) -> tuple[list[Any], Skipped | None]:
    """The calendars of the file. A time zone definition icalendar cannot read (a broken
    VTIMEZONE fails the whole file) is dropped, with a Skipped saying so, and the file read
    again: its events then read in the zone their TZID names, or as written."""
    import icalendar

    dropped: Skipped | None = None
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, and others on odd input
        if _saved_as_csv(data):
            raise BadImportFile(
                f"{name}: a calendar export saved as CSV; `import calendar` reads iCalendar: "
                "save the calendar as an .ics file"
            ) from None
        first = _TIMEZONE_BLOCK.search(data)
        if first is None:
            raise BadImportFile(f"{name}: not a readable iCalendar file ({exc})") from None
        try:
            calendars = icalendar.Calendar.from_ical(_TIMEZONE_BLOCK.sub(b"", data), multiple=True)
        except Exception:
            raise BadImportFile(f"{name}: not a readable iCalendar file ({exc})") from None
        line = data.count(b"\n", 0, first.start()) + 1
        dropped = Skipped(
            name,
            line,
            Skip.UNREADABLE,
            f"time zone definitions left out ({exc}); events read in the zone they name",
        )
    if not calendars:
        raise BadImportFile(f"{name}: no VCALENDAR in the file; is it an .ics export?")
    return list(calendars), dropped


def _to_standard(calendar: Any) -> Any:
    import x_wr_timezone

    try:
        return x_wr_timezone.to_standard(calendar)
    except Exception:  # a zone name it does not know: the times stay as written
        return calendar


def read_calendar(
    name: str, data: bytes, me: Me, today: date, since: date | None = None
) -> Iterator[CaptureItem]:
    """Every occurrence from `since` (default: the file's first) until today of every event in
    the file, as a meeting or as the reason it is not one; a series that starts after today is
    one FUTURE item, one that ends before `since` one BEFORE_SINCE item."""
    text = data.decode("utf-8", "replace")
    begins = _begin_lines(text)
    series: dict[str, _Series] = {}
    timezones: list[Any] = []
    count = 0
    calendars, dropped = _parse(name, data)
    if dropped is not None:
        yield dropped
    for calendar in calendars:
        calendar = _to_standard(calendar)
        timezones.extend(calendar.walk("VTIMEZONE"))
        for event in calendar.walk("VEVENT"):
            line = begins[count] if count < len(begins) else 1
            count += 1
            try:
                uid = str(event.get("UID", "")).strip() or f"line {line}"
            except Exception:  # a broken UID property
                uid = f"line {line}"
            series.setdefault(uid, _Series(uid, line)).events.append(event)
    for one in sorted(series.values(), key=lambda s: s.line):
        try:
            yield from _occurrences(name, one, timezones, me, today, since)
        except Exception as exc:  # a property icalendar could not parse: this event only
            yield Skipped(name, one.line, Skip.UNREADABLE, f"cannot read this event: {exc}")


def _occurrences(
    name: str, series: _Series, timezones: list[Any], me: Me, today: date, since: date | None
) -> Iterator[CaptureItem]:
    import icalendar
    import recurring_ical_events

    starts = [d for d in (_day(e.get("DTSTART")) for e in series.events) if d is not None]
    if not starts:
        yield Skipped(name, series.line, Skip.UNREADABLE, "an event without a readable DTSTART")
        return
    first = min(starts)
    if first > today:
        yield Skipped(name, series.line, Skip.FUTURE)
        return
    calendar = icalendar.Calendar()
    for component in (*timezones, *series.events):
        calendar.add_component(component)
    window_start = since or first
    found = 0
    try:
        for occurrence in recurring_ical_events.of(calendar).after(window_start):
            day = _day(occurrence.get("DTSTART"))
            if day is None or day > today:
                break
            if day < window_start:
                continue
            found += 1
            if found > MAX_OCCURRENCES:
                yield Skipped(
                    name,
                    series.line,
                    Skip.UNREADABLE,
                    f"more than {MAX_OCCURRENCES} occurrences until today; the rest left out",
                )
                return
            yield _meeting(name, series, occurrence, day, me)
    except Exception as exc:  # a rule or zone the libraries cannot work out: this series only
        yield Skipped(name, series.line, Skip.UNREADABLE, f"cannot expand this event: {exc}")
        return
    if not found:
        yield Skipped(name, series.line, Skip.BEFORE_SINCE if since else Skip.CANCELLED)


def _meeting(name: str, series: _Series, event: Any, day: date, me: Me) -> CaptureItem:
    source_line = series.line
    if str(event.get("STATUS", "")).strip().upper() == "CANCELLED":
        return Skipped(name, source_line, Skip.CANCELLED)
    organizer = _email(event.get("ORGANIZER"))
    mine = me.is_me(organizer)
    others: list[Party] = []
    anyone_else = False
    for attendee in _as_list(event.get("ATTENDEE")):
        email = _email(attendee)
        status = _param(attendee, "PARTSTAT").upper()
        if email and me.is_me(email):
            if status == "DECLINED":
                return Skipped(name, source_line, Skip.DECLINED)
            mine = True
            continue
        if _param(attendee, "CUTYPE").upper() in _NOT_PEOPLE or email.endswith(_NOT_PEOPLE_DOMAINS):
            continue  # a meeting room or a shared calendar, not a person
        cn = " ".join(_param(attendee, "CN").split())
        if cn.lower() == email:
            cn = ""  # Google writes the address as the name when it knows no name
        anyone_else = True
        if status != "DECLINED":  # they were not there
            others.append(Party(name=cn, email=email))
    if organizer and not me.is_me(organizer):
        anyone_else = True
        if all(p.email != organizer for p in others):
            cn = " ".join(_param(event.get("ORGANIZER"), "CN").split())
            others.append(Party(name="" if cn.lower() == organizer else cn, email=organizer))
    if not anyone_else:
        return Skipped(name, source_line, Skip.NO_ONE_ELSE)
    if not mine:
        return Skipped(name, source_line, Skip.NOT_MINE)
    if not others:
        return Skipped(name, source_line, Skip.DECLINED)  # everyone else declined
    title = one_line(str(event.get("SUMMARY", ""))) or "(no title)"
    return Captured(
        f"{name}:{source_line}",
        f"{series.uid}@{day.isoformat()}",
        day,
        MEETING,
        title,
        tuple(others),
    )
