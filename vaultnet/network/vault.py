"""`Vault`: the library's front door. Opens a folder, indexes its notes, and gives people,
interactions, groups and problems, with links resolved and last contacts computed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vaultnet.config import Config, load_config
from vaultnet.config import find_vault as find_vault  # where it used to be
from vaultnet.errors import NoSuchVault, Problem
from vaultnet.fs.scan import ScanResult, scan, vault_skip
from vaultnet.index.store import IndexStats, NoteIndex, open_vault_index
from vaultnet.network import contact
from vaultnet.network.model import Group, Interaction, Person
from vaultnet.network.resolve import Match, match, resolve, resolve_for_write
from vaultnet.notes.parse import GROUP, INTERACTION, PERSON, ParsedNote
from vaultnet.text.links import as_list, fold


@dataclass
class Vault:
    """A vault, read. Build one with `Vault.open(path, today)`."""

    root: Path
    config: Config
    today: date
    notes: Mapping[str, ParsedNote]
    people: list[Person] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stats: IndexStats = field(default_factory=IndexStats)
    index: NoteIndex | None = field(default=None, repr=False)
    narrowed: bool = False  # holds only the notes one question needs (`open_person`, ...)
    _by_key: dict[str, Person] = field(default_factory=dict)

    @classmethod
    def open(
        cls,
        path: str | Path,
        today: date | None = None,
        use_cache: bool = True,
        scanned: ScanResult | None = None,
        index: NoteIndex | None = None,
    ) -> Vault:
        """Index the vault at `path` (parsing only what changed) and build its model.
        `scanned`: a scan of it the caller already made (`fs.scan.scan`, skipping `fs.scan.vault_skip`);
        `index`: the vault's index, already refreshed (with that scan, else with its own)."""
        root = Path(path)
        if not root.is_dir():
            raise NoSuchVault(f"vault folder {path} does not exist")
        config = load_config(root)
        if scanned is None:
            scanned = index.scanned if index is not None else scan(root, vault_skip(root, config))
        if index is None:
            index = open_vault_index(root, config, scanned, use_cache)
        from vaultnet.network.stored import stored_network

        stored = stored_network(index)
        vault = cls(
            root=root,
            config=config,
            today=today or date.today(),
            notes=stored[0] if stored is not None else index.notes(),
            stats=index.stats,
            index=index,
        )
        vault.problems.extend(scanned.problems)
        if stored is not None:
            vault._build(stored[0].loaded(), stored[1])
        else:
            vault._build()
        return vault

    @classmethod
    def _index_of(cls, path: str | Path) -> tuple[Path, Config, NoteIndex]:
        """The vault folder, its config and its refreshed index (NoSuchVault if no folder)."""
        root = Path(path)
        if not root.is_dir():
            raise NoSuchVault(f"vault folder {path} does not exist")
        config = load_config(root)
        return root, config, open_vault_index(root, config)

    @classmethod
    def _narrowed(
        cls,
        root: Path,
        config: Config,
        index: NoteIndex,
        notes: dict[str, ParsedNote],
        today: date | None,
    ) -> Vault:
        """A vault of just `notes` (records read from `index`), built: for one question."""
        vault = cls(
            root=root,
            config=config,
            today=today or date.today(),
            notes=notes,
            index=index,
            narrowed=True,
        )
        vault.stats = index.stats
        vault._build()
        return vault

    @classmethod
    def open_person(
        cls, path: str | Path, query: str, today: date | None = None
    ) -> tuple[Vault, Person] | None:
        """The person `query` names exactly (name, alias or `name:`), in a vault narrowed to what
        a question about them needs: their note, the meetings with them, and the other people of
        those meetings, read from the index (no other note decoded). None when the index cannot
        answer, or `query` is not one person's exact name: open the whole vault then (a prefix,
        a typo or an ambiguous name is resolved against everyone)."""
        found = cls.open_around(path, [query], today)
        return (found[0], found[1][0]) if found is not None else None

    @classmethod
    def open_named(
        cls, path: str | Path, queries: list[str], today: date | None = None
    ) -> tuple[Vault, list[Person]] | None:
        """The people `queries` name exactly (each one person's name, alias or `name:`), in a
        vault narrowed to their own notes, read from the index: for a write to their notes
        (`log`), which needs no one else. None when the index cannot answer or a query is not
        one person's exact name: open the whole vault then."""
        root, config, index = cls._index_of(path)
        found = _named(index, queries)
        if found is None:
            return None
        return _people(cls._narrowed(root, config, index, index.records(found), today), found)

    @classmethod
    def open_around(
        cls,
        path: str | Path,
        queries: list[str],
        today: date | None = None,
        connections: bool = False,
    ) -> tuple[Vault, list[Person]] | None:
        """The people `queries` name exactly, in a vault narrowed to what questions about each
        of them need (as `open_person`: `prep`, `intro`), read from the index; with
        `connections`, also everyone they may be connected to: the people their own links
        reach, and those linking one of their names, in one of their groups or at their
        company (`actions.prep.connections`). None as for `open_named`."""
        root, config, index = cls._index_of(path)
        found = _named(index, queries)
        if found is None:
            return None
        notes = index.records(found)
        needed: set[str] = set()
        for rel in found:
            needed |= index.answer_of_person(rel)
            if connections and rel in notes:
                needed |= _connected(index, Person(notes[rel]))
        notes.update(index.records(needed - notes.keys()))
        return _people(cls._narrowed(root, config, index, notes, today), found)

    # Building ------------------------------------------------------------------------------------
    def _build(
        self,
        decoded: Mapping[str, ParsedNote] | None = None,
        interactions: list[Interaction] | None = None,
    ) -> None:
        """Build the network from every note, or from the `decoded` people and groups and the
        `interactions` the index stored (`vaultnet.network.stored`): then the problems of each
        note and the broken links come from the index's rows, which hold the same."""
        # Names, dates and link targets come worked out in each note's summary (cached with the
        # note), so building is mostly dictionary look-ups.
        from_rows = decoded is not None and interactions is not None and self.index is not None
        notes = decoded if from_rows and decoded is not None else self.notes
        for rel in sorted(notes):
            note = notes[rel]
            if not from_rows:
                self.problems.extend(note.problems)
            if note.kind == PERSON:
                self.people.append(Person(note))
            elif note.kind == INTERACTION and not from_rows:
                self.interactions.append(Interaction.of(note))
            elif note.kind == GROUP:
                self.groups.append(Group(note))
        if from_rows and interactions is not None:
            self.interactions = interactions
        self.people.sort(key=lambda p: (p.note.summary.keys[0], p.path))
        self._index_names()
        self._attach_interactions()
        self._attach_groups()
        for person in self.people:
            self._compute_last_contact(person)
        if from_rows and self.index is not None:
            index = self.index  # what each note's parse found, and its links to no note
            self.problems.extend(Problem(*row) for row in index.note_problems())
            self.problems.extend(broken_link(*row) for row in index.broken_links())
        else:
            self._check_links()
        self._check_duplicates()
        self.problems.sort(key=lambda p: (p.path, p.line, p.message, p.severity))

    def _index_names(self) -> None:
        # Stems first, so an alias never shadows someone's actual name.
        for person in self.people:
            self._by_key.setdefault(person.note.summary.keys[0], person)
        for person in self.people:
            for key in person.note.summary.keys[1:]:
                self._by_key.setdefault(key, person)

    def _attach_interactions(self) -> None:
        by_key = self._by_key
        for interaction in self.interactions:
            for name in interaction.with_names:
                person = by_key.get(fold(name))
                if person is not None and person not in interaction.people:
                    interaction.people.append(person)
                    person.interactions.append(interaction)

    def _attach_groups(self) -> None:
        by_name = {fold(g.name): g for g in self.groups}
        for aliased in self.groups:  # `groups: ["[[DTM]]"]` through the group's aliases too
            for alias in as_list(aliased.note.fields.get("aliases")):
                by_name.setdefault(fold(alias), aliased)
        for person in self.people:
            joined: list[Group] = []
            for name in person.groups:
                group = by_name.get(fold(name))
                if group is not None and group not in joined:
                    joined.append(group)
                    group.members.append(person)
        for interaction in self.interactions:
            named = (*interaction.with_names, *interaction.group_names)
            for name in named:
                group = by_name.get(fold(name))
                if group is not None and interaction not in group.interactions:
                    group.interactions.append(interaction)
        for group in self.groups:
            group.last_attended = contact.last_attended(group, self.today)
        self._groups_by_key = by_name

    def _compute_last_contact(self, person: Person) -> None:
        person.last_contact = contact.last_contact(person, self.today)
        field_date = person.last_contact_field
        if field_date is not None and field_date > self.today:
            line = person.note.key_lines.get("last_contact", 1)
            self.problems.append(later_field(person.path, field_date.isoformat(), line))

    def _check_links(self) -> None:
        self._note_keys = {key for note in self.notes.values() for key in note.summary.keys}
        for note in self.notes.values():
            keys = note.summary.link_keys
            if self._note_keys.issuperset(keys):
                continue  # the common case: no need to decode the note's links
            for ref, key in zip(note.links, keys, strict=True):
                if key not in self._note_keys:
                    self.problems.append(broken_link(note.path, ref.line, ref.target, ref.field))

    def _check_duplicates(self) -> None:
        owners: dict[str, list[Person]] = defaultdict(list)
        for person in self.people:
            keys = set(person.note.summary.keys)
            for key in keys:
                owners["name:" + key].append(person)
            for email in {e.strip().lower() for e in person.emails}:
                owners["email:" + email].append(person)
        for key in sorted(k for k, found in owners.items() if len(found) > 1):
            people = owners[key]
            kind, value = key.split(":", 1)
            line_key = "email" if kind == "email" else "aliases"
            self.problems.extend(
                shared(kind, value, [(p.path, p.note.key_lines.get(line_key, 1)) for p in people])
            )

    # Looking people up ---------------------------------------------------------------------------
    def group_by_link(self, target: str) -> Group | None:
        """The group a link target names (file name or alias, case- and accent-insensitive)."""
        return getattr(self, "_groups_by_key", {}).get(fold(target))

    def person_by_link(self, target: str) -> Person | None:
        """The person a link target names (file name or alias, case- and accent-insensitive)."""
        return self._by_key.get(fold(target))

    def select(
        self,
        circle: str | None = None,
        tag: str | None = None,
        company: str | None = None,
        stage: str | None = None,
        status: str | None = None,
        location: str | None = None,
        group: str | None = None,
    ) -> list[Person]:
        """People filtered the way every command filters them: circle, stage and status exactly
        (ignoring case), a tag (with or without `#`) ignoring case and accents, part of the
        company name or the location likewise, a group by its name or an alias."""
        people = self.people
        if circle and circle.strip():
            people = [p for p in people if p.circle == circle.strip().lower()]
        if tag and tag.strip().lstrip("#"):
            wanted = fold(tag.strip().lstrip("#"))
            people = [p for p in people if wanted in (fold(t) for t in p.tags)]
        if company and company.strip():
            wanted = fold(company)
            people = [p for p in people if wanted in fold(p.company)]
        if stage:
            people = [p for p in people if p.stage == stage]
        if status and status.strip():
            people = [p for p in people if p.status == status.strip().lower()]
        if location and location.strip():
            wanted = fold(location)
            people = [p for p in people if wanted in fold(p.fact("location"))]
        if group and group.strip():
            wanted = fold(group.strip().removeprefix("[[").removesuffix("]]"))
            chosen = [
                g
                for g in self.groups
                if wanted == fold(g.name)
                or wanted in map(fold, as_list(g.note.fields.get("aliases")))
            ]
            members = {id(p) for g in chosen for p in g.members}
            people = [p for p in people if id(p) in members]
        return people

    def find(self, query: str) -> Person:
        """The person a user means by `query`, typos allowed: for reads (see
        `vaultnet.network.resolve`)."""
        return resolve(query, self.people)

    def find_for_write(self, query: str) -> Person:
        """The person `query` names exactly (name, alias, a unique prefix or whole word): for
        writes, which refuse a fuzzy-only match."""
        return resolve_for_write(query, self.people)

    def lookup(self, query: str) -> Match:
        """The person `query` means and how it matched (a read says so when it was fuzzy)."""
        return match(query, self.people)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _named(index: NoteIndex, queries: list[str]) -> list[str] | None:
    """The note of the one person each query names exactly, if the index can say (see
    `IndexQueries.person_named`); None when it cannot, or a query names no one person."""
    if not index.answers:
        return None
    found: list[str] = []
    for query in queries:
        wanted = fold(query)
        rel = index.person_named(wanted) if wanted else None
        if rel is None:
            return None
        found.append(rel)
    return found


