"""What parsing a note records: the note (`ParsedNote`), its parts (log lines, tasks, links), the
summary that building the vault needs, and the plain record the index stores.

Pure: no file I/O, no parsing of note text (that is `vaultnet.notes.parse`).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from vaultnet.errors import Problem
from vaultnet.notes.keys import canonical
from vaultnet.text.dates import parse_date
from vaultnet.text.links import as_list, fold, names_in_value

PERSON, INTERACTION, GROUP, OTHER = "person", "interaction", "group", "other"


class LogEntry(NamedTuple):
    """A dated line in a note: `- 2026-09-14 coffee: text #give [[Bob]]`."""

    line: int
    date: str
    kind: str
    text: str
    tags: tuple[str, ...]
    links: tuple[str, ...]


class Task(NamedTuple):
    """A Markdown task; `due` (ISO) is set for follow-ups, None for open loops. A due date that
    is written but impossible (`📅 2026-02-30`) leaves `due` None and is kept in `bad_due` as
    written (the note has a problem on the line too)."""

    line: int
    done: bool
    text: str
    due: str | None
    section: str
    bad_due: str | None = None
    start: str | None = None
    """Tasks' start date (`🛫`, ISO): kept, shown; it does not make the task due."""
    done_on: str | None = None
    """The day a done task was done (Tasks' `✅`, ISO)."""


class LinkRef(NamedTuple):
    """A link to another note, from a frontmatter field or a log line, for link checking."""

    line: int
    target: str
    field: str


