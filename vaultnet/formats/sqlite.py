"""`export sqlite`: the network as a SQLite file with a documented, stable schema, for Datasette,
sqlite-utils or any SQL tool.

Separate from the internal index (`.vaultnet/index.sqlite`, whose tables change with vaultnet):
these tables and columns are documented in the README and only ever grow. Lists (aliases, tags,
interests) are JSON arrays, dates ISO text, flags 0 or 1.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

FORMAT = "vaultnet-sqlite"
VERSION = 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE people (
    name TEXT PRIMARY KEY, display_name TEXT NOT NULL, path TEXT NOT NULL,
    circle TEXT, stage TEXT NOT NULL, status TEXT,
    company TEXT, role TEXT, location TEXT, industry TEXT,
    email TEXT, phone TEXT, linkedin TEXT, website TEXT,
    cadence_days INTEGER, last_contact TEXT, next_due TEXT, due INTEGER NOT NULL,
    ask TEXT, offer TEXT, gives INTEGER NOT NULL, asks INTEGER NOT NULL,
    birthday TEXT, snooze_until TEXT, never INTEGER NOT NULL,
    aliases TEXT NOT NULL, tags TEXT NOT NULL, interests TEXT NOT NULL
);
CREATE TABLE interactions (
    path TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT, type TEXT NOT NULL
);
CREATE TABLE contacts (
    person TEXT NOT NULL REFERENCES people (name), date TEXT NOT NULL, kind TEXT NOT NULL,
    text TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL, tags TEXT NOT NULL
);
CREATE TABLE tasks (
    path TEXT NOT NULL, line INTEGER NOT NULL, person TEXT REFERENCES people (name),
    text TEXT NOT NULL, due TEXT, done INTEGER NOT NULL
);
CREATE TABLE links (
    person TEXT NOT NULL REFERENCES people (name), field TEXT NOT NULL, target TEXT NOT NULL,
    target_person TEXT REFERENCES people (name)
);
CREATE TABLE groups (name TEXT PRIMARY KEY, path TEXT NOT NULL, cadence_days INTEGER);
CREATE TABLE group_members (
    group_name TEXT NOT NULL REFERENCES groups (name),
    person TEXT NOT NULL REFERENCES people (name)
);
CREATE INDEX contacts_by_person ON contacts (person, date);
CREATE INDEX tasks_by_person ON tasks (person);
CREATE INDEX links_by_person ON links (person);
"""


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _person_row(person: Person, vault: Vault) -> tuple[Any, ...]:
    from vaultnet.formats.jsonout import format_birthday, person_summary

    summary = person_summary(person, vault)
    return (
        person.name,
        person.display_name,
        person.path,
        summary["circle"],
        summary["stage"],
        summary["status"],
        *(person.fact(key) or None for key in ("company", "role", "location", "industry")),
        person.email or None,
        person.fact("phone") or None,
        person.fact("linkedin") or None,
        person.fact("website") or None,
        summary["cadence_days"],
        summary["last_contact"],
        summary["next_due"],
        int(summary["due"]),
        summary["ask"],
        summary["offer"],
        person.gives,
        person.asks,
        format_birthday(person.birthday),
        person.snooze_until.isoformat() if person.snooze_until else None,
        int(person.never),
        _json(person.aliases),
        _json(person.tags),
        _json(person.interests),
    )


def write_sqlite(people: Sequence[Person], vault: Vault, path: Path) -> None:
    """Write `people` (with their contacts, tasks and links), the vault's interactions and groups
    to a new SQLite file at `path`, whole: built beside it, then renamed into place."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    db = sqlite3.connect(temporary)
    try:
        with db:
            db.executescript(SCHEMA)
            _fill(db, people, vault)
        db.close()
        os.replace(temporary, path)
    finally:
        db.close()
        temporary.unlink(missing_ok=True)


def _fill(db: sqlite3.Connection, people: Sequence[Person], vault: Vault) -> None:
    chosen = {p.path for p in people}
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", FORMAT), ("version", str(VERSION)), ("today", vault.today.isoformat())],
    )
    db.executemany(
        f"INSERT INTO people VALUES ({', '.join('?' * 28)})",
        [_person_row(p, vault) for p in people],
    )
    db.executemany(
        "INSERT INTO interactions VALUES (?, ?, ?, ?)",
        [
            (i.path, i.title, i.date.isoformat() if i.date else None, i.type)
            for i in vault.interactions
        ],
    )
    db.executemany(
        "INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (p.name, h.date.isoformat(), h.kind, h.text, h.path, h.line, _json(h.tags))
            for p in people
            for h in p.history
        ],
    )
    tasks: list[tuple[Any, ...]] = []
    for person in people:
        tasks.extend(
            (person.path, t.line, person.name, t.text, t.due, int(t.done)) for t in person.tasks
        )
        for interaction in person.interactions:
            tasks.extend(
                (interaction.path, t.line, person.name, t.text, t.due, int(t.done))
                for t in interaction.tasks
                if person in interaction.owners(t)
            )
    tasks.sort(key=lambda row: (row[0], row[1], row[2]))  # by note, line, person
    db.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?)", tasks)
    links: list[tuple[Any, ...]] = []
    for person in people:
        for field_name, targets in (
            ("introduced_by", person.introduced_by),
            ("knows", person.knows),
        ):
            for target in targets:
                other = vault.person_by_link(target)
                links.append((person.name, field_name, target, other.name if other else None))
    db.executemany("INSERT INTO links VALUES (?, ?, ?, ?)", links)
    db.executemany(
        "INSERT INTO groups VALUES (?, ?, ?)",
        [
            (g.name, g.path, g.cadence if g.cadence and g.cadence > 0 else None)
            for g in vault.groups
        ],
    )
    db.executemany(
        "INSERT INTO group_members VALUES (?, ?)",
        [(g.name, m.name) for g in vault.groups for m in g.members if m.path in chosen],
    )
