"""Who is due today and why: the due list as a pure function of the people, the config and today.

No I/O: `schedule(people, config, today)` returns a `DueList` of plain dataclasses that
`vaultnet.due.render` renders as Due.md or JSON. Every pass is linear in people plus tasks.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from vaultnet.network.cadence import effective_cadence, next_due
from vaultnet.text.dates import next_birthday
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.errors import Problem
    from vaultnet.network.model import HistoryItem, Interaction, Person
    from vaultnet.network.vault import Vault
    from vaultnet.notes.parse import Task

PENDING_AFTER = 7
"""Days a `stage: pending` person may stay silent before the pipeline says to nudge them."""

NOT_MET = ("want", "pending")
KNOWS = "knows them"

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_IMPOSSIBLE = re.compile(r"^impossible date (\S+)$")


# The due list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why to reach out now: a follow-up, a personal detail, what you can offer, or the last log."""

    kind: str  # "follow_up", "detail", "offer", "last_contact"
    text: str
    due: date | None = None


@dataclass(frozen=True)
class FollowUp:
    """An open dated task, overdue or within the look-ahead, from a person or interaction note."""

    text: str
    due: date | None  # None only when the written date is impossible (see bad_date)
    path: str
    line: int
    people: tuple[str, ...]  # the people it is for (link targets); empty if none resolve
    source: str | None  # the interaction note's title, None for a task in a person note
    bad_date: str | None = None


@dataclass(frozen=True)
class ReachOut:
    """A person due by cadence."""

    name: str
    path: str
    last_contact: date | None
    cadence_days: int
    reason: Reason | None


@dataclass(frozen=True)
class ReconnectPick:
    """One of this week's reconnects: someone silent for `dormant_after` as of the week's Monday."""

    name: str
    path: str
    tier: str  # "core", "known" (some contact on record), "new" (never contacted)
    last_contact: date | None  # the last contact before this week
    contacted_on: date | None  # the latest contact this week, once you reconnected
    reason: Reason | None


@dataclass
class Reconnect:
    picks: list[ReconnectPick]
    target: int  # per_week
    candidates: int  # how many people were dormant and eligible

    @property
    def done(self) -> int:
        return sum(1 for p in self.picks if p.contacted_on is not None)


@dataclass(frozen=True)
class Introducer:
    name: str
    via: str  # KNOWS (a knows/introduced_by link either way), "same company, Acme", a group name


@dataclass(frozen=True)
class WantToMeet:
    name: str
    path: str
    introducers: tuple[Introducer, ...]
    ask: str


@dataclass(frozen=True)
class Waiting:
    """A `stage: pending` person: you reached out and are waiting to hear back."""

    name: str
    path: str
    last_outreach: date | None
    days_waiting: int | None


@dataclass(frozen=True)
class DateItem:
    """A birthday within the look-ahead."""

    name: str
    path: str
    on: date
    age: int | None  # the age they turn, when the birth year is known
    done_on: date | None  # a log line mentioning the birthday, once you wished them


@dataclass(frozen=True)
class FavorFlag:
    """Someone you keep asking and never give to, or have an ask for and no offer."""

    name: str
    path: str
    asks: int
    gives: int
    ask: str
    offer: str

    @property
    def asks_without_gives(self) -> bool:
        return self.asks > 0 and self.gives == 0


@dataclass(frozen=True)
class WeekStats:
    monday: date
    touched: tuple[str, ...]  # people with a contact dated this week, by name
    touches_goal: int
    reconnected: int
    reconnect_target: int
    gives: int
    asks: int
    core: int
    core_goal: int
    open_follow_ups: int  # every open dated task
    overdue_follow_ups: int
    errors: int
    warnings: int


@dataclass
class DueList:
    today: date
    follow_ups: list[FollowUp] = field(default_factory=list)
    reconnect: Reconnect = field(default_factory=lambda: Reconnect([], 0, 0))
    due_by_cadence: list[ReachOut] = field(default_factory=list)
    want_to_meet: list[WantToMeet] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    dates: list[DateItem] = field(default_factory=list)
    favor: list[FavorFlag] = field(default_factory=list)
    this_week: WeekStats | None = None
    display_names: dict[str, str] = field(default_factory=dict)  # name -> `name:`, where it differs

    @property
    def week(self) -> str:
        """The ISO week, e.g. `2026-W47`."""
        year, week, _ = self.today.isocalendar()
        return f"{year}-W{week:02d}"


