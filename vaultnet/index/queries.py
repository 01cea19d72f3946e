"""The questions the index answers from its rows, one method each: who a name or a link
reaches, which notes a question about one person needs, the people with their derived facts,
and the problems of the vault. Work follows the answer, not the vault."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from vaultnet.index.rows import DISPLAY, STEM


class IndexQueries:
    """The queries of `NoteIndex`, which opens `db` and says whether the rows are `persisted`
    (they describe the vault as scanned)."""

    db: sqlite3.Connection | None = None
    persisted: bool = False

    @property
    def answers(self) -> bool:
        """Whether the stored rows describe the vault as scanned, so queries may use them."""
        return self.db is not None and self.persisted

    def query(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        assert self.db is not None
        return list(self.db.execute(sql, tuple(parameters)).fetchall())

    def person_named(self, key: str) -> str | None:
        """The note of the one person whose name, alias or `name:` folds to `key`, as name
        resolution's first tier finds them (an exact stem beats an alias shared with others);
        None when no one or several people are named so (resolution goes on with the model)."""
        rows = self.query("SELECT DISTINCT path, rank FROM names WHERE key = ?", (key,))
        paths = {path for path, _ in rows}
        if len(paths) == 1:
            return paths.pop()
        stems = {path for path, rank in rows if rank == STEM}
        return stems.pop() if len(stems) == 1 else None

    def link_owner(self, key: str) -> str | None:
        """The person note a link to `key` reaches: by file name first, then by alias, the
        first in name order (as the vault resolves links)."""
        row = self.query(
            "SELECT path FROM names WHERE key = ? AND rank < ? ORDER BY rank, stem_key, path "
            "LIMIT 1",
            (key, DISPLAY),
        )
        return row[0][0] if row else None

    def answer_of_person(self, path: str) -> set[str]:
        """The notes a question about one person needs: theirs, the meetings `with` them, and
        the other people of those meetings (whose names decide whose a meeting's task is)."""
        keys = [
            k
            for (k,) in self.query(
                "SELECT key FROM names WHERE path = ? AND rank < ?", (path, DISPLAY)
            )
        ]
        owned = [k for k in keys if self.link_owner(k) == path]
        meetings: set[str] = set()
        for key in owned:
            meetings.update(
                p
                for (p,) in self.query(
                    "SELECT DISTINCT path FROM refs WHERE role = 'with' AND key = ?", (key,)
                )
            )
        others: set[str] = set()
        for meeting in meetings:
            for (key,) in self.query(
                "SELECT DISTINCT key FROM refs WHERE role = 'with' AND path = ?", (meeting,)
            ):
                owner = self.link_owner(key)
                if owner is not None:
                    others.add(owner)
        return {path} | meetings | others

    def connected_people(
        self, names: Iterable[str], groups: Iterable[str], company: str
    ) -> set[str]:
        """The person notes that may be connected to someone (see `actions.prep.connections`):
        those whose `introduced_by`, `knows` or log lines link one of the folded `names`, whose
        `groups` hold one of the folded `groups`, or whose folded company is `company` ('' for
        none). A superset is fine: the model decides what each connection is."""
        wanted: list[tuple[str, tuple[str, ...]]] = [
            (key, ("introduced_by", "knows", "log")) for key in sorted(set(names))
        ]
        wanted.extend((key, ("groups",)) for key in sorted(set(groups)))
        if company:
            wanted.append((company, ("company",)))
        found: set[str] = set()
        for key, roles in wanted:
            found.update(
                path
                for (path,) in self.query(
                    "SELECT DISTINCT r.path FROM refs r JOIN people p ON p.path = r.path "
                    f"WHERE r.key = ? AND r.role IN ({', '.join('?' * len(roles))})",
                    (key, *roles),
                )
            )
        return found

    # The whole vault, from the rows (no note decoded but the people's own) --------------------------
    def people_rows(
        self, today: str, not_contacts: Iterable[str] = ()
    ) -> list[tuple[str, bytes, int, int, str | None]]:
        """Every person in name order: (path, record, gives, asks, last contact as of `today`).
        A meeting whose type is in `not_contacts` (a draft) is no contact."""
        excluded = sorted(not_contacts)
        marks = ", ".join("?" * len(excluded))
        return self.query(
            "SELECT p.path, n.record, p.gives, p.asks, ("
            "  SELECT MAX(c.day) FROM contacts c WHERE c.person = p.path AND c.day <= ?"
            f"  AND (c.source = c.person OR c.type NOT IN ({marks}))"
            ") FROM people p JOIN notes n ON n.path = p.path ORDER BY p.stem_key, p.path",
            (today, *excluded),
        )

    def meeting_rows(self) -> list[tuple[str, str | None, str, int, bytes]]:
        """(path, day, type, line of `date`, facts) of every interaction note (see
        `vaultnet.index.rows.meeting_facts`)."""
        return self.query("SELECT path, day, type, line, facts FROM meetings")

    def note_count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM files")[0][0])

    def note_problems(self) -> list[tuple[str, int, str, str]]:
        """(path, line, message, severity) of what each note's parse found."""
        return self.query("SELECT path, line, message, severity FROM problems")

    def broken_links(self) -> list[tuple[str, int, str, str]]:
        """(path, line, target, field) of every link that reaches no note."""
        return self.query(
            "SELECT path, line, target, field FROM links "
            "WHERE key NOT IN (SELECT key FROM note_keys)"
        )

    def later_fields(self, today: str) -> list[tuple[str, str, int]]:
        """(path, day, line) of each person's `last_contact:` dated after `today`."""
        return self.query(
            "SELECT person, day, line FROM contacts "
            "WHERE source = person AND type = 'field' AND day > ?",
            (today,),
        )

    def shared_names(self) -> list[tuple[str, str, int]]:
        """(key, path, aliases line) of the people a name or alias reaches when it reaches
        several, each key's people in name order."""
        return self.query(
            "SELECT DISTINCT n.key, n.path, p.aliases_line FROM names n "
            "JOIN people p ON p.path = n.path WHERE n.rank < ?1 AND n.key IN ("
            "  SELECT key FROM names WHERE rank < ?1 GROUP BY key HAVING COUNT(DISTINCT path) > 1"
            ") ORDER BY n.key, p.stem_key, n.path",
            (DISPLAY,),
        )

    def shared_emails(self) -> list[tuple[str, str, int]]:
        """(address, path, line) of the people an email address reaches when it reaches
        several, each address's people in name order."""
        return self.query(
            "SELECT e.address, e.path, e.line FROM emails e JOIN people p ON p.path = e.path "
            "WHERE e.address IN ("
            "  SELECT address FROM emails GROUP BY address HAVING COUNT(DISTINCT path) > 1"
            ") ORDER BY e.address, p.stem_key, e.path"
        )

    # The memo of a command's result ----------------------------------------------------------------
    def memo(self, name: str) -> str | None:
        """What a command stored under `name` (see `remember`), if the store holds it."""
        if not self.answers:
            return None
        assert self.db is not None
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (f"memo:{name}",))
            found = row.fetchone()
        except sqlite3.Error:
            return None
        return found[0] if found else None

    def remember(self, name: str, value: str) -> None:
        """Keep `value` under `name` until the next change of any row (keyed by the caller
        with `token`, which every change renews)."""
        if not self.answers:
            return
        assert self.db is not None
        try:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"memo:{name}", value))
        except sqlite3.Error:
            pass
