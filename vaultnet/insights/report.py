"""The weekly accountability report's numbers: what you did in one ISO week, from the dated
history, so any past week can be reported as well as this one. `week_report` computes;
`report_note.render_report` writes the Markdown note."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from vaultnet.errors import UsageError
from vaultnet.insights.connectors import Connector, top_connectors
from vaultnet.insights.intros import Introduction, introductions
from vaultnet.insights.network import contacted_between, last_contact_on, met
from vaultnet.network import contact
from vaultnet.network.cadence import effective_cadence
from vaultnet.text.dates import iso_week
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

TREND_WEEKS = 6
MIX_DAYS = 28
"""The mix looks at the four weeks that end with the report's week."""


@dataclass(frozen=True)
class Touch:
    name: str
    on: date  # the latest contact in the week
    kind: str
    contacts: int  # contacts with them in the week


@dataclass(frozen=True)
class FollowUpItem:
    text: str
    due: str
    path: str
    line: int


@dataclass(frozen=True)
class GroupWeek:
    name: str
    cadence_days: int
    attended: tuple[date, ...]  # dates in the week
    last_attended: date | None  # as of the week's end
    due: bool  # not attended within its cadence as of the week's end


@dataclass(frozen=True)
class WeekNumbers:
    """One week of the trend."""

    week: str
    touches: int
    reconnects: int
    gives: int
    asks: int


@dataclass
class WeekReport:
    week: str
    monday: date
    sunday: date
    as_of: date  # the last day counted: Sunday, or today in the current week
    touches: list[Touch]
    touches_goal: int
    reconnected: list[Touch]
    reconnect_goal: int
    core: int
    core_goal: int
    core_overdue: list[str]
    gives: int
    asks: int
    new_people: list[Touch]
    follow_ups_done: list[FollowUpItem]
    follow_ups_slipped: list[FollowUpItem]
    intros: list[Introduction]
    groups: list[GroupWeek]
    mix: list[tuple[str, int]]  # status -> people in touch in the last four weeks
    mix_network: list[tuple[str, int]]  # status -> people you have met
    mix_warning: str
    trend: list[WeekNumbers] = field(default_factory=list)
    connectors: list[Connector] = field(default_factory=list)


@dataclass
class _Week:
    """One week's numbers as they are counted."""

    monday: date
    sunday: date  # the last day counted: Sunday, or today
    touches: list[Touch] = field(default_factory=list)
    reconnected: list[Touch] = field(default_factory=list)
    gives: int = 0
    asks: int = 0


def _weeks(vault: Vault, mondays: list[date], people: list[Person]) -> list[_Week]:
    """The touches, reconnects, gives and asks of each week starting on one of `mondays`, among
    `people` (in the vault's order: everyone who may have been in touch in those weeks). Each
    person's contacts over all the weeks are gathered once (none before them is built)."""
    today = vault.today
    dormant_after = vault.config.dormant_after
    weeks = [_Week(m, min(m + timedelta(days=6), today)) for m in mondays]
    start, end = min(mondays), max(w.sunday for w in weeks)
    for person in people:
        if person.last_contact is None or person.last_contact < start:
            continue  # no contact since the first of the weeks
        items = contact.contacts_between(person, start, end)  # newest first
        on_field = person.last_contact_field
        before_start, looked = None, False  # the last contact before `start`, once looked up
        for week in weeks:
            monday, sunday = week.monday, week.sunday
            found = [h for h in items if monday <= h.date <= sunday]
            dates = [found[0].date] if found else []
            if on_field is not None and monday <= on_field <= sunday:
                dates.append(on_field)
            if not dates:
                continue
            for item in found:
                week.gives += "give" in item.tags
                week.asks += "ask" in item.tags
            last = max(dates)  # the last contact as of the week's end (the field counts too)
            kind = found[0].kind if found and found[0].date == last else ""
            touch = Touch(person.name, last, kind, max(len(found), 1))
            week.touches.append(touch)
            # the last contact before Monday: an earlier one of these days, the field, or the
            # last before all of them
            if not looked:
                before_start, looked = contact.last_contact_before(person, start), True
            known = [next((h.date for h in items if h.date < monday), None), before_start]
            if on_field is not None and on_field < monday:
                known.append(on_field)
            before = max((d for d in known if d is not None), default=None)
            # dormant at the start of the week by what was known then; someone first met this
            # week is a new person, not a reconnect
            if before is not None and (monday - before).days >= dormant_after:
                week.reconnected.append(touch)
    return weeks


def _first_contact(person: Person, today: date) -> date | None:
    """The earliest contact on or before `today`: of the log (the note's cached log dates), the
    interactions' history items and the `last_contact` field; no history is built."""
    until = today.isoformat()
    logged = min((d for d in person.note.summary.log_dates if d <= until), default=None)
    dates = [date.fromisoformat(logged)] if logged is not None else []
    dates.extend(
        h.date for i in person.interactions if (h := i.history_item) is not None and h.date <= today
    )
    field_date = person.last_contact_field
    if field_date is not None and field_date <= today:
        dates.append(field_date)
    return min(dates, default=None)


