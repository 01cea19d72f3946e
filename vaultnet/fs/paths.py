"""Path safety: vaultnet writes only inside the vault, and only under file names that work on
every system and in Obsidian."""

from __future__ import annotations

from pathlib import Path

from vaultnet.errors import RefusedEdit

_UNSAFE_CHARS = set('/\\[]#^|:*"<>?')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}


def vault_path(root: Path, rel: str | Path) -> Path:
    """The real path of `rel` inside the vault, symlinks followed; RefusedEdit if it leads outside
    (an absolute path, `..`, or a symlink pointing elsewhere)."""
    real_root = Path(root).resolve()
    target = (real_root / rel).resolve()
    if target == real_root or not target.is_relative_to(real_root):
        raise RefusedEdit(f"{rel} is outside the vault; vaultnet only writes inside {real_root}")
    return target


def check_file_name(name: str) -> None:
    """RefusedEdit unless `name` is safe as a note's file name (without `.md`) on every system
    and in Obsidian: no path separators, no `..`, no control characters, none of `[]#^|:*"<>?`."""
    if not name or not name.strip():
        raise RefusedEdit("a name cannot be empty")
    bad = sorted({c for c in name if c in _UNSAFE_CHARS})
    if bad:
        shown = " ".join(bad)
        raise RefusedEdit(
            f"{name!r} cannot be a note's file name: it contains {shown} "
            '(not allowed: / \\ [ ] # ^ | : * " < > ?)'
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it contains control characters")
    if ".." in name:
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it contains '..'")
    if name != name.strip():
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it starts or ends with a space")
    if name.startswith(".") or name.endswith("."):
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it starts or ends with a dot")
    if name.split(".")[0].casefold() in _WINDOWS_RESERVED:
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it is reserved on Windows")
    if len((name + ".md").encode("utf-8")) > 255:
        raise RefusedEdit(f"{name[:40]!r}... is too long for a file name")
