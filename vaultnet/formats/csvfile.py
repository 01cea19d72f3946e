"""CSV both ways: the spreadsheet export (one row per person), and the generic import, which maps
a header to vaultnet keys (Google Contacts and Outlook headers are known out of the box)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.errors import Problem, UsageError
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
    split_name,
    tag_name,
)
from vaultnet.network.model import CONTACT_FIELDS
from vaultnet.text.links import fold, names_in_value

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

# Export ------------------------------------------------------------------------------------------

PROFILES = ("vaultnet", "google", "outlook")
"""`export csv --format`: vaultnet's own columns (every fact, read back by `import csv`), or the
headers Google Contacts' and Outlook's importers know."""

VAULTNET_KEYS: dict[str, str | None] = {
    "Name": "name",
    "Company": "company",
    "Role": "role",
    "Email": "email",
    "Phone": "phone",
    "LinkedIn": "linkedin",
    "Circle": "circle",
    "Stage": "stage",
    "Status": "status",
    "Last contact": "last_contact",
    "Next due": None,
    "Cadence": "cadence",
    "Ask": "ask",
    "Offer": "offer",
    "Tags": "tags",
    "File name": "_file_name",
    "Aliases": "aliases",
    "More emails": "email",
    "More phones": "phone",
    "Location": "location",
    "Industry": "industry",
    "Website": "website",
    "Birthday": "birthday",
    "Connected": "connected",
    "Snooze until": "snooze_until",
    "Interests": "interests",
    "Introduced by": "introduced_by",
    "Knows": "knows",
    "Groups": "groups",
    "Given name": "given_name",
    "Middle name": "middle_name",
    "Family name": "family_name",
    "Name prefix": "name_prefix",
    "Name suffix": "name_suffix",
    "Notes": "notes",
}
"""The default profile's columns, and the key `import csv` reads each back as (`Next due` is
computed: not read). The first fifteen are the columns of earlier versions, in their order."""

EXPORT_COLUMNS = tuple(VAULTNET_KEYS)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A cell that is quotes then a formula character: the export quotes it once more, the import takes
# one quote off, so a value that really starts with `'=` survives the round trip too.
_QUOTED_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_PHONE = re.compile(r"^\+[\d ().\-/]*\d[\d ().\-/]*$")
"""A phone number as written (`+1 720 555 0119`): digits, spaces and `( ) . - /` after a `+`. It
cannot run anything (no name, no reference, no `|`), so it is written as it is."""


def neutralize(cell: str, phone: bool = False) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote, so
    `=HYPERLINK(...)` typed into a note cannot run when the export is opened. A phone cell that
    is only a phone number is left as it is, so the number stays dialable."""
    if phone and _PHONE.match(cell):
        return cell
    return "'" + cell if _QUOTED_FORMULA.match(cell) else cell


def unneutralize(cell: str) -> str:
    """The value `neutralize` quoted: `'=SUM(A1)` reads back as `=SUM(A1)`."""
    return cell[1:] if cell.startswith("'") and _QUOTED_FORMULA.match(cell) else cell


def _iso_birthday(person: Person) -> str:
    day = person.birthday
    if day is None:
        return ""
    year, month, dom = day
    return f"{year:04d}-{month:02d}-{dom:02d}" if year else f"--{month:02d}-{dom:02d}"


def _links(names: Sequence[str]) -> str:
    return ", ".join(f"[[{name}]]" for name in names)


def vaultnet_row(person: Person, vault: Vault) -> list[str]:
    """The default profile's row: every fact of the note, one column each (see VAULTNET_KEYS)."""
    from vaultnet.network.cadence import next_due

    due = next_due(person, vault.config, vault.today)
    # The person's own cadence as written, not their circle's: re-imported, a person keeps
    # following their circle (and its changes in vaultnet.toml) instead of getting a copy of it.
    cadence = person.fact("cadence") if person.cadence_days is not None else ""
    emails, phones = person.emails, person.phones
    return [
        person.display_name,
        person.company,
        person.role,
        emails[0] if emails else "",
        phones[0] if phones else "",
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
        person.name,
        ", ".join(person.aliases),
        " ::: ".join(emails[1:]),
        " ::: ".join(phones[1:]),
        person.fact("location"),
        person.fact("industry"),
        person.fact("website"),
        _iso_birthday(person),
        person.connected.isoformat() if person.connected else "",
        person.snooze_until.isoformat() if person.snooze_until else "",
        ", ".join(person.interests),
        _links(person.introduced_by),
        _links(person.knows),
        _links(person.groups),
        *(person.fact(key) for key in NAME_PART_KEYS),
        "\n".join(person.details),
    ]


def _name_parts(person: Person) -> tuple[str, str]:
    """(given, family): the note's own parts, else the display name split at its last word."""
    given, family = person.fact("given_name"), person.fact("family_name")
    if given or family:
        return given, family
    family, given = split_name(person.display_name)
    return given, family


def _wide(people: Sequence[Person], count: Callable[[Person], int], least: int = 1) -> int:
    return max([least, *(count(p) for p in people)])


