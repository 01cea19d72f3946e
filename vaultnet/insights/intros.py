"""Introductions: the ledger of those you made (`#intro` log lines, as `intro --log` writes
them) with what came of each, and the pairs who should meet (one's ask matches the other's
offer; shared interests, industry or location), never a pair already introduced or linked."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from vaultnet.insights.network import PeopleLinks, met
from vaultnet.network import contact
from vaultnet.text.links import fold, links_in, plain

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

# The ledger ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """Something that came of an introduction: the two met or wrote (`together`), or one of them
    thanked you (`thanks`)."""

    kind: str  # "together" or "thanks"
    on: date
    who: str
    path: str
    text: str


@dataclass(frozen=True)
class Introduction:
    on: date
    first: str  # the person whose note holds the line (of the mirrored pair, the first by path)
    second: str
    reason: str  # the log line as plain text
    path: str
    line: int
    outcomes: tuple[Outcome, ...] = ()


def _intro_lines(
    vault: Vault, start: date | None = None, end: date | None = None
) -> list[tuple[date, Person, Person, str, str, int]]:
    """Every `#intro` log line linking someone else (dated from `start` to `end` when given),
    with the two people. Only the notes whose log has the tag are read."""
    low = start.isoformat() if start is not None else ""
    high = end.isoformat() if end is not None else "9999-99-99"
    found = []
    for person in vault.people:
        summary = person.note.summary
        if "intro" not in summary.tags or not any(low <= d <= high for d in summary.log_dates):
            continue  # no #intro log line, or none of those days: the log need not be read
        for entry in person.log:
            if "intro" not in entry.tags or not low <= entry.date <= high:
                continue
            for name in entry.links:
                other = vault.person_by_link(name)
                if other is not None and other is not person:
                    on = date.fromisoformat(entry.date)
                    found.append((on, person, other, plain(entry.text), person.path, entry.line))
    return found


def _outcomes(vault: Vault, links: PeopleLinks, a: Person, b: Person, on: date) -> list[Outcome]:
    today = vault.today
    found: dict[tuple[str, date, str], Outcome] = {}
    for link in links.linked(a, b):
        if (
            link.on is None
            or not on < link.on <= today
            or link.kind not in ("met together", "log line")
        ):
            continue
        if link.kind == "log line" and _is_intro(links.by_path.get(link.path), link.detail):
            continue
        text = link.detail if link.kind == "met together" else plain(link.detail)
        found[("together", link.on, link.path)] = Outcome("together", link.on, "", link.path, text)
    for person in (a, b):
        for item in contact.contacts_between(person, on + timedelta(days=1), today):
            if "thank" in fold(item.text) and "intro" not in item.tags:
                other = b if person is a else a
                named = {
                    found_person.path
                    for name in links_in(item.text)
                    if (found_person := vault.person_by_link(name)) is not None
                }
                if named and other.path not in named:
                    continue  # it names someone else: the thanks for another introduction
                # a thank-you that also names the other is a thank-you, not a meeting
                found.pop(("together", item.date, item.path), None)
                key = ("thanks", item.date, item.path)
                found.setdefault(
                    key, Outcome("thanks", item.date, person.name, item.path, plain(item.text))
                )
    return sorted(found.values(), key=lambda o: (o.on, o.kind, o.path))


def _is_intro(person: Person | None, text: str) -> bool:
    return person is not None and any(e.text == text and "intro" in e.tags for e in person.log)


def introductions(
    vault: Vault, start: date | None = None, end: date | None = None
) -> list[Introduction]:
    """Every introduction on record (made from `start` to `end`, when given), oldest first; the
    mirrored line in the other person's note (`intro --log` writes both) is the same
    introduction. Only the links of the people introduced are gathered."""
    lines = sorted(_intro_lines(vault, start, end), key=lambda x: (x[0], x[4], x[5]))
    if not lines:
        return []
    links = PeopleLinks(
        vault, among={p.path for _, a, b, *_ in lines for p in (a, b)}, between=True
    )
    seen: set[tuple[date, str, str]] = set()
    made = []
    for on, a, b, reason, path, line in lines:
        key = (on, *sorted((a.path, b.path)))
        if key in seen:
            continue
        seen.add(key)  # type: ignore[arg-type]
        outcomes = tuple(_outcomes(vault, links, a, b, on))
        made.append(Introduction(on, a.name, b.name, reason, path, line, outcomes))
    return made


def introduced_pairs(vault: Vault) -> set[frozenset[str]]:
    """The pairs (paths) ever introduced."""
    return {frozenset((a.path, b.path)) for _, a, b, *_ in _intro_lines(vault)}


# Suggestions --------------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves also get got one two
    like whether want wants help let lets make made really very well way ways maybe intro intros
    introduction introductions someone anyone""".split()  # noqa: SIM905
)

