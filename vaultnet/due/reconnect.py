"""This week's reconnect picks and the week's counter.

The picks are chosen once a week, by the week's first due list, among people silent for
`dormant_after` as of the week's Monday: core first, then people with a contact on record, then
never-contacted imports; within a tier by rotation (never picked first, then the longest since
their last turn), then by a hash of (ISO week, name). What was chosen is kept in a `WeekState`
(saved by `vaultnet.due.week` as `.vaultnet/week.json`), so the picks stay all week whatever is
logged, added or changed: a pick leaves only when it is snoozed, set to `cadence: never`, or its
note is deleted; once contacted it shows as done. The state also keeps who was dormant on
Monday (with a contact on record), which is what "Reconnected this week" counts from: everyone
of them contacted during the week, pick or not, and never a person added or first met that week.
Without a state (a new vault, `.vaultnet/` deleted) the week starts from the notes as they are.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.due.items import NOT_MET, Reconnect, ReconnectPick, StoredPick, WeekState, Who
from vaultnet.network import contact
from vaultnet.text.dates import iso_week

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.due.items import ReasonFn
    from vaultnet.network.model import Person


def week_rank(week: str, name: str) -> str:
    """A stable pseudo-random rank for a person in a week: the tie-break within a turn."""
    return hashlib.sha1(f"{week}\0{name}".encode()).hexdigest()


def _snoozed(person: Person, today: date) -> bool:
    return person.snooze_until is not None and person.snooze_until > today


def start_week(
    people: Sequence[Person], config: Config, today: date, previous: WeekState | None = None
) -> WeekState:
    """The week of `today` decided from the notes as they are: the picks (taking turns after
    `previous`'s rotation), who is dormant as of Monday, how many were candidates."""
    monday = date.fromordinal(today.toordinal() - today.weekday())
    week = iso_week(today)
    alive = {p.path for p in people}
    rotation = {k: v for k, v in (previous.rotation if previous else {}).items() if k in alive}
    ranked: list[tuple[int, str, str, Person, str, date | None]] = []
    dormant: list[str] = []
    for person in people:
        if person.stage in NOT_MET or person.never:
            continue
        before = contact.last_contact_before_known(person, monday)  # as of today: `schedule`
        if before is not None and (monday - before).days < config.dormant_after:
            continue
        if before is not None:
            dormant.append(person.path)
        if _snoozed(person, today):
            continue
        if person.circle == "core":
            tier, label = 0, "core"
        elif before is not None or person.last_contact is not None:
            tier, label = 1, "known"  # a contact on record (a plan is not one)
        else:
            tier, label = 2, "new"
        turn = rotation.get(person.path, "")
        ranked.append((tier, turn, week_rank(week, person.name), person, label, before))
    chosen = heapq.nsmallest(config.per_week, ranked, key=lambda t: (t[0], t[1], t[2]))
    picks = []
    for _, _, _, person, label, before in chosen:
        picks.append(
            StoredPick(person.path, person.name, label, before.isoformat() if before else None)
        )
        rotation[person.path] = week
    return WeekState(week, picks, dormant, len(ranked), rotation)


def current_week(
    people: Sequence[Person], config: Config, today: date, state: WeekState | None
) -> WeekState:
    """`state` if it is the week of `today`, else the week started from the notes."""
    if state is not None and state.week == iso_week(today):
        return state
    return start_week(people, config, today, state)


def reconnect_picks(
    people: Sequence[Person],
    config: Config,
    today: date,
    reason: ReasonFn,
    state: WeekState | None = None,
) -> tuple[Reconnect, WeekState]:
    """This week's picks as they stand today, and the week's state (to keep)."""
    week = current_week(people, config, today, state)
    monday = date.fromordinal(today.toordinal() - today.weekday())
    picks = []
    for stored, person in zip(week.picks, _pick_people(people, week.picks), strict=True):
        if person is None or person.never or person.stage in NOT_MET or _snoozed(person, today):
            continue
        before = date.fromisoformat(stored.before) if stored.before else None
        contacted = contact.contacted_since_known(person, monday)
        picks.append(
            ReconnectPick(
                person.name,
                person.path,
                stored.tier,
                before,
                contacted,
                reason(person),
                Who.of(person),
            )
        )
    dormant = set(week.dormant)
    counted = set(week.counted)  # once reconnected, counted all week (even if deleted since)
    counted.update(
        p.path
        for p in people
        if contact.contacted_since_known(p, monday) is not None and p.path in dormant
    )
    if counted != set(week.counted):
        week = replace(week, counted=sorted(counted))
    return Reconnect(picks, config.per_week, week.candidates, len(counted)), week


def _pick_people(people: Sequence[Person], picks: Sequence[StoredPick]) -> list[Person | None]:
    """The person of each stored pick: by path, else (renamed) by name; None once deleted."""
    paths = {pick.path for pick in picks}
    by_path = {p.path: p for p in people if p.path in paths}
    found = [by_path.get(pick.path) for pick in picks]
    if None in found:
        by_name = {p.name: p for p in people}
        found = [
            f if f is not None else by_name.get(pick.name)
            for f, pick in zip(found, picks, strict=True)
        ]
    return found
