"""The due list's sections other than follow-ups and reconnects: due by cadence, groups, the
pipeline's waiting to hear back (want to meet is `vaultnet.due.warm_paths`), birthdays, and the
favor balance. Pure, each linear in people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from vaultnet.due.items import (
    NOT_MET,
    PENDING_AFTER,
    DateItem,
    FavorFlag,
    GroupDue,
    ReachOut,
    Waiting,
    Who,
    word_of,
)
from vaultnet.network import contact
from vaultnet.network.cadence import effective_cadence, next_due
from vaultnet.text.dates import NEVER, next_birthday
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.due.items import ReasonFn
    from vaultnet.network.model import Group, Person


def due_by_cadence(
    people: Sequence[Person], config: Config, today: date, picked: set[str], reason: ReasonFn
) -> tuple[list[ReachOut], list[Person]]:
    """People due by cadence who are not this week's reconnect picks, most overdue relative to
    their cadence first; and apart, those with a cadence and no contact at all (first contacts,
    spread over the days by `vaultnet.due.firsts`)."""
    ranked: list[tuple[tuple[float, int, str], ReachOut]] = []
    never_contacted: list[Person] = []
    for person in people:
        due = next_due(person, config, today)
        if due is None or due > today or person.path in picked:
            continue
        last = person.last_contact
        if last is None:
            never_contacted.append(person)
            continue
        item = reach_out(person, config, reason)
        since = (today - last).days
        # a correctly rounded quotient: equal ratios give equal floats on every machine
        key = (-since / item.cadence_days, -(since - item.cadence_days), fold(person.name))
        ranked.append((key, item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked], never_contacted


def reach_out(person: Person, config: Config, reason: ReasonFn) -> ReachOut:
    """The due-by-cadence item of a person who has a cadence (the reason and who they are are
    worked out when read)."""
    cadence = effective_cadence(person, config)
    assert cadence is not None  # next_due is None without one
    return ReachOut(
        person.name,
        person.path,
        person.last_contact,
        cadence,
        partial(reason, person),
        partial(Who.of, person),
    )


def groups_due(groups: Sequence[Group], today: date) -> list[GroupDue]:
    """Groups with a `cadence:` whose last attendance is that long ago (or none is on
    record), most overdue relative to their cadence first; never attended last."""
    ranked: list[tuple[tuple[int, float, str], GroupDue]] = []
    for group in groups:
        cadence = group.cadence
        if cadence is None or cadence == NEVER or cadence <= 0:
            continue
        last = group.last_attended
        if last is not None and (today - last).days < cadence:
            continue
        item = GroupDue(group.name, group.path, last, cadence, len(group.members))
        if last is None:
            key = (1, 0.0, fold(group.name))
        else:
            key = (0, -(today - last).days / cadence, fold(group.name))
        ranked.append((key, item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked]


def waiting(people: Sequence[Person], today: date) -> list[Waiting]:
    """`stage: pending` people silent for more than PENDING_AFTER days since your last outreach
    (or with no outreach on record), longest wait first."""
    found = []
    for p in people:
        if p.stage != "pending":
            continue
        if p.snooze_until is not None and p.snooze_until > today:
            continue
        last = p.last_contact
        days = (today - last).days if last is not None else None
        if days is None or days > PENDING_AFTER:
            found.append(Waiting(p.name, p.path, last, days))
    found.sort(key=lambda w: (w.days_waiting is None, -(w.days_waiting or 0), fold(w.name)))
    return found


def birthdays(people: Sequence[Person], config: Config, today: date) -> list[DateItem]:
    """Birthdays and the other yearly dates of `[dates] keys` within the dates look-ahead, of
    people you have met and did not opt out."""
    found = []
    horizon = today + timedelta(days=config.dates_lookahead)
    keys = ("birthday", *config.date_keys)
    for p in people:
        if p.stage in NOT_MET:
            continue
        fm = p.fm
        for key in keys:
            if fm.get(key) is None:
                continue  # no such date (most people have no anniversary)
            written = p.yearly(key)
            if written is None:
                continue
            year, month, day = written
            on = next_birthday(month, day, today)
            if on > horizon:
                continue
            if p.snooze_until is not None and p.snooze_until > on:
                continue
            window = on - timedelta(days=config.dates_lookahead)
            done_on = None
            if contact.contacted_since_known(p, window) is not None:  # else no wish to look for
                done_on = contact.birthday_wished(p, window, today, word_of(key))
            age = on.year - year if year is not None else None
            found.append(DateItem(p.name, p.path, on, age, done_on, key))
    found.sort(key=lambda d: (d.on, fold(d.name), keys.index(d.kind)))
    return found


def favor(people: Sequence[Person]) -> list[FavorFlag]:
    """People you asked favors of and never gave to (most asks first), then people with an
    `ask` but no `offer` on file."""
    flags = []
    for p in people:
        gives, asks = contact.favor_counts(p)
        if (asks > 0 and gives == 0) or (p.ask and not p.offer):
            flags.append(FavorFlag(p.name, p.path, asks, gives, p.ask, p.offer))
    flags.sort(key=lambda f: (not f.asks_without_gives, -f.asks, fold(f.name)))
    return flags
