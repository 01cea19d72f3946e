"""Recording LinkedIn's pending invitations (`Invitations.csv`): a person you invited, or who
invited you, and who is not a connection yet gets `stage: pending` (from no stage, or from
`want`: the invitation is the step after wanting to connect). A connection (`connected:` in the
note, `stage: connected`, or a row of the export's Connections.csv: the invitation was accepted)
is left as it is, and so is any other stage the user wrote. With `create`, the people not in the
vault are created with `stage: pending`, as an import creates people."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultnet.errors import Problem, VaultnetError
from vaultnet.formats.capture import Skip, Skipped, profile_key
from vaultnet.formats.linkedin_invitations import Invitation
from vaultnet.formats.parties import Ambiguous, Newcomers, PeopleDirectory
from vaultnet.notes.yamlio import yaml_scalar

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from vaultnet.formats.matching import ImportPlan
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

PENDING = "pending"
_BEFORE_PENDING = ("", "want")


class Outcome(enum.Enum):
    """What became of an invitation."""

    SET = "set to pending"
    ALREADY = "already pending"
    CONNECTED = "already connected"
    OTHER_STAGE = "with another stage"
    STRANGER = "with people not in your vault"
    UNREADABLE = "unreadable"


@dataclass
class InvitationPlan:
    """What importing the invitations would write, and what became of each row."""

    to_set: list[str] = field(default_factory=list)
    """The notes to get `stage: pending`, in order."""
    read: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    strangers: Counter[str] = field(default_factory=Counter)
    created: ImportPlan | None = None
    """With `create`: the new people's notes (each with `stage: pending`)."""


@dataclass
class InvitationResult:
    """What `apply_invitations` wrote."""

    written: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _stage(person: Person) -> str:
    value = person.fm.get("stage")
    return str(value).strip().lower() if value is not None else ""


def plan_invitations(
    vault: Vault,
    invitations: Iterable[Invitation | Skipped],
    connections: Collection[str] = (),
    create: bool = False,
) -> InvitationPlan:
    """Decide, without writing, what the invitations change. `connections` holds the profile
    keys (`profile_key`) of the export's Connections.csv: an invitation to one of them was
    accepted."""
    plan = InvitationPlan()
    directory = PeopleDirectory(vault.people)
    newcomers = Newcomers()
    planned: set[str] = set()
    for item in invitations:
        plan.read += 1
        if isinstance(item, Skipped):
            plan.outcomes[Outcome.UNREADABLE] += 1
            if item.reason is Skip.UNREADABLE:
                plan.problems.append(Problem(item.path, item.line, f"skipped: {item.detail}"))
            continue
        party = item.party
        if party.linkedin and profile_key(party.linkedin) in connections:
            plan.outcomes[Outcome.CONNECTED] += 1
            continue
        found = directory.match(party)
        if isinstance(found, Ambiguous):
            path, _, line = item.source.rpartition(":")
            names = ", ".join(p.name for p in found.people)
            plan.problems.append(
                Problem(path, int(line), f"{party.label()} could be {names}; left alone", "warning")
            )
            plan.outcomes[Outcome.STRANGER] += 1
            continue
        if found is None:
            new = newcomers.add(party, item.source) if create else None
            if new is None:
                plan.strangers[party.label()] += 1
                plan.outcomes[Outcome.STRANGER] += 1
            else:
                newcomers.people[new].values["stage"] = PENDING
                plan.outcomes[Outcome.SET] += 1
            continue
        stage = _stage(found)
        if found.fm.get("connected") or stage == "connected":
            plan.outcomes[Outcome.CONNECTED] += 1
        elif stage == PENDING or found.path in planned:
            plan.outcomes[Outcome.ALREADY] += 1
        elif stage in _BEFORE_PENDING:
            planned.add(found.path)
            plan.to_set.append(found.path)
            plan.outcomes[Outcome.SET] += 1
        else:
            plan.outcomes[Outcome.OTHER_STAGE] += 1
    plan.to_set.sort()
    if newcomers.people:
        from vaultnet.formats.matching import plan_import

        plan.created = plan_import(vault, [n.contact() for n in newcomers.people], [])
        plan.problems.extend(plan.created.problems)
    plan.problems.sort(key=lambda p: (p.path, p.line))
    return plan


def apply_invitations(vault: Vault, plan: InvitationPlan) -> InvitationResult:
    """Create the new people (each note whole or absent), then set `stage: pending` in each
    note to change, a surgical, verified, atomic edit; a note whose stage changed since it was
    read is left alone with a warning. Call it under `vault_lock`, with the plan made from the
    vault as read under that lock."""
    from vaultnet.notes.editor import NoteEditor
    from vaultnet.notes.parse import parse_note

    result = InvitationResult()
    if plan.created is not None:
        from vaultnet.actions.imports import apply_plan

        made = apply_plan(vault, plan.created)
        result.created = made.created
        result.problems.extend(made.problems)
    for path in plan.to_set:
        try:
            editor = NoteEditor.open(vault.root, path)
            now = parse_note(path, editor.text).frontmatter.get("stage")
            if (str(now).strip().lower() if now is not None else "") not in _BEFORE_PENDING:
                result.problems.append(Problem(path, 1, f"stage is {now!r} now; kept", "warning"))
                continue
            editor.set_key("stage", yaml_scalar(PENDING))
            if editor.save():
                result.written.append(path)
        except VaultnetError as exc:
            result.problems.append(Problem(path, 1, f"not written: {exc}"))
    return result


def import_invitations(
    root: Path,
    today: date,
    invitations: Callable[[], Iterable[Invitation | Skipped]],
    connections: Collection[str] = (),
    create: bool = False,
) -> tuple[InvitationPlan, InvitationResult]:
    """Under the vault lock: read the vault, plan the invitations, write."""
    from vaultnet.fs.lock import vault_lock
    from vaultnet.network.vault import Vault

    with vault_lock(root):
        vault = Vault.open(root, today)
        plan = plan_invitations(vault, invitations(), connections, create)
        return plan, apply_invitations(vault, plan)