def google_table(people: Sequence[Person]) -> tuple[list[str], list[list[str]]]:
    """Google Contacts' CSV (the header of its own export): one value per column, as many
    `E-mail n`/`Phone n` columns as the person with the most needs, labels joined by ` ::: `."""
    n_email = _wide(people, lambda p: len(p.emails))
    n_phone = _wide(people, lambda p: len(p.phones))
    header = [
        "First Name",
        "Middle Name",
        "Last Name",
        "Name Prefix",
        "Name Suffix",
        "Nickname",
        "Organization Name",
        "Organization Title",
        "Birthday",
        "Notes",
        "Labels",
    ]
    for i in range(1, n_email + 1):
        header += [f"E-mail {i} - Label", f"E-mail {i} - Value"]
    for i in range(1, n_phone + 1):
        header += [f"Phone {i} - Label", f"Phone {i} - Value"]
    header += [
        "Address 1 - Label",
        "Address 1 - City",
        "Website 1 - Label",
        "Website 1 - Value",
        "Website 2 - Label",
        "Website 2 - Value",
    ]
    rows = []
    for person in people:
        given, family = _name_parts(person)
        birthday = _iso_birthday(person)
        row = [
            given,
            person.fact("middle_name"),
            family,
            person.fact("name_prefix"),
            person.fact("name_suffix"),
            person.aliases[0] if person.aliases else "",
            person.company,
            person.role,
            # Google writes a birthday without a year as ` --04-02`, with the space
            " " + birthday if birthday.startswith("--") else birthday,
            "\n".join(person.details),
            " ::: ".join(person.tags),
        ]
        emails, phones = person.emails, person.phones
        for i in range(n_email):
            row += ["Other", emails[i]] if i < len(emails) else ["", ""]
        for i in range(n_phone):
            row += ["Other", phones[i]] if i < len(phones) else ["", ""]
        location = person.fact("location")
        row += ["Other" if location else "", location]
        for label, url in (
            ("Profile", person.fact("linkedin")),
            ("Home Page", person.fact("website")),
        ):
            row += [label if url else "", url]
        rows.append(row)
    return header, rows


OUTLOOK_PHONES = ("Mobile Phone", "Business Phone", "Home Phone", "Other Phone")


def outlook_table(people: Sequence[Person]) -> tuple[list[str], list[list[str]]]:
    """Outlook's CSV (the names and order of its desktop export's columns, those vaultnet has
    values for): three emails, four phones, `M/D/YYYY` birthdays, categories joined by `;`."""
    header = [
        "Title",
        "First Name",
        "Middle Name",
        "Last Name",
        "Suffix",
        "Company",
        "Job Title",
        "Business Phone",
        "Home Phone",
        "Mobile Phone",
        "Other Phone",
        "Birthday",
        "Categories",
        "E-mail Address",
        "E-mail 2 Address",
        "E-mail 3 Address",
        "Location",
        "Notes",
        "Web Page",
    ]
    rows = []
    for person in people:
        given, family = _name_parts(person)
        phones = dict(zip(OUTLOOK_PHONES, person.phones, strict=False))
        emails = [*person.emails[:3], "", "", ""][:3]
        day = person.birthday
        # Outlook cannot keep a birthday without a year: it is left out
        birthday = f"{day[1]}/{day[2]}/{day[0]}" if day and day[0] else ""
        rows.append(
            [
                person.fact("name_prefix"),
                given,
                person.fact("middle_name"),
                family,
                person.fact("name_suffix"),
                person.company,
                person.role,
                phones.get("Business Phone", ""),
                phones.get("Home Phone", ""),
                phones.get("Mobile Phone", ""),
                phones.get("Other Phone", ""),
                birthday,
                ";".join(person.tags),
                *emails,
                person.fact("location"),
                "\n".join(person.details),
                person.fact("website") or person.fact("linkedin"),
            ]
        )
    return header, rows


_PHONE_COLUMNS = re.compile(r"^(Phone|More phones|Phone \d+ - Value|.* Phone)$")


def export_csv(people: Sequence[Person], vault: Vault, profile: str = "vaultnet") -> str:
    """The spreadsheet in a profile's columns: a header, then one row per person (RFC 4180: CRLF,
    quotes as needed, formulas neutralized)."""
    if profile == "google":
        header, rows = google_table(people)
    elif profile == "outlook":
        header, rows = outlook_table(people)
    else:
        header, rows = list(EXPORT_COLUMNS), [vaultnet_row(p, vault) for p in people]
    phone = [bool(_PHONE_COLUMNS.match(column)) for column in header]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralize(c, p) for c, p in zip(row, phone, strict=True)])
    return out.getvalue()


# Import ------------------------------------------------------------------------------------------

TARGETS = (
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "name_prefix",
    "name_suffix",
    "aliases",
    "tags",
    "circle",
    *CONTACT_FIELDS,
    "birthday",
    "connected",
    "last_contact",
    "snooze_until",
    "cadence",
    "status",
    "stage",
    "ask",
    "offer",
    "interests",
    "introduced_by",
    "knows",
    "groups",
    "notes",
)
"""What a column can map to: a person note key, a part of the name, or `notes` (the lines of
the cell become bullets under `## Notes` of a new note)."""

