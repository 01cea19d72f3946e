"""The network in numbers: people by circle, stage and status; contacts per month; the dormant
share; favors; follow-ups; the top connectors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.insights.connectors import Connector, top_connectors
from vaultnet.insights.network import met

if TYPE_CHECKING:
    from vaultnet.network.vault import Vault

NONE = "(none)"


@dataclass
class Stats:
    people: int
    interactions: int
    groups: int
    by_circle: list[tuple[str, int]]
    by_stage: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    contacts_per_month: list[tuple[str, int]]  # ("2026-11", contacts), the last 12 months
    met: int
    dormant: int  # met, and no contact within `dormant_after` (or none at all)
    dormant_after: int
    gives: int
    asks: int
    open_follow_ups: int  # open tasks with a due date
    overdue_follow_ups: int
    open_loops: int  # open tasks without a date
    done_tasks: int
    connectors: list[Connector] = field(default_factory=list)

    @property
    def dormant_share(self) -> float:
        return self.dormant / self.met if self.met else 0.0


def _counted(counter: Counter[str]) -> list[tuple[str, int]]:
    """Most first, then by name; the unset value last."""
    return sorted(counter.items(), key=lambda kv: (kv[0] == NONE, -kv[1], kv[0]))


def months_back(today: date, count: int) -> list[str]:
    """The last `count` months up to today's, oldest first, as `YYYY-MM`."""
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def network_stats(vault: Vault, months: int = 12) -> Stats:
    today = vault.today
    people = vault.people
    wanted = months_back(today, months)
    first = wanted[0] + "-01"
    per_month: Counter[str] = Counter()
    dormant = 0
    met_count = 0
    # the contacts in the people's histories, counted without building them: each log line
    # (the note's cached dates), and each interaction once for each person it names
    until = today.isoformat()
    for person in people:
        for day in person.note.summary.log_dates:
            if first <= day <= until:
                per_month[day[:7]] += 1
    # and the favors: Person.gives and .asks (contact.favor_counts) summed the same way, each
    # meeting's tags once for each person it names
    gives = sum(p.note.summary.gives for p in people)
    asks = sum(p.note.summary.asks for p in people)
    for interaction in vault.interactions:
        named = len(interaction.people)
        item = interaction.history_item  # None for an undated meeting or a draft
        if not named or item is None:
            continue
        tags = interaction.tags
        gives += named * ("give" in tags)
        asks += named * ("ask" in tags)
        day = item.date.isoformat()
        if first <= day <= until:
            per_month[day[:7]] += named
    for person in people:
        if met(person):
            met_count += 1
            last = person.last_contact
            if last is None or (today - last).days > vault.config.dormant_after:
                dormant += 1
    tasks = [t for p in people for t in p.tasks]
    tasks.extend(t for i in vault.interactions for t in i.tasks)
    open_dated = [t for t in tasks if not t.done and t.due]
    return Stats(
        people=len(people),
        interactions=len(vault.interactions),
        groups=len(vault.groups),
        by_circle=_counted(Counter(p.circle or NONE for p in people)),
        by_stage=_counted(Counter(p.stage for p in people)),
        by_status=_counted(Counter(p.status or NONE for p in people)),
        contacts_per_month=[(m, per_month[m]) for m in wanted],
        met=met_count,
        dormant=dormant,
        dormant_after=vault.config.dormant_after,
        gives=gives,
        asks=asks,
        open_follow_ups=len(open_dated),
        overdue_follow_ups=sum(1 for t in open_dated if (t.due or "") < today.isoformat()),
        open_loops=sum(1 for t in tasks if not t.done and not t.due),
        done_tasks=sum(1 for t in tasks if t.done),
        connectors=top_connectors(vault),
    )
