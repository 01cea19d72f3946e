"""Warm paths into a company, a group or a person you want to meet: the people you know there,
then the people who could introduce you (one step away through `knows`, `introduced_by`, a
shared interaction note, a log line that links them), ranked by relationship strength."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultnet.errors import AmbiguousName, NoSuchPerson
from vaultnet.insights.network import (
    INTRODUCED_BY,
    KNOWS,
    LOGGED_WITH,
    MET_TOGETHER,
    Link,
    PeopleLinks,
    Strength,
    met,
    strength,
)
from vaultnet.text.links import as_list, fold, plain

if TYPE_CHECKING:
    from datetime import date

    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

COMPANY, GROUP, PERSON = "company", "group", "person"


@dataclass
class Target:
    kind: str  # COMPANY, GROUP or PERSON
    name: str
    insiders: list[Person]  # the people at the company, in the group, or the person


@dataclass(frozen=True)
class WarmPath:
    via: str  # the person you would talk to
    to: str  # the insider they lead to (the same as `via` for someone you know there)
    direct: bool
    strength: int
    last_contact: date | None
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class Paths:
    target: Target
    paths: list[WarmPath] = field(default_factory=list)


class NoSuchTarget(NoSuchPerson):
    """No company, group or person matches what was typed."""


def find_target(vault: Vault, text: str) -> Target:
    """A group by name or alias, a person by exact name or alias, a company by part of its name,
    else a person by the usual name tiers (prefix, fuzzy)."""
    wanted = fold(text.strip().removeprefix("[[").removesuffix("]]"))
    if not wanted:
        raise NoSuchTarget("path needs a company, group or person")
    for group in sorted(vault.groups, key=lambda g: fold(g.name)):
        names = [group.name, *as_list(group.note.fields.get("aliases"))]
        if wanted in (fold(n) for n in names):
            return Target(GROUP, group.name, list(group.members))
    person = vault.person_by_link(wanted)
    if person is not None:
        return Target(PERSON, person.name, [person])
    at = [p for p in vault.people if p.company and wanted in fold(p.company)]
    if at:
        companies = Counter(p.company for p in at)
        name = min(companies, key=lambda n: (-companies[n], fold(n), n))
        return Target(COMPANY, name, at)
    try:
        person = vault.find(text)
    except AmbiguousName:
        raise
    except NoSuchPerson:
        raise NoSuchTarget(f"no company, group or person matches {text!r}") from None
    return Target(PERSON, person.name, [person])


def _ago(days: int) -> str:
    if days <= 1:
        return "today" if days <= 0 else "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def _contact_reason(person: Person, warmth: Strength, today: date) -> str:
    first = person.display_name.split()[0] if person.display_name.split() else person.name
    last = next(iter(person.history), None)
    if warmth.last_contact is None:
        return f"no contact with {first} on record"
    when = _ago((today - warmth.last_contact).days)
    if last is not None and last.date == warmth.last_contact and last.kind:
        said = f"last contact with {first}: {last.kind} {when}"
    else:
        said = f"last contact with {first} {when}"
    if warmth.contacts_last_year > 1:
        said += f", {warmth.contacts_last_year} contacts this year"
    if warmth.balance > 0:
        said += f"; you gave more than you asked ({person.gives} to {person.asks})"
    elif warmth.balance < 0:
        said += f"; you owe them ({person.asks} asks, {person.gives} gives)"
    return said


def _link_reason(via: Person, to: Person, link: Link) -> str:
    if link.kind == KNOWS:
        return (
            f"{via.name} knows {to.name}"
            if link.path == via.path
            else f"{to.name} knows {via.name}"
        )
    if link.kind == INTRODUCED_BY:
        if link.path == to.path:
            return f"{via.name} introduced you to {to.name}"
        return f"{to.name} introduced you to {via.name}"
    if link.kind == MET_TOGETHER:
        return f"you met them together ([[{link.detail}]])"
    assert link.kind == LOGGED_WITH
    on = link.on.isoformat() if link.on else ""
    writer = via if link.path == via.path else to
    return f"{writer.name}'s log, {on}: {plain(link.detail)}"


def _where(person: Person, target: Target) -> str:
    role = f", {person.role}" if person.role else ""
    if target.kind == GROUP:
        return (
            f"in [[{target.name}]]{role and f' ({person.company}{role})' if person.company else ''}"
        )
    if target.kind == COMPANY:
        return f"at {person.company}{role}"
    return ""


def warm_paths(vault: Vault, target: Target, limit: int = 10) -> Paths:
    """The people you know there first, then those one step away, each group strongest first.
    Every candidate is ranked; the reasons are written only for the `limit` shown."""
    today = vault.today
    insiders = {p.path for p in target.insiders}
    links = PeopleLinks(vault, among=insiders)
    warmth: dict[str, Strength] = {}

    def warm(person: Person) -> Strength:
        if person.path not in warmth:
            warmth[person.path] = strength(person, today)
        return warmth[person.path]

    direct = [person for person in target.insiders if met(person)]

    # one step: the people you have met who are linked to someone there; for a person, also
    # their colleagues and fellow group members. The reason is a link (worded when shown).
    through: dict[str, tuple[Person, Person, Link | str]] = {}

    def consider(via: Person, to: Person, why: Link | str) -> None:
        if via.path in insiders or not met(via) or via is to:
            return
        if via.path not in through:
            through[via.path] = (via, to, why)

    for insider in sorted(target.insiders, key=lambda p: (fold(p.name), p.path)):
        for other, found in links.neighbours(insider):
            consider(other, insider, found[0])
    if target.kind == PERSON:
        (person,) = target.insiders
        if person.company:
            for other in vault.people:
                if other.company and fold(other.company) == fold(person.company):
                    consider(other, person, f"{other.name} works at {person.company} too")
        for group in vault.groups:
            if person in group.members:
                for other in group.members:
                    consider(other, person, f"both in [[{group.name}]]")

    def rank(via: Person, to: Person) -> tuple[int, str, str]:
        return (-warm(via).score, fold(via.name), fold(to.name))

    ranked: list[tuple[Person, Person, Link | str | None]]
    ranked = sorted(((p, p, None) for p in direct), key=lambda x: rank(x[0], x[1]))
    ranked += sorted(through.values(), key=lambda x: rank(x[0], x[1]))
    paths = []
    for via, to, why in ranked[:limit]:
        w = warm(via)
        if why is None:
            reasons = [_where(via, target), _contact_reason(via, w, today)]
        else:
            said = why if isinstance(why, str) else _link_reason(via, to, why)
            where = f"{to.name} is {_where(to, target)}" if target.kind != PERSON else ""
            reasons = [said, where, _contact_reason(via, w, today)]
        kept = tuple(r for r in reasons if r)
        paths.append(WarmPath(via.name, to.name, why is None, w.score, w.last_contact, kept))
    return Paths(target, paths)