@dataclass
class ParsedNote:
    """Everything vaultnet keeps of one note. Dates are ISO strings so the record caches cheaply."""

    path: str
    kind: str = OTHER
    frontmatter: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    frontmatter_ok: bool = True
    log: list[LogEntry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    """Property -> the key the note writes it under, where that is another name (`Company`,
    `attendees`): see `vaultnet.notes.keys`."""

    @property
    def fields(self) -> dict[str, Any]:
        """The frontmatter with each property vaultnet reads under its own name (`Company:`
        as `company`): what the model reads. `frontmatter` stays as written, for editing."""
        if not self.renamed:
            return self.frontmatter
        found = self.__dict__.get("_fields")
        if found is None:
            found = self.__dict__["_fields"] = canonical(self.frontmatter, self.renamed)
        return found

    @cached_property
    def stem(self) -> str:
        return stem_of(self.path)

    @property
    def summary(self) -> NoteSummary:
        """What building the vault needs of this note (see NoteSummary)."""
        found = self.__dict__.get("_summary")
        if found is None:
            record = self.__dict__.get("_record")
            found = NoteSummary(*record.summary) if record is not None else summarize(self)
            self.__dict__["_summary"] = found
        return found

    def to_record(self) -> NoteRecord:
        """Plain values for the cache (marshal, the fastest decoder in the standard library).
        The path is the cache's key. What a warm run rarely reads (key lines, log, details,
        links) stays marshalled in one bytes object until a command asks for it."""
        body = (
            self.key_lines,
            [tuple(e) for e in self.log],
            self.details,
            [tuple(r) for r in self.links],
        )
        return NoteRecord(
            kind=self.kind,
            frontmatter=self.frontmatter,
            frontmatter_ok=self.frontmatter_ok,
            summary=tuple(self.summary),
            problems=[(p.line, p.message, p.severity) for p in self.problems],
            tasks=[tuple(t) for t in self.tasks],
            body=marshal.dumps(body),
            renamed=self.renamed,
        )

    @classmethod
    def from_record(cls, path: str, record: NoteRecord) -> ParsedNote:
        """The note a cached record holds. Its lists are decoded on first use (`__getattr__`):
        a warm run over 60,000 notes pays only for the fields it reads."""
        note = cls.__new__(cls)
        note.__dict__.update(
            path=path,
            kind=record.kind,
            frontmatter=record.frontmatter,
            frontmatter_ok=record.frontmatter_ok,
            problems=[Problem(path, line, msg, sev) for line, msg, sev in record.problems],
            renamed=record.renamed,
            _record=record,
        )
        return note

    def __getattr__(self, name: str) -> Any:
        # Reached only for an attribute not set yet: a lazy field of a note from the cache.
        record: NoteRecord | None = self.__dict__.get("_record")
        if record is None or name not in _LAZY_FIELDS:
            raise AttributeError(name)
        if name == "tasks":
            self.tasks = [Task(*t) for t in record.tasks]
        else:
            key_lines, log, details, links = marshal.loads(record.body)
            self.key_lines = key_lines
            self.log = [LogEntry(*e) for e in log]
            self.details = details
            self.links = [LinkRef(*r) for r in links]
        return self.__dict__[name]


def stem_of(path: str) -> str:
    """A note's name: its file name without `.md` (the link target)."""
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


GROUP_KEYS = ("groups", "group")
"""The keys where an interaction note names the groups it was at (its `with:` may name more)."""


def group_names(note: ParsedNote) -> tuple[str, ...]:
    """The groups an interaction note names in `groups:` or `group:`, each once."""
    named = (n for key in GROUP_KEYS for n in names_in_value(note.fields.get(key)))
    return tuple(dict.fromkeys(named))


class NoteRecord(NamedTuple):
    """A parsed note as the cache keeps it: plain values only (marshal stores it as a plain
    tuple; `NoteRecord._make` names the fields again when it is read back)."""

    kind: str
    frontmatter: dict[str, Any]
    frontmatter_ok: bool
    summary: tuple[Any, ...]  # NoteSummary's values
    problems: list[tuple[int, str, str]]  # (line, message, severity)
    tasks: list[tuple[Any, ...]]  # Task's values
    body: bytes  # marshal of (key_lines, log, details, links): decoded on first use
    renamed: dict[str, str]  # ParsedNote.renamed

    def plain(self) -> tuple[Any, ...]:
        """The record as a plain tuple, which marshal can store."""
        return tuple(self)

    @classmethod
    def of(cls, values: tuple[Any, ...]) -> NoteRecord | None:
        """The record a stored plain tuple holds; None for anything else (a miss)."""
        if isinstance(values, tuple) and len(values) == len(cls._fields):
            return cls._make(values)
        return None


_LAZY_FIELDS = frozenset({"tasks", "key_lines", "log", "details", "links"})


class NoteSummary(NamedTuple):
    """What building the vault needs of a note, worked out once when the note is parsed and
    cached with it, so that a warm run folds no name and parses no link."""

    keys: tuple[str, ...]  # the folded file name, then the folded aliases: names that reach it
    link_keys: tuple[str, ...]  # the folded target of each of the note's links, in order
    date: str | None  # an interaction's date (ISO)
    date_line: int  # the line of an interaction's `date` key
    type: str  # an interaction's type
    with_names: tuple[str, ...]  # the names an interaction's `with` holds
    log_dates: tuple[str, ...]  # the ISO date of each log line
    tags: tuple[str, ...]  # the hashtags of the log lines, sorted, once each
    gives: int  # log lines tagged #give
    asks: int  # log lines tagged #ask


def summarize(note: ParsedNote, with_keys: Iterable[str] = ("with",)) -> NoteSummary:
    """The note's summary; `with_keys`: the keys that list a meeting's people (`with`,
    `attendees`...), read in order, each name once."""
    fm = note.fields
    keys = (fold(note.stem), *(fold(a) for a in as_list(fm.get("aliases"))))
    when: str | None = None
    kind = ""
    with_names: tuple[str, ...] = ()
    if note.kind == INTERACTION:
        day = parse_date(fm.get("date"))
        when = day.isoformat() if day else None
        kind = str(fm.get("type") or "meeting").strip().lower()
        named = (n for key in with_keys for n in names_in_value(note.frontmatter.get(key)))
        with_names = tuple(dict.fromkeys(named))
    return NoteSummary(
        keys=keys,
        link_keys=tuple(fold(r.target) for r in note.links),
        date=when,
        date_line=note.key_lines.get("date", 1),
        type=kind,
        with_names=with_names,
        log_dates=tuple(e.date for e in note.log),
        tags=tuple(sorted({t for e in note.log for t in e.tags})),
        gives=sum(1 for e in note.log if "give" in e.tags),
        asks=sum(1 for e in note.log if "ask" in e.tags),
    )
