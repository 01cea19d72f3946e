"""What the insights share: contacts in a span of days, relationship strength, and the links
between people (`knows`, `introduced_by`, shared interaction notes, log lines that link them)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

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
    included, newest first (made for those days only: the whole history is not built)."""
    return contact.contacts_between(person, start, min(end, today))


def contacted_between(person: Person, start: date, end: date, today: date) -> bool:
    """Whether there was any contact from `start` to `end`, the `last_contact:` field included."""
    last = last_contact_on(person, min(end, today))
    return last is not None and last >= start


def contacts_count(person: Person, start: date, end: date) -> int:
    """How many contacts `contacts_between(person, start, end, today)` holds for an `end` on or
    before today, counted from the note's cached log dates and the interactions' history items,
    without building the person's history."""
    low, high = start.isoformat(), end.isoformat()
    count = sum(1 for day in person.note.summary.log_dates if low <= day <= high)
    for interaction in person.interactions:  # those with a history item (Interaction.history_item)
        day = interaction.date
        if day is not None and start <= day <= end and contact.is_contact_note(interaction.type):
            count += 1
    return count


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
    year = contacts_count(person, date.fromordinal(today.toordinal() - 365), today)
    balance = person.balance
    score = recency + min(year, 5) + (1 if balance > 0 else 0)
    return Strength(score, last, year, balance)


# Links between people ----------------------------------------------------------------------------

KNOWS = "knows"
INTRODUCED_BY = "introduced_by"
MET_TOGETHER = "met together"
LOGGED_WITH = "log line"


class Link(NamedTuple):
    """Why two people are connected: `kind` (one of the constants above) and where it is
    written (a note's path, with the interaction's title or log line when there is one).
    (A named tuple: a vault has hundreds of thousands of links, made fastest as tuples.)"""

    kind: str
    path: str
    detail: str = ""
    on: date | None = None


class PeopleLinks:
    """Who is linked to whom, and why, built once for a vault (linear in links). With `among`
    (paths), only the links of those people are kept: everything `neighbours` and `linked`
    answer about them. With `among` and `between=True`, only the links among those people:
    `linked(a, b)` for two of them, from their own notes and meetings alone (a link between two
    people is written in one of their notes, or is a meeting of both)."""

    def __init__(
        self, vault: Vault, among: Collection[str] | None = None, between: bool = False
    ) -> None:
        self._links: dict[str, dict[str, list[Link]]] = {}
        self.by_path = {p.path: p for p in vault.people}
        lookup = vault.person_by_link
        keep = self._keep = among
        self._between = between = between and among is not None
        # in the vault's order, as every list of links is
        people = (
            [p for p in vault.people if p.path in keep]
            if keep is not None and between
            else vault.people
        )
        # a note links to one of `among` only through a name of theirs (their folded file name
        # or an alias), which the note's summary holds among its folded link targets
        their_names = (
            set()
            if keep is None
            else {k for p in people if p.path in keep for k in p.note.summary.keys}
        )
        for person in people:
            path = person.path
            inside = keep is None or path in keep
            if not inside and their_names.isdisjoint(person.note.summary.link_keys):
                continue  # no link to any of them: the note need not be read
            for kind, names in ((KNOWS, person.knows), (INTRODUCED_BY, person.introduced_by)):
                for name in names:
                    if (other := self._other(lookup(name), person, inside)) is not None:
                        self._pair(path, other.path, Link(kind, path))
            if not person.note.summary.link_keys:
                continue  # no link in the note: its log need not be read
            for entry in person.log:
                for name in entry.links:
                    if (other := self._other(lookup(name), person, inside)) is not None:
                        when = date.fromisoformat(entry.date)
                        self._pair(path, other.path, Link(LOGGED_WITH, path, entry.text, when))
        if keep is not None and between:
            self._meetings_between(people, keep)
            return
        if keep is not None:
            self._meetings_of(people, keep)
            return
        for interaction in vault.interactions:
            met = interaction.people
            if len(met) < 2:
                continue
            paths = sorted(p.path for p in met)
            link = Link(MET_TOGETHER, interaction.path, interaction.title, interaction.date)
            for i, a in enumerate(paths):
                for b in paths[i + 1 :]:
                    self._pair(a, b, link)

    def _meetings_of(self, people: list[Person], keep: Collection[str]) -> None:
        """The meetings of each of `keep` with anyone, both ways, in the vault's order."""
        for person in people:
            path = person.path
            if path not in keep:
                continue
            for interaction in person.interactions:
                if len(interaction.people) < 2:
                    continue
                i = interaction
                link = Link(MET_TOGETHER, i.path, i.title, i.date)
                for other in i.people:
                    if other is not person:
                        self._one(path, other.path, link)
                        if other.path not in keep:  # else its own meetings add this way
                            self._one(other.path, path, link)

    def _meetings_between(self, people: list[Person], keep: Collection[str]) -> None:
        """Each person's meetings with the others of `keep`, in the vault's order (theirs)."""
        for person in people:
            for interaction in person.interactions:
                others = [p.path for p in interaction.people if p is not person and p.path in keep]
                if others:
                    i = interaction
                    link = Link(MET_TOGETHER, i.path, i.title, i.date)
                    for other in others:
                        self._one(person.path, other, link)

    def _other(self, other: Person | None, person: Person, inside: bool) -> Person | None:
        """The person a link of `person` (`inside` the kept people or not) leads to, if it is a
        link to keep."""
        if other is None or other is person:
            return None
        keep = self._keep
        return other if inside or (keep is not None and other.path in keep) else None

    def _one(self, a: str, b: str, link: Link) -> None:
        found = self._links.get(a)
        if found is None:
            found = self._links[a] = {}
        found.setdefault(b, []).append(link)

    def _pair(self, a: str, b: str, link: Link) -> None:
        self._one(a, b, link)
        self._one(b, a, link)

    def _kept(self, person: Person) -> bool:
        return self._keep is None or person.path in self._keep

    def neighbours(self, person: Person) -> Iterator[tuple[Person, list[Link]]]:
        """The people linked to `person`, by path, each with the links."""
        if self._between or not self._kept(person):
            raise ValueError(f"the links of {person.path} were not all gathered")
        found = self._links.get(person.path, {})
        for path in sorted(found):
            yield self.by_path[path], found[path]

    def linked(self, a: Person, b: Person) -> list[Link]:
        """The links between `a` and `b`, in the order they were read."""
        if not (
            self._kept(a) and self._kept(b) if self._between else self._kept(a) or self._kept(b)
        ):
            raise ValueError(f"the links of {a.path} and {b.path} were not gathered")
        return list(self._links.get(a.path, {}).get(b.path, []))


def by_name(people: Iterable[Person]) -> list[Person]:
    """People in the order every listing uses: folded name, then path."""
    return sorted(people, key=lambda p: (fold(p.name), p.path))
