"""The facts of a person that come from other notes, kept in the index: which meetings reach
them (`attached`: a meeting's `with:` name resolved as links resolve, a stem before an alias),
the dated contacts those meetings give them (`contacts` rows whose source is a meeting), and
their #give and #ask counts (`people.gives`, `people.asks`).

They are recomputed in the refresh's own transaction, for the people a change touches only. The
unit of invalidation is the folded name key: the names a changed note held before and holds
now decide which meetings are resolved again (a renamed alias, a new person whose stem beats
someone's alias), and the people those meetings reached before or reach now are recomputed.
What depends on the day (a contact dated after today is a plan) is applied by the queries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from vaultnet.index.rows import DISPLAY
from vaultnet.notes.contact_dates import DRAFT

_TEMP = """
CREATE TEMP TABLE IF NOT EXISTS vn_changed (path TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS vn_keys (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS vn_meetings (path TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS vn_people (path TEXT PRIMARY KEY) WITHOUT ROWID
"""


def _fill(db: sqlite3.Connection, table: str, values: Iterable[str]) -> None:
    db.execute(f"DELETE FROM {table}")
    db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?)", [(v,) for v in values])


class Touched:
    """What the notes about to change held before: the name keys that reached them, and the
    people their meetings reached. Taken before their rows are replaced."""

    def __init__(self, db: sqlite3.Connection, paths: Iterable[str]) -> None:
        for statement in _TEMP.split(";"):
            db.execute(statement)
        self.paths = sorted(set(paths))
        _fill(db, "vn_changed", self.paths)
        self.keys = [
            key
            for (key,) in db.execute(
                "SELECT DISTINCT key FROM names WHERE rank < ? "
                "AND path IN (SELECT path FROM vn_changed)",
                (DISPLAY,),
            )
        ]
        self.people = [
            person
            for (person,) in db.execute(
                "SELECT DISTINCT person FROM attached WHERE meeting IN (SELECT path FROM vn_changed) "
                "OR person IN (SELECT path FROM vn_changed)"
            )
        ]


def update(db: sqlite3.Connection, touched: Touched) -> None:
    """Recompute the derived rows for what `touched` names, after the notes' own rows were
    replaced (in the same transaction)."""
    if not touched.paths:
        return
    _fill(db, "vn_changed", touched.paths)
    new_keys = db.execute(
        "SELECT DISTINCT key FROM names WHERE rank < ? AND path IN (SELECT path FROM vn_changed)",
        (DISPLAY,),
    ).fetchall()
    _fill(db, "vn_keys", {*touched.keys, *(key for (key,) in new_keys)})
    # The meetings to resolve again: those that changed, and those naming a key that did.
    db.execute("DELETE FROM vn_meetings")
    db.execute(
        "INSERT OR IGNORE INTO vn_meetings SELECT path FROM meetings "
        "WHERE path IN (SELECT path FROM vn_changed)"
    )
    db.execute(
        "INSERT OR IGNORE INTO vn_meetings SELECT DISTINCT path FROM refs "
        "WHERE role = 'with' AND key IN (SELECT key FROM vn_keys)"
    )
    # The people to recompute: who those meetings reached before and reach now, and who changed.
    _fill(db, "vn_people", touched.people)
    db.execute(
        "INSERT OR IGNORE INTO vn_people SELECT person FROM attached "
        "WHERE meeting IN (SELECT path FROM vn_meetings)"
    )
    db.execute(
        "DELETE FROM attached WHERE meeting IN (SELECT path FROM vn_meetings) "
        "OR meeting IN (SELECT path FROM vn_changed) OR person IN (SELECT path FROM vn_changed)"
    )
    db.execute(
        "INSERT OR IGNORE INTO attached SELECT meeting, person FROM ("
        "  SELECT r.path AS meeting, ("
        "    SELECT n.path FROM names n WHERE n.key = r.key AND n.rank < ? "
        "    ORDER BY n.rank, n.stem_key, n.path LIMIT 1"
        "  ) AS person FROM refs r"
        "  WHERE r.role = 'with' AND r.path IN (SELECT path FROM vn_meetings)"
        ") WHERE person IS NOT NULL",
        (DISPLAY,),
    )
    db.execute(
        "INSERT OR IGNORE INTO vn_people SELECT person FROM attached "
        "WHERE meeting IN (SELECT path FROM vn_meetings)"
    )
    db.execute(
        "INSERT OR IGNORE INTO vn_people SELECT path FROM people "
        "WHERE path IN (SELECT path FROM vn_changed)"
    )
    db.execute("DELETE FROM vn_people WHERE path NOT IN (SELECT path FROM people)")
    db.execute(
        "DELETE FROM contacts WHERE person IN (SELECT path FROM vn_people) AND source != person"
    )
    db.execute(
        "INSERT INTO contacts SELECT a.person, m.day, m.line, m.type, a.meeting "
        "FROM attached a JOIN meetings m ON m.path = a.meeting "
        "WHERE a.person IN (SELECT path FROM vn_people) AND m.day IS NOT NULL"
    )
    for column, flag in (("gives", "give"), ("asks", "ask")):
        db.execute(
            f"UPDATE people SET {column} = own_{column} + ("
            "  SELECT COUNT(*) FROM attached a JOIN meetings m ON m.path = a.meeting"
            f"  WHERE a.person = people.path AND m.day IS NOT NULL AND m.{flag}"
            "  AND m.type != ?"  # a draft is no contact
            ") WHERE path IN (SELECT path FROM vn_people)",
            (DRAFT,),
        )
