"""Files written where the user says (`--out FILE`), and the one rule they follow: `--out` never
replaces a note of the vault, and replaces any other existing file only with `--force`.

`--out` is for drafts and lists, and one mistyped path (`--out "People/Jane Doe.md"`) must not
cost a person's note. `prep`, `intro`, `newsletter`, `digest` and `report` all go through `check_out`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vaultnet.errors import RefusedEdit

if TYPE_CHECKING:
    from vaultnet.network.vault import Vault


def check_out(root: Path, out: Path, force: bool, own: Path | None = None) -> None:
    """RefusedEdit unless writing `out` is allowed: a file that does not exist yet always is; an
    existing note of the vault (a `.md` file inside it, also through a symlink) never is; any
    other existing file only with `force`. `own` is a file vaultnet itself keeps (the vault's
    due note for `digest`), which `out` may name freely."""
    if not (out.exists() or out.is_symlink()):
        return
    target = out.resolve()
    if own is not None and target == own.resolve():
        return
    if target.suffix.lower() == ".md" and target.is_relative_to(Path(root).resolve()):
        raise RefusedEdit(
            f"{out} is a note of the vault; --out never replaces a note (write it elsewhere)"
        )
    if not force:
        raise RefusedEdit(f"{out} already exists; add --force to replace it")


def write_draft(vault: Vault, out: Path, text: str, force: bool = False) -> None:
    """Write `text` to `out` atomically, if `check_out` allows it."""
    from vaultnet.fs.atomic import atomic_write

    check_out(vault.root, out, force)
    atomic_write(out, text.encode("utf-8"), str(out))


def write_report(vault: Vault, out: Path, text: str, week: str, force: bool = False) -> bool:
    """Write the report of `week` to `out`; False when `out` already holds exactly that. A file
    holding an earlier report of the same week (the history changed since) is vaultnet's own,
    like the due note for `digest`, so it may be a note of the vault; it may hold the user's
    edits, so it is replaced only with `force`. Anything else follows `check_out`."""
    from vaultnet.fs.atomic import atomic_write
    from vaultnet.insights.report_note import is_report_of

    data = text.encode("utf-8")
    own = None
    if out.is_file() and not out.is_symlink():
        old = out.read_bytes()
        if old == data:
            return False
        if is_report_of(old, week):
            if not force:
                raise RefusedEdit(
                    f"{out} holds an earlier report of {week}; add --force to replace it"
                )
            own = out
    check_out(vault.root, out, force, own)
    atomic_write(out, data, str(out))
    return True
