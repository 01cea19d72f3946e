"""First contacts: the never-contacted people due by cadence (say 98 people just made core),
spread over the days instead of listed at once.

At most `[reconnect] first_contacts_per_day` of them are listed a day. The day's first due list
chooses them: never listed before first, then the longest since their last turn, and within
that the most promising (`vaultnet.due.promise`). The choice is kept in `.vaultnet/firsts.json`
for the rest of the day, so the list stays as it is whatever is ticked or logged meanwhile (a
first contact made leaves the list; nobody takes its place until tomorrow). Over the days every
one of them comes up in turn. Deleting the file starts the rotation again, most promising first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.due.promise import Prospects
from vaultnet.due.week import read_state, write_state

if TYPE_CHECKING:
    from vaultnet.network.model import Person

FIRSTS_FILE = ".vaultnet/firsts.json"


@dataclass
class FirstsState:
    """The day's first contacts, and the last day each waiting person was listed."""

    day: str  # ISO date
    picks: list[str] = field(default_factory=list)  # paths, in the order listed
    listed: dict[str, str] = field(default_factory=dict)  # path -> the last day listed

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day, "picks": self.picks, "listed": dict(sorted(self.listed.items()))}

    @classmethod
    def from_json(cls, data: Any) -> FirstsState | None:
        """The state a `to_json` value holds; None for anything else (it is then rebuilt)."""
        try:
            day = str(data["day"])
            date.fromisoformat(day)
            return cls(
                day,
                [str(p) for p in data["picks"]],
                {str(k): str(v) for k, v in dict(data["listed"]).items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None


@dataclass
class FirstContacts:
    picks: list[Person]  # listed today, the most promising first
    queued: int  # waiting for another day
    state: FirstsState


def first_contacts(
    waiting: Sequence[Person],
    per_day: int,
    today: date,
    prospects: Prospects,
    state: FirstsState | None = None,
) -> FirstContacts:
    """Today's first contacts among `waiting` (the never-contacted people due by cadence)."""
    by_path = {p.path: p for p in waiting}
    day = today.isoformat()
    if state is not None and state.day == day:
        picks = [by_path[path] for path in state.picks if path in by_path]
        return FirstContacts(picks, len(waiting) - len(picks), state)
    listed = {k: v for k, v in (state.listed if state else {}).items() if k in by_path}
    ranked = prospects.ranked(waiting)
    # never listed ("") first, then the longest since listed; the promise order within a day
    turns = sorted(range(len(ranked)), key=lambda i: (listed.get(ranked[i].person.path, ""), i))
    chosen = sorted(turns[: max(per_day, 0)])
    picks = [ranked[i].person for i in chosen]
    for person in picks:
        listed[person.path] = day
    new_state = FirstsState(day, [p.path for p in picks], listed)
    return FirstContacts(picks, len(waiting) - len(picks), new_state)


def load_firsts(root: Path) -> FirstsState | None:
    return FirstsState.from_json(read_state(root, FIRSTS_FILE))


def save_firsts(root: Path, state: FirstsState | None) -> None:
    if state is not None:
        write_state(root, FIRSTS_FILE, state.to_json())
