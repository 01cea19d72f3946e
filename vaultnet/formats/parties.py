"""Who in the vault an attendee or correspondent is: by email address, then by LinkedIn
profile, then by name (the note's name, `name:` or an alias, ignoring case and accents; "Doe,
Jane" is "Jane Doe"). Only exact names: a capture writes, and a prefix or a fuzzy match could
put someone's meeting in a namesake's note. Pure: built once from the people, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultnet.formats.capture import Party, profile_key
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person


@dataclass(frozen=True)
class Ambiguous:
    """A party several people could be (two notes with that name or address)."""

    party: Party
    people: tuple[Person, ...]


def _name_forms(name: str) -> list[str]:
    forms = [name]
    last, comma, first = name.partition(",")
    if comma and "," not in first and first.strip() and last.strip():
        forms.append(f"{first.strip()} {last.strip()}")  # "Lindqvist, Katherine"
    return forms


class PeopleDirectory:
    """The vault's people by email, LinkedIn profile and name, for matching parties."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.by_email: dict[str, list[Person]] = {}
        self.by_linkedin: dict[str, list[Person]] = {}
        self.by_name: dict[str, list[Person]] = {}
        for person in people:
            for email in person.emails:
                self._add(self.by_email, email.strip().lower(), person)
            for url in person.urls:
                if "linkedin.com" in url.lower():
                    self._add(self.by_linkedin, profile_key(url), person)
            for name in (person.name, person.display_name, *person.aliases):
                self._add(self.by_name, fold(" ".join(name.split())), person)

    @staticmethod
    def _add(table: dict[str, list[Person]], key: str, person: Person) -> None:
        if key:
            found = table.setdefault(key, [])
            if person not in found:
                found.append(person)

    @staticmethod
    def _same_profile(person: Person, profile: str) -> bool:
        own = [profile_key(u) for u in person.urls if "linkedin.com" in u.lower()]
        return not own or profile in own

    def match(self, party: Party) -> Person | Ambiguous | None:
        """The one person the party is, Ambiguous when several could be, None for no one. An
        address or profile that is someone's decides; else the name does, unless the person of
        that name has another LinkedIn profile than the party (a namesake)."""
        for table, key in (
            (self.by_email, party.email.strip().lower()),
            (self.by_linkedin, profile_key(party.linkedin) if party.linkedin.strip() else ""),
        ):
            found = table.get(key, []) if key else []
            if len(found) == 1:
                return found[0]
            if found:
                return Ambiguous(party, tuple(found))
        profile = profile_key(party.linkedin) if party.linkedin.strip() else ""
        for form in _name_forms(" ".join(party.name.split())):
            found = self.by_name.get(fold(form), []) if form else []
            if profile:
                found = [p for p in found if self._same_profile(p, profile)]
            if len(found) == 1:
                return found[0]
            if found:
                return Ambiguous(party, tuple(found))
        return None