_DATE_TARGETS = ("birthday", "connected", "last_contact", "snooze_until")
_LINK_TARGETS = ("introduced_by", "knows", "groups")
_LABELS = "_labels"
"""Labels of an address book (Google's Labels, Outlook's Categories): cleaned into tags."""

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
    "name prefix": "name_prefix",
    "name suffix": "name_suffix",
    "suffix": "name_suffix",
    "nickname": "aliases",
    "aliases": "aliases",
    "tags": "tags",
    "labels": _LABELS,
    "group membership": _LABELS,
    "categories": _LABELS,
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
    "primary phone": "phone",
    "business phone": "phone",
    "business phone 2": "phone",
    "home phone": "phone",
    "home phone 2": "phone",
    "other phone": "phone",
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
    "snooze until": "snooze_until",
    "cadence": "cadence",
    "status": "status",
    "stage": "stage",
    "ask": "ask",
    "offer": "offer",
    "interests": "interests",
    "introduced by": "introduced_by",
    "knows": "knows",
    "groups": "groups",
    "notes": "notes",
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
    r"^(photo|file as|next due|initials|phonetic .*|.* yomi|.* yomi name|department"
    r"|organization department|organization \d+ - .*|address \d+ - .*"
    r"|.* \d+ - (label|type)|relation \d+ - .*|event \d+ - .*|custom field \d+ - .*"
    r"|im \d+ - .*|sensitivity|priority|language|billing information|mileage|hobby"
    # Outlook's desktop export: the columns vaultnet has no key for
    r"|(business|home|other) (street( [23])?|postal code|address po box)|assistant's .*"
    r"|.* fax|callback|car phone|company main phone|isdn|pager|radio phone|tty/tdd phone"
    r"|telex|account|anniversary|children|directory server|e-mail( [23])? (type|display name)"
    r"|gender|government id number|internet free busy|keywords|manager's name"
    r"|office location|organizational id number|private|profession|referred by|spouse"
    r"|user [1-4])$"
)
"""Headers known and deliberately left out, so they are not reported as unknown: Google's and
Outlook's columns vaultnet has no key for (photos, street addresses, faxes, a department: an
address comes in as its city), and `Next due`, which the CSV export computes."""

_NAME_PARTS = ("first_name", "middle_name", "last_name")
_FILE_NAME = "_file_name"


def _fold_header(header: str) -> str:
    return " ".join(fold(header).split())


def _default_target(header: str, outlook: bool) -> str | None:
    key = _fold_header(header)
    if key == "title" and outlook:
        return "name_prefix"  # Outlook: Title is Mr. or Dr.; Job Title is the role
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
        mapping[_fold_header(column)] = target
    return mapping


@dataclass
class ColumnPlan:
    """Which column feeds which target, worked out once from the header."""

    targets: list[str | None]
    unknown: list[str] = field(default_factory=list)
    own: bool = False
    """The header is `export csv`'s own (it has `File name` and `Next due`): each column is
    read as the key it was written from, values as written."""


def plan_columns(header: list[str], mapping: dict[str, str]) -> ColumnPlan:
    folded = [_fold_header(column) for column in header]
    own_columns = {_fold_header(c): key for c, key in VAULTNET_KEYS.items()}
    plan = ColumnPlan([], own="file name" in folded and "next due" in folded)
    outlook = "job title" in folded
    for column, key in zip(header, folded, strict=True):
        if key in mapping:
            plan.targets.append(mapping[key] or None)
            continue
        target = own_columns.get(key) if plan.own else _default_target(column, outlook)
        plan.targets.append(target)
        if target is None and key and not IGNORED_HEADERS.match(key):
            plan.unknown.append(column.strip())
    return plan


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


def _own_list(text: str) -> list[str]:
    """Tags, aliases or interests as vaultnet reads them: comma-separated, each kept as written
    (a tag's `#` aside), so `=1+1` stays `=1+1`."""
    return [part.strip() for part in text.split(",")]


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
            if not cells or target in ("name", *_NAME_PARTS, "name_prefix", "name_suffix"):
                continue
            column, first = cells[0]
            texts = [cell for _, cell in cells]
            if target in _DATE_TARGETS:
                read_date_value(contact, target, first, column, problems, line, name)
            elif target in ("tags", "aliases", "interests"):
                items = [i for t in texts for i in (_own_list(t) if columns.own else _split(t))]
                if target == "tags":
                    items = [i.lstrip("#") for i in items]
                contact.set(target, items)
            elif target == "email":
                contact.set("email", [e for t in texts for e in _emails(t)])
            elif target == "phone":
                contact.set("phone", [p for t in texts for p in re.split(r"\s*:::\s*", t)])
            elif target in _LINK_TARGETS:
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
        if _LABELS in found and "tags" not in contact.values:
            contact.set("tags", [t for _, cell in found[_LABELS] for t in _labels(cell)])
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

    given, middle, family = (first(p) for p in _NAME_PARTS)
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
        contact.note = first(_FILE_NAME)
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
