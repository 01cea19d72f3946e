"""vCard both ways: reading 2.1, 3.0 and 4.0 address books, writing 3.0 that reads back the same.

The reader is a small content-line parser rather than vobject: vobject keeps only the first of
several comma-separated NICKNAMEs, reads a 4.0 card with 3.0 rules, and cannot say on which line
a broken card starts, which a `file:line: message` needs.
"""

from __future__ import annotations

import quopri
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultnet.errors import Problem
from vaultnet.formats.dates import parse_contact_birthday
from vaultnet.formats.source import BadImportFile, Contact, SourceText, one_line, tag_name

if TYPE_CHECKING:
    from vaultnet.network.model import Person

NOTE_PROPERTY = "X-VAULTNET-NOTE"
"""The file name of the person's note (the display name can differ: `name:`), so that an export
read into another vault gives the same notes, namesakes included. Other apps ignore X- properties."""

# Reading -----------------------------------------------------------------------------------------


@dataclass
class Property:
    """One content line of a card, unfolded: `item1.EMAIL;TYPE=work,pref:jane@x.example`."""

    line: int
    name: str
    params: dict[str, list[str]]
    value: str

    @property
    def types(self) -> set[str]:
        return {t.lower() for t in self.params.get("TYPE", [])}

    @property
    def rank(self) -> int:
        """Lower sorts first: vCard 4.0 `PREF=1`, or 3.0 `TYPE=pref`, before the rest."""
        pref = self.params.get("PREF")
        if pref and pref[0].isascii() and pref[0].isdigit():
            return int(pref[0])
        return 0 if "pref" in self.types else 101


@dataclass
class Card:
    line: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        found = [p for p in self.properties if p.name == name]
        return sorted(found, key=lambda p: p.rank)  # stable: file order within a rank

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return found[0] if found else None


def _split_unquoted(text: str, separator: str) -> list[str]:
    """Split on a separator outside double quotes (parameter values may quote `;`, `:`, `,`)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _colon(text: str) -> int:
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return -1


def parse_property(line: int, text: str) -> Property | None:
    """A content line, or None when it has no `name:value` shape."""
    colon = _colon(text)
    if colon <= 0:
        return None
    head, value = text[:colon], text[colon + 1 :]
    pieces = _split_unquoted(head, ";")
    name = pieces[0].rsplit(".", 1)[-1].strip().upper()  # drop an Apple `item1.` group
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        if "=" in piece:
            key, raw = piece.split("=", 1)
            values = [v.strip().strip('"') for v in _split_unquoted(raw, ",")]
            # `TYPE="voice,cell"` (4.0 quoting) is two types, not one
            values = [part for v in values for part in v.split(",")]
            params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
        elif piece.strip():
            params.setdefault("TYPE", []).append(piece.strip())  # vCard 2.1: `TEL;CELL:`
    encoding = {v.upper() for v in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encoding:
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        try:
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(
                charset, "replace"
            )
        except LookupError:
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(
                "utf-8", "replace"
            )
    return Property(line, name, params, value)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], text)


def split_escaped(text: str, separator: str) -> list[str]:
    """Components of a structured value (`N`, `ADR`, `ORG`: `;`) or a list (`,`), unescaped."""
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append(unescape("".join(current)))
    return parts


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line, unfolded text) for every content line. A line starting with a space
    or tab continues the one before; vCard 2.1 quoted-printable continues with a trailing `=`."""
    out: list[tuple[int, str]] = []
    qp_open = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if out and line[:1] in (" ", "\t") and not qp_open:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif out and qp_open:
            out[-1] = (out[-1][0], out[-1][1][:-1] + line)
        else:
            out.append((number, line))
        current = out[-1][1]
        qp_open = current.endswith("=") and "QUOTED-PRINTABLE" in current.upper().split(":", 1)[0]
    return out


def split_cards(source: SourceText) -> tuple[list[Card], list[Problem]]:
    """The cards of a file, each with the properties between its BEGIN and END lines."""
    name = source.name
    cards: list[Card] = []
    problems: list[Problem] = []
    current: Card | None = None
    saw_begin = False
    for line, text in logical_lines(source.text):
        upper = text.strip().upper()
        if upper == "BEGIN:VCARD":
            saw_begin = True
            if current is not None:
                problems.append(
                    Problem(name, current.line, "card has no END:VCARD before the next; skipped")
                )
            current = Card(line)
            continue
        if upper == "END:VCARD":
            if current is not None:
                cards.append(current)
            current = None
            continue
        if current is None or not text.strip():
            continue
        prop = parse_property(line, text)
        if prop is None:
            problems.append(
                Problem(name, line, f"not a vCard property line: {text[:40]!r}; ignored", "warning")
            )
            continue
        current.properties.append(prop)
    if current is not None:
        problems.append(
            Problem(name, current.line, "card has no END:VCARD (is the file cut short?); skipped")
        )
    if not saw_begin:
        what = "the file is empty" if not source.text.strip() else "no BEGIN:VCARD in the file"
        raise BadImportFile(f"{name}: {what}; is it a vCard (.vcf) file?")
    return cards, problems


