"""`digest` as a use case: harvest the ticks, write the due list, and never over a note.

It takes the vault's root, not an opened `Vault`, on purpose: when nothing changed since the last
digest it opens nothing at all (see `vaultnet.due.digest.write_digest`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date
    from pathlib import Path

    from vaultnet.due.digest import DigestResult
    from vaultnet.index.store import NoteIndex


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


class DigestSession:
    """`digest` again and again, as `watch` runs it: the index stays open between runs, and each
    run is told which notes changed since the last one, so a burst costs a stat of those notes,
    not a walk of the vault. A change of the folder settings opens the index again."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index: NoteIndex | None = None
        self._changed: set[str] | None = None  # since the last run; None: not known, scan

    def changed(self, paths: Iterable[str] | None) -> None:
        """The vault-relative `paths` changed (None: something changed, not known where)."""
        if paths is None or self._changed is None:
            self._changed = None
        else:
            self._changed.update(paths)

    def run(self, today: date) -> DigestResult:
        """Harvest the ticks and write the due list (see `digest`), from the index kept open."""
        from vaultnet.config import load_config
        from vaultnet.due.digest import write_digest
        from vaultnet.fs.lock import vault_lock
        from vaultnet.fs.scan import vault_skip
        from vaultnet.index.store import NoteIndex
        from vaultnet.notes.keys import NoteRules

        with vault_lock(self.root):
            config = load_config(self.root)
            skip = vault_skip(self.root, config)
            index, changed = self._index, self._changed
            if index is None or not index.made_for(config.fingerprint(), skip):
                if index is not None:
                    index.close()
                index = NoteIndex(self.root, NoteRules.of(config), config.fingerprint(), skip=skip)
                self._index, changed = index, None
            result = write_digest(self.root, today, index=index, changed_notes=changed)
        self._changed = set()
        return result

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
