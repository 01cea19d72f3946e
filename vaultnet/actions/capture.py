"""Recording captured interactions (calendar meetings, emails, LinkedIn messages) in the vault:
one log line per person, day and kind, `- 2026-11-02 email: Subject`, in the person's note,
written as `vaultnet log` writes them (the same editor, `last_contact` moved forward the same
way), so what a capture adds is ordinary Markdown to review, edit or delete.

With `--create`, the people not in the vault are created first, as an import creates people
(`vaultnet.actions.imports`, the one writer of new notes), with the name and addresses the file
shows them with; their lines follow.

Idempotent from the notes alone: a contact is already there when the person's note has a log
line of that kind on that day (for a meeting, any log line that is not an email or a message,
or a meeting note naming them), so a second import, or an overlapping newer export, adds
nothing, even after `.vaultnet/` is deleted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from vaultnet.errors import Problem, VaultnetError
from vaultnet.formats.capture import EMAIL, MEETING, MESSAGE, CaptureItem, Skip, Skipped
from vaultnet.formats.parties import Ambiguous, Newcomer, Newcomers, PeopleDirectory

if TYPE_CHECKING:
    from pathlib import Path

    from vaultnet.formats.matching import ImportPlan
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
    quote: str = ""
    """The message's text (`--with-text`), written below the line as `  > quote`."""

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
    """The people not in the vault (address, profile or name), by the items they are in; with
    `create`, only those the file gives no name or address for."""
    newcomers: list[Newcomer] = field(default_factory=list)
    """With `create`: the people not in the vault, to be added (see `place_newcomers`)."""
    newcomer_lines: list[tuple[int, NewLogLine]] = field(default_factory=list)
    """With `create`: the lines for newcomers (by their index), their note not yet known."""
    created: ImportPlan | None = None
    """With `create`, once placed: the notes the import's writer creates for the newcomers."""

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
    created: list[str] = field(default_factory=list)
    """With `--create`: the new people's notes made."""
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


def plan_capture(vault: Vault, items: Iterable[CaptureItem], create: bool = False) -> CapturePlan:
    """Match the people of every item and decide the lines to add, without writing. Items are
    consumed as they come (a mailbox is never held whole). With `create`, the people not in
    the vault become newcomers with lines of their own, and `place_newcomers` gives them notes."""
    plan = CapturePlan()
    directory = PeopleDirectory(vault.people)
    newcomers = Newcomers()
    known: dict[str | int, set[tuple[str, str]]] = {}
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
        people: list[Person | int] = []
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
                new = newcomers.add(party, item.source) if create else None
                if new is None:
                    plan.strangers[party.label()] += 1
                elif new not in people:
                    people.append(new)
            elif found not in people:
                people.append(found)
        if not people:
            plan.strangers_only += 1
            continue
        slot = (item.day.isoformat(), _slot(item.kind))
        added = False
        for person in people:
            key = person if isinstance(person, int) else person.path
            days = known.get(key)
            if days is None:
                days = known[key] = set() if isinstance(person, int) else _known(person)
            if slot in days:
                continue
            days.add(slot)
            if isinstance(person, int):
                new_line = NewLogLine("", item.day, item.kind, item.text, item.source, item.quote)
                plan.newcomer_lines.append((person, new_line))
            else:
                new_line = NewLogLine(
                    person.path, item.day, item.kind, item.text, item.source, item.quote
                )
                plan.lines.append(new_line)
            added = True
        if added:
            plan.recorded += 1
        else:
            plan.already += 1
    plan.newcomers = newcomers.people
    plan.lines.sort(key=_line_order)
    plan.problems.sort(key=lambda p: (p.path, p.line))
    return plan


def _line_order(line: NewLogLine) -> tuple[str, date, str, str]:
    return line.path, line.day, line.kind, line.text


