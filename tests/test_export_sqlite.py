"""`export sqlite FILE`: a SQLite file in the stable, documented schema, opened here with sqlite3."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import Result

from vaultnet.network.vault import Vault

TODAY = "2026-11-22"

COLUMNS = {
    "meta": ["key", "value"],
    "people": [
        "name", "display_name", "path", "circle", "stage", "status", "company", "role",
        "location", "industry", "email", "phone", "linkedin", "website", "cadence_days",
        "last_contact", "next_due", "due", "ask", "offer", "gives", "asks", "birthday",
        "snooze_until", "never", "aliases", "tags", "interests",
    ],
    "interactions": ["path", "title", "date", "type"],
    "contacts": ["person", "date", "kind", "text", "path", "line", "tags"],
    "tasks": ["path", "line", "person", "text", "due", "done"],
    "links": ["person", "field", "target", "target_person"],
    "groups": ["name", "path", "cadence_days"],
    "group_members": ["group_name", "person"],
}  # fmt: skip


def _rows(db: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return db.execute(sql).fetchall()


def test_the_export_opens_with_sqlite3_in_the_documented_schema(
    vault_dir: Path, run: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "network.db"
    result = run("export", "sqlite", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == "Wrote 27 people to " + str(out) + "\n"
    db = sqlite3.connect(out)
    tables = [r[0] for r in _rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert sorted(tables) == sorted(COLUMNS)
    for table, columns in COLUMNS.items():
        assert [r[1] for r in _rows(db, f"PRAGMA table_info({table})")] == columns
    assert dict(_rows(db, "SELECT key, value FROM meta")) == {
        "format": "vaultnet-sqlite",
        "version": "1",
        "today": TODAY,
    }
    vault = Vault.open(vault_dir, date.fromisoformat(TODAY))
    jane = vault.find("Jane Doe")
    row = db.execute(
        "SELECT company, email, aliases, gives, asks, last_contact FROM people WHERE name = ?",
        ("Jane Doe",),
    ).fetchone()
    assert jane.last_contact is not None
    expected = ("Acme Robotics", jane.email, '["Janie"]', jane.gives, jane.asks)
    assert row == (*expected, jane.last_contact.isoformat())
    assert _rows(db, "SELECT count(*) FROM people") == [(len(vault.people),)]
    assert _rows(db, "SELECT count(*) FROM interactions") == [(len(vault.interactions),)]
    assert _rows(db, "SELECT count(*) FROM contacts") == [
        (sum(len(p.history) for p in vault.people),)
    ]
    history = _rows(
        db, "SELECT date, text FROM contacts WHERE person = 'Jane Doe' ORDER BY date DESC, path"
    )
    assert history[0] == (jane.history[0].date.isoformat(), jane.history[0].text)
    # The README's query: who you owe (asked more than you gave).
    owed = _rows(db, "SELECT name FROM people WHERE asks > gives ORDER BY name")
    assert owed == [(p.name,) for p in vault.people if p.asks > p.gives]
    db.close()


def test_the_export_never_replaces_a_file_without_force_nor_a_note(
    vault_dir: Path, run: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "network.db"
    out.write_bytes(b"mine")
    refused = run("export", "sqlite", str(out))
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"Error: {out} already exists; add --force to replace it\n",
    )
    assert out.read_bytes() == b"mine"
    assert run("export", "sqlite", str(out), "--force").exit_code == 0
    assert out.read_bytes().startswith(b"SQLite format 3\0")
    note = vault_dir / "People" / "Jane Doe.md"
    before = note.read_bytes()
    assert run("export", "sqlite", str(note), "--force").exit_code == 1
    assert note.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_export_is_the_same_twice(
    vault_dir: Path, run: Callable[..., Result], tmp_path: Path
) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert run("export", "sqlite", str(first)).exit_code == 0
    assert run("export", "sqlite", str(second)).exit_code == 0
    dumps = ["\n".join(sqlite3.connect(path).iterdump()) for path in (first, second)]
    assert dumps[0] == dumps[1]
