"""What `vaultnet triage` decides about: the people nobody has decided about yet, the most
promising first, and one decision each (a circle or a cadence), written at once through `set`'s
use case and undone by `back`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vaultnet.actions.facts import (
    Assignment,
    FactChange,
    PersonChanges,
    plan_changes,
    write_changes,
)
from vaultnet.due.promise import Promise, Prospects, is_undecided

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

Candidate = Promise
"""One person in the triage queue and why they come where they do."""


def triage_queue(vault: Vault, people: Sequence[Person] | None = None) -> list[Candidate]:
    """The undecided among `people` (default: everyone), most promising first (see
    `vaultnet.due.promise`)."""
    chosen = vault.people if people is None else people
    undecided = [p for p in chosen if is_undecided(p, vault.today)]
    return Prospects(vault.people, vault.today).ranked(undecided)


@dataclass(frozen=True)
class Choice:
    """A decision triage offers: the key pressed, what it says, the fact it sets."""

    key: str
    label: str
    fact: str
    value: str


def choices(config: Config) -> list[Choice]:
    """core, the cadence presets of the config (`[triage]`), its other circles (keys 1-9),
    never."""
    offered = [Choice("c", "core", "circle", "core")]
    offered += [Choice(k, label, "cadence", value) for k, label, value in config.cadence_presets]
    others = sorted(c for c in config.circle_cadence if c != "core")[:9]
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
