"""The people, interactions and groups of a vault, built from parsed notes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from vaultnet.network import contact
from vaultnet.network.contact import HistoryItem as HistoryItem  # where it used to be
from vaultnet.notes.parse import LogEntry, ParsedNote, Task
from vaultnet.notes.record import group_names, stem_of
from vaultnet.text.dates import NEVER, parse_birthday, parse_date, parse_duration
from vaultnet.text.links import as_list, fold, names_in_value, unlinked

CONTACT_FIELDS = (
    "company",
    "role",
    "location",
    "industry",
    "email",
    "phone",
    "linkedin",
    "website",
)


def _text(value: Any) -> str:
    """A frontmatter value as one line of text ('' for nothing)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if _text(v))
    return str(value).strip()


def _values(value: Any) -> list[str]:
    """A frontmatter value as a list of non-empty strings (a list's items, or the one value)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> str:
    """Text as space-separated folded words, for whole-word matching of names."""
    return " ".join(_WORD.findall(fold(text)))


# People, interactions and groups point at each other: they compare by identity (eq=False), as
# comparing them field by field would walk the whole network.


@dataclass(eq=False, slots=True)
class Interaction:
    """A note outside People/ with `date` and `with`: a contact with each person named.

    Built from its parsed note (`of`), or from the facts the index stores for it (`stored`):
    then the note itself is decoded only when something asks for it (`note`), so building the
    network decodes no meeting's record."""

    path: str
    date: date | None
    type: str
    with_names: list[str]
    date_line: int
    tags: tuple[str, ...]
    """The hashtags of the note's log lines (`#give`, `#ask`...), sorted."""
    group_names: tuple[str, ...]
    """The groups its `groups:` names (see `vaultnet.notes.record.group_names`)."""
    people: list[Person] = field(default_factory=list)
    _note: ParsedNote | None = field(default=None, repr=False)
    _load: Callable[[str], ParsedNote] | None = field(default=None, repr=False)
    _tasks: list[Task] | None = field(default=None, repr=False)
    _stored_tasks: list[tuple[Any, ...]] = field(default_factory=list, repr=False)
    history_item: HistoryItem | None = field(default=None, init=False, repr=False)
    """This interaction in the history of each person it names (one item, shared)."""

    def __post_init__(self) -> None:
        if self.date is not None and contact.is_contact_note(self.type):
            self.history_item = HistoryItem(
                self.date, self.type, f"[[{self.title}]]", self.path, self.date_line, self.tags
            )

    @classmethod
    def of(cls, note: ParsedNote) -> Interaction:
        """The interaction a parsed note records."""
        summary = note.summary
        day = date.fromisoformat(summary.date) if summary.date else None
        found = cls(
            note.path,
            day,
            summary.type,
            list(summary.with_names),
            summary.date_line,
            summary.tags,
            group_names(note),
        )
        found._note = note
        return found

    @classmethod
    def stored(
        cls,
        path: str,
        day: str | None,
        kind: str,
        line: int,
        facts: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], list[tuple[Any, ...]]],
        load: Callable[[str], ParsedNote],
    ) -> Interaction:
        """The interaction the index's row of it describes (`vaultnet.index.rows.meeting_facts`);
        `load` gives its parsed note when one is asked for."""
        with_names, tags, groups, tasks = facts
        found = cls(
            path,
            date.fromisoformat(day) if day else None,
            kind,
            list(with_names),
            line,
            tuple(tags),
            tuple(groups),
        )
        found._load = load
        found._stored_tasks = tasks
        return found

    @property
    def note(self) -> ParsedNote:
        if self._note is None:
            assert self._load is not None
            self._note = self._load(self.path)
        return self._note

    @property
    def title(self) -> str:
        return stem_of(self.path)

    @property
    def tasks(self) -> list[Task]:
        if self._note is not None:
            return self._note.tasks
        if self._tasks is None:
            self._tasks = [Task(*t) for t in self._stored_tasks]
        return self._tasks

    def owners(self, task: Task) -> list[Person]:
        """Who a task in this note is for: of the people in `with`, those the task names (full
        name, first name, `name:` or an alias, as a whole word), else all of them. "Send Leo the
        contacts" from a meetup with four people is Leo's follow-up, not the other three's."""
        if len(self.people) < 2:
            return list(self.people)
        text = f" {words(task.text)} "
        named = [p for p in self.people if any(key in text for key in p.name_words)]
        return named or list(self.people)


