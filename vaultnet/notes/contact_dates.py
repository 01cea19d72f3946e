"""The date rule of a contact, for every layer that needs it (the editor included): a dated
record (a log line, an interaction, the `last_contact` field) is a contact on its date when that
date is on or before today; a later date is a plan, not a contact. The last contact is the
latest contact; the last contact before a day is the latest one dated earlier than it.

Pure and generic over dates and ISO strings (which compare like dates), so the parser's ISO log
dates need no parsing. `vaultnet.network.contact` applies it to people.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar

D = TypeVar("D", date, str)

DRAFT = "draft"
"""The `type` of an interaction note that is a draft (a thank-you not yet sent): no contact."""


def is_contact(day: D, today: D | None) -> bool:
    """A dated record is a contact, not a plan: dated on or before today (None: no horizon,
    every date counts)."""
    return today is None or day <= today


def latest_contact(days: Iterable[D | None], today: D | None) -> D | None:
    """The latest of `days` that is a contact (None for none)."""
    return max((d for d in days if d is not None and is_contact(d, today)), default=None)


def latest_before(days: Iterable[D | None], day: D) -> D | None:
    """The latest of `days` dated strictly before `day`: the last contact as of that morning."""
    return max((d for d in days if d is not None and d < day), default=None)
