"""The due list's sections other than follow-ups and reconnects: due by cadence, the pipeline
(want to meet, waiting to hear back), birthdays, and the favor balance. Pure, each linear in
people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cached_property, partial
from typing import TYPE_CHECKING

from vaultnet.due.items import (
    KNOWS,
    NOT_MET,
    PENDING_AFTER,
    DateItem,
    FavorFlag,
    GroupDue,
    Introducer,
    ReachOut,
    Waiting,
    WantToMeet,
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
        if person.path in picked:
            continue
        due = next_due(person, config, today)
        if due is None or due > today:
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


def want_to_meet(
    people: Sequence[Person], active: Sequence[Person], today: date
) -> list[WantToMeet]:
    """`stage: want` people, each with who you know that could introduce you (see
    `WarmPaths`), worked out when first read: Due.md reads the few it shows."""
    wanted = [
        p
        for p in active
        if p.stage == "want" and not (p.snooze_until is not None and p.snooze_until > today)
    ]
    if not wanted:
        return []
    paths = WarmPaths(people, wanted)
    return [WantToMeet(w.name, w.path, w.ask, partial(paths.introducers, w)) for w in wanted]


class WarmPaths:
    """Who you know that could introduce you to a wanted person: a link either way (`knows`,
    `introduced_by`), the same company, a shared group. Indexes first (built once, on the first
    question), so this stays linear however many people there are."""

    def __init__(self, people: Sequence[Person], wanted: Sequence[Person]) -> None:
        self._people = people
        self._wanted = wanted

    @cached_property
    def _indexes(
        self,
    ) -> tuple[
        dict[str, Person],
        dict[str, list[Person]],
        dict[str, list[Person]],
        dict[str, list[Person]],
    ]:
        known = [p for p in self._people if p.stage not in NOT_MET]
        # a note's name keys (folded stem, then aliases) as the vault folded them when it read it
        by_key = {_key(p): p for p in known}
        for p in known:
            for alias in p.note.summary.keys[1:]:
                by_key.setdefault(alias, p)
        wanted_keys: dict[str, Person] = {}
        for p in self._wanted:
            for key in p.note.summary.keys:
                wanted_keys.setdefault(key, p)
        # links pointing at a wanted person from someone you know
        links_to: dict[str, list[Person]] = defaultdict(list)
        by_company: dict[str, list[Person]] = defaultdict(list)
        by_group: dict[str, list[Person]] = defaultdict(list)
        folded = _Folds()
        for p in known:
            fm = p.fm
            if fm.get("knows") is not None or fm.get("introduced_by") is not None:
                for target in (*p.knows, *p.introduced_by):
                    w = wanted_keys.get(folded(target))
                    if w is not None:
                        links_to[w.path].append(p)
            if p.company:
                by_company[folded(p.company)].append(p)
            if fm.get("groups") is not None:
                for group in p.groups:
                    by_group[folded(group)].append(p)
        return by_key, links_to, by_company, by_group

    def introducers(self, w: Person) -> tuple[Introducer, ...]:
        """Those who could introduce you to `w`: links first, then colleagues, then people in
        a group with them; by name within each."""
        by_key, links_to, by_company, by_group = self._indexes
        linked = [by_key.get(fold(t)) for t in (*w.knows, *w.introduced_by)]
        candidates = [
            (person, KNOWS)
            for person in sorted(
                [p for p in linked if p is not None] + links_to.get(w.path, []), key=_key
            )
        ]
        if w.company:
            candidates += [
                (person, f"same company, {w.company}")
                for person in by_company.get(fold(w.company), [])
            ]
        for group in w.groups:
            candidates += [(person, group) for person in by_group.get(fold(group), [])]
        intro: dict[str, tuple[tuple[int, str], Introducer]] = {}
        for person, via in candidates:
            if person.path != w.path and person.name not in intro:
                intro[person.name] = ((_via_rank(via), _key(person)), Introducer(person.name, via))
        return tuple(item for _, item in sorted(intro.values(), key=lambda pair: pair[0]))


def _key(person: Person) -> str:
    """The person's folded name (`fold(person.name)`), as the vault folded it."""
    return person.note.summary.keys[0]


class _Folds:
    """`fold`, remembered: a vault's people share a few companies and groups."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = fold(text)
        return found


def _via_rank(via: str) -> int:
    if via == KNOWS:
        return 0
    if via.startswith("same company"):
        return 1
    return 2


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
        for key in keys:
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
