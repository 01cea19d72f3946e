"""LinkedIn's `Invitations.csv`, as its data export writes it: one row per invitation still
waiting for an answer, sent or received, with From, To, Sent At, Message, Direction (INCOMING or
OUTGOING), inviterProfileUrl and inviteeProfileUrl. Read: who the other person is and which way
it went; the Message column never."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vaultnet.formats.capture import Me, Party, Skip, Skipped, csv_records, one_line
from vaultnet.formats.source import SourceText
from vaultnet.text.links import fold

COLUMNS = {
    "from": "from",
    "to": "to",
    "sentat": "sent",
    "direction": "direction",
    "inviterprofileurl": "from_url",
    "inviteeprofileurl": "to_url",
}
"""The columns read; Message is not among them on purpose."""


@dataclass(frozen=True, slots=True)
class Invitation:
    """A pending invitation between me and `party`: sent by me (`outgoing`) or to me."""

    source: str
    """`path:line` of the row."""
    party: Party
    outgoing: bool


def _column(cell: str) -> str:
    return "".join(fold(cell).split())


def is_invitations_header(row: list[str]) -> bool:
    cells = {_column(c) for c in row}
    return {"from", "to", "direction"} <= cells and "sentat" in cells


def read_invitations(source: SourceText, me: Me) -> Iterator[Invitation | Skipped]:
    """Every row of an Invitations.csv as the invitation it is, or why it is not read (a row
    cut short, no Direction that says which way it went). Raises BadImportFile without the
    header."""
    name = source.name
    header, records = csv_records(
        source,
        is_invitations_header,
        "no LinkedIn invitations header (From,To,Sent At,Message,Direction,...); is this the "
        "Invitations.csv of a LinkedIn data export?",
    )
    columns = [COLUMNS.get(_column(c)) for c in header]
    for record in records:
        if isinstance(record, Skipped):
            yield record
            continue
        line, row = record
        cells = {key: cell.strip() for key, cell in zip(columns, row, strict=True) if key}
        direction = cells.get("direction", "").upper()
        if direction not in ("INCOMING", "OUTGOING"):
            # No Direction: the profiles say, when one of them is mine.
            if me.is_my_profile(cells.get("from_url", "")):
                direction = "OUTGOING"
            elif me.is_my_profile(cells.get("to_url", "")):
                direction = "INCOMING"
            else:
                shown = cells.get("direction", "")
                yield Skipped(
                    name, line, Skip.UNREADABLE, f"no Direction (INCOMING or OUTGOING): {shown!r}"
                )
                continue
        outgoing = direction == "OUTGOING"
        who, url = ("to", "to_url") if outgoing else ("from", "from_url")
        party = Party(name=one_line(cells.get(who, "")), linkedin=cells.get(url, ""))
        if not party.name and not party.linkedin:
            yield Skipped(
                name, line, Skip.UNREADABLE, "no name and no profile for the other person"
            )
            continue
        yield Invitation(f"{name}:{line}", party, outgoing)