def place_newcomers(vault: Vault, plan: CapturePlan) -> None:
    """Give the plan's newcomers their notes, as an import would create them (the import's
    matcher names the files, a namesake's gets a number), and their lines those notes. A
    newcomer the import's matcher finds in the vault after all gets the lines not already in
    that person's note."""
    from vaultnet.formats.matching import plan_import

    if not plan.newcomers:
        return
    created = plan_import(vault, [n.contact() for n in plan.newcomers], [])
    plan.created = created
    where = _targets_of(plan.newcomers, created)
    people = {person.path: person for person in vault.people}
    known: dict[str, set[tuple[str, str]]] = {}
    for index, new_line in plan.newcomer_lines:
        path = where.get(index)
        if path is None:  # two people in the vault could be them: counted, not recorded
            plan.strangers[plan.newcomers[index].name] += 1
            continue
        person = people.get(path)
        days = known.setdefault(path, _known(person) if person is not None else set())
        slot = (new_line.day.isoformat(), _slot(new_line.kind))
        if slot in days:
            continue
        days.add(slot)
        plan.lines.append(replace(new_line, path=path))
    plan.lines.sort(key=_line_order)
    plan.problems.extend(created.problems)
    plan.problems.sort(key=lambda p: (p.path, p.line))


def _targets_of(newcomers: list[Newcomer], created: ImportPlan) -> dict[int, str]:
    """The note each newcomer went to in the import's plan, found by what they were created
    with (an address, a profile, else the name)."""
    from vaultnet.formats.capture import profile_key
    from vaultnet.text.links import fold

    by_key: dict[str, str] = {}
    for target in created.targets:
        emails = target.values.get("email") or []
        for email in [emails] if isinstance(emails, str) else emails:
            by_key.setdefault(f"email:{email.strip().lower()}", target.path)
        linkedin = target.values.get("linkedin")
        if isinstance(linkedin, str) and linkedin.strip():
            by_key.setdefault(f"linkedin:{profile_key(linkedin)}", target.path)
        by_key.setdefault(f"name:{fold(target.name)}", target.path)
    where: dict[int, str] = {}
    for index, newcomer in enumerate(newcomers):
        keys = [f"email:{e}" for e in newcomer.emails]
        if newcomer.linkedin:
            keys.append(f"linkedin:{profile_key(newcomer.linkedin)}")
        keys.append(f"name:{fold(newcomer.name)}")
        path = next((by_key[k] for k in keys if k in by_key), None)
        if path is not None:
            where[index] = path
    return where


def apply_capture(
    vault: Vault, plan: CapturePlan, progress: Progress | None = None
) -> CaptureResult:
    """Create the newcomers' notes as an import does (each whole or absent), then add the
    plan's lines, one surgical, verified, atomic edit per note, moving `last_contact` forward
    as `log` does. A note that cannot be made or edited is reported and the rest carry on.
    Call it under `vault_lock`, with the plan made from the vault as read under that lock."""
    from vaultnet.notes.editor import NoteEditor

    result = CaptureResult()
    not_made: set[str] = set()
    if plan.created is not None:
        from vaultnet.actions.imports import apply_plan

        made = apply_plan(vault, plan.created)
        result.created = made.created
        result.problems.extend(made.problems)
        not_made = {t.path for t in plan.created.to_create} - set(made.created)
    by_note: dict[str, list[NewLogLine]] = {}
    for new in plan.lines:
        if new.path not in not_made:
            by_note.setdefault(new.path, []).append(new)
    for done, (path, lines) in enumerate(sorted(by_note.items()), start=1):
        try:
            editor = NoteEditor.open(vault.root, path)
            added = sum(editor.add_log(n.day, n.kind, n.text, n.quote) for n in lines)
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
    create: bool = False,
) -> tuple[CapturePlan, CaptureResult]:
    """Capture into the vault at `root`: under the vault lock, read the vault, read the items
    and plan (with `create`, the people not in the vault too), then write. (It takes the root, not an opened `Vault`: the vault must be read
    after the lock is taken, so no other vaultnet writer changes a note in between.)"""
    from vaultnet.fs.lock import vault_lock
    from vaultnet.network.vault import Vault

    with vault_lock(root):
        vault = Vault.open(root, today)
        plan = plan_capture(vault, items(), create)
        place_newcomers(vault, plan)
        return plan, apply_capture(vault, plan, progress)
