"""The spreadsheet export: one row per person, in vaultnet's own profile (every fact, read back
exactly by `import csv`) or in Google's or Outlook's, with formula cells neutralized."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vaultnet.formats.source import (
    NAME_PART_KEYS,
    split_name,
)

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault


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


def join_items(items: Sequence[str]) -> str:
    """A list (tags, aliases, interests) as one cell: comma-separated, an item that holds a
    comma or starts with a quote in double quotes (`"Elliot Sandvig, CFP®", Ell`), as `split_items`
    reads it back."""
    return ", ".join(
        '"' + item.replace('"', '""') + '"' if "," in item or item.startswith('"') else item
        for item in items
    )


def split_items(text: str) -> list[str]:
    """A cell `join_items` wrote, as its items (a plain `a, b` is two)."""
    try:
        cells = next(csv.reader([text], skipinitialspace=True), [])
    except csv.Error:  # a quote left open: read the cell as plain commas
        cells = text.split(",")
    return [c.strip() for c in cells if c.strip()]


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
        join_items(person.tags),
        person.name,
        join_items(person.aliases),
        " ::: ".join(emails[1:]),
        " ::: ".join(phones[1:]),
        person.fact("location"),
        person.fact("industry"),
        person.fact("website"),
        _iso_birthday(person),
        person.connected.isoformat() if person.connected else "",
        person.snooze_until.isoformat() if person.snooze_until else "",
        join_items(person.interests),
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
