"""The generic CSV import: a header mapped to vaultnet keys (vaultnet's own export, Google Contacts
and Outlook headers are known out of the box), rows read into contacts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from vaultnet.errors import Problem
from vaultnet.formats.csv_columns import (
    DATE_TARGETS,
    FILE_NAME,
    LABELS,
    LINK_TARGETS,
    NAME_PARTS,
    TARGETS,
    is_calendar_header,
    parse_mapping,
    plan_columns,
)
from vaultnet.formats.csv_export import split_items, unneutralize
from vaultnet.formats.dates import parse_contact_birthday, parse_contact_date
from vaultnet.formats.source import (
    NAME_PART_KEYS,
    BadImportFile,
    Contact,
    Skipped,
    SourceText,
    csv_rows,
    email_or_none,
    is_placeholder,
    one_line,
    tag_name,
)
from vaultnet.text.links import names_in_value

__all__ = ["parse_mapping", "read_csv", "width_problem"]


# Import ------------------------------------------------------------------------------------------

_NO_DATE = re.compile(r"^0?0/0?0/(00|0000)$|^\d{1,2}/\d{1,2}/4501$")
"""Outlook's empty date (`0/0/00`), and 4501, the year Outlook means by "none"."""
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _slashed_date(text: str) -> str | None:
    """`3/14/1985` (Outlook in the US) or `14/3/1985` (elsewhere): a date only when one of the two
    numbers cannot be a month; `3/4/1985` is March 4 in one country and April 3 in another."""
    m = _SLASHED.match(text.strip())
    if m is None:
        return None
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    if first > 12 >= second:
        first, second = second, first
    elif not second > 12 >= first:
        return None
    try:
        return date(year, first, second).isoformat()
    except ValueError:
        return None


def read_date_value(
    contact: Contact,
    key: str,
    text: str,
    column: str,
    problems: list[Problem],
    line: int,
    name: str,
) -> None:
    """Set a date-valued key, or say which value could not be read (the row is still imported)."""
    if not text.strip() or _NO_DATE.match(text.strip()):
        return
    value = (
        parse_contact_birthday(text)
        if key == "birthday"
        else (day.isoformat() if (day := parse_contact_date(text)) else None)
    ) or _slashed_date(text)
    if value is None:
        problems.append(
            Problem(
                name,
                line,
                f"cannot read the date {text.strip()!r} in {column} (use 2024-03-12); "
                "imported without it",
                "warning",
            )
        )
        return
    contact.set(key, value)


def _labels(text: str) -> list[str]:
    """Google's `* myContacts ::: Friends` labels, Outlook's `Friends;Work` categories, or a
    comma-separated list, as tags."""
    parts = re.split(r"\s*:::\s*|\s*,\s*|\s*;\s*", text)
    # `* myContacts` and `* starred` are Google's own system groups, not the user's labels.
    return [tag_name(p) for p in parts if p.strip() and not p.strip().startswith("*")]


def _emails(text: str) -> list[str]:
    """The addresses of a cell: one, or several separated by `,` `;` or ` ::: `; what is not an
    address (Outlook's Exchange `/o=ExchangeLabs/...`, LinkedIn's `urn:li:member:...`) is left
    out."""
    return [e for part in re.split(r"\s*(?::::|,|;)\s*", text) if (e := email_or_none(part))]