def _people(vault: Vault, found: list[str]) -> tuple[Vault, list[Person]] | None:
    """`vault` and the people at `found` in it (None if a record of theirs was damaged)."""
    by_path = {p.path: p for p in vault.people}
    if any(rel not in by_path for rel in found):
        return None
    return vault, [by_path[rel] for rel in found]


def _connected(index: NoteIndex, person: Person) -> set[str]:
    """The person notes `person` may be connected to, from the index (see `open_around`)."""
    links = [*person.introduced_by, *person.knows, *(t for e in person.log for t in e.links)]
    owners = {index.link_owner(key) for key in {fold(t) for t in links}}
    names = [fold(person.name), *(fold(a) for a in person.aliases)]
    groups = [fold(g) for g in person.groups]
    linking = index.connected_people(names, groups, fold(person.company))
    return linking | {owner for owner in owners if owner is not None}


# The problems only the whole vault shows (the index's queries make the same ones) --------------------
def broken_link(path: str, line: int, target: str, field: str) -> Problem:
    return Problem(path, line, f"link to no note: [[{target}]] ({field})", "warning")


def later_field(path: str, day: str, line: int) -> Problem:
    # Like a future log line, a future `last_contact` is a plan (or a typo), not a contact.
    return Problem(path, line, f"last_contact {day} is in the future; not counted", "warning")


def shared(kind: str, value: str, people: list[tuple[str, int]]) -> list[Problem]:
    """An email (`kind` "email") or a name or alias ("name") that several people have, given
    as (path, line of the key) in name order: a problem for each but the first."""
    first = people[0][0]
    what = "email" if kind == "email" else "name or alias"
    # a shared alias is common (two Alexes); a shared email is a duplicate person
    severity = "error" if kind == "email" else "warning"
    return [
        Problem(path, line, f"same {what} '{value}' as {first}", severity)
        for path, line in people[1:]
    ]
