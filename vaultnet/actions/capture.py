"""Recording captured interactions (calendar meetings, emails, LinkedIn messages) in the vault:
one log line per person, day and kind, `- 2026-11-02 email: Subject`, in the person's note,
written as `vaultnet log` writes them (the same editor, `last_contact` moved forward the same
way), so what a capture adds is ordinary Markdown to review, edit or delete.

Idempotent from the notes alone: a contact is already there when the person's note has a log
line of that kind on that day (for a meeting, any log line that is not an email or a message,
or a meeting note naming them), so a second import, or an overlapping newer export, adds
nothing, even after `.vaultnet/` is deleted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.errors import Problem, VaultnetError
from vaultnet.formats.capture import EMAIL, MEETING, MESSAGE, CaptureItem, Skip, Skipped
from vaultnet.formats.parties import Ambiguous, PeopleDirectory

if TYPE_CHECKING:
    from pathlib import Path

    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

Progress = Callable[[int, int], None]
"""Called as a capture writes: (notes written so far, notes to write)."""


@dataclass(frozen=True)
class NewLogLine:
    """A log line a capture adds to a person's note."""

    path: str
    day: date
    kind: str
    text: str
    source: str
    """`path:line` of the event or message in the import file."""

    def line(self) -> str:
        return f"- {self.day.isoformat()} {self.kind}: {self.text}"


@dataclass
class CapturePlan:
    """What a capture would write, and what became of every item of the file."""

    lines: list[NewLogLine] = field(default_factory=list)
    read: int = 0
    recorded: int = 0
    """Items that add a line to at least one note."""
    already: int = 0
    """Items with people from the vault who have that day's line already (in their note, or
    from an earlier item of the file)."""
    strangers_only: int = 0
    """Items with no one from the vault in them."""
    skipped: Counter[Skip] = field(default_factory=Counter)
    """Items that are not contacts, by why (unreadable ones too)."""
    problems: list[Problem] = field(default_factory=list)
    strangers: Counter[str] = field(default_factory=Counter)
    """The people not in the vault (address, profile or name), by the items they are in."""

    @property
    def unreadable(self) -> int:
        return self.skipped[Skip.UNREADABLE]

    @property
    def notes(self) -> list[str]:
        """The notes the plan adds lines to, in order."""
        return sorted({line.path for line in self.lines})


@dataclass
class CaptureResult:
    """What `apply_capture` wrote, and what it could not."""

    written: list[str] = field(default_factory=list)
    lines: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.problems)


def _slot(kind: str) -> str:
    """What a log line is for the once-a-day rule: an email, a message, or met in person."""
    kind = kind.lower()
    return kind if kind in (EMAIL, MESSAGE) else MEETING


def _known(person: Person) -> set[tuple[str, str]]:
    days = {(entry.date, _slot(entry.kind)) for entry in person.log}
    days.update(
        (meeting.date.isoformat(), MEETING) for meeting in person.interactions if meeting.date
    )
    return days


def plan_capture(vault: Vault, items: Iterable[CaptureItem]) -> CapturePlan:
    """Match the people of every item and decide the lines to add, without writing. Items are
    consumed as they come (a mailbox is never held whole)."""
    plan = CapturePlan()
    directory = PeopleDirectory(vault.people)
    known: dict[str, set[tuple[str, str]]] = {}
    warned: set[str] = set()
    for item in items:
        plan.read += 1
        if isinstance(item, Skipped):
            plan.skipped[item.reason] += 1
            if item.reason is Skip.UNREADABLE:
                plan.problems.append(Problem(item.path, item.line, f"skipped: {item.detail}"))
            continue
        if item.day > vault.today:  # a clock set wrong; a plan is not a contact
            plan.skipped[Skip.FUTURE] += 1
            continue
        people: list[Person] = []
        for party in item.parties:
            found = directory.match(party)
            if isinstance(found, Ambiguous):
                label = party.label()
                if label not in warned:
                    warned.add(label)
                    path, _, line = item.source.rpartition(":")
                    names = ", ".join(p.name for p in found.people)
                    plan.problems.append(
                        Problem(
                            path,
                            int(line),
                            f"{label} could be {names}; not recorded for any of them",
                            "warning",
                        )
                    )
            elif found is None:
                plan.strangers[party.label()] += 1
            elif found not in people:
                people.append(found)
        if not people:
            plan.strangers_only += 1
            continue
        slot = (item.day.isoformat(), _slot(item.kind))
        added = False
        for person in people:
            days = known.get(person.path)
            if days is None:
                days = known[person.path] = _known(person)
            if slot in days:
                continue
            days.add(slot)
            plan.lines.append(NewLogLine(person.path, item.day, item.kind, item.text, item.source))
            added = True
        if added:
            plan.recorded += 1
        else:
            plan.already += 1
    plan.lines.sort(key=lambda n: (n.path, n.day, n.kind, n.text))
    plan.problems.sort(key=lambda p: (p.path, p.line))
    return plan


def apply_capture(
    vault: Vault, plan: CapturePlan, progress: Progress | None = None
) -> CaptureResult:
    """Add the plan's lines, one surgical, verified, atomic edit per note, moving `last_contact`
    forward as `log` does. A note that cannot be edited is reported and the rest carry on.
    Call it under `vault_lock`, with the plan made from the vault as read under that lock."""
    from vaultnet.notes.editor import NoteEditor

    result = CaptureResult()
    by_note: dict[str, list[NewLogLine]] = {}
    for new in plan.lines:
        by_note.setdefault(new.path, []).append(new)
    for done, (path, lines) in enumerate(sorted(by_note.items()), start=1):
        try:
            editor = NoteEditor.open(vault.root, path)
            added = sum(editor.add_log(n.day, n.kind, n.text) for n in lines)
            editor.move_last_contact(max(n.day for n in lines), vault.today)
            if editor.save():
                result.written.append(path)
                result.lines += added
        except VaultnetError as exc:
            result.problems.append(Problem(path, 1, f"not written: {exc}"))
        if progress is not None:
            progress(done, len(by_note))
    return result


def capture(
    root: Path,
    today: date,
    items: Callable[[], Iterable[CaptureItem]],
    progress: Progress | None = None,
) -> tuple[CapturePlan, CaptureResult]:
    """Capture into the vault at `root`: under the vault lock, read the vault, read the items
    and plan, then write. (It takes the root, not an opened `Vault`: the vault must be read
    after the lock is taken, so no other vaultnet writer changes a note in between.)"""
    from vaultnet.fs.lock import vault_lock
    from vaultnet.network.vault import Vault

    with vault_lock(root):
        vault = Vault.open(root, today)
        plan = plan_capture(vault, items())
        return plan, apply_capture(vault, plan, progress)
