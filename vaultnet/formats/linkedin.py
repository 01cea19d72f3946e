"""LinkedIn's `Connections.csv`, as its data export writes it: a `Notes:` preamble before the
header (newer exports), a UTF-8 BOM, CRLF, `Connected On` dates like `12 Mar 2024`, and mostly
empty email addresses (members choose whether to share them)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from vaultnet.errors import Problem
from vaultnet.formats.csvfile import width_problem
from vaultnet.formats.dates import parse_linkedin_date
from vaultnet.formats.source import (
    BadImportFile,
    Contact,
    Skipped,
    SourceText,
    csv_rows,
    email_or_none,
    is_placeholder,
    one_line,
)
from vaultnet.text.links import fold

COLUMNS = {
    "first name": "first_name",
    "last name": "last_name",
    "url": "linkedin",
    "profile url": "linkedin",
    "email address": "email",
    "company": "company",
    "position": "role",
    "connected on": "connected",
}
_SLUG = re.compile(r"linkedin\.com/+(in|pub|company|school)/+([^/?#]+)", re.IGNORECASE)


def linkedin_key(url: str) -> str:
    """A profile URL reduced to what identifies it, for matching: scheme, `www.` or a country
    subdomain, a trailing slash, query and case do not matter; percent-escapes are decoded.
    Never raises: a URL Python's parser refuses is compared as written, folded."""
    text = unquote(url.strip())
    m = _SLUG.search(text)
    if m:
        return f"linkedin.com/{m[1].lower()}/{m[2].casefold()}"
    try:
        parts = urlsplit(text if "//" in text else "//" + text)
    except ValueError:  # a stray `[` or `]` reads as a broken IPv6 address: compare as written
        return text.casefold()
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).casefold()


_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_DROPPED_CATEGORIES = {"So", "Sk", "Cf", "Co", "Cs"}  # emoji, ®, ™, zero-width joiners


def plain_name(shown: str) -> str:
    """A name as LinkedIn shows it, as a person's name: the credentials after a comma
    (`Elliot Sandvig, CFP®, AAMS™`), pronouns in parentheses, emoji and symbols (`🔸`) go, and
    mathematical letters (`𝐀𝐧𝐚𝐧𝐝`, used as bold) become plain ones."""
    text = "".join(
        unicodedata.normalize("NFKC", c) if 0x1D400 <= ord(c) <= 0x1D7FF else c for c in shown
    )
    text = _PARENTHESES.sub("", text.split(",")[0])
    text = "".join(
        c
        for c in text
        if unicodedata.category(c) not in _DROPPED_CATEGORIES and not 0xFE00 <= ord(c) <= 0xFE0F
    )
    return one_line(text) or one_line(shown)


def _is_header(row: list[str]) -> bool:
    cells = {" ".join(fold(c).split()) for c in row}
    return "first name" in cells and "last name" in cells


def read_linkedin(source: SourceText, tags: Sequence[str]) -> tuple[list[Contact], list[Problem]]:
    """Contacts from a LinkedIn Connections.csv; a Problem per row that cannot be used."""
    name = source.name
    problems = list(source.problems)
    if not source.text.strip():
        raise BadImportFile(f"{name}: the file is empty")
    rows = csv_rows(source.text, name)
    header: list[str] | None = None
    header_line = 0
    # Newer exports put a `Notes:` paragraph above the header; older ones start with it.
    for line, row in rows:
        if not isinstance(row, Problem) and _is_header(row):
            header, header_line = row, line
            break
    if header is None:
        raise BadImportFile(
            f"{name}: no LinkedIn header found (First Name,Last Name,URL,Email Address,Company,"
            "Position,Connected On); is this the Connections.csv of a LinkedIn data export?"
        )
    targets = [COLUMNS.get(" ".join(fold(c).split())) for c in header]
    unknown = [c.strip() for c, t in zip(header, targets, strict=True) if t is None and c.strip()]
    if unknown:
        problems.append(
            Problem(name, header_line, f"columns ignored: {', '.join(unknown)}", "warning")
        )
    contacts: list[Contact] = []
    hidden: list[int] = []
    for line, row in rows:
        if isinstance(row, Problem):
            problems.append(row)
            continue
        if len(row) != len(header):
            problems.append(width_problem(name, line, len(row), len(header)))
            continue
        cells: dict[str, tuple[str, str]] = {}
        for column, target, cell in zip(header, targets, row, strict=True):
            if target and target not in cells:
                cells[target] = (column.strip(), "" if is_placeholder(cell) else cell)
        shown = one_line(
            f"{cells.get('first_name', ('', ''))[1]} {cells.get('last_name', ('', ''))[1]}"
        )
        if not shown:
            hidden.append(line)
            continue
        contact = Contact(f"{name}:{line}", plain_name(shown))
        if contact.name != shown:
            contact.set("aliases", [shown])  # the name as LinkedIn shows it stays findable
        contact.set("tags", list(tags))
        for target in ("company", "role", "linkedin"):
            if target in cells:
                contact.set(target, cells[target][1])
        if "email" in cells:
            contact.set("email", email_or_none(cells["email"][1]))  # not `urn:li:member:...`
        if "connected" in cells and cells["connected"][1].strip():
            column, text = cells["connected"]
            day = parse_linkedin_date(text)
            if day is None:
                problems.append(
                    Problem(
                        name,
                        line,
                        f"cannot read the date {text.strip()!r} in {column} (use 2024-03-12); "
                        "imported without it",
                        "warning",
                    )
                )
            else:
                contact.set("connected", day.isoformat())
        contacts.append(contact)
    if hidden:
        rows_word = "row has" if len(hidden) == 1 else "rows have"
        message = (
            f"{len(hidden)} {rows_word} no name: LinkedIn hides the names of members who "
            "chose so; skipped"
        )
        problems.append(Skipped(name, hidden[0], message, count=len(hidden)))
        problems.sort(key=lambda p: p.line)
    return contacts, problems
