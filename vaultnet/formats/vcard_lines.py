"""vCard content lines: unfolding, properties with their groups and parameters, escapes, and the
cards of a file with the line each starts on (for `file:line: message`).

Hand-written rather than vobject: vobject keeps only the first of several comma-separated
NICKNAMEs, reads a 4.0 card with 3.0 rules, and cannot say on which line a broken card starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vaultnet.errors import Problem
from vaultnet.formats.source import BadImportFile, SourceText
from vaultnet.text.dates import NO_YEAR

APPLE_NO_YEAR = str(NO_YEAR)
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


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def with_scheme(url: str) -> str:
    """A URL as a URI: `www.example.com` becomes `https://www.example.com` (RFC 2426 wants a URI)."""
    return url if _SCHEME.match(url) else "https://" + url.lstrip("/")
