"""How vaultnet words things for people: day and month names, counts (`3 days`, `2 people`) and a
day as seen from today (`2026-11-25, in 3 days`). One copy each, for the due list, the templates
and the command line alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""By `date.weekday()`: Monday is 0."""
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
"""By month number - 1."""


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 day`, `3 days`, `2 people` (with `many`): for templates and for vaultnet's own text."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def due_from_today(day: date, today: date) -> str:
    """A due date and how far it is: `2026-11-25, in 3 days`, `2026-11-22, today`,
    `2026-11-23, tomorrow`, `2026-11-17, 5 days overdue`."""
    days = (day - today).days
    if days == 0:
        return f"{day.isoformat()}, today"
    if days == 1:
        return f"{day.isoformat()}, tomorrow"
    if days > 0:
        return f"{day.isoformat()}, in {days} days"
    return f"{day.isoformat()}, {plural(-days, 'day')} overdue"


def coming_day(day: date, today: date) -> str:
    """A day ahead, for a date to remember: `today`, `tomorrow`, `on Friday 2026-11-27, in 5 days`."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"on {WEEKDAYS[day.weekday()]} {day.isoformat()}, in {days} days"
