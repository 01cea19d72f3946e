"""What the insights share: contacts in a span of days, relationship strength, and the links
between people (`knows`, `introduced_by`, shared interaction notes, log lines that link them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.network import contact
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import HistoryItem, Person
    from vaultnet.network.vault import Vault

NOT_MET = ("want", "pending")


def met(person: Person) -> bool:
    """Someone you have met: not `stage: want` or `stage: pending`."""
    return person.stage not in NOT_MET


def contacts_between(person: Person, start: date, end: date, today: date) -> list[HistoryItem]:
    """The person's contacts (see `vaultnet.network.contact`) dated from `start` to `end`, both
    included, newest first."""
    found = []
    for item in contact.contacts(person, min(end, today)):  # newest first
        if item.date < start:
            break
        found.append(item)
    return found


def contacted_between(person: Person, start: date, end: date, today: date) -> bool:
    """Whether there was any contact from `start` to `end`, the `last_contact:` field included."""
    last = last_contact_on(person, min(end, today))
    return last is not None and last >= start


def last_contact_on(person: Person, day: date) -> date | None:
    """The latest contact on or before `day`: the last contact as known that evening."""
    if person.last_contact is not None and person.last_contact <= day:
        return person.last_contact  # the common case: nothing since
    return contact.last_contact(person, day)


@dataclass(frozen=True)
class Strength:
    """How warm a relationship is: recency and frequency of contact, and the favor balance."""

    score: int
    last_contact: date | None
    contacts_last_year: int
    balance: int


def strength(person: Person, today: date) -> Strength:
    """Recency (3 within 30 days, 2 within 90, 1 within a year), frequency (one point per
    contact in the last year, at most 5) and one point when the favor balance is in your favor
    (you gave more than you asked)."""
    last = person.last_contact
    recency = 0
    if last is not None:
        days = (today - last).days
        recency = 3 if days <= 30 else 2 if days <= 90 else 1 if days <= 365 else 0
    year = len(contacts_between(person, date.fromordinal(today.toordinal() - 365), today, today))
    balance = person.balance
    score = recency + min(year, 5) + (1 if balance > 0 else 0)
    return Strength(score, last, year, balance)


# Links between people ----------------------------------------------------------------------------

KNOWS = "knows"
INTRODUCED_BY = "introduced_by"
MET_TOGETHER = "met together"
LOGGED_WITH = "log line"


@dataclass(frozen=True)
class Link:
    """Why two people are connected: `kind` (one of the constants above) and where it is
    written (a note's path, with the interaction's title or log line when there is one)."""

    kind: str
    path: str
    detail: str = ""
    on: date | None = None


class PeopleLinks:
    """Who is linked to whom, and why, built once for a vault (linear in links)."""

    def __init__(self, vault: Vault) -> None:
        self._links: dict[str, dict[str, list[Link]]] = defaultdict(lambda: defaultdict(list))
        self.by_path = {p.path: p for p in vault.people}
        for person in vault.people:
            for name in person.knows:
                self._add(vault, person, name, Link(KNOWS, person.path))
            for name in person.introduced_by:
                self._add(vault, person, name, Link(INTRODUCED_BY, person.path))
            for entry in person.log:
                for name in entry.links:
                    when = date.fromisoformat(entry.date)
                    self._add(vault, person, name, Link(LOGGED_WITH, person.path, entry.text, when))
        for interaction in vault.interactions:
            people = sorted(interaction.people, key=lambda p: p.path)
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    link = Link(MET_TOGETHER, interaction.path, interaction.title, interaction.date)
                    self._pair(a, b, link)

    def _add(self, vault: Vault, person: Person, name: str, link: Link) -> None:
        other = vault.person_by_link(name)
        if other is not None and other is not person:
            self._pair(person, other, link)

    def _pair(self, a: Person, b: Person, link: Link) -> None:
        self._links[a.path][b.path].append(link)
        self._links[b.path][a.path].append(link)

    def neighbours(self, person: Person) -> Iterator[tuple[Person, list[Link]]]:
        """The people linked to `person`, by path, each with the links."""
        found = self._links.get(person.path, {})
        for path in sorted(found):
            yield self.by_path[path], found[path]

    def linked(self, a: Person, b: Person) -> list[Link]:
        return list(self._links.get(a.path, {}).get(b.path, []))


def by_name(people: Iterable[Person]) -> list[Person]:
    """People in the order every listing uses: folded name, then path."""
    return sorted(people, key=lambda p: (fold(p.name), p.path))
