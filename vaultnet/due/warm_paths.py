"""The pipeline's `stage: want` people and their warm paths: who you know that could introduce
you. Pure; the indexes are built once, when the first wanted person's introducers are read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import cached_property, partial
from typing import TYPE_CHECKING, NamedTuple

from vaultnet.due.items import KNOWS, NOT_MET, Introducer, WantToMeet
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person


def want_to_meet(
    people: Sequence[Person], active: Sequence[Person], today: date
) -> list[WantToMeet]:
    """`stage: want` people, each with who you know that could introduce you (see
    `WarmPaths`), worked out when first read: Due.md reads the few it shows."""
    wanted = [
        p
        for p in active
        if p.stage == "want" and not (p.snooze_until is not None and p.snooze_until > today)
    ]
    if not wanted:
        return []
    paths = WarmPaths(people, wanted)
    return [WantToMeet(w.name, w.path, w.ask, partial(paths.introducers, w)) for w in wanted]


class _Known(NamedTuple):
    """Someone you know, as the warm paths need them."""

    key: str  # the folded name
    name: str
    path: str


class _Indexes(NamedTuple):
    by_key: dict[str, _Known]  # folded names and aliases of the people you know
    links_to: dict[str, list[_Known]]  # wanted person's path -> who links to them
    by_company: dict[str, list[_Known]]  # folded company -> who works there
    by_group: dict[str, list[_Known]]  # folded group -> its members


class WarmPaths:
    """Who you know that could introduce you to a wanted person: a link either way (`knows`,
    `introduced_by`), the same company, a shared group. Indexes first (built once, on the first
    question), so this stays linear however many people there are."""

    def __init__(self, people: Sequence[Person], wanted: Sequence[Person]) -> None:
        self._people = people
        self._wanted = wanted

    @cached_property
    def _indexes(self) -> _Indexes:
        found = _Indexes({}, defaultdict(list), defaultdict(list), defaultdict(list))
        wanted_keys: dict[str, Person] = {}
        for p in self._wanted:
            for key in p.note.summary.keys:
                wanted_keys.setdefault(key, p)
        folded = _Folds()
        aliases: list[tuple[str, _Known]] = []
        for p in self._people:
            if p.stage in NOT_MET:
                continue
            # the note's name keys (folded stem, then aliases), as the vault folded them
            keys = p.note.summary.keys
            known = _Known(keys[0], p.name, p.path)
            found.by_key[known.key] = known
            aliases.extend((alias, known) for alias in keys[1:])
            fm = p.fm
            if fm.get("knows") is not None or fm.get("introduced_by") is not None:
                for target in (*p.knows, *p.introduced_by):
                    w = wanted_keys.get(folded(target))
                    if w is not None:
                        found.links_to[w.path].append(known)
            if fm.get("company") is not None and p.company:
                found.by_company[folded(p.company)].append(known)
            if fm.get("groups") is not None:
                for group in p.groups:
                    found.by_group[folded(group)].append(known)
        for alias, known in aliases:  # a name wins over another person's alias
            found.by_key.setdefault(alias, known)
        return found

    def introducers(self, w: Person) -> tuple[Introducer, ...]:
        """Those who could introduce you to `w`: links first, then colleagues, then people in
        a group with them; by name within each."""
        index = self._indexes
        linked = [index.by_key.get(fold(t)) for t in (*w.knows, *w.introduced_by)]
        links = [k for k in linked if k is not None] + index.links_to.get(w.path, [])
        ways: list[tuple[str, list[_Known]]] = [(KNOWS, sorted(links, key=_by_key))]
        if w.company:
            ways.append((f"same company, {w.company}", index.by_company.get(fold(w.company), [])))
        ways.extend((group, index.by_group.get(fold(group), [])) for group in w.groups)
        intro: dict[str, tuple[int, str, str]] = {}  # name -> (rank, key, via): the first way
        for via, candidates in ways:
            rank = _via_rank(via)
            for known in candidates:
                if known.name not in intro and known.path != w.path:
                    intro[known.name] = (rank, known.key, via)
        ordered = sorted(intro.items(), key=lambda item: item[1][:2])
        return tuple(Introducer(name, via) for name, (_, _, via) in ordered)


def _by_key(known: _Known) -> str:
    return known.key


def _via_rank(via: str) -> int:
    if via == KNOWS:
        return 0
    if via.startswith("same company"):
        return 1
    return 2


class _Folds:
    """`fold`, remembered: a vault's people share a few companies and groups."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = fold(text)
        return found
