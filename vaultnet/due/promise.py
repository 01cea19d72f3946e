"""Who is undecided, and who is the most promising to look at first: one rule for `triage`'s
queue, the due list's first contacts and its "Start here" section.

Most promising: some history (a contact or a log line on record), then the same company or a
group of a core person, then a recent connection, then an email; within a score the latest
connection first, then by name.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.due.items import StartHere
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person

RECENT_DAYS = 365
"""A connection made within this many days counts as recent."""

LITTLE_HISTORY = 0.1
"""A vault whose people have a contact on record for at most this share of them is new."""

SUGGESTIONS = 3


def is_undecided(person: Person, today: date) -> bool:
    """No circle, no cadence (`never` is a cadence), not snoozed: nobody has decided yet."""
    if person.circle or person.fm.get("cadence") not in (None, ""):
        return False
    return person.snooze_until is None or person.snooze_until <= today


@dataclass(frozen=True)
class Promise:
    """How promising a person is and why: the score orders, the reasons are shown."""

    person: Person
    reasons: tuple[str, ...]
    score: int

    def sort_key(self) -> tuple[int, int, str]:
        connected = self.person.connected
        return (-self.score, -(connected.toordinal() if connected else 0), fold(self.person.name))


class Prospects:
    """Scores people against the core circle's companies and groups (worked out once)."""

    def __init__(self, people: Iterable[Person], today: date) -> None:
        self.today = today
        self.core_companies: dict[str, str] = {}
        self.core_groups: dict[str, str] = {}
        core = sorted((p for p in people if p.circle == "core"), key=lambda p: fold(p.name))
        self.has_core = bool(core)
        for person in core:
            if person.company:
                self.core_companies.setdefault(fold(person.company), person.name)
            for group in person.groups:
                self.core_groups.setdefault(fold(group), person.name)

    def promise(self, person: Person) -> Promise:
        reasons: list[str] = []
        score = 0
        # log lines (a plan is one): their dates are in the note's summary, cheaper than the log
        if person.last_contact is not None or person.note.summary.log_dates:
            reasons.append("some history")
            score += 8
        company = fold(person.company)
        shared = next((fold(g) for g in person.groups if fold(g) in self.core_groups), None)
        if company and company in self.core_companies:
            reasons.append(f"same company as {self.core_companies[company]} (core)")
            score += 4
        elif shared is not None:
            reasons.append(f"same group as {self.core_groups[shared]} (core)")
            score += 4
        connected = person.connected
        if connected is not None and 0 <= (self.today - connected).days <= RECENT_DAYS:
            reasons.append(f"connected {connected.isoformat()}")
            score += 2
        if person.email:
            reasons.append("has an email")
            score += 1
        return Promise(person, tuple(reasons), score)

    def ranked(self, people: Sequence[Person]) -> list[Promise]:
        """`people` scored, the most promising first."""
        found = [self.promise(p) for p in people]
        found.sort(key=Promise.sort_key)
        return found


def start_here(people: Sequence[Person], today: date, prospects: Prospects) -> StartHere | None:
    """The "Start here" facts of a new vault: people, but no core circle yet and little
    history (a contact on record for at most LITTLE_HISTORY of them); None otherwise."""
    if not people or prospects.has_core:
        return None
    known = sum(1 for p in people if p.last_contact is not None)
    if known > LITTLE_HISTORY * len(people):
        return None
    undecided = [p for p in people if is_undecided(p, today)]
    best = heapq.nsmallest(
        SUGGESTIONS, (prospects.promise(p) for p in undecided), key=Promise.sort_key
    )
    return StartHere(len(people), len(people) - len(undecided), tuple(p.person.name for p in best))
