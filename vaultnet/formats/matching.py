"""Matching imported contacts to people, and planning what an import does: pure, nothing written.

`plan_import` matches every contact (LinkedIn URL, then email, then name) against in-memory
indexes built once from the vault, and decides what to create, what to fill in and what
conflicts. `vaultnet.actions.imports` writes the plan.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vaultnet.errors import Problem, VaultnetError
from vaultnet.formats.linkedin import linkedin_key
from vaultnet.formats.source import LIST_KEYS, Contact, Value, detail_bullet, entries_left_out
from vaultnet.fs.paths import safe_stem
from vaultnet.text.dates import parse_birthday, parse_date, parse_duration
from vaultnet.text.links import as_list, fold

if TYPE_CHECKING:
    from datetime import date

    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

# Planning ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A value in the file that differs from the one in the note; the note's value is kept."""

    path: str
    key: str
    kept: str
    offered: str
    source: str

    def __str__(self) -> str:
        return f"{self.path}: {self.key} is {self.kept!r}, {self.source} has {self.offered!r}"


@dataclass
class Target:
    """A person an import writes to: an existing note, or one the import creates."""

    path: str
    name: str
    values: dict[str, Any]
    new: bool
    to_set: dict[str, Value] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    readable: bool = True
    last_contact: date | None = None
    """The person's effective last contact (log and interaction notes too), for an existing note."""
    notes: set[str] = field(default_factory=set)
    """The note file names (folded) the contacts merged in carry (see `Contact.note`)."""
    details: list[str] = field(default_factory=list)
    """Lines for the note's `## Notes` (see `Contact.details`): all of a new note's; for an
    existing note, those it does not hold yet (added under `## Notes`, the rest of the body is
    theirs)."""
    known_details: frozenset[str] = frozenset()
    """An existing note's `## Notes` bullets, as `detail_bullet` writes them."""

    @property
    def changes(self) -> list[str]:
        """What an update writes: the keys, then `notes` when bullets are added."""
        return [*self.to_set, *(["notes"] if self.details and not self.new else [])]

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]


@dataclass
class ImportPlan:
    """What an import would do, decided before anything is written."""

    targets: list[Target] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    contacts: int = 0
    """Entries of the file: the contacts read, and the rows or cards the reader skipped."""
    unchanged: int = 0
    merged: int = 0
    """Contacts for a person an earlier contact of the same file was already for."""

    @property
    def to_create(self) -> list[Target]:
        return [t for t in self.targets if t.new]

    @property
    def to_update(self) -> list[Target]:
        return [t for t in self.targets if not t.new and t.changes]

    @property
    def skipped(self) -> int:
        return entries_left_out(self.problems)

    @property
    def refused(self) -> int:
        """Entries skipped for a fault (not on purpose, see `Skipped`): the import failed."""
        return sum(1 for p in self.problems if p.severity == "error")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if _text(v))
    return " ".join(str(value).split())


def is_empty(value: Any) -> bool:
    """No value at all: None, blank text, or a list of blanks."""
    if isinstance(value, list):
        return not any(_text(v) for v in value)
    return not _text(value)


def _phone_key(text: str) -> str:
    return ("+" if text.strip().startswith("+") else "") + "".join(c for c in text if c.isdigit())


def _items(value: Any, normalize: Callable[[str], str]) -> list[str]:
    items = value if isinstance(value, list) else as_list(value) if value else []
    return [normalize(str(v)) for v in items if str(v).strip()]


def _loose(text: str) -> str:
    """Text as compared for a conflict: case, accents, spaces and punctuation do not count
    (`VP, Engineering` is `VP Engineering`; `Acme, Inc.` is `Acme Inc`)."""
    return "".join(c for c in fold(text) if c.isalnum())


def _same(key: str, current: Any, offered: Value) -> bool:
    if _text(current) == _text(offered):  # a re-import: the same text, nothing to normalize
        return True
    if key == "linkedin":
        return linkedin_key(_text(current)) == linkedin_key(_text(offered))
    if key == "website":  # `example.com` is what a vCard export writes as `https://example.com`
        return linkedin_key(_text(current)) == linkedin_key(_text(offered))
    if key == "birthday":
        have, new = parse_birthday(current), parse_birthday(offered)
        if have is None or new is None:
            return have == new
        # `--04-02` from an address book says nothing against `1984-04-02` in the note
        return have[1:] == new[1:] and (have[0] == new[0] or None in (have[0], new[0]))
    if key in ("connected", "last_contact"):
        return parse_date(current) == parse_date(offered)
    if key == "cadence":  # `14d` is `2w`
        days = parse_duration(current)
        return days is not None and days == parse_duration(offered)
    return _loose(_text(current)) == _loose(_text(offered))


