"""CSV both ways: the spreadsheet export (one row per person), and the generic import, which maps
a header to vaultnet keys (Google Contacts and Outlook headers are known out of the box)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultnet.errors import Problem, UsageError
from vaultnet.formats.dates import parse_contact_birthday, parse_contact_date
from vaultnet.formats.source import (
    BadImportFile,
    Contact,
    SourceText,
    csv_rows,
    one_line,
    tag_name,
)
from vaultnet.network.model import CONTACT_FIELDS
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

# Export ------------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "Name",
    "Company",
    "Role",
    "Email",
    "Phone",
    "LinkedIn",
    "Circle",
    "Stage",
    "Status",
    "Last contact",
    "Next due",
    "Cadence",
    "Ask",
    "Offer",
    "Tags",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell that is quotes then a formula character: the export quotes it once more, the import takes
# one quote off, so a value that really starts with `'=` survives the round trip too.
_QUOTED_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def neutralize(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote, so
    `=HYPERLINK(...)` typed into a note cannot run when the export is opened."""
    return "'" + cell if _QUOTED_FORMULA.match(cell) else cell


def unneutralize(cell: str) -> str:
    """The value `neutralize` quoted: `'+1 720 555 0119` reads back as `+1 720 555 0119`."""
    return cell[1:] if cell.startswith("'") and _QUOTED_FORMULA.match(cell) else cell


def export_row(person: Person, vault: Vault) -> list[str]:
    from vaultnet.network.cadence import next_due

    due = next_due(person, vault.config, vault.today)
    # The person's own cadence as written, not their circle's: re-imported, a person keeps
    # following their circle (and its changes in vaultnet.toml) instead of getting a copy of it.
    cadence = person.fact("cadence") if person.cadence_days is not None else ""
    return [
        person.display_name,
        person.company,
        person.role,
        person.email,
        person.fact("phone"),
        person.fact("linkedin"),
        person.circle,
        person.stage,
        person.status,
        person.last_contact.isoformat() if person.last_contact else "",
        due.isoformat() if due else "",
        "never" if person.never else cadence,
        person.ask,
        person.offer,
        ", ".join(person.tags),
    ]