# Scheduling -----------------------------------------------------------------------------------


def schedule_vault(vault: Vault) -> DueList:
    """The due list of an opened vault."""
    return schedule(
        vault.people,
        vault.config,
        vault.today,
        interactions=vault.interactions,
        problems=vault.problems,
    )


def schedule(
    people: Sequence[Person],
    config: Config,
    today: date,
    *,
    interactions: Iterable[Interaction] = (),
    problems: Iterable[Problem] = (),
) -> DueList:
    """The due list for `today`. `interactions` supply the follow-ups written in meeting notes;
    `problems` are the vault's, counted in the week's stats (and an impossible follow-up date
    found among them is listed, not dropped)."""
    problems = list(problems)
    monday = today - timedelta(days=today.weekday())
    follow_ups, open_count, overdue_count = _follow_ups(
        people, interactions, problems, today, config.followups_lookahead
    )

    def reason(person: Person) -> Reason | None:
        return reason_to_reach_out(person, today, _nearest_follow_up(person, today))

    # `cadence: never` opts out of every reminder: reconnects, the pipeline, dates, favors.
    active = [p for p in people if not p.never]
    reconnect = _reconnect(active, config, today, monday, reason)
    picked = {p.path for p in reconnect.picks}
    due = DueList(
        today=today,
        follow_ups=follow_ups,
        reconnect=reconnect,
        due_by_cadence=_due_by_cadence(active, config, today, picked, reason),
        want_to_meet=_want_to_meet(people, active, today),
        waiting=_waiting(active, today),
        dates=_birthdays(active, config, today),
        favor=_favor(active),
    )
    due.display_names = {p.name: p.display_name for p in people if p.display_name != p.name}
    due.this_week = _week_stats(
        people, config, today, monday, due, (open_count, overdue_count), problems
    )
    return due


def _follow_ups(
    people: Sequence[Person],
    interactions: Iterable[Interaction],
    problems: list[Problem],
    today: date,
    lookahead: int,
) -> tuple[list[FollowUp], int, int]:
    """Open tasks due within the look-ahead or overdue (and those with an impossible date), in
    person and interaction notes; plus the counts of all open dated tasks and overdue ones."""
    impossible = {}
    for p in problems:
        m = _IMPOSSIBLE.match(p.message)
        if m:
            impossible[(p.path, p.line)] = m[1]
    horizon = (today + timedelta(days=lookahead)).isoformat()
    iso_today = today.isoformat()
    found: list[FollowUp] = []
    open_count = overdue_count = 0
    notes: list[tuple[str, list[Task], Person | None, Interaction | None]] = [
        (p.path, p.tasks, p, None) for p in people
    ]
    notes += [(i.path, i.tasks, None, i) for i in interactions]
    for path, tasks, person, interaction in notes:
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
                bad = impossible.get((path, task.line))
                if bad is None:
                    continue
            if person is not None:
                names: tuple[str, ...] = (person.name,)
                source = None
            else:
                assert interaction is not None
                names = _named_in(task, interaction)
                source = interaction.title
            due = date.fromisoformat(task.due) if task.due else None
            found.append(FollowUp(task.text, due, path, task.line, names, source, bad))
    found.sort(key=lambda t: (t.due is not None, t.due or today, t.path, t.line))
    return found, open_count, overdue_count


def _named_in(task: Task, interaction: Interaction) -> tuple[str, ...]:
    return tuple(p.name for p in interaction.owners(task))


def _nearest_follow_up(person: Person, today: date) -> FollowUp | None:
    """The person's open dated task closest to today (the earlier one on a tie), from their
    note and from interaction notes naming them: computed only for people who are due."""
    best: tuple[tuple[int, str, str, int], FollowUp] | None = None
    sources: list[tuple[str, list[Task], Interaction | None]] = [(person.path, person.tasks, None)]
    sources += [(i.path, i.tasks, i) for i in person.interactions]
    for path, tasks, interaction in sources:
        for task in tasks:
            if task.done or not task.due:
                continue
            due = date.fromisoformat(task.due)
            key = (abs((due - today).days), task.due, path, task.line)
            if best is not None and key >= best[0]:
                continue
            if interaction is None:
                item = FollowUp(task.text, due, path, task.line, (person.name,), None)
            else:
                names = _named_in(task, interaction)
                if person.name not in names:
                    continue
                item = FollowUp(task.text, due, path, task.line, names, interaction.title)
            best = (key, item)
    return best[1] if best else None


