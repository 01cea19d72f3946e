"""What `vaultnet set`, `snooze` and `unsnooze` do to a vault: frontmatter facts checked against
the vault format, then written surgically (only each key's own line changes) through the editor."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultnet.errors import NoSuchPerson, UsageError
from vaultnet.fs.lock import vault_lock
from vaultnet.network.model import CONTACT_FIELDS
from vaultnet.notes.editor import NoteEditor, save_all
from vaultnet.notes.parse import LINK_FIELDS, STAGES, STATUSES, parse_note
from vaultnet.notes.yamlio import yaml_value
from vaultnet.text.dates import parse_birthday, parse_duration, parse_until, parse_when
from vaultnet.text.links import as_list, fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

TEXT_KEYS = ("name", *CONTACT_FIELDS, "ask", "offer")
LIST_KEYS = ("tags", "aliases", "interests", "knows", "groups")
LINK_KEYS = LINK_FIELDS
DATE_KEYS = ("last_contact", "connected", "snooze_until")


# Checking values ---------------------------------------------------------------------------------


def _one_line(key: str, text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise UsageError(f"{key}= needs a value (or nothing at all, to remove the key)")
    return value


def _link(name: str) -> str:
    inner = name.strip().removeprefix("[[").removesuffix("]]").strip()
    if not inner or "[" in inner or "]" in inner:
        raise UsageError(f"{name!r} is not a note name to link to")
    return f"[[{inner}]]"


def _choice(key: str, choices: Sequence[str]) -> Callable[[str, date], Any]:
    def check(text: str, today: date) -> Any:
        value = text.strip().lower()
        if value not in choices:
            raise UsageError(f"{key} must be one of {', '.join(choices)}, not {text.strip()!r}")
        return value

    return check


def _circle(text: str, today: date) -> Any:
    value = " ".join(text.split()).lower()
    if not re.fullmatch(r"[^\W_][\w-]*", value):
        raise UsageError(f"circle must be one word like core or friend, not {text.strip()!r}")
    return value


def _cadence(text: str, today: date) -> Any:
    value = text.strip().lower()
    if parse_duration(value) is None:
        raise UsageError(f"cadence must be like 14d, 6w, 3m, 1y or never, not {text.strip()!r}")
    return value


def _date_key(key: str) -> Callable[[str, date], Any]:
    def check(text: str, today: date) -> Any:
        day = parse_until(text, today) if key == "snooze_until" else parse_when(text, today)
        if day is None:
            ahead = "2w, in 3m, next month" if key == "snooze_until" else "yesterday, 3d ago"
            raise UsageError(f"{key} must be a date like 2026-11-20, {ahead}, not {text.strip()!r}")
        return day.isoformat()

    return check


def _birthday(text: str, today: date) -> Any:
    value = text.strip()
    if parse_birthday(value) is None:
        raise UsageError(
            f"birthday must be like 1984-04-02, or --04-02 without the year, not {value!r}"
        )
    return value


CHECKS: dict[str, Callable[[str, date], Any]] = {
    "circle": _circle,
    "cadence": _cadence,
    "stage": _choice("stage", STAGES),
    "status": _choice("status", STATUSES),
    "birthday": _birthday,
    "introduced_by": lambda text, today: _link(text),
    **{key: _date_key(key) for key in DATE_KEYS},
}
"""How the value of each single-valued key is checked and normalized (the text keys are any one
line of text)."""

KNOWN_KEYS = tuple(sorted({*TEXT_KEYS, *LIST_KEYS, *CHECKS}))


def _list_item(key: str, text: str) -> str:
    item = " ".join(text.split())
    if key == "tags":
        item = item.lstrip("#")
    if key in LINK_KEYS:
        return _link(item)
    if not item:
        raise UsageError(f"{key} needs a value")
    return item


# Assignments -------------------------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|-=|=)(.*)", re.DOTALL)


@dataclass(frozen=True)
class Assignment:
    """One `KEY=VALUE` (set; an empty VALUE removes the key), `KEY+=VALUE` or `KEY-=VALUE` (add to
    or take from a list), checked against the vault format."""

    key: str
    operator: str
    value: Any  # the normalized value; for a list key, the list of items given


def parse_assignment(text: str, today: date) -> Assignment:
    """`circle=core`, `tags+=mentor`, `snooze_until=2w`, `ask=` ...; UsageError naming the
    problem otherwise."""
    m = _ASSIGNMENT.fullmatch(text.strip())
    if not m:
        raise UsageError(
            f"{text!r} is not KEY=VALUE (or KEY+=VALUE and KEY-=VALUE for lists, KEY= to remove)"
        )
    key, operator, raw = m[1].lower(), m[2], m[3]
    if key not in KNOWN_KEYS:
        raise UsageError(f"unknown key '{key}'; vaultnet sets: {', '.join(KNOWN_KEYS)}")
    if operator != "=" and key not in LIST_KEYS:
        raise UsageError(f"{key}{operator} works only for lists ({', '.join(LIST_KEYS)})")
    if operator == "=" and not raw.strip():
        return Assignment(key, "=", None)
    if key in LIST_KEYS:
        items = [_list_item(key, part) for part in raw.split(",") if part.strip()]
        if not items:
            raise UsageError(f"{key}{operator} needs a value")
        return Assignment(key, operator, items)
    if key in CHECKS:
        return Assignment(key, "=", CHECKS[key](raw, today))
    return Assignment(key, "=", _one_line(key, raw))


# Planning and writing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FactChange:
    """One key of one note: its value before (None: absent) and after (None: removed)."""

    key: str
    old: Any
    new: Any


@dataclass
class PersonChanges:
    """What `set` changes (or would change) in one person's note."""

    person: Person
    changes: list[FactChange] = field(default_factory=list)


