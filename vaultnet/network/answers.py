"""Whole-vault questions answered from the index's rows, without building the model: the people
with their derived facts (last contact, gives, asks) for `list`, and the vault's problems for
`check`. Each gives None when the index cannot answer (the caller opens the whole vault)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vaultnet.config import Config, load_config
from vaultnet.errors import NoSuchVault, Problem
from vaultnet.fs.scan import scan, vault_skip
from vaultnet.index.rows import decode
from vaultnet.index.store import NoteIndex, open_vault_index
from vaultnet.network.contact import DRAFT
from vaultnet.network.model import Person
from vaultnet.network.vault import Vault, broken_link, later_field, shared


def _index(path: str | Path) -> tuple[Path, Config, NoteIndex, list[Problem]] | None:
    root = Path(path)
    if not root.is_dir():
        raise NoSuchVault(f"vault folder {path} does not exist")
    config = load_config(root)
    scanned = scan(root, vault_skip(root, config))
    index = open_vault_index(root, config, scanned)
    if not index.answers:
        index.close()
        return None
    return root, config, index, scanned.problems


def open_people(path: str | Path, today: date) -> Vault | None:
    """The vault's people in name order, each with their last contact as of `today`, gives and
    asks from the index, and nothing else: no interactions, groups or problems (so no history,
    no meeting's tasks). For filters on the people's own facts; None when the index cannot
    answer."""
    opened = _index(path)
    if opened is None:
        return None
    root, config, index, _ = opened
    people = _people(index, today)
    if people is None:
        return None
    vault = Vault(
        root=root, config=config, today=today, notes={}, people=people, index=index, narrowed=True
    )
    vault.stats = index.stats
    return vault


def _people(index: NoteIndex, today: date) -> list[Person] | None:
    """The people of the index's rows in name order; None (the index closed) when a record
    is damaged: the whole vault parses it again."""
    people: list[Person] = []
    for rel, record, gives, asks, last in index.people_rows(today.isoformat(), (DRAFT,)):
        note = decode(rel, record)
        if note is None:
            index.close()
            return None
        people.append(
            Person.from_index(note, date.fromisoformat(last) if last else None, gives, asks)
        )
    return people


@dataclass
class Checked:
    """What `check` reports: every problem of the vault, sorted, and how many notes it has."""

    problems: list[Problem]
    notes: int
    config: Config
    people: list[Person] = field(default_factory=list)  # asked for with `with_people`

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def open_problems(path: str | Path, today: date, with_people: bool = False) -> Checked | None:
    """The problems `Vault.open(path, today).problems` holds, from the index's rows: each note's
    own, the links to no note, the `last_contact` dates after today, the shared names and
    emails; `with_people`, the people too (as `open_people` has them). None when the index
    cannot answer."""
    opened = _index(path)
    if opened is None:
        return None
    _, config, index, problems = opened
    found = list(problems)
    found.extend(Problem(*row) for row in index.note_problems())
    found.extend(broken_link(*row) for row in index.broken_links())
    found.extend(later_field(*row) for row in index.later_fields(today.isoformat()))
    for kind, rows in (("name", index.shared_names()), ("email", index.shared_emails())):
        by_value: dict[str, list[tuple[str, int]]] = {}
        for value, rel, line in rows:
            by_value.setdefault(value, []).append((rel, line))
        for value, places in by_value.items():
            found.extend(shared(kind, value, places))
    found.sort(key=lambda p: (p.path, p.line, p.message, p.severity))
    people = _people(index, today) if with_people else []
    if people is None:
        return None
    checked = Checked(found, index.note_count(), config, people)
    index.close()
    return checked
