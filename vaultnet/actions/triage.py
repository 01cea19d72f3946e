"""What `vaultnet triage` decides about: the people nobody has decided about yet, the most
promising first, and one decision each (a circle or a cadence), written at once through `set`'s
use case and undone by `back`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultnet.actions.facts import (
    Assignment,
    FactChange,
    PersonChanges,
    plan_changes,
    write_changes,
)
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

RECENT_DAYS = 365
"""A connection made within this many days counts as recent."""


def is_undecided(person: Person, today: date) -> bool:
    """No circle, no cadence (`never` is a cadence), not snoozed: nobody has decided yet."""
    if person.circle or person.fm.get("cadence") not in (None, ""):
        return False
    return person.snooze_until is None or person.snooze_until <= today


@dataclass(frozen=True)
class Candidate:
    """One person in the triage queue and why they come where they do."""

    person: Person
    reasons: tuple[str, ...]
    score: int


def _candidate(
    person: Person, today: date, core_companies: dict[str, str], core_groups: dict[str, str]
) -> Candidate:
    reasons: list[str] = []
    score = 0
    if person.last_contact is not None or person.log:
        reasons.append("some history")
        score += 8
    company = fold(person.company)
    shared = next((fold(g) for g in person.groups if fold(g) in core_groups), None)
    if company and company in core_companies:
        reasons.append(f"same company as {core_companies[company]} (core)")
        score += 4
    elif shared is not None:
        reasons.append(f"same group as {core_groups[shared]} (core)")
        score += 4
    if person.connected is not None and 0 <= (today - person.connected).days <= RECENT_DAYS:
        reasons.append(f"connected {person.connected.isoformat()}")
        score += 2
    if person.email:
        reasons.append("has an email")
        score += 1
    return Candidate(person, tuple(reasons), score)


def triage_queue(vault: Vault, people: Sequence[Person] | None = None) -> list[Candidate]:
    """The undecided among `people` (default: everyone), most promising first: some history,
    then the same company or group as a core person, then a recent connection, then an email;
    within a score, the latest connection first, then by name."""
    core = sorted((p for p in vault.people if p.circle == "core"), key=lambda p: fold(p.name))
    core_companies: dict[str, str] = {}
    core_groups: dict[str, str] = {}
    for person in core:
        if person.company:
            core_companies.setdefault(fold(person.company), person.name)
        for group in person.groups:
            core_groups.setdefault(fold(group), person.name)
    chosen = vault.people if people is None else people
    queue = [
        _candidate(p, vault.today, core_companies, core_groups)
        for p in chosen
        if is_undecided(p, vault.today)
    ]
    queue.sort(
        key=lambda c: (
            -c.score,
            -(c.person.connected.toordinal() if c.person.connected else 0),
            fold(c.person.name),
        )
    )
    return queue


@dataclass(frozen=True)
class Choice:
    """A decision triage offers: the key pressed, what it says, the fact it sets."""

    key: str
    label: str
    fact: str
    value: str


CADENCE_PRESETS = (("m", "monthly", "1m"), ("q", "quarterly", "3m"), ("y", "yearly", "1y"))


def choices(circles: Sequence[str]) -> list[Choice]:
    """core, the cadence presets, the other circles of the config (keys 1-9), never."""
    offered = [Choice("c", "core", "circle", "core")]
    offered += [Choice(k, label, "cadence", value) for k, label, value in CADENCE_PRESETS]
    others = sorted(c for c in circles if c != "core")[:9]
    offered += [Choice(str(i), c, "circle", c) for i, c in enumerate(others, 1)]
    offered.append(Choice("n", "never", "cadence", "never"))
    return offered


@dataclass(frozen=True)
class Decision:
    """A decision as written: who, which choice, and the value the key held before (for back)."""

    person: Person
    choice: Choice
    old: Any


def decide(vault: Vault, person: Person, choice: Choice) -> Decision:
    """Write `choice` into the person's note now (surgically, through the editor)."""
    planned = plan_changes(person, [Assignment(choice.fact, "=", choice.value)])
    write_changes(vault, [planned])
    return Decision(person, choice, person.fm.get(choice.fact))


def undo(vault: Vault, decision: Decision) -> None:
    """Put back what the decided key held before (`back`)."""
    change = FactChange(decision.choice.fact, decision.choice.value, decision.old)
    write_changes(vault, [PersonChanges(decision.person, [change])])


@dataclass
class Progress:
    """`34 of 612 decided, core 41 of 100`."""

    people: int
    decided: int
    core: int
    core_goal: int

    def line(self) -> str:
        return f"{self.decided} of {self.people} decided, core {self.core} of {self.core_goal}"


def progress(vault: Vault) -> Progress:
    today = vault.today
    undecided = sum(1 for p in vault.people if is_undecided(p, today))
    core = sum(1 for p in vault.people if p.circle == "core")
    return Progress(len(vault.people), len(vault.people) - undecided, core, vault.config.core_size)
