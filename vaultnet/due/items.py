"""The due list's items: plain frozen dataclasses that `vaultnet.due.schedule` computes and
`vaultnet.due.render` renders as Due.md or JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultnet.text.dates import iso_week

if TYPE_CHECKING:
    from vaultnet.due.firsts import FirstsState
    from vaultnet.network.model import Person

PENDING_AFTER = 7
"""Days a `stage: pending` person may stay silent before the pipeline says to nudge them."""

NOT_MET = ("want", "pending")
KNOWS = "knows them"


@dataclass(frozen=True)
class Reason:
    """Why to reach out now: a follow-up, a personal detail, an item of the share list, what you
    can offer, or the last log."""

    kind: str  # "follow_up", "detail", "share", "offer", "last_contact"
    text: str
    due: date | None = None


class Whose(NamedTuple):
    """Whom a follow-up is for, and where it was written."""

    people: tuple[str, ...]  # the people it is for (link targets); empty if none resolve
    source: str | None  # the interaction note's title, None for a task in a person note


@dataclass(frozen=True)
class FollowUp:
    """An open dated task, overdue or within the look-ahead, from a person or interaction note.
    Whom it is for is worked out when first read (`whose`): a meeting's task names one of the
    people in it, and a large vault has thousands of follow-ups while Due.md shows 25."""

    text: str
    due: date | None  # None only when the written date is impossible (see bad_date)
    path: str
    line: int
    whose: Callable[[], Whose] = field(repr=False, compare=False)
    bad_date: str | None = None

    @cached_property
    def _whose(self) -> Whose:
        return self.whose()

    @property
    def people(self) -> tuple[str, ...]:
        return self._whose.people

    @property
    def source(self) -> str | None:
        return self._whose.source


@dataclass(frozen=True)
class Who:
    """Who a person is, as the due list says it: their work and how you know them."""

    company: str = ""
    role: str = ""
    connected: date | None = None  # `connected:`, as LinkedIn exports it
    introduced_by: tuple[str, ...] = ()

    @classmethod
    def of(cls, person: Person) -> Who:
        return cls(person.company, person.role, person.connected, tuple(person.introduced_by))


@dataclass(frozen=True)
class ReachOut:
    """A person due by cadence. Why to reach out and who they are are worked out when first read
    (`why`, `about`): a large vault has thousands due, Due.md shows 25 of them, `--json` all."""

    name: str
    path: str
    last_contact: date | None
    cadence_days: int
    why: Callable[[], Reason | None] = field(repr=False, compare=False)
    about: Callable[[], Who] = field(default=Who, repr=False, compare=False)

    @cached_property
    def reason(self) -> Reason | None:
        return self.why()

    @cached_property
    def who(self) -> Who:
        return self.about()


@dataclass(frozen=True)
class StartHere:
    """A new vault's first steps: people, how many are decided, whom to look at first."""

    people: int
    decided: int
    suggestions: tuple[str, ...]  # names, the most promising undecided first


@dataclass(frozen=True)
class GroupDue:
    """A group or event series due by its own cadence: attend, or check in with it."""

    name: str
    path: str
    last_attended: date | None
    cadence_days: int
    members: int


@dataclass(frozen=True)
class ReconnectPick:
    """One of this week's reconnects: someone silent for `dormant_after` as of the week's Monday."""

    name: str
    path: str
    tier: str  # "core", "known" (some contact on record), "new" (never contacted)
    last_contact: date | None  # the last contact before this week
    contacted_on: date | None  # the latest contact this week, once you reconnected
    reason: Reason | None
    who: Who = Who()


@dataclass
class Reconnect:
    picks: list[ReconnectPick]
    target: int  # per_week
    candidates: int  # how many people were dormant and eligible when the week's picks were made
    reconnected: int = 0  # people dormant on Monday (with a contact before) contacted since

    @property
    def done(self) -> int:
        """Picks contacted this week."""
        return sum(1 for p in self.picks if p.contacted_on is not None)