def _read_back(key: str, yaml_text: str) -> Any:
    """The value `key: yaml_text` holds once parsed, the way the note's frontmatter holds it."""
    return parse_note("value", f"---\n{key}: {yaml_text}\n---\n").frontmatter.get(key)


def _new_value(current: Any, assignment: Assignment) -> Any:
    if assignment.value is None:
        return None
    if assignment.key not in LIST_KEYS:
        return assignment.value
    items = as_list(current)
    if assignment.key == "tags":
        items = [t.lstrip("#") for t in items]
    if assignment.operator == "=":
        return assignment.value
    if assignment.operator == "+=":
        known = {fold(i) for i in items}
        return items + [i for i in assignment.value if fold(i) not in known]
    dropped = {fold(i) for i in assignment.value}
    kept = [i for i in items if fold(i) not in dropped]
    return kept or None


def plan_changes(person: Person, assignments: Sequence[Assignment]) -> PersonChanges:
    """The changes the assignments make to `person`'s note, in order; a key already holding the
    value is left out."""
    values = dict(person.fm)
    planned: dict[str, FactChange] = {}
    for assignment in assignments:
        key = assignment.key
        old = values.get(key)
        new = _new_value(old, assignment)
        if new is not None:
            new = _read_back(key, yaml_value(new))
        values[key] = new
        first = planned[key].old if key in planned else person.fm.get(key)
        planned[key] = FactChange(key, first, new)
    changes = [c for c in planned.values() if c.old != c.new]
    return PersonChanges(person, changes)


def write_changes(vault: Vault, planned: Sequence[PersonChanges]) -> list[PersonChanges]:
    """Write the planned changes, each note through the editor (only the keys' own lines change),
    all notes checked before the first is written. Returns those with changes."""
    todo = [p for p in planned if p.changes]
    if not todo:
        return []
    with vault_lock(vault.root):
        editors = []
        for item in todo:
            editor = NoteEditor.open(vault.root, item.person.path)
            for change in item.changes:
                if change.new is None:
                    editor.remove_key(change.key)
                else:
                    editor.set_key(change.key, yaml_value(change.new))
            editors.append(editor)
        save_all(editors)
    return todo


def set_facts(vault: Vault, person: Person, assignments: Sequence[Assignment]) -> PersonChanges:
    """`set NAME KEY=VALUE...`: plan and write one person's changes."""
    planned = plan_changes(person, assignments)
    write_changes(vault, [planned])
    return planned


# Names on writes ---------------------------------------------------------------------------------


def person_to_write(vault: Vault, query: str) -> Person:
    """The person a write means by `query`, by the one rule for writes (`Vault.find_for_write`):
    an exact name or alias, a unique prefix or a unique whole word; never a fuzzy-only match."""
    return vault.find_for_write(query)


def check_people_selected(people: Sequence[Person]) -> None:
    if not people:
        raise NoSuchPerson("no one matches those filters; nothing changed")
