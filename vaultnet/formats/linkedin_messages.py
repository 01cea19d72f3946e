"""LinkedIn's `messages.csv`, as its data export writes it: one row per message with FROM,
SENDER PROFILE URL, TO, RECIPIENT PROFILE URLS, DATE (`2026-11-09 16:02:11 UTC`), SUBJECT,
CONTENT and FOLDER. The CONTENT column is read only when asked for (`--with-text`): by default
only who, when and the subject."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from vaultnet.formats.capture import (
    MESSAGE,
    Captured,
    CaptureItem,
    Me,
    Party,
    Skip,
    Skipped,
    csv_records,
    one_line,
    quote_line,
)
from vaultnet.formats.source import SourceText
from vaultnet.text.links import fold

COLUMNS = {
    "conversation id": "conversation",
    "conversation title": "title",
    "from": "from",
    "sender profile url": "from_url",
    "to": "to",
    "recipient profile urls": "to_urls",
    "date": "date",
    "subject": "subject",
    "folder": "folder",
    "is message draft": "draft",
}
"""The columns read; CONTENT only with `with_text` (see `read_linkedin_messages`), ATTACHMENTS
never."""
CONTENT = "content"
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T]\d{1,2}:\d{2}")
_URL_SPLIT = re.compile(r"[\s,;]+")


def _column(cell: str) -> str:
    return " ".join(fold(cell).split())


def is_messages_header(row: list[str]) -> bool:
    cells = {_column(c) for c in row}
    return {"from", "date", "conversation id"} <= cells


def _day(text: str) -> date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3])).date()
    except ValueError:
        return None


def _recipients(names: str, urls: str) -> list[Party]:
    links = [u for u in _URL_SPLIT.split(urls.strip()) if u]
    people = [n.strip() for n in names.split(",") if n.strip()]
    if len(people) == len(links):
        return [Party(name=n, linkedin=u) for n, u in zip(people, links, strict=True)]
    if links:
        return [Party(linkedin=u) for u in links]
    return [Party(name=n) for n in people]


def read_linkedin_messages(
    source: SourceText, me: Me, with_text: bool = False
) -> Iterator[CaptureItem]:
    """Every row of a messages.csv as a message with me and others, or why it is not one; with
    `with_text`, with the message's text as a quote (`quote_line`). Raises BadImportFile when
    the file has no messages header."""
    name = source.name
    header, records = csv_records(
        source,
        is_messages_header,
        "no LinkedIn messages header (CONVERSATION ID,...,FROM,...,DATE,...); is this the "
        "messages.csv of a LinkedIn data export?",
    )
    wanted = {**COLUMNS, CONTENT: CONTENT} if with_text else COLUMNS
    columns = [wanted.get(_column(c)) for c in header]
    for record in records:
        if isinstance(record, Skipped):
            yield record
            continue
        line, row = record
        cells = {key: cell for key, cell in zip(columns, row, strict=True) if key}
        yield _message(name, line, cells, me)


def _message(name: str, line: int, cells: dict[str, str], me: Me) -> CaptureItem:
    if cells.get("folder", "").strip().upper() == "DRAFT" or fold(
        cells.get("draft", "")
    ).strip() in ("yes", "true"):
        return Skipped(name, line, Skip.DRAFT)
    day = _day(cells.get("date", ""))
    if day is None:
        return Skipped(name, line, Skip.UNREADABLE, f"no readable DATE: {cells.get('date', '')!r}")
    sender = Party(name=one_line(cells.get("from", "")), linkedin=cells.get("from_url", "").strip())
    recipients = _recipients(cells.get("to", ""), cells.get("to_urls", ""))
    if me.is_my_profile(sender.linkedin):
        others = [p for p in recipients if not me.is_my_profile(p.linkedin)]
        if not others:
            return Skipped(name, line, Skip.NO_ONE_ELSE)
    elif any(me.is_my_profile(p.linkedin) for p in recipients):
        others = [sender]
    else:
        return Skipped(name, line, Skip.NOT_MINE)
    subject = one_line(cells.get("subject", ""))
    text = f"on LinkedIn ({subject})" if subject else "on LinkedIn"
    ident = f"{cells.get('conversation', '')}@{cells.get('date', '').strip()}"
    quote = quote_line(cells[CONTENT]) if cells.get(CONTENT, "").strip() else ""
    return Captured(f"{name}:{line}", ident, day, MESSAGE, text, tuple(others), quote)