def _email_key(text: str) -> str:
    return text.strip().lower()


_LIST_NORMALIZERS: dict[str, Callable[[str], str]] = {"email": _email_key, "phone": _phone_key}


class Matcher:
    """Indexes of the people an import can match, built once and kept current as the plan adds
    new people (two rows for one person in a file meet here)."""

    def __init__(self, vault: Vault) -> None:
        self.people_folder = vault.config.people_folder
        self.by_linkedin: dict[str, list[Target]] = {}
        self.by_email: dict[str, list[Target]] = {}
        self.by_name: dict[str, list[Target]] = {}
        self.taken: set[str] = set()
        """Paths an earlier contact of the file went to: one entry of a file is one person, so
        a later one with the same name and nothing more in common (URL, email) is a namesake."""
        # Every note's stem is taken: a person named like a group would make links ambiguous.
        self.used_stems = {fold(note.stem) for note in vault.notes.values()}
        for person in vault.people:
            self.add(self._existing(person), [person.name, person.display_name, *person.aliases])

    @staticmethod
    def _existing(person: Person) -> Target:
        return Target(
            person.path,
            person.display_name,
            dict(person.fm),
            new=False,
            readable=person.note.frontmatter_ok,
            last_contact=person.last_contact,
            known_details=frozenset(f"- {d}" for d in person.details),
        )

    @staticmethod
    def _index(table: dict[str, list[Target]], key: str, target: Target) -> None:
        if key:
            found = table.setdefault(key, [])
            if target not in found:
                found.append(target)

    def add(self, target: Target, names: Sequence[str]) -> None:
        for name in names:
            self._index(self.by_name, fold(name), target)
        self.reindex(target)

    def reindex(self, target: Target) -> None:
        """Index the target's LinkedIn URL and emails (again, after a merge filled them in)."""
        if not is_empty(target.values.get("linkedin")):
            self._index(self.by_linkedin, linkedin_key(_text(target.values["linkedin"])), target)
        for email in _items(target.values.get("email"), _email_key):
            self._index(self.by_email, email, target)

    def match(self, contact: Contact) -> Target | list[Target] | None:
        """The one person a contact is, several when it cannot tell, None for someone new."""
        linkedin = contact.values.get("linkedin")
        key = linkedin_key(linkedin) if isinstance(linkedin, str) else ""
        if key and key in self.by_linkedin:
            found = self.by_linkedin[key]
            return found[0] if len(found) == 1 else found
        by_email: list[Target] = []
        for email in _items(contact.values.get("email"), _email_key):
            for target in self.by_email.get(email, []):
                if target not in by_email:
                    by_email.append(target)
        if by_email:
            return by_email[0] if len(by_email) == 1 else by_email
        by_name = self.by_name.get(fold(contact.name), [])
        if contact.note:
            # The note's file name, from a vaultnet export: the note of that name is the one;
            # a person an earlier contact of another note went to is a namesake.
            stem = fold(contact.note)
            named = by_name + [t for t in self.by_name.get(stem, []) if t not in by_name]
            same_note = [t for t in named if fold(t.stem) == stem]
            by_name = same_note or [t for t in by_name if not t.notes or stem in t.notes]
        if key:
            # Same name, another LinkedIn profile: a namesake, not this person.
            by_name = [
                t
                for t in by_name
                if is_empty(t.values.get("linkedin"))
                or linkedin_key(_text(t.values["linkedin"])) == key
            ]
        by_name = [t for t in by_name if t.path not in self.taken]
        if len(by_name) > 1:
            by_name = _closest(contact, by_name)
        if not by_name:
            return None
        return by_name[0] if len(by_name) == 1 else by_name

    def new_target(self, contact: Contact) -> Target:
        from vaultnet.fs.paths import check_file_name

        base = safe_stem(contact.note or contact.name)
        company = contact.values.get("company")
        if fold(base) in self.used_stems and isinstance(company, str) and not contact.note:
            base = safe_stem(f"{contact.name} ({company})")  # a namesake: Ajay Kumar (Infosys)
        try:
            check_file_name(base)
        except VaultnetError:  # safe_stem should make this impossible; never write a bad name
            base = "Unnamed contact"
        stem, number = base, 2
        while fold(stem) in self.used_stems:
            stem = f"{base} {number}"
            number += 1
        self.used_stems.add(fold(stem))
        target = Target(f"{self.people_folder}/{stem}.md", contact.name, {}, new=True)
        self.add(target, [contact.name, stem])
        return target


