"""Dates, durations (cadences, look-aheads) and birthdays as users write them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from vaultnet.errors import UsageError

# A date, optionally with the time Obsidian's "Date & time" properties add (`2026-11-20T09:00`,
# without the seconds YAML needs to read it as a timestamp itself).
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?\s*$"
)
_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_BIRTHDAY = re.compile(r"^\s*(?:(\d{4})-|--)?(\d{1,2})-(\d{1,2})\s*$")
_AGO = re.compile(r"^\s*(\d+)\s*([dwmy])\s+ago\s*$", re.IGNORECASE)
_DAYS_PER_UNIT = {"d": 1, "w": 7, "m": 30, "y": 365}

NEVER = -1
"""The cadence `never`: opt out of every reminder."""

MAX_DAYS = 100 * 365
"""The longest duration vaultnet accepts: longer ones (`9999y`) are typos, and would overflow
date arithmetic."""


def parse_date(value: object) -> date | None:
    """A date from a YAML value (a date, a datetime or an ISO string, with or without a time of
    day); None if it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _ISO.match(value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def parse_duration(value: object) -> int | None:
    """Days in a cadence such as `14d`, `6w`, `3m`, `1y` (a bare number is days), NEVER for
    `never`, None if it cannot be read. Months count as 30 days and years as 365, the way a
    reminder rhythm is meant, not calendar arithmetic."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_DAYS else None
    if not isinstance(value, str):
        return None
    if value.strip().lower() == "never":
        return NEVER
    if value.strip().isascii() and value.strip().isdigit():  # not "²", a digit to Python
        days = int(value)
    else:
        m = _DURATION.match(value)
        if not m:
            return None
        days = int(m[1]) * _DAYS_PER_UNIT[m[2].lower()]
    return days if 0 < days <= MAX_DAYS else None


NO_YEAR = 1604
"""The year Apple and CardBook write for "no year" (a leap year before any birth): a birthday
in 1604, from an older import or an address book, has no year."""


def parse_birthday(value: object) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from `1984-04-02`, `--04-02` or `04-02`; None if unreadable.
    The year 1604 is no year (`NO_YEAR`)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return (None if value.year == NO_YEAR else value.year), value.month, value.day
    if not isinstance(value, str):
        return None
    m = _BIRTHDAY.match(value)
    if not m:
        return None
    year = int(m[1]) if m[1] else None
    if year == NO_YEAR:
        year = None
    month, day = int(m[2]), int(m[3])
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: --02-29 is a real birthday
    except ValueError:
        return None
    return year, month, day


def next_birthday(month: int, day: int, today: date) -> date:
    """The next occurrence of a birthday on or after today (Feb 29 falls on Feb 28 in other years)."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: a birthday recurs within a year")


def parse_when(text: str, today: date) -> date | None:
    """A date the way people type it on the command line: `2026-11-20`, `today`, `yesterday`,
    `tomorrow`, `3d ago`, `2w ago`, `1m ago`; None if it is none of those."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    m = _AGO.match(word)
    if m:
        days = int(m[1]) * _DAYS_PER_UNIT[m[2].lower()]
        if days > MAX_DAYS:
            return None
        return today - timedelta(days=days)
    return parse_date(text)


def date_option(value: str, option: str, today: date) -> date:
    """A command-line option's date (see parse_when); UsageError naming `option` otherwise."""
    day = parse_when(value, today)
    if day is None:
        raise UsageError(
            f"{option} must be a date like 2026-11-20, today, yesterday, tomorrow or 3d ago "
            f"(d, w, m or y), not {value!r}"
        )
    return day


def format_days(days: int) -> str:
    """A cadence in days, written back the way users write it (`30d`, `6w`, `1y`)."""
    if days % 365 == 0:
        return f"{days // 365}y"
    if days % 7 == 0 and days < 365:
        return f"{days // 7}w"
    return f"{days}d"


_IN = re.compile(r"^\s*(?:in\s+)?(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_NEXT = {"week": 7, "month": 30, "year": 365}


def parse_until(text: str, today: date) -> date | None:
    """A day ahead the way people type it (`snooze --until`): a date, `tomorrow`, `2w` or
    `in 2w` (d, w, m or y from today, months as 30 days like cadences), `next week`,
    `next month`, `next year`; None if it is none of those."""
    word = " ".join(text.strip().lower().split())
    if word == "tomorrow":
        return today + timedelta(days=1)
    m = _IN.match(word)
    if m:
        days = int(m[1]) * _DAYS_PER_UNIT[m[2].lower()]
        return today + timedelta(days=days) if 0 < days <= MAX_DAYS else None
    if word.startswith("next ") and word[5:] in _NEXT:
        return today + timedelta(days=_NEXT[word[5:]])
    return parse_date(text)


_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def iso_week(day: date) -> str:
    """The ISO week of a day, written `2026-W47`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(text: str) -> date:
    """The Monday of an ISO week written `2026-W47` (or `2026W47`)."""
    match = _WEEK.match(text.strip())
    if match is None:
        raise UsageError(f"--week must be an ISO week like 2026-W47, not {text!r}")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise UsageError(f"--week {text}: {match[1]} has no week {int(match[2])}") from None
