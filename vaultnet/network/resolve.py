"""Finding a person by the name a user types: exact name or alias, then prefix or token, then fuzzy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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


def resolve(query: str, people: Sequence[Person]) -> Person:
    """The one person `query` means, or NoSuchPerson / AmbiguousName with the candidates."""
    wanted = fold(query)
    if not wanted:
        raise NoSuchPerson("an empty name matches nobody")
    exact = _unique([p for p in people if wanted in _keys(p)])
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        # the file name is the person's identity: an exact stem beats an alias shared with others
        by_stem = [p for p in exact if fold(p.name) == wanted]
        if len(by_stem) == 1:
            return by_stem[0]
        raise _ambiguous(query, exact)
    partial = _unique([p for p in people if any(_prefixes(wanted, key) for key in _keys(p))])
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        # "ben" means Ben Carter rather than Bennett Ross: whole words beat word starts
        whole = [p for p in partial if any(_prefixes(wanted, k, whole=True) for k in _keys(p))]
        if len(whole) == 1:
            return whole[0]
        raise _ambiguous(query, partial)
    from rapidfuzz import fuzz, process, utils  # imported late: only typos need it

    choices = {i: fold(p.name) for i, p in enumerate(people)}
    matches = process.extract(
        wanted, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=5
    )
    close = [people[i] for _, score, i in matches if score >= FUZZY_CUTOFF]
    best = [people[i] for _, score, i in matches if score >= FUZZY_CUTOFF + 10]
    if len(best) == 1:
        return best[0]
    if close:
        suggestions = ", ".join(p.name for p in _unique(close))
        raise NoSuchPerson(f"no person named '{query}'. Did you mean: {suggestions}?")
    raise NoSuchPerson(f"no person named '{query}'. Add them with: vaultnet add \"{query}\"")
