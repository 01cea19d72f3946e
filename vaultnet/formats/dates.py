"""Dates as contact files write them: `12 Mar 2024`, `Mar 12, 2024`, `20240312`, `--05-24`."""

from __future__ import annotations

import re
from datetime import date

from vaultnet.text.dates import NO_YEAR
from vaultnet.text.wording import MONTHS

_MONTHS = {
    name: number
    for number, month in enumerate(MONTHS, start=1)
    for name in (month.lower(), month.lower()[:3], *(("sept",) if number == 9 else ()))
}
_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ ,-]+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$")


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_contact_date(text: str) -> date | None:
    """A full date in any of the unambiguous forms contact files use; None otherwise
    (`03/04/2024` is refused: it is March 4 in one country and April 3 in another)."""
    text = text.strip()
    m = _ISO.match(text)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _DAY_MONTH_YEAR.match(text)
    if m and m[2].lower() in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    m = _MONTH_DAY_YEAR.match(text)
    if m and m[1].lower() in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    return None


def parse_contact_birthday(text: str) -> str | None:
    """A birthday as vaultnet writes it: `1984-04-02`, or `--04-02` when the year is unknown
    (vCard 4.0 `--0402`, Google's ` --04-02`); None when unreadable."""
    text = text.strip()
    m = _NO_YEAR.match(text)
    if m:
        if _make(2000, int(m[1]), int(m[2])) is None:  # 2000 is a leap year: Feb 29 is fine
            return None
        return f"--{m[1]}-{m[2]}"
    day = parse_contact_date(text)
    if day is not None and day.year == NO_YEAR:  # Apple's and CardBook's "no year"
        return f"--{day.month:02d}-{day.day:02d}"
    return day.isoformat() if day else None


_US_NUMERIC = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,? +\d{1,2}:\d{2}(?::\d{2})? *[AaPp][Mm])?$"
)
_DAY_MON_YY = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{2})$")


def _century(year: str) -> int:
    return int(year) + 2000 if len(year) == 2 else int(year)


def parse_linkedin_date(text: str) -> date | None:
    """`Connected On` as LinkedIn has written it since 2018: `12 Mar 2024` (now), `1/8/18, 6:14
    PM` (2018-2019 exports: month first, always), `23-Apr-23` (the file re-saved by Excel), and
    the unambiguous forms `parse_contact_date` reads."""
    text = text.strip()
    m = _US_NUMERIC.match(text)
    if m:
        return _make(_century(m[3]), int(m[1]), int(m[2]))
    m = _DAY_MON_YY.match(text)
    if m and m[2].lower() in _MONTHS:
        return _make(_century(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return parse_contact_date(text)