def reason_to_reach_out(
    person: Person, today: date, follow_up: FollowUp | None = None
) -> Reason | None:
    """The nearest dated follow-up, else a personal detail (one that names this month or next
    first), else what you can offer, else the latest contact; None when the note has none."""
    if follow_up is not None and follow_up.due is not None:
        return Reason("follow_up", follow_up.text, follow_up.due)
    if person.details:
        soon = {_MONTHS[today.month - 1], _MONTHS[today.month % 12]}
        timely = [d for d in person.details if soon & set(re.findall(r"[a-z]+", d.lower()))]
        return Reason("detail", (timely or person.details)[0])
    if person.offer:
        return Reason("offer", person.offer)
    past = next((h for h in person.history if h.date <= today), None)
    if past is not None:
        kind = f" {past.kind}" if past.kind else ""
        return Reason("last_contact", f"{past.date.isoformat()}{kind}: {past.text}", past.date)
    return None


def _last_contact_before(person: Person, day: date) -> date | None:
    """The latest contact dated before `day` (history is newest first, so this stops early)."""
    found = next((h.date for h in person.history if h.date < day), None)
    field_date = person.last_contact_field
    if field_date is not None and field_date < day and (found is None or field_date > found):
        found = field_date
    return found


def _week_rank(week: str, name: str) -> str:
    """A stable pseudo-random rank for a person in a week: picks rotate weekly, with no state."""
    return hashlib.sha1(f"{week}\0{name}".encode()).hexdigest()