def _birthday(prop: Property) -> str | None:
    value = prop.value.strip()
    # Apple writes an unknown year as a made-up one and says so: BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-24
    omit = prop.params.get("X-APPLE-OMIT-YEAR")
    if omit and value.startswith(omit[0]):
        value = "--" + value[len(omit[0]) :].lstrip("-")
    return parse_contact_birthday(value)


def _location(prop: Property) -> str:
    parts = split_escaped(prop.value, ";")
    # post box; extended; street; locality; region; postal code; country
    picked = [one_line(p) for p in parts[3:4] + parts[4:5] + parts[6:7]]
    return ", ".join(p for p in picked if p)


def card_contact(card: Card, name: str, tags: Sequence[str]) -> Contact | Problem:
    """The contact a card describes, or the Problem that makes it unusable."""
    kind = card.first("KIND") or card.first("X-ADDRESSBOOKSERVER-KIND")
    what = {"group": "a group", "org": "an organization"}.get(
        kind.value.strip().lower() if kind else ""
    )
    if what:
        return Problem(name, card.line, f"{what} card, not a person; skipped", "warning")
    full_name = ""
    fn = card.first("FN")
    if fn is not None:
        full_name = one_line(unescape(fn.value))
    n = card.first("N")
    if not full_name and n is not None:
        family, given, additional = ([*split_escaped(n.value, ";"), "", ""])[:3]
        full_name = one_line(f"{given} {additional} {family}")
    if not full_name:
        return Problem(name, card.line, "card has no name (no FN or N); skipped")
    contact = Contact(f"{name}:{card.line}", full_name)
    note = card.first(NOTE_PROPERTY)
    if note is not None:
        contact.note = one_line(unescape(note.value))
    aliases = [a for p in card.all("NICKNAME") for a in split_escaped(p.value, ",")]
    contact.set("aliases", aliases)
    labels = [t for p in card.all("CATEGORIES") for t in split_escaped(p.value, ",")]
    contact.set("tags", [*(tag_name(label) for label in labels), *tags])
    org = card.first("ORG")
    if org is not None:
        contact.set("company", split_escaped(org.value, ";")[0])
    title = card.first("TITLE") or card.first("ROLE")
    if title is not None:
        contact.set("role", unescape(title.value))
    contact.set("email", [unescape(p.value).removeprefix("mailto:") for p in card.all("EMAIL")])
    contact.set("phone", [unescape(p.value).removeprefix("tel:") for p in card.all("TEL")])
    adr = card.first("ADR")
    if adr is not None:
        contact.set("location", _location(adr))
    urls = [unescape(p.value).strip() for p in card.all("URL")]
    socials = [p for p in card.all("X-SOCIALPROFILE") if "linkedin" in p.types]
    linkedin = [u for u in urls if "linkedin.com/" in u.lower()]
    linkedin += [unescape(p.value).strip() for p in socials]
    websites = [u for u in urls if "linkedin.com/" not in u.lower()]
    if linkedin:
        contact.set("linkedin", linkedin[0])
    if websites:
        contact.set("website", websites[0])
    return contact


def read_vcards(source: SourceText, tags: Sequence[str]) -> tuple[list[Contact], list[Problem]]:
    """Contacts from a .vcf file of one or more cards; a Problem per card that cannot be used."""
    cards, problems = split_cards(source)
    problems = list(source.problems) + problems
    contacts: list[Contact] = []
    for card in cards:
        result = card_contact(card, source.name, tags)
        if isinstance(result, Problem):
            problems.append(result)
            continue
        bday = card.first("BDAY")
        if bday is not None and bday.value.strip():
            birthday = _birthday(bday)
            if birthday is None:
                problems.append(
                    Problem(
                        source.name,
                        bday.line,
                        f"cannot read the birthday {bday.value.strip()!r}; imported without it",
                        "warning",
                    )
                )
            else:
                result.set("birthday", birthday)
        contacts.append(result)
    problems.sort(key=lambda p: p.line)
    return contacts, problems


# Writing -----------------------------------------------------------------------------------------

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


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given) from a display name: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], " ".join(words[:-1])


def _items(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def person_card(person: Person) -> list[str]:
    """The content lines of one person's vCard 3.0, unfolded."""
    from vaultnet.formats.jsonout import format_birthday

    family, given = _name_parts(person.display_name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:urn:uuid:{uuid.uuid5(_UID_NAMESPACE, person.path)}",
        f"FN:{escape(person.display_name)}",
        f"N:{escape(family)};{escape(given)};;;",
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
    for phone in _items(person.fm.get("phone")):
        lines.append(f"TEL:{escape(phone)}")
    location = person.fact("location")
    if location:
        lines.append(f"ADR:;;;{escape(location)};;;")
    for key in ("linkedin", "website"):
        for url in _items(person.fm.get(key)):
            lines.append(f"URL:{url}")
    birthday = format_birthday(person.birthday)
    if birthday:
        lines.append(f"BDAY:{birthday}")
    if person.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in person.tags))
    lines.append("END:VCARD")
    return lines


def export_vcards(people: Sequence[Person]) -> str:
    """An address book of vCard 3.0 cards, CRLF line ends, lines folded at 75 octets."""
    out: list[str] = []
    for person in people:
        for line in person_card(person):
            out.extend(fold_line(line))
    return "".join(line + "\r\n" for line in out)
