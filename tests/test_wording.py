"""The wording vaultnet uses everywhere (text/wording.py), the one date-option rule and the one
log-kind rule (notes/syntax.py) that `log --kind`, `prep --type` and the editor share."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultnet.errors import UsageError
from vaultnet.notes.syntax import LOG_LINE, log_kind
from vaultnet.text.dates import date_option, iso_week, monday_of, parse_week
from vaultnet.text.wording import MONTHS, WEEKDAYS, coming_day, due_from_today, plural

TODAY = date(2026, 11, 22)  # a Sunday


def test_day_and_month_names_are_the_english_ones() -> None:
    assert WEEKDAYS == (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    )
    assert WEEKDAYS[TODAY.weekday()] == "Sunday"
    assert MONTHS[0] == "January" and MONTHS[TODAY.month - 1] == "November" and len(MONTHS) == 12


def test_plural() -> None:
    assert [plural(1, "day"), plural(3, "day"), plural(0, "tick")] == ["1 day", "3 days", "0 ticks"]
    assert plural(2, "person", "people") == "2 people"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 22), "2026-11-22, today"),
        (date(2026, 11, 23), "2026-11-23, tomorrow"),
        (date(2026, 11, 25), "2026-11-25, in 3 days"),
        (date(2026, 11, 21), "2026-11-21, 1 day overdue"),
        (date(2026, 11, 17), "2026-11-17, 5 days overdue"),
    ],
)
def test_due_from_today(day: date, text: str) -> None:
    assert due_from_today(day, TODAY) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 22), "today"),
        (date(2026, 11, 23), "tomorrow"),
        (date(2026, 11, 27), "on Friday 2026-11-27, in 5 days"),
    ],
)
def test_coming_day(day: date, text: str) -> None:
    assert coming_day(day, TODAY) == text


def test_date_option_names_the_option() -> None:
    assert date_option("3d ago", "--date", TODAY) == date(2026, 11, 19)
    assert date_option("tomorrow", "--on", TODAY) == date(2026, 11, 23)
    with pytest.raises(UsageError, match=r"^--on must be a date like .* not 'someday'$"):
        date_option("someday", "--on", TODAY)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("coffee", "coffee"), (" Call ", "call"), ("1:1", None), ("[x]", None), ("#tag", None)],
)
def test_log_kind(text: str, kind: str | None) -> None:
    assert log_kind(text) == kind


@pytest.mark.parametrize("text", ["", "  ", "two words", "a\tb"])
def test_log_kind_is_one_word(text: str) -> None:
    assert log_kind(text) is None


@given(st.text(max_size=12))
def test_a_kind_log_kind_accepts_reads_back_from_a_log_line(text: str) -> None:
    kind = log_kind(text)
    if kind is not None:
        match = LOG_LINE.match(f"- 2026-11-22 {kind}: met up")
        assert match is not None and match[2] == kind and match[3] == "met up"


def test_iso_weeks() -> None:
    assert parse_week("2026-W47") == parse_week("2026w47") == date(2026, 11, 16)
    assert iso_week(date(2026, 11, 22)) == "2026-W47"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"  # ISO years do not start on January 1
    assert monday_of(date(2026, 11, 22)) == date(2026, 11, 16)
    with pytest.raises(UsageError, match="2025 has no week 53"):
        parse_week("2025-W53")
    with pytest.raises(UsageError, match="must be an ISO week"):
        parse_week("47")
