"""Writing vCard 3.0 that reads back as the same people (and passes a strict RFC 2426 check)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vaultnet.formats.source import NAME_PART_KEYS, split_name
from vaultnet.formats.vcard_lines import APPLE_NO_YEAR, NOTE_PROPERTY, with_scheme

if TYPE_CHECKING:
    from vaultnet.network.model import Person


_UID_NAMESPACE = uuid.UUID("6f1d3c52-2f0e-4a1e-9d55-6e6574766e74")


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> list[str]:
    """A content line folded at 75 octets, never inside a UTF-8 sequence (RFC 2425 5.8.1)."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > 75:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    out.append("".join(current))
    return out


def _name_parts(person: Person) -> list[str]:
    """N's family; given; additional; prefix; suffix: the parts the note keeps (an import of a
    structured name), else the display name split with the last word as the family name."""
    fm = person.fm
    kept = {key: " ".join(str(fm.get(key) or "").split()) for key in NAME_PART_KEYS}
    family, given = split_name(person.display_name)
    if kept["given_name"] or kept["family_name"]:
        family, given = kept["family_name"], kept["given_name"]
    return [family, given, kept["middle_name"], kept["name_prefix"], kept["name_suffix"]]


def birthday_line(birthday: tuple[int | None, int, int]) -> str:
    """BDAY as RFC 2426 allows: a full date; with no year, Apple's form (the year 1604, marked
    omitted), which Apple, Google and CardBook read as "no year" and strict readers accept."""
    year, month, day = birthday
    if year:
        return f"BDAY:{year:04d}-{month:02d}-{day:02d}"
    return f"BDAY;X-APPLE-OMIT-YEAR={APPLE_NO_YEAR}:{APPLE_NO_YEAR}-{month:02d}-{day:02d}"


def person_card(person: Person) -> list[str]:
    """The content lines of one person's vCard 3.0, unfolded."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:urn:uuid:{uuid.uuid5(_UID_NAMESPACE, person.path)}",
        f"FN:{escape(person.display_name)}",
        "N:" + ";".join(escape(part) for part in _name_parts(person)),
        f"{NOTE_PROPERTY}:{escape(person.name)}",
    ]
    if person.aliases:
        lines.append("NICKNAME:" + ",".join(escape(a) for a in person.aliases))
    if person.company:
        lines.append(f"ORG:{escape(person.company)}")
    if person.role:
        lines.append(f"TITLE:{escape(person.role)}")
    for index, email in enumerate(person.emails):
        lines.append(f"EMAIL;TYPE=INTERNET{',PREF' if index == 0 else ''}:{escape(email)}")
    lines.extend(f"TEL:{escape(phone)}" for phone in person.phones)
    location = person.fact("location")
    if location:
        lines.append(f"ADR:;;;{escape(location)};;;")
    lines.extend(f"URL:{escape(with_scheme(url))}" for url in person.urls)
    if person.birthday is not None:
        lines.append(birthday_line(person.birthday))
    if person.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in person.tags))
    if person.details:
        lines.append("NOTE:" + escape("\n".join(person.details)))
    lines.append("END:VCARD")
    return lines


def export_vcards(people: Sequence[Person]) -> str:
    """An address book of vCard 3.0 cards, CRLF line ends, lines folded at 75 octets."""
    out: list[str] = []
    for person in people:
        for line in person_card(person):
            out.extend(fold_line(line))
    return "".join(line + "\r\n" for line in out)
