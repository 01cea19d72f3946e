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
from vaultnet.insights.network import contacted_between, contacts_between, last_contact_on, met
from vaultnet.network import contact
from vaultnet.network.cadence import effective_cadence
from vaultnet.network.model import words
from vaultnet.text.dates import iso_week
from vaultnet.text.links import fold, names_in_value

if TYPE_CHECKING:
    from vaultnet.network.model import Group, Person
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


def _week_numbers(vault: Vault, monday: date) -> tuple[list[Touch], list[Touch], int, int]:
    """(touches, reconnects, gives, asks) of the week starting `monday`."""
    today = vault.today
    sunday = monday + timedelta(days=6)
    touches: list[Touch] = []
    reconnected: list[Touch] = []
    gives = asks = 0
    dormant_after = vault.config.dormant_after
    for person in vault.people:
        items = contacts_between(person, monday, sunday, today)
        if not items and not contacted_between(person, monday, sunday, today):
            continue
        for item in items:
            gives += "give" in item.tags
            asks += "ask" in item.tags
        last = last_contact_on(person, min(sunday, today))
        assert last is not None
        kind = items[0].kind if items and items[0].date == last else ""
        touch = Touch(person.name, last, kind, max(len(items), 1))
        touches.append(touch)
        before = contact.last_contact_before(person, monday)
        # dormant at the start of the week by what was known then; someone first met this week
        # is a new person, not a reconnect
        if before is not None and (monday - before).days >= dormant_after:
            reconnected.append(touch)
    return touches, reconnected, gives, asks


def _first_contact(person: Person, today: date) -> date | None:
    dates = [h.date for h in contact.contacts(person, today)]
    field_date = person.last_contact_field
    if field_date is not None and field_date <= today:
        dates.append(field_date)
    return min(dates, default=None)


def _group_attendance(vault: Vault, group: Group, upto: date) -> list[date]:
    """Days you went to the group, up to `upto`: interaction notes that name it (in `with`,
    `group` or `groups`, or in their title: "2026-09-16 Denver Tech Meetup September"), its own
    log lines, its `last_contact`."""
    keys = {fold(group.name), *(fold(a) for a in _aliases(group))}
    name = f" {words(group.name)} "
    days = []
    for i in vault.interactions:
        if i.date is None or i.date > upto:
            continue
        named = {fold(n) for n in i.with_names}
        named.update(
            fold(n) for key in ("group", "groups") for n in names_in_value(i.note.fields.get(key))
        )
        if keys & named or name in f" {words(i.title)} ":
            days.append(i.date)
    days.extend(date.fromisoformat(e.date) for e in group.note.log if e.date <= upto.isoformat())
    field_date = group.note.fields.get("last_contact")
    if isinstance(field_date, date) and field_date <= upto:
        days.append(field_date)
    return sorted(set(days))


def _aliases(group: Group) -> list[str]:
    from vaultnet.text.links import as_list

    return as_list(group.note.fields.get("aliases"))


def _tasks(vault: Vault) -> list[tuple[str, int, bool, str, str | None]]:
    """Every task: (path, line, done, text, due)."""
    found = [(p.path, t.line, t.done, t.text, t.due) for p in vault.people for t in p.tasks]
    found.extend(
        (i.path, t.line, t.done, t.text, t.due) for i in vault.interactions for t in i.tasks
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
    touches, reconnected, gives, asks = _week_numbers(vault, monday)
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
    for path, line, is_done, text, due in _tasks(vault):
        if is_done:
            # when a task was ticked is not on record: a done follow-up is one due this week
            if due is not None and start <= due <= end:
                done.append(FollowUpItem(text, due, path, line))
        elif due is not None and start <= due <= end and due < today.isoformat():
            slipped.append(FollowUpItem(text, due, path, line))

    groups = []
    for group in sorted(vault.groups, key=lambda g: fold(g.name)):
        cadence = group.cadence
        if cadence is None or cadence <= 0:
            continue
        attended = _group_attendance(vault, group, as_of)
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

    mix_start = sunday - timedelta(days=MIX_DAYS - 1)
    in_touch = [p for p in vault.people if contacted_between(p, mix_start, sunday, today)]
    mix = _counted(Counter(p.status or "unknown" for p in in_touch))
    network = _counted(Counter(p.status or "unknown" for p in vault.people if met(p)))

    trend = []
    for back in range(TREND_WEEKS - 1, -1, -1):
        start_day = monday - timedelta(weeks=back)
        t, r, g, a = (
            _week_numbers(vault, start_day) if back else (touches, reconnected, gives, asks)
        )
        trend.append(WeekNumbers(iso_week(start_day), len(t), len(r), g, a))

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
        intros=[i for i in introductions(vault) if monday <= i.on <= as_of],
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