def export_csv(people: Sequence[Person], vault: Vault) -> str:
    """The spreadsheet: a header, then one row per person (RFC 4180: CRLF, quotes as needed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for person in people:
        writer.writerow([neutralize(cell) for cell in export_row(person, vault)])
    return out.getvalue()


# Import ------------------------------------------------------------------------------------------

TARGETS = (
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "aliases",
    "tags",
    "circle",
    *CONTACT_FIELDS,
    "birthday",
    "connected",
    "last_contact",
    "cadence",
    "status",
    "stage",
    "ask",
    "offer",
)
"""What a column can map to: a person note key, or a part of the name."""

MULTI_TARGETS = ("email", "phone", "tags", "aliases")
"""Targets several columns can feed (`E-mail 1 - Value`, `E-mail 2 - Value`); for the others the
first non-empty column wins."""

KNOWN_HEADERS = {
    "name": "name",
    "full name": "name",
    "display name": "name",
    "first name": "first_name",
    "given name": "first_name",
    "middle name": "middle_name",
    "additional name": "middle_name",
    "last name": "last_name",
    "family name": "last_name",
    "surname": "last_name",
    "nickname": "aliases",
    "aliases": "aliases",
    "tags": "tags",
    "labels": "tags",
    "group membership": "tags",
    "categories": "tags",
    "circle": "circle",
    "company": "company",
    "organization": "company",
    "organization name": "company",
    "organisation": "company",
    "role": "role",
    "title": "role",
    "job title": "role",
    "position": "role",
    "organization title": "role",
    "location": "location",
    "industry": "industry",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "e-mail address": "email",
    "e-mail 2 address": "email",
    "e-mail 3 address": "email",
    "phone": "phone",
    "mobile": "phone",
    "mobile phone": "phone",
    "business phone": "phone",
    "home phone": "phone",
    "linkedin": "linkedin",
    "linkedin url": "linkedin",
    "website": "website",
    "web page": "website",
    "url": "website",
    "birthday": "birthday",
    "connected": "connected",
    "connected on": "connected",
    "last contact": "last_contact",
    "last_contact": "last_contact",
    "cadence": "cadence",
    "status": "status",
    "stage": "stage",
    "ask": "ask",
    "offer": "offer",
}
# Google Contacts numbers repeated fields: `E-mail 1 - Value`, `Phone 2 - Value`,
# `Organization 1 - Name` (older export), `Address 1 - Formatted`; the `- Label`/`- Type` twins
# are ignored on purpose.
_NUMBERED = {
    "e-mail": "email",
    "email": "email",
    "phone": "phone",
    "website": "website",
    "organization": "company",
}
_NUMBERED_HEADER = re.compile(r"^([a-z-]+) \d+ - (value|name|title)$")
# A location is a city, not a street address: from Google's `Address 1 - City`, `- Region`,
# `- Country` (Outlook: `Home City`, `Business City`...), joined as `Cambridge, MA, USA`.
_PLACE_HEADER = re.compile(
    r"^(?:address 1 - |home |business |other )?(city|region|state|country)(?:/region)?$"
)
_PLACE_PARTS = {"city": "_city", "region": "_region", "state": "_region", "country": "_country"}
IGNORED_HEADERS = re.compile(
    r"^(notes|photo|file as|next due|name prefix|name suffix|initials|phonetic .*|.* yomi"
    r"|.* yomi name|organization department|organization \d+ - .*|address \d+ - .*"
    r"|.* \d+ - (label|type)|relation \d+ - .*|event \d+ - .*|custom field \d+ - .*"
    r"|im \d+ - .*|sensitivity|priority|language|billing information|mileage|hobby)$"
)
"""Headers known and deliberately left out, so they are not reported as unknown: Google's and
Outlook's columns vaultnet has no key for (notes and photos are not imported, an address comes
in from its `Formatted` column), and `Next due`, which the CSV export computes."""

_NAME_PARTS = ("first_name", "middle_name", "last_name")


def _default_target(header: str) -> str | None:
    key = " ".join(fold(header).split())
    if key in KNOWN_HEADERS:
        return KNOWN_HEADERS[key]
    m = _NUMBERED_HEADER.match(key)
    if m and m[1] in _NUMBERED:
        if m[1] == "organization":
            return "company" if m[2] == "name" else "role" if m[2] == "title" else None
        if m[2] == "value":
            return _NUMBERED[m[1]]
    m = _PLACE_HEADER.match(key)
    if m:
        return _PLACE_PARTS[m[1]]
    return None


def parse_mapping(specs: Sequence[str]) -> dict[str, str]:
    """`--map "Full Name=name"` options as folded header -> target (`""` to ignore a column)."""
    mapping: dict[str, str] = {}
    for spec in specs:
        if "=" not in spec:
            raise UsageError(f'--map needs COLUMN=KEY, like "Full Name=name", not {spec!r}')
        column, target = (part.strip() for part in spec.rsplit("=", 1))
        if not column:
            raise UsageError(f"--map {spec!r} names no column")
        if target and target not in TARGETS:
            raise UsageError(
                f"--map {spec!r}: unknown key {target!r}; use one of {', '.join(TARGETS)}, "
                "or nothing to ignore the column"
            )
        mapping[" ".join(fold(column).split())] = target
    return mapping


@dataclass
class ColumnPlan:
    """Which column feeds which target, worked out once from the header."""

    targets: list[str | None]
    unknown: list[str] = field(default_factory=list)


def plan_columns(header: list[str], mapping: dict[str, str]) -> ColumnPlan:
    plan = ColumnPlan([])
    for column in header:
        key = " ".join(fold(column).split())
        if key in mapping:
            plan.targets.append(mapping[key] or None)
            continue
        target = _default_target(column)
        plan.targets.append(target)
        if target is None and key and not IGNORED_HEADERS.match(key):
            plan.unknown.append(column.strip())
    return plan


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
    if not text.strip():
        return
    value = (
        parse_contact_birthday(text)
        if key == "birthday"
        else (day.isoformat() if (day := parse_contact_date(text)) else None)
    )
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
    """Google's `* myContacts ::: Friends` labels (older exports) or a comma-separated list."""
    parts = re.split(r"\s*:::\s*|\s*,\s*|\s*;\s*", text)
    # `* myContacts` and `* starred` are Google's own system groups, not the user's labels.
    return [tag_name(p) for p in parts if p.strip() and not p.strip().startswith("*")]


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
    columns = plan_columns(header, mapping)
    if not any(t in ("name", *_NAME_PARTS) for t in columns.targets):
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
    for line, row in rows:
        if isinstance(row, Problem):
            problems.append(row)
            continue
        if len(row) != len(header):
            problems.append(width_problem(name, line, len(row), len(header)))
            continue
        found: dict[str, list[tuple[str, str]]] = {}
        for column, target, cell in zip(header, columns.targets, row, strict=True):
            if target and cell.strip():
                found.setdefault(target, []).append((column.strip(), unneutralize(cell)))
        full_name = one_line(found["name"][0][1]) if "name" in found else ""
        if not full_name:
            full_name = one_line(" ".join(found[p][0][1] for p in _NAME_PARTS if p in found))
        if not full_name:
            problems.append(Problem(name, line, "no name in this row; skipped"))
            continue
        contact = Contact(f"{name}:{line}", full_name)
        if "location" not in found:
            place = [found[p][0][1].strip() for p in ("_city", "_region", "_country") if p in found]
            contact.set("location", ", ".join(p for p in place if p))
        for target in TARGETS:
            cells = found.get(target)
            if not cells or target == "name" or target in _NAME_PARTS:
                continue
            column, first = cells[0]
            if target in ("birthday", "connected", "last_contact"):
                read_date_value(contact, target, first, column, problems, line, name)
            elif target == "tags":
                contact.set("tags", [t for _, cell in cells for t in _labels(cell)])
            elif target in MULTI_TARGETS:
                contact.set(target, [p for _, cell in cells for p in re.split(r"\s*:::\s*", cell)])
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
        website = contact.values.get("website")
        if isinstance(website, str) and "linkedin.com/" in website.lower():
            contact.values.pop("website")
            contact.values.setdefault("linkedin", website)
        if tags:
            existing = contact.values.get("tags", [])
            contact.set("tags", [*existing, *tags] if isinstance(existing, list) else [*tags])
        contacts.append(contact)
    return contacts, problems


def width_problem(name: str, line: int, fields: int, expected: int) -> Problem:
    if fields > expected:
        why = f"row has {fields} fields but the header has {expected} (a comma not in quotes?)"
    else:
        why = f"row has {fields} fields but the header has {expected} (is the file cut short?)"
    return Problem(name, line, f"{why}; skipped")
