"""Reading vCards (2.1, 3.0, 4.0) as phones and address books write them: each value decoded by
its CHARSET, the structured name kept, NOTE as personal details, Apple's year-less birthdays."""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vaultnet.errors import Problem
from vaultnet.formats.dates import parse_contact_birthday
from vaultnet.formats.source import (
    Contact,
    Skipped,
    SourceText,
    email_or_none,
    one_line,
    tag_name,
)
from vaultnet.formats.vcard_lines import (
    APPLE_NO_YEAR,
    NOTE_PROPERTY,
    Card,
    Property,
    split_cards,
    with_scheme,
)


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
