"""LinkedIn's `Connections.csv`, as its data export writes it: a `Notes:` preamble before the
header (newer exports), a UTF-8 BOM, CRLF, `Connected On` dates like `12 Mar 2024`, and mostly
empty email addresses (members choose whether to share them)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from vaultnet.errors import Problem
from vaultnet.formats.csvfile import read_date_value, width_problem
from vaultnet.formats.source import BadImportFile, Contact, SourceText, csv_rows, one_line
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
    subdomain, a trailing slash, query and case do not matter; percent-escapes are decoded."""
    text = unquote(url.strip())
    m = _SLUG.search(text)
    if m:
        return f"linkedin.com/{m[1].lower()}/{m[2].casefold()}"
    parts = urlsplit(text if "//" in text else "//" + text)
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).casefold()


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
                cells[target] = (column.strip(), cell)
        full_name = one_line(
            f"{cells.get('first_name', ('', ''))[1]} {cells.get('last_name', ('', ''))[1]}"
        )
        if not full_name:
            problems.append(Problem(name, line, "no first or last name in this row; skipped"))
            continue
        contact = Contact(f"{name}:{line}", full_name)
        contact.set("tags", list(tags))
        for target in ("company", "role", "email", "linkedin"):
            if target in cells:
                contact.set(target, cells[target][1])
        if "connected" in cells:
            column, text = cells["connected"]
            read_date_value(contact, "connected", text, column, problems, line, name)
        contacts.append(contact)
    return contacts, problems