def _reconnect(
    people: Sequence[Person], config: Config, today: date, monday: date, reason: _ReasonFn
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
        before = _last_contact_before(person, monday)
        if before is not None and (monday - before).days < config.dormant_after:
            continue
        if person.circle == "core":
            tier, label = 0, "core"
        elif person.history or person.last_contact_field is not None:
            tier, label = 1, "known"
        else:
            tier, label = 2, "new"
        tiers.append((tier, _week_rank(week, person.name), person, label, before))
    chosen = heapq.nsmallest(config.per_week, tiers, key=lambda t: (t[0], t[1]))
    picks = []
    for _, _, person, label, before in chosen:
        last = person.last_contact
        contacted = last if last is not None and monday <= last <= today else None
        picks.append(
            ReconnectPick(person.name, person.path, label, before, contacted, reason(person))
        )
    return Reconnect(picks, config.per_week, len(tiers))


def _due_by_cadence(
    people: Sequence[Person], config: Config, today: date, picked: set[str], reason: _ReasonFn
) -> list[ReachOut]:
    """People due by cadence who are not this week's reconnect picks, most overdue relative to
    their cadence first; people with a cadence and no contact at all come last."""
    ranked: list[tuple[tuple[int, float, int, str], ReachOut]] = []
    for person in people:
        if person.path in picked:
            continue
        due = next_due(person, config, today)
        if due is None or due > today:
            continue
        cadence = effective_cadence(person, config)
        assert cadence is not None  # next_due is None without one
        last = person.last_contact
        item = ReachOut(person.name, person.path, last, cadence, reason(person))
        if last is None:
            key = (1, 0.0, 0, fold(person.name))
        else:
            since = (today - last).days
            # a correctly rounded quotient: equal ratios give equal floats on every machine
            key = (0, -since / cadence, -(since - cadence), fold(person.name))
        ranked.append((key, item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked]


def _want_to_meet(
    people: Sequence[Person], active: Sequence[Person], today: date
) -> list[WantToMeet]:
    """`stage: want` people, each with who you know that could introduce you: a link either way
    (`knows`, `introduced_by`), the same company, a shared group. Indexes first, so this stays
    linear however many people there are."""
    wanted = [
        p
        for p in active
        if p.stage == "want" and not (p.snooze_until is not None and p.snooze_until > today)
    ]
    if not wanted:
        return []
    known = [p for p in people if p.stage not in NOT_MET]
    by_key = {fold(p.name): p for p in known}
    for p in known:
        for alias in p.aliases:
            by_key.setdefault(fold(alias), p)
    wanted_keys: dict[str, Person] = {}
    for p in wanted:
        for key in (fold(p.name), *(fold(a) for a in p.aliases)):
            wanted_keys.setdefault(key, p)
    # links pointing at a wanted person from someone you know
    links_to: dict[str, list[Person]] = defaultdict(list)
    by_company: dict[str, list[Person]] = defaultdict(list)
    by_group: dict[str, list[Person]] = defaultdict(list)
    for p in known:
        for target in (*p.knows, *p.introduced_by):
            w = wanted_keys.get(fold(target))
            if w is not None:
                links_to[w.path].append(p)
        if p.company:
            by_company[fold(p.company)].append(p)
        for group in p.groups:
            by_group[fold(group)].append(p)
    found = []
    for w in wanted:
        linked = [by_key.get(fold(t)) for t in (*w.knows, *w.introduced_by)]
        candidates = [
            (person, KNOWS)
            for person in sorted(
                [p for p in linked if p is not None] + links_to.get(w.path, []),
                key=lambda p: fold(p.name),
            )
        ]
        if w.company:
            candidates += [
                (person, f"same company, {w.company}")
                for person in by_company.get(fold(w.company), [])
            ]
        for group in w.groups:
            candidates += [(person, group) for person in by_group.get(fold(group), [])]
        intro: dict[str, Introducer] = {}
        for person, via in candidates:
            if person.path != w.path and person.name not in intro:
                intro[person.name] = Introducer(person.name, via)
        ordered = sorted(intro.values(), key=lambda i: (_via_rank(i.via), fold(i.name)))
        found.append(WantToMeet(w.name, w.path, tuple(ordered), w.ask))
    return found


def _via_rank(via: str) -> int:
    if via == KNOWS:
        return 0
    if via.startswith("same company"):
        return 1
    return 2


def _waiting(people: Sequence[Person], today: date) -> list[Waiting]:
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


def _birthdays(people: Sequence[Person], config: Config, today: date) -> list[DateItem]:
    """Birthdays within the dates look-ahead, of people you have met and did not opt out."""
    found = []
    horizon = today + timedelta(days=config.dates_lookahead)
    for p in people:
        birthday = p.birthday
        if birthday is None or p.stage in NOT_MET:
            continue
        year, month, day = birthday
        on = next_birthday(month, day, today)
        if on > horizon:
            continue
        if p.snooze_until is not None and p.snooze_until > on:
            continue
        window = on - timedelta(days=config.dates_lookahead)
        done_on = next(
            (
                h.date
                for h in p.history
                if window <= h.date <= today and "birthday" in h.text.lower()
            ),
            None,
        )
        age = on.year - year if year is not None else None
        found.append(DateItem(p.name, p.path, on, age, done_on))
    found.sort(key=lambda d: (d.on, fold(d.name)))
    return found


def _favor(people: Sequence[Person]) -> list[FavorFlag]:
    """People you asked favors of and never gave to (most asks first), then people with an
    `ask` but no `offer` on file."""
    flags = []
    for p in people:
        asks = gives = 0
        for h in p.history:
            asks += "ask" in h.tags
            gives += "give" in h.tags
        if (asks > 0 and gives == 0) or (p.ask and not p.offer):
            flags.append(FavorFlag(p.name, p.path, asks, gives, p.ask, p.offer))
    flags.sort(key=lambda f: (not f.asks_without_gives, -f.asks, fold(f.name)))
    return flags


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
        this_week = [h for h in _takewhile_since(p, monday) if h.date <= today]
        field_date = p.last_contact_field
        if this_week or (field_date is not None and monday <= field_date <= today):
            touched.append(p.name)
        for h in this_week:
            gives += "give" in h.tags
            asks += "ask" in h.tags
    touched.sort(key=fold)
    errors = sum(1 for p in problems if p.severity == "error")
    return WeekStats(
        monday=monday,
        touched=tuple(touched),
        touches_goal=config.touches_per_week,
        reconnected=due.reconnect.done,
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


def _takewhile_since(person: Person, monday: date) -> list[HistoryItem]:
    out = []
    for h in person.history:  # newest first
        if h.date < monday:
            break
        out.append(h)
    return out


if TYPE_CHECKING:
    from collections.abc import Callable

    _ReasonFn = Callable[[Person], Reason | None]
