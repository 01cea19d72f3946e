"""Finding a person by the name a user types, in tiers: the exact name or an alias (folded:
case, accents), then a unique prefix or whole word, then a fuzzy match (typos).

Reads (`show`, `prep`) accept every tier and say when a fuzzy match stands for the name typed;
writes (`log`, `intro --log`, anything that changes a note) accept only the first two: a
fuzzy-only match is refused with "Did you mean ...?" and nothing is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from vaultnet.errors import AmbiguousName, NoSuchPerson
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person

FUZZY_CUTOFF = 80


def _keys(person: Person) -> list[str]:
    return [fold(person.name), fold(person.display_name), *(fold(a) for a in person.aliases)]


def _prefixes(wanted: str, key: str, whole: bool = False) -> bool:
    """True when every word typed starts a different word of the name, in any order:
    "jane", "jane d", "doe", "pat" (for Patel) and "j doe" all find Jane Doe / Nina Patel."""
    words = key.replace("-", " ").split()
    for typed in sorted(wanted.replace("-", " ").split(), key=len, reverse=True):
        match = next((w for w in words if w == typed or (w.startswith(typed) and not whole)), None)
        if match is None:
            return False
        words.remove(match)
    return True


def _unique(people: list[Person]) -> list[Person]:
    seen: dict[str, Person] = {}
    for person in people:
        seen.setdefault(person.path, person)
    return sorted(seen.values(), key=lambda p: fold(p.name))


def _ambiguous(query: str, candidates: list[Person]) -> AmbiguousName:
    listed = ", ".join(p.name for p in candidates[:10])
    more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
    return AmbiguousName(f"'{query}' matches several people: {listed}{more}. Be more specific.")


class Match(NamedTuple):
    """The person a name found, and how: "exact" (name or alias), "partial" (a unique prefix
    or whole word), or "fuzzy" (a typo's closest match)."""

    person: Person
    how: str


def resolve(query: str, people: Sequence[Person]) -> Person:
    """The one person `query` means, or NoSuchPerson / AmbiguousName with the candidates."""
    return match(query, people).person


def resolve_for_write(query: str, people: Sequence[Person]) -> Person:
    """The one person `query` means for a write: an exact name or alias, a unique prefix or
    whole word; a fuzzy-only match is refused (NoSuchPerson, "Did you mean ...?")."""
    return match(query, people, fuzzy=False).person


def match(query: str, people: Sequence[Person], fuzzy: bool = True) -> Match:
    """The one person `query` means and how it matched. Without `fuzzy`, a name that only a
    fuzzy match finds raises NoSuchPerson naming the closest people."""
    wanted = fold(query)
    if not wanted:
        raise NoSuchPerson("an empty name matches nobody")
    exact = _unique([p for p in people if wanted in _keys(p)])
    if len(exact) == 1:
        return Match(exact[0], "exact")
    if len(exact) > 1:
        # the file name is the person's identity: an exact stem beats an alias shared with others
        by_stem = [p for p in exact if fold(p.name) == wanted]
        if len(by_stem) == 1:
            return Match(by_stem[0], "exact")
        raise _ambiguous(query, exact)
    partial = _unique([p for p in people if any(_prefixes(wanted, key) for key in _keys(p))])
    if len(partial) == 1:
        return Match(partial[0], "partial")
    if len(partial) > 1:
        # "ben" means Ben Carter rather than Bennett Ross: whole words beat word starts
        whole = [p for p in partial if any(_prefixes(wanted, k, whole=True) for k in _keys(p))]
        if len(whole) == 1:
            return Match(whole[0], "partial")
        raise _ambiguous(query, partial)
    from rapidfuzz import fuzz, process, utils  # imported late: only typos need it

    choices = {i: fold(p.name) for i, p in enumerate(people)}
    matches = process.extract(
        wanted, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=5
    )
    close = [people[i] for _, score, i in matches if score >= FUZZY_CUTOFF]
    best = [people[i] for _, score, i in matches if score >= FUZZY_CUTOFF + 10]
    if len(best) == 1 and fuzzy:
        return Match(best[0], "fuzzy")
    if close:
        suggestions = " or ".join(p.name for p in (best if len(best) == 1 else _unique(close)))
        refused = "" if fuzzy else "; nothing was written"
        raise NoSuchPerson(f"no person named '{query}'{refused}. Did you mean {suggestions}?")
    raise NoSuchPerson(f"no person named '{query}'. Add them with: vaultnet add \"{query}\"")
