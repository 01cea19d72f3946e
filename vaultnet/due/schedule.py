"""Who is due today and why: the due list as a pure function of the people, the config and today.

No I/O: `schedule(people, config, today)` returns a `DueList` of plain dataclasses that
`vaultnet.due.render` renders as Due.md or JSON. Every pass is linear in people plus tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING

from vaultnet.due.firsts import FirstsState, first_contacts
from vaultnet.due.items import (
    KNOWS,
    NOT_MET,
    PENDING_AFTER,
    DateItem,
    DueList,
    FavorFlag,
    FollowUp,
    Introducer,
    ReachOut,
    Reason,
    Reconnect,
    ReconnectPick,
    Waiting,
    WantToMeet,
    WeekState,
    WeekStats,
    Whose,
)
from vaultnet.due.promise import Prospects, start_here
from vaultnet.due.reconnect import reconnect_picks
from vaultnet.due.sections import (
    birthdays,
    due_by_cadence,
    favor,
    groups_due,
    reach_out,
    waiting,
)
from vaultnet.due.warm_paths import want_to_meet
from vaultnet.network import contact
from vaultnet.network.shares import matches_for, read_share_list
from vaultnet.text.links import fold
from vaultnet.text.wording import MONTHS

__all__ = [  # the due list's items live in vaultnet.due.items; they are reached from here too
    "KNOWS",
    "NOT_MET",
    "PENDING_AFTER",
    "DateItem",
    "DueList",
    "FavorFlag",
    "FollowUp",
    "Introducer",
    "ReachOut",
    "Reason",
    "Reconnect",
    "ReconnectPick",
    "Waiting",
    "WantToMeet",
    "WeekState",
    "WeekStats",
    "reason_to_reach_out",
    "schedule",
    "schedule_vault",
]

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.errors import Problem
    from vaultnet.network.model import Group, Interaction, Person
    from vaultnet.network.shares import ShareItem
    from vaultnet.network.vault import Vault
    from vaultnet.notes.parse import Task

# A month as a detail names it: capitalized ("may" and "march" are ordinary words), maybe with a
# year ("married in June 2027").
_MONTH_IN_TEXT = re.compile(rf"\b({'|'.join(MONTHS)})\b(?:,?\s+(\d{{4}})\b)?")


# Scheduling -----------------------------------------------------------------------------------


def schedule_vault(
    vault: Vault, week: WeekState | None = None, firsts: FirstsState | None = None
) -> DueList:
    """The due list of an opened vault; `week`: the week's kept state (`vaultnet.due.week`),
    `firsts`: the day's first contacts (`vaultnet.due.firsts`)."""
    return schedule(
        vault.people,
        vault.config,
        vault.today,
        interactions=vault.interactions,
        problems=vault.problems,
        week=week,
        groups=vault.groups,
        shares=read_share_list(vault.root),
        firsts=firsts,
    )


def schedule(
    people: Sequence[Person],
    config: Config,
    today: date,
    *,
    interactions: Iterable[Interaction] = (),
    problems: Iterable[Problem] = (),
    week: WeekState | None = None,
    groups: Sequence[Group] = (),
    shares: Sequence[ShareItem] = (),
    firsts: FirstsState | None = None,
) -> DueList:
    """The due list for `today`, from people whose `last_contact` is as of `today` (as `Vault`
    computes it). `interactions` supply the follow-ups written in meeting notes;
    `problems` are the vault's, counted in the week's stats; `shares` is the share list, for
    reasons to reach out. A follow-up whose due date is
    impossible is listed (the task carries the date as written), not dropped."""
    problems = list(problems)
    monday = today - timedelta(days=today.weekday())
    follow_ups, open_count, overdue_count = _follow_ups(
        people, interactions, today, config.followups_lookahead
    )

    def reason(person: Person) -> Reason | None:
        return reason_to_reach_out(
            person, today, _nearest_follow_up(person, today, config.followups_lookahead), shares
        )

    # `cadence: never` opts out of every reminder: reconnects, the pipeline, dates, favors.
    active = [p for p in people if not p.never]
    reconnect, week_state = reconnect_picks(active, config, today, reason, week)
    picked = {p.path for p in reconnect.picks}
    by_cadence, never_contacted = due_by_cadence(active, config, today, picked, reason)
    prospects = Prospects(people, today)
    first = first_contacts(never_contacted, config.first_contacts_per_day, today, prospects, firsts)
    by_cadence += [reach_out(p, config, reason) for p in first.picks]
    due = DueList(
        today=today,
        follow_ups=follow_ups,
        reconnect=reconnect,
        due_by_cadence=by_cadence,
        first_contacts_queued=first.queued,
        first_contacts_per_day=config.first_contacts_per_day,
        start_here=start_here(people, today, prospects),
        groups=groups_due(groups, today),
        want_to_meet=want_to_meet(people, active, today),
        waiting=waiting(active, today),
        dates=birthdays(active, config, today),
        favor=favor(active),
    )
    due.week_state = week_state
    due.firsts_state = first.state
    due.display_names = {p.name: p.display_name for p in people if p.display_name != p.name}
    due.this_week = _week_stats(
        people, config, today, monday, due, (open_count, overdue_count), problems
    )
    return due


