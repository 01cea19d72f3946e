"""What counts as a contact with a person, and when: THE definition, used by the vault (each
person's last contact), the model (their history), the due list (dormant as of Monday, who was
touched this week, the reason "last time, ..."), harvesting (is a tick already on record?) and,
through `vaultnet.notes.contact_dates`, the editor (how far `last_contact` may move).

A contact is a log line in the person's note, an interaction note naming them (`with:`), or the
note's `last_contact:` field, on its date, when that date is on or before today: a later one is a
plan. An interaction note of `type: draft` (`prep --template followup --note` saves one) is not
a contact at all. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from vaultnet.notes.contact_dates import DRAFT, is_contact, latest_before, latest_contact

if TYPE_CHECKING:
    from vaultnet.network.model import Group, Person


class HistoryItem(NamedTuple):
    """One dated record of a person: a log line in their note, or an interaction note naming
    them. Dated after today it is a plan, not a contact (see `contacts`).
    (A named tuple: a vault makes hundreds of thousands of them, and tuples are made fastest.)"""

    date: date
    kind: str
    text: str
    path: str
    line: int
    tags: tuple[str, ...] = ()


_NEWEST_FIRST = itemgetter(0, 3, 4)  # (date, path, line), sorted in reverse


def is_contact_note(interaction_type: str) -> bool:
    """Whether an interaction note of this type records a contact (a draft does not)."""
    return interaction_type != DRAFT


def history(person: Person) -> list[HistoryItem]:
    """Log lines and interaction notes naming the person, newest first (plans included)."""
    items = [
        HistoryItem(date.fromisoformat(e.date), e.kind, e.text, person.path, e.line, e.tags)
        for e in person.log
    ]
    items.extend(i.history_item for i in person.interactions if i.history_item is not None)
    items.sort(key=_NEWEST_FIRST, reverse=True)
    return items


class FavorCounts(NamedTuple):
    """How many of a person's history items are tagged #give and #ask (plans included)."""

    gives: int
    asks: int


def favor_counts(person: Person, between: tuple[date, date] | None = None) -> FavorCounts:
    """The #give and #ask items of the person's history (see `history`), counted without
    building it; with `between` (first, last day), only those dated in it (this week's). Their
    log lines as counted when the note was parsed (read again only for a window, and only when
    some are tagged), and each interaction note that has a history item (dated, not a draft)
    and the tag."""
    summary = person.note.summary
    gives, asks = summary.gives, summary.asks
    if between is not None and (gives or asks):
        first, last = between[0].isoformat(), between[1].isoformat()  # log dates are ISO
        tagged = [e.tags for e in person.log if first <= e.date <= last]
        gives = sum("give" in tags for tags in tagged)
        asks = sum("ask" in tags for tags in tagged)
    interactions = person.interactions
    if between is not None:  # the dates first: most are not in the window
        interactions = [i for i in interactions if i.date and between[0] <= i.date <= between[1]]
    for interaction in interactions:
        tags = interaction.tags
        if not tags or interaction.date is None or not is_contact_note(interaction.type):
            continue  # untagged, or no history item (see Interaction.history_item)
        gives += "give" in tags
        asks += "ask" in tags
    return FavorCounts(gives, asks)


def contacts(person: Person, today: date) -> Iterator[HistoryItem]:
    """The history items that are contacts as of `today`, newest first."""
    return (h for h in person.history if is_contact(h.date, today))


def contacts_between(person: Person, start: date, end: date) -> list[HistoryItem]:
    """The history items dated from `start` to `end` (for contacts, `end` on or before today),
    newest first: made for those days alone, without building the whole history (the log is
    read only when the note's cached log dates hold one of those days)."""
    low, high = start.isoformat(), end.isoformat()
    logged = any(low <= day <= high for day in person.note.summary.log_dates)
    items = [
        HistoryItem(date.fromisoformat(e.date), e.kind, e.text, person.path, e.line, e.tags)
        for e in (person.log if logged else ())
        if low <= e.date <= high
    ]
    items.extend(
        h
        for i in person.interactions
        if (h := i.history_item) is not None and start <= h.date <= end
    )
    items.sort(key=_NEWEST_FIRST, reverse=True)
    return items


def last_contact(person: Person, today: date) -> date | None:
    """The latest contact on or before `today`: of the log, the interactions and the field.
    Works from the note's cached log dates (ISO strings), without building the history."""
    logged = latest_contact(person.note.summary.log_dates, today.isoformat())
    return latest_contact(
        (
            date.fromisoformat(logged) if logged else None,
            person.last_contact_field,
            *(i.date for i in person.interactions if is_contact_note(i.type)),
        ),
        today,
    )


def last_contact_before(person: Person, day: date) -> date | None:
    """The latest contact dated before `day`: the last contact as known on that morning."""
    logged = latest_before(person.note.summary.log_dates, day.isoformat())
    return latest_before(
        (
            date.fromisoformat(logged) if logged else None,
            person.last_contact_field,
            *(i.date for i in person.interactions if is_contact_note(i.type)),
        ),
        day,
    )


def last_contact_before_known(person: Person, day: date) -> date | None:
    """`last_contact_before(person, day)`, for a `day` on or before the one the vault computed
    the person's `last_contact` for (its today): when that is before `day` (or None), so is
    every contact up to today and it is the answer; only someone contacted since `day` is
    looked at again."""
    last = person.last_contact
    if last is None or last < day:
        return last
    return last_contact_before(person, day)


def contacted_since_known(person: Person, start: date) -> date | None:
    """`contacted_since(person, start, today)` for the today the vault computed the person's
    `last_contact` for: read from it, without looking at their notes again."""
    last = person.last_contact
    return last if last is not None and last >= start else None


def contacted_since(person: Person, start: date, today: date) -> date | None:
    """The latest contact from `start` to `today` (both included), None if there was none."""
    last = last_contact(person, today)
    return last if last is not None and last >= start else None


def birthday_wished(
    person: Person, start: date, today: date, word: str = "birthday"
) -> date | None:
    """The latest contact from `start` to `today` whose text mentions the birthday (or `word`:
    "anniversary"): the person was wished (the due list shows it done; harvesting does not
    record a tick twice)."""
    return next(
        (h.date for h in contacts(person, today) if h.date >= start and word in h.text.lower()),
        None,
    )


def attended(group: Group, upto: date) -> list[date]:
    """The days you went to a group (or event series) up to `upto`, oldest first, each once:
    an interaction note whose `with:`, `groups:` or `group:` links it (not a draft), a log line
    in the group's note, its `last_contact:`. The due list's last attendance and the weekly
    report's attendance are both this."""
    days: set[date | None] = {date.fromisoformat(d) for d in group.note.summary.log_dates}
    days.update(i.date for i in group.interactions if is_contact_note(i.type))
    days.add(group.last_contact_field)
    return sorted(d for d in days if d is not None and is_contact(d, upto))


def last_attended(group: Group, today: date) -> date | None:
    """A group's (or event series') last attendance: the latest day it was `attended`."""
    found = attended(group, today)
    return found[-1] if found else None
