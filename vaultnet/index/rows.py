"""The rows one note gives the index: its record (marshal), the names that reach it, the
references it makes, and the facts queries read without decoding it (its dated contacts, a
meeting's day and tags, its problems, its links, a person's emails). Pure: no I/O."""

from __future__ import annotations

import marshal
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vaultnet.notes.parse import ParsedNote

# Rank of a name in `names`: a stem before an alias, as links resolve; the display name (`name:`)
# reaches a person when a user types it, never through a link.
STEM, ALIAS, DISPLAY = 0, 1, 2
OWN_LOG, OWN_FIELD = "log", "field"  # the `type` of a person's own dated records in `contacts`


def encode(note: ParsedNote) -> bytes:
    record = note.__dict__.get("_record")  # a note decoded from a record: that very record
    return marshal.dumps((record if record is not None else note.to_record()).plain())


def decode(rel: str, blob: bytes) -> ParsedNote | None:
    """The note a stored record holds, or None when the record is damaged (a miss)."""
    from vaultnet.notes.parse import NoteRecord, ParsedNote

    try:
        record = NoteRecord.of(marshal.loads(blob))
        if record is None:
            return None
        note = ParsedNote.from_record(rel, record)
        note.summary  # noqa: B018  (a record of the wrong shape fails here, not later)
    except (ValueError, EOFError, TypeError, IndexError, AttributeError):
        return None
    return note


def record_layout() -> str:
    """The fields of a stored record, which RECORD_LAYOUT must equal (a test checks it)."""
    from vaultnet.notes.parse import NoteRecord, NoteSummary, Task

    return ";".join(",".join(t._fields) for t in (NoteRecord, NoteSummary, Task))


class NoteRows(NamedTuple):
    """Every row one note adds to the index, by table (the `files` and `notes` rows aside)."""

    names: list[tuple[str, str, int, str]]  # (key, path, rank, stem key)
    refs: list[tuple[str, int, str, str]]  # (path, line, role, target key)
    people: list[
        tuple[str, str, int, int, int]
    ]  # (path, stem key, own gives, own asks, aliases line)
    meetings: list[
        tuple[str, str | None, str, bool, bool, int, bytes]
    ]  # (path, day, type, #give, #ask, line, facts: see `meeting_facts`)
    contacts: list[tuple[str, str, int, str, str]]  # (person, day, line, type, source)
    problems: list[tuple[str, int, str, str]]  # (path, line, message, severity)
    note_keys: list[tuple[str, str]]  # (key, path): the names a link may use to reach it
    links: list[tuple[str, int, str, str, str]]  # (path, line, target, field, key)
    emails: list[tuple[str, str, int]]  # (address in lower case, path, line)


def note_rows(rel: str, note: ParsedNote) -> NoteRows:
    from vaultnet.notes.parse import INTERACTION, PERSON
    from vaultnet.text.dates import parse_date
    from vaultnet.text.links import as_list

    summary = note.summary
    people: list[tuple[str, str, int, int, int]] = []
    meetings: list[tuple[str, str | None, str, bool, bool, int, bytes]] = []
    contacts: list[tuple[str, str, int, str, str]] = []
    emails: list[tuple[str, str, int]] = []
    if note.kind == PERSON:
        lines = note.key_lines
        people.append((rel, summary.keys[0], summary.gives, summary.asks, lines.get("aliases", 1)))
        contacts.extend((rel, entry.date, entry.line, OWN_LOG, rel) for entry in note.log)
        field = parse_date(note.fields.get("last_contact"))
        if field is not None:
            contacts.append((rel, field.isoformat(), lines.get("last_contact", 1), OWN_FIELD, rel))
        addresses = {e.strip().lower() for e in as_list(note.fields.get("email"))}
        emails.extend((address, rel, lines.get("email", 1)) for address in sorted(addresses))
    elif note.kind == INTERACTION:
        tags = summary.tags
        meetings.append(
            (
                rel,
                summary.date,
                summary.type,
                "give" in tags,
                "ask" in tags,
                summary.date_line,
                meeting_facts(note),
            )
        )
    return NoteRows(
        names=_name_rows(rel, note),
        refs=_ref_rows(rel, note),
        people=people,
        meetings=meetings,
        contacts=contacts,
        problems=[(rel, p.line, p.message, p.severity) for p in note.problems],
        note_keys=[(key, rel) for key in sorted(set(summary.keys))],
        links=[
            (rel, ref.line, ref.target, ref.field, key)
            for ref, key in zip(note.links, summary.link_keys, strict=True)
        ],
        emails=emails,
    )


def meeting_facts(note: ParsedNote) -> bytes:
    """What the vault model needs of an interaction note besides its day, type and line, so that
    building the network decodes no meeting's record: (with names, tags, group names, tasks),
    marshalled (see `read_meeting_facts`)."""
    from vaultnet.notes.record import group_names

    summary = note.summary
    facts = (summary.with_names, summary.tags, group_names(note), [tuple(t) for t in note.tasks])
    return marshal.dumps(facts)


def read_meeting_facts(
    blob: bytes,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], list[tuple[Any, ...]]] | None:
    """The facts `meeting_facts` stored, or None when the row is damaged."""
    try:
        facts = marshal.loads(blob)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(facts, tuple) and len(facts) == 4):
        return None
    return facts


def _name_rows(rel: str, note: ParsedNote) -> list[tuple[str, str, int, str]]:
    """(key, path, rank, stem key) of every name that reaches a person note."""
    from vaultnet.notes.parse import PERSON
    from vaultnet.text.links import fold

    if note.kind != PERSON:
        return []
    keys = note.summary.keys
    stem_key = keys[0]
    rows = [(stem_key, rel, STEM, stem_key)]
    rows.extend((key, rel, ALIAS, stem_key) for key in keys[1:])
    display = fold(_one_line(note.fields.get("name")))
    if display:
        rows.append((display, rel, DISPLAY, stem_key))
    return rows


def _one_line(value: Any) -> str:
    """A frontmatter value as the model shows it (network.model's `_text`: `name:` as the
    display name, `company:` as `Person.company` before `unlinked`)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_one_line(v) for v in value if _one_line(v))
    return str(value).strip()


def _ref_rows(rel: str, note: ParsedNote) -> list[tuple[str, int, str, str]]:
    """(path, line, role, target key) of every reference a note makes: who a meeting is
    `with`, the links of its fields and log lines, and a person's company (role `company`, the
    folded company as the model reads it: who else is at it, for `prep`'s mutual connections)."""
    from vaultnet.notes.parse import PERSON
    from vaultnet.text.links import fold, unlinked

    summary = note.summary
    rows = [(rel, summary.date_line, "with", fold(name)) for name in summary.with_names]
    rows.extend(
        (rel, ref.line, ref.field, key)
        for ref, key in zip(note.links, summary.link_keys, strict=True)
        if ref.field != "with"
    )
    company = fold(unlinked(_one_line(note.fields.get("company")))) if note.kind == PERSON else ""
    if company:
        rows.append((rel, note.key_lines.get("company", 1), "company", company))
    return rows