def _follow_ups(
    people: Sequence[Person],
    interactions: Iterable[Interaction],
    today: date,
    lookahead: int,
) -> tuple[list[FollowUp], int, int]:
    """Open tasks due within the look-ahead or overdue (and those with an impossible date), in
    person and interaction notes; plus the counts of all open dated tasks and overdue ones."""
    horizon = (today + timedelta(days=lookahead)).isoformat()
    iso_today = today.isoformat()
    found: list[FollowUp] = []
    open_count = overdue_count = 0
    notes: Iterable[tuple[list[Task], Person | None, Interaction | None]] = chain(
        ((p.tasks, p, None) for p in people), ((i.tasks, None, i) for i in interactions)
    )
    for tasks, person, interaction in notes:
        for task in tasks:
            if task.done:
                continue
            bad = None
            if task.due:
                # ISO strings compare like dates, and skip parsing the many far-off tasks
                open_count += 1
                overdue_count += task.due < iso_today
                if task.due > horizon:
                    continue
            else:
                bad = task.bad_due
                if bad is None:
                    continue
            if person is not None:
                path = person.path
                whose = partial(Whose, (person.name,), None)
            else:
                assert interaction is not None
                path = interaction.path
                whose = partial(_whose, task, interaction)
            due = date.fromisoformat(task.due) if task.due else None
            found.append(FollowUp(task.text, due, path, task.line, whose, bad))
    found.sort(key=lambda t: (t.due is not None, t.due or today, t.path, t.line))
    return found, open_count, overdue_count


def _named_in(task: Task, interaction: Interaction) -> tuple[str, ...]:
    return tuple(p.name for p in interaction.owners(task))


def _whose(task: Task, interaction: Interaction) -> Whose:
    return Whose(_named_in(task, interaction), interaction.title)


def _nearest_follow_up(person: Person, today: date, lookahead: int) -> FollowUp | None:
    """The person's open dated task that is a reason now, from their note and from interaction
    notes naming them: the most overdue, else the next within the look-ahead (a task due
    further out is not a reason yet). Computed only for people who are due."""
    horizon = (today + timedelta(days=lookahead)).isoformat()
    best: tuple[tuple[str, str, int], FollowUp] | None = None
    sources: list[tuple[str, list[Task], Interaction | None]] = [(person.path, person.tasks, None)]
    sources += [(i.path, i.tasks, i) for i in person.interactions]
    for path, tasks, interaction in sources:
        for task in tasks:
            if task.done or not task.due or task.due > horizon:
                continue
            due = date.fromisoformat(task.due)
            key = (task.due, path, task.line)  # the earliest: overdue before upcoming
            if best is not None and key >= best[0]:
                continue
            if interaction is None:
                names: tuple[str, ...] = (person.name,)
                source = None
            else:
                names = _named_in(task, interaction)
                if person.name not in names:
                    continue
                source = interaction.title
            item = FollowUp(task.text, due, path, task.line, partial(Whose, names, source))
            best = (key, item)
    return best[1] if best else None


def _detail_months(detail: str, today: date) -> set[str]:
    """How the months a detail names fall: "soon" (this month or next, of this or next year if
    a year is written), "past" (a month of a year gone by, or earlier this year), "other"."""
    found = set()
    this = today.year * 12 + today.month - 1
    for name, year in _MONTH_IN_TEXT.findall(detail):
        month = MONTHS.index(name)
        if year:
            at = int(year) * 12 + month
            found.add("soon" if at in (this, this + 1) else "past" if at < this else "other")
        else:
            found.add("soon" if month in (today.month - 1, today.month % 12) else "other")
    return found


def reason_to_reach_out(
    person: Person,
    today: date,
    follow_up: FollowUp | None = None,
    shares: Sequence[ShareItem] = (),
) -> Reason | None:
    """The due follow-up (overdue or within the look-ahead, see `_nearest_follow_up`), else a
    personal detail that names this month or next, else the first share-list item that fits
    them and was not shared with them yet, else another personal detail (one about a month gone
    by is not a reason), else what you can offer, else the latest contact; None when there is
    none."""
    if follow_up is not None and follow_up.due is not None:
        return Reason("follow_up", follow_up.text, follow_up.due)
    timely: list[str] = []
    current: list[str] = []
    for detail in person.details:
        when = _detail_months(detail, today)
        if "soon" in when:
            timely.append(detail)
        elif "past" not in when or "other" in when:
            current.append(detail)
    if timely:
        return Reason("detail", timely[0])
    fits = matches_for(person, shares) if shares else []
    if fits:
        return Reason("share", fits[0][0].title)
    if current:
        return Reason("detail", current[0])
    if person.offer:
        return Reason("offer", person.offer)
    past = next(contact.contacts(person, today), None)
    if past is not None:
        kind = f" {past.kind}" if past.kind else ""
        return Reason("last_contact", f"{past.date.isoformat()}{kind}: {past.text}", past.date)
    return None


def _week_stats(
    people: Sequence[Person],
    config: Config,
    today: date,
    monday: date,
    due: DueList,
    task_counts: tuple[int, int],
    problems: list[Problem],
) -> WeekStats:
    touched = []
    gives = asks = 0
    for p in people:
        if contact.contacted_since_known(p, monday) is None:
            continue  # no contact this week, so no favor either (most people, most weeks)
        touched.append(p.name)
        favors = contact.favor_counts(p, (monday, today))
        gives += favors.gives
        asks += favors.asks
    touched.sort(key=fold)
    errors = sum(1 for p in problems if p.severity == "error")
    return WeekStats(
        monday=monday,
        touched=tuple(touched),
        touches_goal=config.touches_per_week,
        reconnected=due.reconnect.reconnected,
        reconnect_target=len(due.reconnect.picks),
        gives=gives,
        asks=asks,
        core=sum(1 for p in people if p.circle == "core"),
        core_goal=config.core_size,
        open_follow_ups=task_counts[0],
        overdue_follow_ups=task_counts[1],
        errors=errors,
        warnings=len(problems) - errors,
    )
