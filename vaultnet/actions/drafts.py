"""Files written where the user says (`--out FILE`), and the one rule they follow: `--out` never
replaces a note of the vault, and replaces any other existing file only with `--force`.

`--out` is for drafts and lists, and one mistyped path (`--out "People/Jane Doe.md"`) must not
cost a person's note. `prep`, `intro`, `newsletter` and `digest` all go through `check_out`.
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
