"""Writing an import's plan into the vault without overwriting a thing: new notes whole or
absent, updates surgical and verified. The matching and planning are `vaultnet.formats.matching`
(pure); `import_contacts` is the use case: read under the lock, plan, write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultnet.errors import Problem, VaultnetError
from vaultnet.formats.matching import ImportPlan, Target, is_empty, plan_import
from vaultnet.formats.source import NAME_PART_KEYS, PERSON_KEYS, Contact, detail_bullet
from vaultnet.notes.yamlio import yaml_scalar, yaml_value

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from vaultnet.network.vault import Vault

NEW_NOTE_KEYS = (*NAME_PART_KEYS, *PERSON_KEYS)
"""The keys an import can write, in the order a new note lists them."""

# Writing -----------------------------------------------------------------------------------------


def note_text(target: Target) -> str:
    """A new person note: the frontmatter the import knows, then the usual sections."""
    lines = ["---"]
    if target.name != target.stem:
        lines.append(f"name: {yaml_scalar(target.name)}")
    for key in NEW_NOTE_KEYS:
        value = target.values.get(key)
        if value is not None and not is_empty(value):
            lines.append(f"{key}: {yaml_value(value)}")
    lines.append("---")
    if len(lines) == 2:
        lines = []
    notes = [detail_bullet(d) for d in target.details]
    lines += [f"# {target.name}", "", "## Notes", *notes, "", "## Follow-ups", "", "## Log", ""]
    return "\n".join(lines)


@dataclass
class ImportResult:
    """What `apply_plan` wrote, and what it could not."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Notes that could not be written at all."""
        return sum(1 for p in self.problems if p.severity == "error")


@dataclass(frozen=True)
class Tally:
    """Where every entry of the file went: `read` is the sum of all the others."""

    read: int
    created: int
    updated: int
    unchanged: int
    merged: int
    skipped: int
    failed: int


def tally(plan: ImportPlan, result: ImportResult | None = None) -> Tally:
    """The summary of an import, or of a dry run when there is no result. Each person touched
    counts once (created, updated, unchanged or not written); a later contact for the same person
    is merged; a row the reader or the matcher could not use is skipped."""
    if result is None:
        created, updated, failed = len(plan.to_create), len(plan.to_update), 0
    else:
        created, updated, failed = len(result.created), len(result.updated), result.failed
    return Tally(
        read=plan.contacts,
        created=created,
        updated=updated,
        # after a write, a note found filled in meanwhile and left as it was is unchanged too
        unchanged=len(plan.targets) - created - updated - failed,
        merged=plan.merged,
        skipped=plan.skipped,
        failed=failed,
    )


Progress = Callable[[int, int], None]
"""Called as an import writes: (notes written so far, notes to write)."""


def import_contacts(
    root: Path,
    today: date,
    contacts: Sequence[Contact],
    problems: Sequence[Problem],
    progress: Progress | None = None,
) -> tuple[ImportPlan, ImportResult]:
    """Import contacts into the vault at `root`: under the vault lock, read the vault, plan, and
    write the plan. The plan is made from the vault as read under the lock, so no other
    vaultnet writer can change a note between matching and writing. (It takes the vault's root,
    not an opened `Vault`: the vault must be read after the lock is taken.)"""
    from vaultnet.fs.lock import vault_lock
    from vaultnet.network.vault import Vault

    with vault_lock(root):
        vault = Vault.open(root, today)
        plan = plan_import(vault, contacts, problems)
        total = len(plan.to_create) + len(plan.to_update)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, total)

        return plan, apply_plan(vault, plan, advance)


def apply_plan(
    vault: Vault, plan: ImportPlan, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Write the plan: the new notes created in one batch (each whole or absent after a crash),
    each update a surgical, verified, atomic edit of the keys the note lacks. A note that cannot
    be written is reported and the rest carry on. Call it under `vault_lock`, with the plan made
    from the vault as read under that lock (`import_contacts` does both)."""
    from vaultnet.notes.create import create_notes
    from vaultnet.notes.editor import NoteEditor
    from vaultnet.notes.keys import NoteRules
    from vaultnet.notes.parse import parse_note

    root = vault.root
    result = ImportResult()
    new = plan.to_create
    made = create_notes(root, [(t.path, note_text(t)) for t in new], progress)
    for target, outcome in zip(new, made, strict=True):
        if isinstance(outcome, VaultnetError):
            result.problems.append(Problem(target.path, 1, f"not written: {outcome}"))
        else:
            result.created.append(target.path)
    for target in plan.to_update:
        try:
            editor = NoteEditor.open(root, target.path)
            # The note as it is now, not as it was planned: a key the user filled in since
            # (another editor, the lock only holds vaultnet back) is theirs.
            now = parse_note(target.path, editor.text, NoteRules.of(vault.config)).fields
            filled = [key for key in target.to_set if not is_empty(now.get(key))]
            for key, value in target.to_set.items():
                if key not in filled:
                    editor.set_key(key, yaml_value(value))
            for detail in target.details:  # once: a bullet the section holds is not added again
                editor.append_to_section("Notes", detail_bullet(detail))
            if filled:
                result.problems.append(
                    Problem(
                        target.path,
                        1,
                        f"{', '.join(filled)} filled in since vaultnet read the note; kept",
                        "warning",
                    )
                )
            if editor.save():
                result.updated.append(target.path)
        except VaultnetError as exc:
            result.problems.append(Problem(target.path, 1, f"not written: {exc}"))
        if progress is not None:
            progress(1)
    return result
