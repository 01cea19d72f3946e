"""`digest` as a use case: harvest the ticks, write the due list, and never over a note.

It takes the vault's root, not an opened `Vault`, on purpose: when nothing changed since the last
digest it opens nothing at all (see `vaultnet.due.digest.write_digest`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from vaultnet.due.digest import DigestResult


def digest(root: Path, today: date, out: Path | None = None, force: bool = False) -> DigestResult:
    """Harvest the ticks of the due note (or of `out`), then write the fresh list there. An `out`
    that is a note of the vault is refused, an existing other file needs `force` (as for every
    `--out`); the vault's own due note is always fine. Checked under the vault lock, before any
    tick is harvested."""
    from vaultnet.actions.drafts import check_out
    from vaultnet.due.digest import due_note_path, write_digest
    from vaultnet.fs.lock import vault_lock

    with vault_lock(root):
        if out is not None:
            check_out(root, out, force, own=due_note_path(root))
        return write_digest(root, today, out)
