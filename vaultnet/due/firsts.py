"""First contacts: the never-contacted people due by cadence (say 98 people just made core),
spread over the days instead of listed at once.

At most `[reconnect] first_contacts_per_day` of them are listed a day. The day's first due list
chooses them: never listed before first, then the longest since their last turn, and within
that the most promising (`vaultnet.due.promise`). The choice is kept in `.vaultnet/firsts.json`
for the rest of the day, so the list stays as it is whatever is ticked or logged meanwhile (a
first contact made leaves the list and keeps its slot: nobody takes its place until tomorrow);
slots still free (there were fewer waiting) are filled when more people wait, say right after
`set --company Globex circle=core`. Over the days every one of them comes up in turn. Deleting
the file starts the rotation again, most promising first.
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
    same_day = state is not None and state.day == day
    kept = list(state.picks) if state is not None and same_day else []
    listed = dict(state.listed) if state is not None else {}
    listed = {k: v for k, v in listed.items() if k in by_path or k in kept}
    # The day's slots: a pick contacted since keeps its slot (nobody takes its place today);
    # free slots (people made core since the day's first list) are filled in turn.
    free = max(per_day, 0) - len(kept)
    if free > 0:
        taken = set(kept)
        ranked = [p for p in prospects.ranked(waiting) if p.person.path not in taken]
        # never listed ("") first, then the longest since listed; the promise order within that
        turns = sorted(range(len(ranked)), key=lambda i: (listed.get(ranked[i].person.path, ""), i))
        for i in sorted(turns[:free]):
            path = ranked[i].person.path
            kept.append(path)
            listed[path] = day
    picks = [by_path[path] for path in kept if path in by_path]
    new_state = FirstsState(day, kept, listed)
    return FirstContacts(picks, len(waiting) - len(picks), new_state)


def load_firsts(root: Path) -> FirstsState | None:
    return FirstsState.from_json(read_state(root, FIRSTS_FILE))


def save_firsts(root: Path, state: FirstsState | None) -> None:
    if state is not None:
        write_state(root, FIRSTS_FILE, state.to_json())
