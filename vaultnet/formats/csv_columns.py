"""Which column of a CSV is which vaultnet key: the headers known out of the box (vaultnet's own
export, Google Contacts, Outlook), `--map`, and the plan of a file's header (`plan_columns`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vaultnet.errors import UsageError
from vaultnet.formats.csv_export import VAULTNET_KEYS
from vaultnet.formats.source import PERSON_KEYS
from vaultnet.text.links import fold

TARGETS = (
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "name_prefix",
    "name_suffix",
    *PERSON_KEYS,
    "notes",
)
"""What a column can map to: a person note key, a part of the name, or `notes` (the lines of
the cell become bullets under `## Notes` of a new note)."""

DATE_TARGETS = ("birthday", "connected", "last_contact", "snooze_until")
LINK_TARGETS = ("introduced_by", "knows", "groups")
LABELS = "_labels"
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
    "labels": LABELS,
    "group membership": LABELS,
    "categories": LABELS,
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

NAME_PARTS = ("first_name", "middle_name", "last_name")
FILE_NAME = "_file_name"


def _fold_header(header: str) -> str:
    return " ".join(fold(header).split())


_EVENT_HEADERS = frozenset(("subject", "start date"))
_ATTENDEE_HEADERS = frozenset(("meeting organizer", "required attendees", "optional attendees"))


def is_calendar_header(header: Sequence[str]) -> bool:
    """Whether a CSV header is a calendar's (Outlook saves a calendar as CSV with Subject, Start
    Date, Meeting Organizer, Required Attendees, Location...), not an address book's: read as
    contacts, a meeting's Location would become where someone lives."""
    folded = {_fold_header(column) for column in header}
    return folded >= _EVENT_HEADERS and bool(_ATTENDEE_HEADERS & folded)


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
