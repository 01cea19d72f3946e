"""vCard both ways: reading 2.1, 3.0 and 4.0 address books, writing 3.0 that reads back the same.

The reader is a small content-line parser rather than vobject: vobject keeps only the first of
several comma-separated NICKNAMEs, reads a 4.0 card with 3.0 rules, and cannot say on which line
a broken card starts, which a `file:line: message` needs.
"""

from __future__ import annotations

import codecs
import quopri
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultnet.errors import Problem
from vaultnet.formats.dates import parse_contact_birthday
from vaultnet.formats.source import (
    NAME_PART_KEYS,
    BadImportFile,
    Contact,
    Skipped,
    SourceText,
    email_or_none,
    one_line,
    split_name,
    tag_name,
)

if TYPE_CHECKING:
    from vaultnet.network.model import Person

APPLE_NO_YEAR = "1604"
NOTE_PROPERTY = "X-VAULTNET-NOTE"
"""The file name of the person's note (the display name can differ: `name:`), so that an export
read into another vault gives the same notes, namesakes included. Other apps ignore X- properties."""

# Reading -----------------------------------------------------------------------------------------


@dataclass
class Property:
    """One content line of a card, unfolded: `item1.EMAIL;TYPE=work,pref:jane@x.example`. The
    value is as the file has it until `decode_card` undoes its ENCODING and CHARSET."""

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

    @property
    def encoding(self) -> str:
        return (self.params.get("ENCODING") or [""])[0].upper()


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

    @property
    def v21(self) -> bool:
        version = self.first("VERSION")
        return version is not None and version.value.strip() == "2.1"

    def text(self, prop: Property) -> str:
        """A property's value as text, its escapes undone."""
        return unescape(prop.value, self.v21)

    def parts(self, prop: Property, separator: str) -> list[str]:
        """The components of a structured value (`N`, `ADR`, `ORG`: `;`) or a list (`,`)."""
        return split_escaped(prop.value, separator, self.v21)


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


_GROUP = re.compile(r"^[A-Za-z0-9-]+\.")


def parse_property(line: int, text: str) -> Property | None:
    """A content line, or None when it has no `name:value` shape."""
    colon = _colon(text)
    if colon <= 0:
        return None
    head, value = text[:colon], text[colon + 1 :]
    pieces = _split_unquoted(head, ";")
    name = _GROUP.sub("", pieces[0].strip()).upper()  # drop an Apple `item1.` group
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        if "=" in piece:
            key, raw = piece.split("=", 1)
            values = [v.strip().strip('"') for v in _split_unquoted(raw, ",")]
            # `TYPE="voice,cell"` (4.0 quoting) is two types, not one
            values = [part for v in values for part in v.split(",")]
            params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
        elif piece.strip():
            bare = piece.strip()
            # vCard 2.1 bare parameters: `TEL;CELL:`, `NOTE;QUOTED-PRINTABLE:`
            if bare.upper() in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"):
                params.setdefault("ENCODING", []).append(bare)
            else:
                params.setdefault("TYPE", []).append(bare)
    return Property(line, name, params, value)


def unescape(text: str, v21: bool = False) -> str:
    """vCard 3.0 and 4.0 escape `\\`, `,`, `;` and newlines; 2.1 escapes only `;` (and apps
    write `\\,`), so its other backslashes are text (`C:\\Users`, a Shift_JIS byte)."""
    if v21:
        return re.sub(r"\\([;,])", r"\1", text)
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], text)


def split_escaped(text: str, separator: str, v21: bool = False) -> list[str]:
    """Components of a structured value (`N`, `ADR`, `ORG`: `;`) or a list (`,`), unescaped."""
    escapable = ";," if v21 else None
    parts, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if (
            char == "\\"
            and index + 1 < len(text)
            and (escapable is None or text[index + 1] in escapable)
        ):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == separator:
            parts.append(unescape("".join(current), v21))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append(unescape("".join(current), v21))
    return parts