@dataclass(eq=False)
class Group:
    """A hub, group, community or event people belong to through `groups:`."""

    note: ParsedNote
    members: list[Person] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)  # `with:` or `groups:` it
    last_attended: date | None = None  # see vaultnet.network.contact.last_attended

    @property
    def name(self) -> str:
        return self.note.stem

    @cached_property
    def last_contact_field(self) -> date | None:
        return parse_date(self.note.fields.get("last_contact"))

    @property
    def path(self) -> str:
        return self.note.path

    @property
    def cadence(self) -> int | None:
        return parse_duration(self.note.fields.get("cadence"))


@dataclass(eq=False)
class Person:
    """One person note with the facts vaultnet computes about them."""

    note: ParsedNote
    interactions: list[Interaction] = field(default_factory=list)
    last_contact: date | None = None
    _history: list[HistoryItem] | None = field(default=None, repr=False)

    @classmethod
    def from_index(
        cls, note: ParsedNote, last_contact: date | None, gives: int, asks: int
    ) -> Person:
        """A person with the facts the index derived from other notes (see
        `vaultnet.index.derived`), without their interactions: for answers about the people
        themselves (`list`), not about their meetings."""
        person = cls(note, last_contact=last_contact)
        person.__dict__.update(gives=gives, asks=asks)  # the cached properties, known already
        return person

    @property
    def history(self) -> list[HistoryItem]:
        """Log lines and interaction notes naming them, newest first, plans included (see
        `vaultnet.network.contact`; built on first use: most commands need only the last
        contact, which is computed without it)."""
        if self._history is None:
            self._history = contact.history(self)
        return self._history

    @history.setter
    def history(self, items: list[HistoryItem]) -> None:
        self._history = items

    # Facts straight from the note. Those read by every scheduling pass and parsed from text are
    # worked out once (cached_property): a note does not change while a command runs.
    @property
    def name(self) -> str:
        """The file stem: the person's name and link target."""
        return self.note.stem

    @property
    def path(self) -> str:
        return self.note.path

    @property
    def fm(self) -> dict[str, Any]:
        """The frontmatter, each property under its own name (`Company:` as `company`)."""
        return self.note.fields

    @cached_property
    def display_name(self) -> str:
        return _text(self.fm.get("name")) or self.name

    @property
    def aliases(self) -> list[str]:
        return as_list(self.fm.get("aliases"))

    @property
    def tags(self) -> list[str]:
        return [t.lstrip("#") for t in as_list(self.fm.get("tags"))]

    @cached_property
    def circle(self) -> str:
        return _text(self.fm.get("circle")).lower()

    @cached_property
    def stage(self) -> str:
        return _text(self.fm.get("stage")).lower() or "connected"

    @cached_property
    def status(self) -> str:
        return _text(self.fm.get("status")).lower()

    @property
    def ask(self) -> str:
        return _text(self.fm.get("ask"))

    @property
    def offer(self) -> str:
        return _text(self.fm.get("offer"))

    @property
    def interests(self) -> list[str]:
        return as_list(self.fm.get("interests"))

    @property
    def introduced_by(self) -> list[str]:
        return names_in_value(self.fm.get("introduced_by"))

    @property
    def knows(self) -> list[str]:
        return names_in_value(self.fm.get("knows"))

    @property
    def groups(self) -> list[str]:
        return names_in_value(self.fm.get("groups"))

    def fact(self, key: str) -> str:
        """A contact fact (`company`, `email`...) as text, '' when absent; a link as the text
        Obsidian shows (`company: "[[Acme Inc]]"` is `Acme Inc`)."""
        return unlinked(_text(self.fm.get(key)))

    @cached_property
    def company(self) -> str:
        return self.fact("company")

    @cached_property
    def role(self) -> str:
        return self.fact("role")

    @property
    def email(self) -> str:
        """The first email address (a list of them is allowed)."""
        return self.emails[0] if self.emails else ""

    @property
    def emails(self) -> list[str]:
        return as_list(self.fm.get("email"))

    @property
    def phones(self) -> list[str]:
        """The phone numbers, as written (one, or a list: never split at commas)."""
        return _values(self.fm.get("phone"))

    @property
    def urls(self) -> list[str]:
        """The `linkedin` then the `website` addresses, as written (one each, or lists)."""
        return [*_values(self.fm.get("linkedin")), *_values(self.fm.get("website"))]

    @cached_property
    def connected(self) -> date | None:
        """When you connected (`connected:`, as LinkedIn exports it), if it is a date."""
        return parse_date(self.fm.get("connected"))

    def mentions(self, key: str, folded: Iterable[str]) -> bool:
        """Whether the raw value of `key` contains one of the `folded` strings: a cheap test
        before parsing a link field's names."""
        raw = self.fm.get(key)
        if raw is None:
            return False
        text = fold(str(raw))
        return any(f in text for f in folded)

    @cached_property
    def birthday(self) -> tuple[int | None, int, int] | None:
        return parse_birthday(self.fm.get("birthday"))

    def yearly(self, key: str) -> tuple[int | None, int, int] | None:
        """A yearly date the note holds under `key` (`anniversary: 2015-06-20`, or `--06-20`
        without the year), like the birthday; None when absent or unreadable."""
        return self.birthday if key == "birthday" else parse_birthday(self.fm.get(key))

    @cached_property
    def snooze_until(self) -> date | None:
        return parse_date(self.fm.get("snooze_until"))

    @cached_property
    def last_contact_field(self) -> date | None:
        return parse_date(self.fm.get("last_contact"))

    @cached_property
    def cadence_days(self) -> int | None:
        """The person's own cadence in days, NEVER, or None when they set none (or an unreadable one)."""
        return parse_duration(self.fm.get("cadence"))

    @cached_property
    def never(self) -> bool:
        return self.cadence_days == NEVER

    @property
    def log(self) -> list[LogEntry]:
        return self.note.log

    @property
    def tasks(self) -> list[Task]:
        return self.note.tasks

    @property
    def details(self) -> list[str]:
        return self.note.details

    # Computed --------------------------------------------------------------------------------
    # gives and asks count the history items tagged #give / #ask (a draft is none), without
    # building the history: see `contact.favor_counts`.
    @cached_property
    def gives(self) -> int:
        return contact.favor_counts(self).gives

    @cached_property
    def asks(self) -> int:
        return contact.favor_counts(self).asks

    @property
    def balance(self) -> int:
        """#give minus #ask: positive means they owe you, negative that you owe them."""
        return self.gives - self.asks

    @cached_property
    def name_words(self) -> tuple[str, ...]:
        """The ways a task may name them: full name, first name, `name:`, aliases (as words)."""
        variants = {self.name, self.display_name, *self.aliases, *self.name.split()[:1]}
        return tuple(f" {w} " for w in map(words, sorted(variants)) if w)

    def open_tasks(self) -> list[tuple[Task, str]]:
        """Unchecked tasks in their note, and those of interaction notes that are theirs (see
        `Interaction.owners`), with the source path."""
        found = [(t, self.path) for t in self.tasks if not t.done]
        for interaction in self.interactions:
            found.extend(
                (t, interaction.path)
                for t in interaction.tasks
                if not t.done and self in interaction.owners(t)
            )
        return found