@dataclass(frozen=True)
class StoredPick:
    path: str
    name: str
    tier: str  # "core", "known", "new"
    before: str | None  # ISO: the last contact before the week, as known when it was chosen


@dataclass
class WeekState:
    """What a week's reconnects were decided from, kept for the rest of the week."""

    week: str  # "2026-W47"
    picks: list[StoredPick] = field(default_factory=list)
    dormant: list[str] = field(default_factory=list)  # paths: dormant on Monday, contact on record
    candidates: int = 0
    rotation: dict[str, str] = field(default_factory=dict)  # path -> the last week it was picked
    counted: list[str] = field(default_factory=list)  # paths reconnected this week, so far

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "picks": [[p.path, p.name, p.tier, p.before] for p in self.picks],
            "dormant": sorted(self.dormant),
            "candidates": self.candidates,
            "rotation": dict(sorted(self.rotation.items())),
            "counted": sorted(self.counted),
        }

    @classmethod
    def from_json(cls, data: Any) -> WeekState | None:
        """The state a `to_json` value holds; None for anything else (it is then rebuilt)."""
        try:
            picks = [
                StoredPick(str(path), str(name), str(tier), before)
                for path, name, tier, before in data["picks"]
                if before is None or date.fromisoformat(before)
            ]
            return cls(
                week=str(data["week"]),
                picks=picks,
                dormant=[str(p) for p in data["dormant"]],
                candidates=int(data["candidates"]),
                rotation={str(k): str(v) for k, v in dict(data["rotation"]).items()},
                counted=[str(p) for p in data.get("counted", [])],
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


@dataclass(frozen=True)
class Introducer:
    name: str
    via: str  # KNOWS (a knows/introduced_by link either way), "same company, Acme", a group name


@dataclass(frozen=True)
class WantToMeet:
    """A `stage: want` person. Who could introduce you is worked out when first read
    (`find_introducers`): hundreds may share a company with them, and Due.md shows three."""

    name: str
    path: str
    ask: str
    find_introducers: Callable[[], tuple[Introducer, ...]] = field(repr=False, compare=False)

    @cached_property
    def introducers(self) -> tuple[Introducer, ...]:
        return self.find_introducers()


@dataclass(frozen=True)
class Waiting:
    """A `stage: pending` person: you reached out and are waiting to hear back."""

    name: str
    path: str
    last_outreach: date | None
    days_waiting: int | None


@dataclass(frozen=True)
class DateItem:
    """A birthday, or another yearly date of `[dates] keys` (an anniversary), within the
    look-ahead."""

    name: str
    path: str
    on: date
    age: int | None  # the age they turn (the years it marks), when the year is known
    done_on: date | None  # a contact mentioning it ("birthday", "anniversary"), once wished
    kind: str = "birthday"  # the frontmatter key

    @property
    def word(self) -> str:
        """What a contact that wishes them mentions: `work_anniversary` -> "anniversary"."""
        return word_of(self.kind)


def word_of(key: str) -> str:
    return key.replace("-", "_").split("_")[-1].lower()


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
    first_contacts_queued: int = 0  # never-contacted people due by cadence left for other days
    first_contacts_per_day: int = 0
    start_here: StartHere | None = None
    groups: list[GroupDue] = field(default_factory=list)
    want_to_meet: list[WantToMeet] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    dates: list[DateItem] = field(default_factory=list)
    favor: list[FavorFlag] = field(default_factory=list)
    this_week: WeekStats | None = None
    display_names: dict[str, str] = field(default_factory=dict)  # name -> `name:`, where it differs
    week_state: WeekState | None = None  # the week's reconnect state, to keep (due.week)
    firsts_state: FirstsState | None = None  # the day's first contacts, to keep (due.firsts)

    @property
    def week(self) -> str:
        """The ISO week, e.g. `2026-W47`."""
        return iso_week(self.today)


ReasonFn = Callable[["Person"], Reason | None]
"""Why to reach out to a person now (the due list computes it for the people it lists)."""
