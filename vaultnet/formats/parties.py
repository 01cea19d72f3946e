"""Who in the vault an attendee or correspondent is: by email address, then by LinkedIn
profile, then by name (the note's name, `name:` or an alias, ignoring case and accents; "Doe,
Jane" is "Jane Doe"). Only exact names: a capture writes, and a prefix or a fuzzy match could
put someone's meeting in a namesake's note. Pure: built once from the people, no I/O.

`Newcomers` gathers the parties no one in the vault is, one per person, for `--create`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultnet.formats.capture import Party, one_line, profile_key
from vaultnet.formats.source import Contact
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


# Newcomers ---------------------------------------------------------------------------------------


def display_name(party: Party) -> str:
    """The name `--create` gives someone new: the name the file shows ("Doe, Jane" as "Jane
    Doe"), else the email address; "" when the file gives neither (a bare LinkedIn profile)."""
    name = " ".join(party.name.split()).strip("'\" ")
    forms = _name_forms(name)
    chosen = forms[-1] if name else party.email.strip().lower()
    return one_line(chosen)


@dataclass
class Newcomer:
    """Someone not in the vault whom `--create` adds: the name they get, every address and the
    LinkedIn profile the file showed them with, and where they first appear."""

    name: str
    source: str
    emails: list[str] = field(default_factory=list)
    linkedin: str = ""
    values: dict[str, str] = field(default_factory=dict)
    """Other keys their new note gets (an invitation's `stage: pending`)."""

    def contact(self) -> Contact:
        """The person as an import reads them, for the import's one writer to create."""
        contact = Contact(self.source, self.name)
        contact.set("email", self.emails)
        contact.set("linkedin", self.linkedin)
        for key, value in self.values.items():
            contact.set(key, value)
        return contact


class Newcomers:
    """The people not in the vault, one per distinct person: the same address, the same
    LinkedIn profile or the same name (unless their profiles differ) is the same newcomer, as
    `PeopleDirectory.match` would find them once they are in the vault."""

    def __init__(self) -> None:
        self.people: list[Newcomer] = []
        self._by_email: dict[str, int] = {}
        self._by_linkedin: dict[str, int] = {}
        self._by_name: dict[str, int] = {}

    def add(self, party: Party, source: str) -> int | None:
        """The newcomer the party is (their index in `people`, added if new); None when the
        file gives no address or profile (a name alone, "LinkedIn Member", says too little to
        find them again) or no name at all."""
        email = party.email.strip().lower()
        profile = profile_key(party.linkedin) if party.linkedin.strip() else ""
        name = display_name(party)
        if not name or not (email or profile):
            return None
        found = self._by_email.get(email) if email else None
        if found is None and profile:
            found = self._by_linkedin.get(profile)
        if found is None and party.name.strip():
            named = self._by_name.get(fold(name))
            other = self.people[named].linkedin if named is not None else ""
            if named is not None and (not profile or not other or profile_key(other) == profile):
                found = named
        if found is None:
            found = len(self.people)
            self.people.append(Newcomer(name, source))
        newcomer = self.people[found]
        if party.name.strip() and newcomer.name in newcomer.emails:
            newcomer.name = name  # first seen by address alone; now the file shows a name
        if email and email not in newcomer.emails:
            newcomer.emails.append(email)
            self._by_email[email] = found
        if profile and not newcomer.linkedin:
            newcomer.linkedin = party.linkedin.strip()
            self._by_linkedin[profile] = found
        if party.name.strip():
            self._by_name.setdefault(fold(name), found)
        return found
