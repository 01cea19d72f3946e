"""This week's reconnect picks: people silent for `dormant_after` as of the week's Monday."""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.due.items import NOT_MET, Reconnect, ReconnectPick
from vaultnet.network import contact

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.due.items import ReasonFn
    from vaultnet.network.model import Person


def week_rank(week: str, name: str) -> str:
    """A stable pseudo-random rank for a person in a week: picks rotate weekly, with no state."""
    return hashlib.sha1(f"{week}\0{name}".encode()).hexdigest()


def reconnect_picks(
    people: Sequence[Person], config: Config, today: date, monday: date, reason: ReasonFn
) -> Reconnect:
    """This week's picks among people dormant as of Monday, so a reconnect made on Tuesday does
    not swap the pick for someone else: core first, then people with any contact on record, then
    never-contacted imports; ranked within a tier by a hash of (ISO week, name)."""
    year, week_number, _ = today.isocalendar()
    week = f"{year}-W{week_number:02d}"
    tiers: list[tuple[int, str, Person, str, date | None]] = []
    for person in people:
        if person.stage in NOT_MET:
            continue
        snooze = person.snooze_until
        if snooze is not None and snooze > today:
            continue
        before = contact.last_contact_before(person, monday)
        if before is not None and (monday - before).days < config.dormant_after:
            continue
        if person.circle == "core":
            tier, label = 0, "core"
        elif person.history or person.last_contact_field is not None:
            tier, label = 1, "known"
        else:
            tier, label = 2, "new"
        tiers.append((tier, week_rank(week, person.name), person, label, before))
    chosen = heapq.nsmallest(config.per_week, tiers, key=lambda t: (t[0], t[1]))
    picks = []
    for _, _, person, label, before in chosen:
        contacted = contact.contacted_since(person, monday, today)
        picks.append(
            ReconnectPick(person.name, person.path, label, before, contacted, reason(person))
        )
    return Reconnect(picks, config.per_week, len(tiers))