def _tasks(vault: Vault, start: str, end: str) -> list[tuple[str, int, bool, str, str]]:
    """Every task due from `start` to `end` (ISO dates): (path, line, done, text, due)."""
    found = [
        (p.path, t.line, t.done, t.text, t.due)
        for p in vault.people
        for t in p.tasks
        if t.due is not None and start <= t.due <= end
    ]
    found.extend(
        (i.path, t.line, t.done, t.text, t.due)
        for i in vault.interactions
        for t in i.tasks
        if t.due is not None and start <= t.due <= end
    )
    return sorted(found)


def _counted(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (kv[0] == "unknown", -kv[1], kv[0]))


def week_report(vault: Vault, monday: date) -> WeekReport:
    """The report of the ISO week starting `monday`, as the vault's history tells it."""
    today = vault.today
    if monday > today:
        raise UsageError(f"week {iso_week(monday)} has not started yet (today is {today})")
    sunday = monday + timedelta(days=6)
    as_of = min(sunday, today)
    config = vault.config
    # who may have been in touch in the weeks the report counts (the trend's, the mix's): a
    # person last contacted before them was not (a last contact as of an earlier day is never
    # later than the last contact as of today)
    mix_start = sunday - timedelta(days=MIX_DAYS - 1)
    earliest = min(monday - timedelta(weeks=TREND_WEEKS - 1), mix_start)
    recent = [p for p in vault.people if p.last_contact is not None and p.last_contact >= earliest]
    mondays = [monday - timedelta(weeks=back) for back in range(TREND_WEEKS - 1, -1, -1)]
    weeks = _weeks(vault, mondays, recent)
    this = weeks[-1]
    touches, reconnected, gives, asks = this.touches, this.reconnected, this.gives, this.asks
    by_name = {p.name: p for p in vault.people}

    core = [p for p in vault.people if p.circle == "core" and met(p)]
    core_overdue = []
    for person in core:
        days = effective_cadence(person, config)
        if days is None or person.never:
            continue
        last = last_contact_on(person, as_of)
        if last is None or (as_of - last).days > days:
            core_overdue.append(person.name)

    new_people = [
        t for t in touches if (first := _first_contact(by_name[t.name], as_of)) and first >= monday
    ]

    done, slipped = [], []
    start, end = monday.isoformat(), as_of.isoformat()
    for path, line, is_done, text, due in _tasks(vault, start, end):
        if is_done:
            # when a task was ticked is not on record: a done follow-up is one due this week
            done.append(FollowUpItem(text, due, path, line))
        elif due < today.isoformat():
            slipped.append(FollowUpItem(text, due, path, line))

    groups = []
    paced = [
        g
        for g in sorted(vault.groups, key=lambda g: fold(g.name))
        if g.cadence is not None and g.cadence > 0
    ]
    for group in paced:
        cadence = group.cadence
        assert cadence is not None
        attended = contact.attended(group, as_of)
        last = attended[-1] if attended else None
        groups.append(
            GroupWeek(
                group.name,
                cadence,
                tuple(d for d in attended if d >= monday),
                last,
                last is None or (as_of - last).days > cadence,
            )
        )

    in_touch = [p for p in recent if contacted_between(p, mix_start, sunday, today)]
    mix = _counted(Counter(p.status or "unknown" for p in in_touch))
    network = _counted(Counter(p.status or "unknown" for p in vault.people if met(p)))

    trend = [
        WeekNumbers(iso_week(w.monday), len(w.touches), len(w.reconnected), w.gives, w.asks)
        for w in weeks
    ]

    return WeekReport(
        week=iso_week(monday),
        monday=monday,
        sunday=sunday,
        as_of=as_of,
        touches=sorted(touches, key=lambda t: fold(t.name)),
        touches_goal=config.touches_per_week,
        reconnected=sorted(reconnected, key=lambda t: fold(t.name)),
        reconnect_goal=config.per_week,
        core=len(core),
        core_goal=config.core_size,
        core_overdue=sorted(core_overdue, key=fold),
        gives=gives,
        asks=asks,
        new_people=sorted(new_people, key=lambda t: fold(t.name)),
        follow_ups_done=done,
        follow_ups_slipped=slipped,
        intros=introductions(vault, monday, as_of),
        groups=groups,
        mix=mix,
        mix_network=network,
        mix_warning=mix_warning(mix),
        trend=trend,
        connectors=top_connectors(vault, 3),
    )


SEEKING = "seeking"


def mix_warning(mix: list[tuple[str, int]]) -> str:
    """A warning when more than half of the people you were in touch with (of those whose status
    you know) are job seekers: a network of only job seekers is a stop-loss. '' otherwise."""
    known = dict((status, n) for status, n in mix if status != "unknown")
    total = sum(known.values())
    seeking = known.get(SEEKING, 0)
    if total < 3 or seeking * 2 <= total:
        return ""
    return (
        f"{seeking} of the {total} people you were in touch with (of those whose status you "
        "know) are seeking work, as you may be: spend time with people who are employed, "
        "founders and others too."
    )