_BASE64_LINE = re.compile(r"^[A-Za-z0-9+/=]+$")


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first physical line, unfolded text) for every content line. A line starting with a space
    or tab continues the one before; vCard 2.1 quoted-printable continues with a trailing `=`,
    and 2.1 base64 (a photo) with unindented lines up to a blank one."""
    out: list[tuple[int, str]] = []
    qp_open = b64_open = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if b64_open and _BASE64_LINE.match(line):
            out[-1] = (out[-1][0], out[-1][1] + line)
            continue
        if out and line[:1] in (" ", "\t") and not qp_open:
            out[-1] = (out[-1][0], out[-1][1] + line[1:])
        elif out and qp_open:
            out[-1] = (out[-1][0], out[-1][1][:-1] + line)
        else:
            out.append((number, line))
        current = out[-1][1]
        head = current.upper().split(":", 1)[0]
        qp_open = current.endswith("=") and "QUOTED-PRINTABLE" in head
        b64_open = "ENCODING=B" in head or ";BASE64" in head
    return out


def _begin_or_end(text: str) -> str:
    """`BEGIN:VCARD` or `END:VCARD` for such a line (a group prefix allowed: `home.begin:vcard`)."""
    return _GROUP.sub("", text.strip()).upper()


def split_cards(source: SourceText) -> tuple[list[Card], list[Problem]]:
    """The cards of a file, each with the properties between its BEGIN and END lines. A card
    nested in a 2.1 AGENT property is part of its card, not a contact of its own."""
    name = source.name
    cards: list[Card] = []
    problems: list[Problem] = []
    current: Card | None = None
    nested = 0
    saw_begin = False
    # Bytes that are not UTF-8 are kept one character a byte until their CHARSET is known.
    text = source.data.decode("latin-1") if source.data is not None else source.text
    for line, content in logical_lines(text):
        marker = _begin_or_end(content)
        if marker == "BEGIN:VCARD":
            saw_begin = True
            previous = current.properties[-1] if current and current.properties else None
            if previous is not None and previous.name == "AGENT" and not previous.value.strip():
                nested += 1
                continue
            if current is not None:
                problems.append(
                    Problem(name, current.line, "card has no END:VCARD before the next; skipped")
                )
            current = Card(line)
            continue
        if nested:
            nested -= marker == "END:VCARD"
            continue
        if marker == "END:VCARD":
            if current is not None:
                cards.append(current)
            current = None
            continue
        if current is None or not content.strip():
            continue
        prop = parse_property(line, content)
        if prop is None:
            problems.append(
                Problem(
                    name, line, f"not a vCard property line: {content[:40]!r}; ignored", "warning"
                )
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


def _codec(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


@dataclass
class Decoded:
    """What decoding a card's values found: unknown charsets, and the first line whose charset
    had to be guessed."""

    problems: list[Problem] = field(default_factory=list)
    guessed: int | None = None


def declared_charset(cards: Sequence[Card]) -> str | None:
    """The first known CHARSET a property of these cards declares."""
    declared = (c for card in cards for p in card.properties for c in p.params.get("CHARSET", []))
    return next((codec for c in declared if (codec := _codec(c))), None)


def decode_card(card: Card, raw: bool, name: str, file_charset: str | None) -> Decoded:
    """Undo quoted-printable and decode each value by its CHARSET, else by a CHARSET another
    property of the card declares, else as UTF-8, else (a guess) by the CHARSET other cards of
    the file declare, else as Windows-1252. `raw` says the values still hold the file's bytes
    (a file that is not UTF-8)."""
    found = Decoded()
    card_charset = declared_charset([card])
    for prop in card.properties:
        qp = prop.encoding == "QUOTED-PRINTABLE"
        if prop.encoding in ("B", "BASE64") or (not qp and (not raw or prop.value.isascii())):
            continue
        data = prop.value.encode("latin-1" if raw else "utf-8", "replace")
        if qp:
            data = quopri.decodestring(data)
        charset = (prop.params.get("CHARSET") or [""])[0]
        if charset and _codec(charset) is None:
            found.problems.append(
                Problem(name, prop.line, f"unknown CHARSET {charset!r}; ignored", "warning")
            )
        chosen = (_codec(charset) if charset else None) or card_charset
        if chosen is not None:
            prop.value = data.decode(chosen, "replace")
            continue
        try:
            prop.value = data.decode("utf-8")
        except UnicodeDecodeError:
            prop.value = data.decode(file_charset or "cp1252", "replace")
            if found.guessed is None:
                found.guessed = prop.line
    return found


def _birthday(prop: Property) -> str | None:
    value = prop.value.strip()
    # Apple writes an unknown year as a made-up one and says so: BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-24
    omit = prop.params.get("X-APPLE-OMIT-YEAR")
    if omit and value.startswith(omit[0]):
        value = "--" + value[len(omit[0]) :].lstrip("-")
    # 1604 is the year Apple and CardBook write for "no year" (a leap year before any birth)
    elif re.match(APPLE_NO_YEAR + r"-?\d\d-?\d\d$", value):
        value = "--" + value[4:].lstrip("-")
    return parse_contact_birthday(value)


def _location(card: Card) -> str:
    """The city, region and country of the first ADR that has one: Gmail writes a whole address
    into the extended field of an ADR with no city, which says nothing vaultnet can use."""
    for prop in card.all("ADR"):
        parts = [*card.parts(prop, ";"), "", "", "", "", "", "", ""]
        # post box; extended; street; locality; region; postal code; country
        picked = [one_line(p) for p in (parts[3], parts[4], parts[6])]
        if any(picked):
            return ", ".join(p for p in picked if p)
    return ""


def _details(card: Card) -> list[str]:
    """NOTE lines as bullets for `## Notes`."""
    return [
        line
        for prop in card.all("NOTE")
        for line in (one_line(part) for part in card.text(prop).split("\n"))
        if line
    ]


def _is_company_card(card: Card) -> bool:
    show_as = card.first("X-ABSHOWAS")
    return show_as is not None and show_as.value.strip().upper() == "COMPANY"


def card_contact(card: Card, name: str, tags: Sequence[str]) -> Contact | Problem:
    """The contact a card describes, or the Problem that makes it unusable."""
    kind = card.first("KIND") or card.first("X-ADDRESSBOOKSERVER-KIND")
    what = {"group": "a group", "org": "an organization"}.get(
        kind.value.strip().lower() if kind else ""
    )
    if what:
        return Skipped(name, card.line, f"{what} card, not a person; skipped")
    fn = card.first("FN")
    full_name = one_line(card.text(fn)) if fn is not None else ""
    n = card.first("N")
    family, given, middle, prefix, suffix = (
        [*card.parts(n, ";"), "", "", "", "", ""][:5] if n is not None else [""] * 5
    )
    n_name = one_line(f"{prefix} {given} {middle} {family} {suffix}")
    org = card.first("ORG")
    company = one_line(card.parts(org, ";")[0]) if org is not None else ""
    emails = [e for p in card.all("EMAIL") if (e := email_or_none(card.text(p)))]
    if _is_company_card(card) and not (given or family):
        return Skipped(
            name, card.line, "a company card (X-ABShowAs:COMPANY), not a person; skipped"
        )
    if not full_name:
        full_name = n_name
    if not full_name and emails:
        full_name = emails[0]  # an email-only card (Android): the address is all it has
    if not full_name:
        said = "FN and N are empty" if fn is not None or n is not None else "no FN or N"
        if company:
            return Skipped(
                name, card.line, f"{said}, only an ORG: a company, not a person; skipped"
            )
        return Skipped(name, card.line, f"card has no name ({said}, no EMAIL or ORG); skipped")
    contact = Contact(f"{name}:{card.line}", full_name)
    contact.set_name_parts(given, family, middle, prefix, suffix)
    note = card.first(NOTE_PROPERTY)
    if note is not None:
        contact.note = one_line(card.text(note))
    contact.details = _details(card)
    aliases = [a for p in card.all("NICKNAME") for a in card.parts(p, ",")]
    contact.set("aliases", aliases)
    labels = [t for p in card.all("CATEGORIES") for t in card.parts(p, ",")]
    contact.set("tags", [*(tag_name(label) for label in labels), *tags])
    contact.set("company", company)
    title = card.first("TITLE") or card.first("ROLE")
    if title is not None:
        contact.set("role", card.text(title))
    contact.set("email", emails)
    contact.set("phone", [card.text(p).removeprefix("tel:") for p in card.all("TEL")])
    contact.set("location", _location(card))
    urls = [card.text(p).strip() for p in card.all("URL")]
    socials = [p for p in card.all("X-SOCIALPROFILE") if "linkedin" in p.types]
    linkedin = [u for u in urls if "linkedin.com/" in u.lower()]
    linkedin += [card.text(p).strip() for p in socials]
    websites = [u for u in urls if u and "linkedin.com/" not in u.lower()]
    if linkedin:
        contact.set("linkedin", linkedin[0])
    if websites:
        contact.set("website", with_scheme(websites[0]))  # as `export vcard` writes it back
    return contact


def read_vcards(source: SourceText, tags: Sequence[str]) -> tuple[list[Contact], list[Problem]]:
    """Contacts from a .vcf file of one or more cards; a Problem per card that cannot be used."""
    cards, problems = split_cards(source)
    raw = source.data is not None
    # A file that is not UTF-8 is decoded value by value (see decode_card), which warns itself.
    problems = ([] if raw else list(source.problems)) + problems
    contacts: list[Contact] = []
    guessed: int | None = None
    file_charset = declared_charset(cards) if raw else None
    for card in cards:
        decoded = decode_card(card, raw, source.name, file_charset)
        problems.extend(decoded.problems)
        if guessed is None:
            guessed = decoded.guessed
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
    if guessed is not None:
        guess = (
            f"{file_charset.upper()}, as other cards of the file say"
            if file_charset
            else ("Windows-1252 (Latin-1)")
        )
        message = f"8-bit text with no CHARSET, not UTF-8; read as {guess}"
        problems.append(Problem(source.name, guessed, message, "warning"))
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


def _name_parts(person: Person) -> list[str]:
    """N's family; given; additional; prefix; suffix: the parts the note keeps (an import of a
    structured name), else the display name split with the last word as the family name."""
    fm = person.fm
    kept = {key: " ".join(str(fm.get(key) or "").split()) for key in NAME_PART_KEYS}
    family, given = split_name(person.display_name)
    if kept["given_name"] or kept["family_name"]:
        family, given = kept["family_name"], kept["given_name"]
    return [family, given, kept["middle_name"], kept["name_prefix"], kept["name_suffix"]]


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def with_scheme(url: str) -> str:
    """A URL as a URI: `www.example.com` becomes `https://www.example.com` (RFC 2426 wants a URI)."""
    return url if _SCHEME.match(url) else "https://" + url.lstrip("/")


def birthday_line(birthday: tuple[int | None, int, int]) -> str:
    """BDAY as RFC 2426 allows: a full date; with no year, Apple's form (the year 1604, marked
    omitted), which Apple, Google and CardBook read as "no year" and strict readers accept."""
    year, month, day = birthday
    if year:
        return f"BDAY:{year:04d}-{month:02d}-{day:02d}"
    return f"BDAY;X-APPLE-OMIT-YEAR={APPLE_NO_YEAR}:{APPLE_NO_YEAR}-{month:02d}-{day:02d}"


def _items(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


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
    for phone in _items(person.fm.get("phone")):
        lines.append(f"TEL:{escape(phone)}")
    location = person.fact("location")
    if location:
        lines.append(f"ADR:;;;{escape(location)};;;")
    for key in ("linkedin", "website"):
        for url in _items(person.fm.get(key)):
            lines.append(f"URL:{escape(with_scheme(url))}")
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