_WORDS = re.compile(r"[^\W_]+")


def content_words(text: str) -> dict[str, str]:
    """The words of `text` that carry meaning, by their stem (folded, a plural `s` dropped:
    roles, role), each as first written (folded); stop words and short words dropped."""
    found: dict[str, str] = {}
    for word in _WORDS.findall(fold(text)):
        if len(word) < 4 or word in STOP_WORDS or word.isdigit():
            continue
        stem = (
            word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
        )
        found.setdefault(stem, word)
    return found


def _place(person: Person) -> str:
    """The city of a location (`Denver, CO` -> `denver`); '' for remote or none."""
    city = fold(person.fact("location").split(",")[0].split("(")[0])
    return "" if city in ("", "remote") else city


@dataclass(frozen=True)
class Suggestion:
    first: str
    second: str
    score: int
    reasons: tuple[str, ...]
    short: str  # the first reason in a few words, for `intro --reason`

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


COMMON = 50
"""A topic more people share than this says little about a pair; it does not make one."""


def suggest_intros(vault: Vault, limit: int = 10) -> list[Suggestion]:
    """Pairs of people you have met who should meet, best first: one's ask shares words with
    the other's offer (3 points each way), shared interests (2 each), the same industry (1),
    the same city (1). A pair needs an ask-offer match or a shared interest or industry; never
    a pair already introduced, linked (`knows`, `introduced_by`, a shared meeting or log line),
    or with someone you have not met (`stage: want`, `pending`)."""
    people = [p for p in vault.people if met(p) and not p.never]
    said: dict[str, dict[str, str]] = {}  # the same ask or offer is read once

    def words_of(text: str) -> dict[str, str]:
        found = said.get(text)
        if found is None:
            found = said[text] = content_words(text)
        return found

    asks = {p.path: words_of(p.ask) for p in people}
    offers = {p.path: words_of(p.offer) for p in people}
    interests = {p.path: {fold(i) for i in p.interests if fold(i)} for p in people}
    industry = {p.path: fold(p.fact("industry")) for p in people}
    by_path = {p.path: p for p in people}

    # who has what: candidate pairs come only from shared keys, not from every pair
    holders: dict[str, list[str]] = defaultdict(list)
    for p in people:
        for word in offers[p.path]:
            holders["offer:" + word].append(p.path)
        for interest in interests[p.path]:
            holders["interest:" + interest].append(p.path)
        if industry[p.path]:
            holders["industry:" + industry[p.path]].append(p.path)
    candidates: set[tuple[str, str]] = set()
    for p in people:
        keys = [*("offer:" + w for w in asks[p.path])]
        keys += ["interest:" + i for i in interests[p.path]]
        if industry[p.path]:
            keys.append("industry:" + industry[p.path])
        for key in keys:
            found = holders.get(key, [])
            if len(found) > COMMON:
                continue
            for other in found:
                if other != p.path:
                    candidates.add((min(p.path, other), max(p.path, other)))

    if not candidates:
        return []
    # what rules a pair out, gathered only for the people in a candidate pair
    links = PeopleLinks(vault, among={path for pair in candidates for path in pair}, between=True)
    introduced = introduced_pairs(vault)
    suggestions = []
    for a_path, b_path in sorted(candidates):
        a, b = by_path[a_path], by_path[b_path]
        if frozenset((a_path, b_path)) in introduced or links.linked(a, b):
            continue
        score, reasons, short = 0, [], ""
        for asker, giver in ((a, b), (b, a)):
            shared = sorted(
                asks[asker.path][w] for w in asks[asker.path].keys() & offers[giver.path].keys()
            )
            if shared:
                score += 3
                reasons.append(
                    f'{asker.name} asks for "{asker.ask}"; {giver.name} offers "{giver.offer}" '
                    f"({', '.join(shared)})"
                )
                short = (
                    short
                    or f"{giver.name} can help with what {asker.name} asks ({', '.join(shared)})"
                )
        common = sorted(interests[a_path] & interests[b_path])
        if common:
            score += 2 * len(common)
            names = [i for i in a.interests if fold(i) in common]
            reasons.append(f"both into {', '.join(names)}")
            short = short or reasons[-1]
        if industry[a_path] and industry[a_path] == industry[b_path]:
            score += 1
            reasons.append(f"both in {a.fact('industry')}")
            short = short or reasons[-1]
        if not score:
            continue
        if _place(a) and _place(a) == _place(b):
            score += 1
            reasons.append(f"both in {a.fact('location').split(',')[0].strip()}")
        suggestions.append(Suggestion(a.name, b.name, score, tuple(reasons), short))
    suggestions.sort(key=lambda s: (-s.score, fold(s.first), fold(s.second)))
    return suggestions[:limit]
