"""When each person is next due: their cadence (or their circle's), their last contact, snoozes."""

from __future__ import annotations

from datetime import date, timedelta

from vaultnet.config import Config
from vaultnet.network.model import Person
from vaultnet.text.dates import NEVER


def effective_cadence(person: Person, config: Config) -> int | None:
    """Days between contacts: the person's cadence, else their circle's, else None.
    `cadence: never` (or a circle set to never) is None: no reminders at all."""
    days = person.cadence_days
    if days is None and person.circle:
        days = config.circle_cadence.get(person.circle)
    if days is None or days == NEVER:
        return None
    return days


def next_due(person: Person, config: Config, today: date) -> date | None:
    """The day this person is next due by cadence, or None when they have no cadence or are not
    met yet (`stage: want` / `pending` belong to the pipeline). Never contacted: due today.
    A `snooze_until` in the future pushes the date to the end of the snooze."""
    if person.never or person.stage in ("want", "pending"):
        return None
    days = effective_cadence(person, config)
    if days is None:
        return None
    try:
        due = today if person.last_contact is None else person.last_contact + timedelta(days=days)
    except OverflowError:  # a contact near the year 9999 (an `--today` far in the future)
        return None
    snooze = person.snooze_until
    if snooze is not None and snooze > due:
        due = snooze
    return due