def _closest(contact: Contact, candidates: list[Target]) -> list[Target]:
    """Among people of the same name, the one whose facts agree most with the contact's (the
    company tells `Ajay Kumar (Infosys)` from `Ajay Kumar (TCS)` on a re-import), or all of them
    when none stands out."""

    def score(target: Target) -> int:
        points = 0
        for key, offered in contact.values.items():
            if key in LIST_KEYS or is_empty(target.values.get(key)):
                continue
            points += 1 if _same(key, target.values[key], offered) else -1
        return points

    scores = [score(t) for t in candidates]
    best = max(scores)
    top = [t for t, s in zip(candidates, scores, strict=True) if s == best]
    return top if len(top) == 1 else candidates


def _tells_nothing(target: Target, key: str, offered: Value) -> bool:
    """A value the person has in effect already: `stage: connected` is the default stage, and a
    last contact on or before the one their log and notes give is old news (an `export csv` read
    back into its own vault offers exactly these)."""
    if key == "stage":
        return is_empty(target.values.get("stage")) and fold(_text(offered)) == "connected"
    if key == "last_contact":
        day = parse_date(offered)
        known = target.last_contact
        if target.new:
            known = parse_date(target.values.get("last_contact"))
        return day is not None and known is not None and day <= known
    return False


def merge(target: Target, contact: Contact) -> list[Conflict]:
    """Fill in what the note lacks; report, and keep, what it says otherwise."""
    conflicts: list[Conflict] = []
    for key, offered in contact.values.items():
        if _tells_nothing(target, key, offered):
            continue
        current = target.values.get(key)
        if is_empty(current):
            target.values[key] = offered
            if not target.new:
                target.to_set[key] = offered
            continue
        if key in LIST_KEYS:
            continue  # tags and aliases are the user's lists: filled when empty, never merged
        if key in _LIST_NORMALIZERS:
            normalize = _LIST_NORMALIZERS[key]
            have = set(_items(current, normalize))
            extra = [v for v in _items(offered, str) if normalize(v) not in have]
            if extra:
                conflicts.append(
                    Conflict(target.path, key, _text(current), ", ".join(extra), contact.source)
                )
            continue
        if not _same(key, current, offered):
            conflicts.append(
                Conflict(target.path, key, _text(current), _text(offered), contact.source)
            )
    return conflicts


def plan_import(
    vault: Vault, contacts: Sequence[Contact], problems: Sequence[Problem]
) -> ImportPlan:
    """Decide, without writing, what importing these contacts does to the vault."""
    # A reader reports each row or card it skipped as one error (see `vaultnet.formats.source`).
    unread = entries_left_out(problems)
    plan = ImportPlan(problems=list(problems), contacts=len(contacts) + unread)
    matcher = Matcher(vault)
    touched: dict[str, Target] = {}
    for contact in contacts:
        contact.name = unicodedata.normalize("NFC", contact.name)
        found = matcher.match(contact)
        if isinstance(found, list):
            listed = ", ".join(t.path for t in found[:5])
            plan.problems.append(
                _row_problem(
                    contact.source,
                    f"{contact.name} matches several people ({listed}); skipped. Give one of "
                    "them this row's LinkedIn URL or email to tell them apart",
                )
            )
            continue
        target = found if found is not None else matcher.new_target(contact)
        if not target.readable:
            plan.problems.append(
                _row_problem(
                    contact.source,
                    f"{target.path} has frontmatter vaultnet cannot read; not updated "
                    "(see vaultnet check)",
                )
            )
            continue
        plan.conflicts.extend(merge(target, contact))
        matcher.reindex(target)
        matcher.taken.add(target.path)
        target.sources.append(contact.source)
        if contact.note:
            target.notes.add(fold(contact.note))
        known = target.known_details
        target.details.extend(
            d
            for d in contact.details
            if d not in target.details and (target.new or detail_bullet(d) not in known)
        )
        if target.path in touched:
            plan.merged += 1
        touched.setdefault(target.path, target)
    plan.targets = list(touched.values())
    plan.unchanged = sum(1 for t in plan.targets if not t.new and not t.changes)
    plan.problems.sort(key=_problem_order)
    return plan


def _row_problem(source: str, message: str) -> Problem:
    path, _, line = source.rpartition(":")
    return Problem(path, int(line), message)


def _problem_order(problem: Problem) -> tuple[str, int]:
    return problem.path, problem.line
