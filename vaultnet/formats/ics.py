"""The calendar feed: all-day events for due reach-outs, dated follow-ups and birthdays.

Every event has a UID made from what it is about (the note, the task text), never from a counter
or the clock, and a DTSTAMP that is the event's own date: the same vault and `--today` give the
same bytes, and a calendar re-subscribing sees the same events, not duplicates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultnet.errors import Problem
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

REACH_OUTS, FOLLOW_UPS, BIRTHDAYS = "reach-out", "follow-up", "birthday"
KINDS = (REACH_OUTS, FOLLOW_UPS, BIRTHDAYS)
UNKNOWN_BIRTH_YEAR = 2000
"""The first year of a yearly birthday whose year is unknown (a leap year, so Feb 29 exists)."""


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event; `yearly` repeats it every year from `day`."""

    uid: str
    kind: str
    day: date
    summary: str
    description: str
    yearly: bool = False
    path: str = ""
    """The note the event comes from, and the line that dates it, for a problem about it."""
    line: int = 1


def _digest(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()[:20]


def _uid(kind: str, *parts: str) -> str:
    return f"{kind}-{_digest(*parts)}@vaultnet"


def reach_out_events(people: Sequence[Person], vault: Vault) -> list[CalendarEvent]:
    """People due by cadence: on their due date, or today when they are overdue."""
    from vaultnet.network.cadence import effective_cadence, next_due
    from vaultnet.text.dates import format_days

    events = []
    for person in people:
        due = next_due(person, vault.config, vault.today)
        if due is None:
            continue
        cadence = effective_cadence(person, vault.config) or 0
        last = person.last_contact
        lines = [
            f"Last contact: {last.isoformat()}" if last else "Last contact: never",
            f"Cadence: {format_days(cadence)}",
            f"Due: {due.isoformat()}",
        ]
        if person.ask:
            lines.append(f"Ask: {person.ask}")
        if person.offer:
            lines.append(f"Offer: {person.offer}")
        lines.append(f"Note: {person.path}")
        events.append(
            CalendarEvent(
                _uid(REACH_OUTS, person.path),
                REACH_OUTS,
                max(due, vault.today),
                f"Reach out to {person.display_name}",
                "\n".join(lines),
                path=person.path,
                line=person.note.key_lines.get("snooze_until", 1),
            )
        )
    return events


def follow_up_events(people: Sequence[Person], vault: Vault) -> list[CalendarEvent]:
    """Open dated tasks in these people's notes and in interaction notes naming them: one event
    per task (a task in a meeting with three people is one event naming all three)."""
    found: dict[tuple[str, int], tuple[str, str, list[str]]] = {}  # (path, line): the task
    for person in people:
        for task, path in person.open_tasks():
            if task.due is None:
                continue
            entry = found.setdefault((path, task.line), (task.text, task.due, []))
            entry[2].append(person.display_name)
    events = []
    repeats: dict[tuple[str, str], int] = {}
    for (path, line), (text, due, names) in sorted(found.items()):
        # Two identical tasks in one note still get two UIDs; an edit elsewhere keeps both.
        seen = repeats.get((path, text), 0)
        repeats[(path, text)] = seen + 1
        day = date.fromisoformat(due)
        lines = [f"Due: {due}{' (overdue)' if day < vault.today else ''}", f"Note: {path}"]
        events.append(
            CalendarEvent(
                _uid(FOLLOW_UPS, path, text, str(seen)),
                FOLLOW_UPS,
                max(day, vault.today),
                f"Follow up with {', '.join(sorted(names))}: {text}",
                "\n".join(lines),
                path=path,
                line=line,
            )
        )
    return events


def birthday_events(people: Sequence[Person]) -> list[CalendarEvent]:
    """A yearly event per known birthday, from the birth year (or 2000 when it is unknown)."""
    events = []
    for person in people:
        if person.birthday is None or person.never:
            continue
        year, month, day = person.birthday
        start = date(year or UNKNOWN_BIRTH_YEAR, month, day)
        events.append(
            CalendarEvent(
                _uid(BIRTHDAYS, person.path),
                BIRTHDAYS,
                start,
                f"{person.display_name}'s birthday",
                f"Note: {person.path}",
                yearly=True,
            )
        )
    return events


def calendar_events(
    people: Sequence[Person], vault: Vault, kinds: Sequence[str] = KINDS
) -> list[CalendarEvent]:
    """Every event of the feed, in a stable order (by date, then summary, then UID)."""
    events: list[CalendarEvent] = []
    if REACH_OUTS in kinds:
        events.extend(reach_out_events(people, vault))
    if FOLLOW_UPS in kinds:
        events.extend(follow_up_events(people, vault))
    if BIRTHDAYS in kinds:
        events.extend(birthday_events(people))
    return sorted(events, key=lambda e: (e.day, e.summary, e.uid))


FAR_YEARS = 100
"""Events further away than this are left out of the feed: a `snooze_until: 9999-12-31` means
"forever", not a day to put in a calendar (and the day after it does not exist)."""


def leave_out_far(
    events: Sequence[CalendarEvent], today: date
) -> tuple[list[CalendarEvent], list[Problem]]:
    """The events a calendar can show, and a warning for each one left out for its far date."""
    from vaultnet.errors import Problem

    limit = date(min(today.year + FAR_YEARS, date.max.year), 1, 1)
    kept, problems = [], []
    for event in events:
        if event.day >= limit:
            problems.append(
                Problem(
                    event.path,
                    event.line,
                    f"{event.kind} on {event.day.isoformat()}, over {FAR_YEARS} years away; "
                    "left out of the calendar",
                    "warning",
                )
            )
        else:
            kept.append(event)
    return kept, sorted(problems)


def render_ics(events: Sequence[CalendarEvent]) -> bytes:
    """An iCalendar file of all-day VEVENTs (CRLF, folded lines, as RFC 5545 wants)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//vaultnet//vaultnet//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "vaultnet")
    for event in events:
        if event.day >= date.max:
            continue  # the calendar's last day has no next day to end on: skipped
        vevent = icalendar.Event()
        vevent.add("uid", event.uid)
        # The event's own date, not the clock: unchanged events keep unchanged bytes.
        vevent.add("dtstamp", datetime.combine(event.day, datetime.min.time(), UTC))
        vevent.add("dtstart", event.day)
        vevent.add("dtend", event.day + timedelta(days=1))
        vevent.add("summary", event.summary)
        vevent.add("description", event.description)
        vevent.add("categories", [event.kind])
        vevent.add("transp", "TRANSPARENT")
        if event.yearly:
            rule: dict[str, object] = {"freq": "yearly"}
            if (event.day.month, event.day.day) == (2, 29):
                # FREQ=YEARLY alone skips the years without Feb 29; the last day of February
                # is where such a birthday is kept in other years.
                rule.update({"bymonth": 2, "bymonthday": -1})
            vevent.add("rrule", rule)
        calendar.add_component(vevent)
    data: bytes = calendar.to_ical()
    return data