class _Nameless:
    """Rows with no name, counted by why, reported once each as skipped."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: dict[str, list[int]] = {}

    def add(self, line: int, why: str) -> None:
        self.rows.setdefault(why, []).append(line)

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        for why, lines in self.rows.items():
            rows = "1 row has" if len(lines) == 1 else f"{len(lines)} rows have"
            found.append(Skipped(self.name, lines[0], f"{rows} {why}; skipped", count=len(lines)))
        return found


def read_csv(
    source: SourceText, mapping: dict[str, str], tags: Sequence[str]
) -> tuple[list[Contact], list[Problem]]:
    """Contacts from a CSV file with a header row; a Problem per row that cannot be used."""
    from vaultnet.text.dates import parse_duration

    name = source.name
    problems = list(source.problems)
    contacts: list[Contact] = []
    rows = csv_rows(source.text, name)
    header: list[str] | None = None
    header_line = 0
    for line, row in rows:
        if isinstance(row, Problem):
            problems.append(row)
            continue
        header, header_line = row, line
        break
    if header is None:
        raise BadImportFile(f"{name}: the file is empty (no header row)")
    if is_calendar_header(header):  # whatever --map says: its rows are meetings, not people
        raise BadImportFile(
            f"{name}:{header_line}: a calendar export (Subject, Start Date, Required "
            "Attendees...), not contacts: a meeting's Location is not where anyone lives. Save "
            "the calendar as an .ics file and use `vaultnet import calendar`"
        )
    columns = plan_columns(header, mapping)
    if not any(t in ("name", *NAME_PARTS) for t in columns.targets):
        raise BadImportFile(
            f"{name}:{header_line}: no name column in the header "
            f'({", ".join(h.strip() for h in header)}); map one with --map "COLUMN=name"'
        )
    if columns.unknown:
        problems.append(
            Problem(
                name,
                header_line,
                f'columns ignored: {", ".join(columns.unknown)} (map one with --map "COLUMN=key")',
                "warning",
            )
        )
    nameless = _Nameless(name)
    for line, row in rows:
        if isinstance(row, Problem):
            problems.append(row)
            continue
        if len(row) > len(header):
            problems.append(width_problem(name, line, len(row), len(header)))
            continue
        # A short row (Outlook leaves trailing empty fields out) has its missing fields empty.
        row = row + [""] * (len(header) - len(row))
        found: dict[str, list[tuple[str, str]]] = {}
        for column, target, cell in zip(header, columns.targets, row, strict=True):
            if target and cell.strip():
                value = unneutralize(cell)
                if not columns.own and target != "notes" and is_placeholder(value):
                    continue
                found.setdefault(target, []).append((column.strip(), value))
        contact = _contact(found, columns.own, f"{name}:{line}", nameless, line)
        if contact is None:
            continue
        for target in TARGETS:
            cells = found.get(target)
            if not cells or target in ("name", *NAME_PARTS, "name_prefix", "name_suffix"):
                continue
            column, first = cells[0]
            texts = [cell for _, cell in cells]
            if target in DATE_TARGETS:
                read_date_value(contact, target, first, column, problems, line, name)
            elif target in ("tags", "aliases", "interests"):
                items = [i for t in texts for i in (split_items(t) if columns.own else _split(t))]
                if target == "tags":
                    items = [i.lstrip("#") for i in items]
                contact.set(target, items)
            elif target == "email":
                contact.set("email", [e for t in texts for e in _emails(t)])
            elif target == "phone":
                contact.set("phone", [p for t in texts for p in re.split(r"\s*:::\s*", t)])
            elif target in LINK_TARGETS:
                contact.set(target, [f"[[{n}]]" for t in texts for n in names_in_value(t)])
            elif target == "notes":
                contact.details = [d for t in texts for d in map(one_line, t.splitlines()) if d]
            elif target == "cadence" and parse_duration(one_line(first)) is None:
                problems.append(
                    Problem(
                        name,
                        line,
                        f"unknown cadence {first.strip()!r} in {column}; imported without it",
                        "warning",
                    )
                )
            else:
                contact.set(target, first)
        if LABELS in found and "tags" not in contact.values:
            contact.set("tags", [t for _, cell in found[LABELS] for t in _labels(cell)])
        website = contact.values.get("website")
        if isinstance(website, str) and "linkedin.com/" in website.lower():
            contact.values.pop("website")
            contact.values.setdefault("linkedin", website)
        if tags:
            existing = contact.values.get("tags", [])
            contact.set("tags", [*existing, *tags] if isinstance(existing, list) else [*tags])
        contacts.append(contact)
    problems.extend(nameless.problems())
    problems.sort(key=lambda p: p.line)
    return contacts, problems


def _split(text: str) -> list[str]:
    """Several values in one cell: Google's ` ::: ` or commas."""
    return re.split(r"\s*:::\s*|\s*,\s*", text)


def _contact(
    found: dict[str, list[tuple[str, str]]],
    own: bool,
    source: str,
    nameless: _Nameless,
    line: int,
) -> Contact | None:
    """The contact a row is, named; None (and counted) for a row with nothing to name it by."""

    def first(target: str) -> str:
        return one_line(found[target][0][1]) if target in found else ""

    given, middle, family = (first(p) for p in NAME_PARTS)
    full_name = first("name") or one_line(f"{given} {middle} {family}")
    if not full_name:
        emails = [e for _, cell in found.get("email", []) for e in _emails(cell)]
        if emails:
            full_name = emails[0]  # an email-only contact: the address is all it has
        elif "company" in found:
            nameless.add(line, "no name or email, only a company: a company, not a person")
            return None
        else:
            nameless.add(line, "no name, email or company to name them by")
            return None
    contact = Contact(source, full_name)
    if own:
        contact.note = first(FILE_NAME)
        for key in NAME_PART_KEYS:
            contact.set(key, first(key))
    else:
        contact.set_name_parts(given, family, middle, first("name_prefix"), first("name_suffix"))
    if "location" not in found:
        place = [first(p) for p in ("_city", "_region", "_country")]
        contact.set("location", ", ".join(p for p in place if p))
    return contact


def width_problem(name: str, line: int, fields: int, expected: int) -> Problem:
    if fields > expected:
        why = f"row has {fields} fields but the header has {expected} (a comma not in quotes?)"
    else:
        why = f"row has {fields} fields but the header has {expected} (is the file cut short?)"
    return Problem(name, line, f"{why}; skipped")
