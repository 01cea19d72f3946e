"""Path safety: vaultnet writes only inside the vault, and only under file names that work on
every system and in Obsidian."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from vaultnet.errors import RefusedEdit

# The one file-name policy: `check_file_name` refuses a name that breaks it, `safe_stem` makes
# any text into a name that keeps it.
UNSAFE_CHARACTERS = '/\\[]#^|:*"<>?'
"""Not in a note's file name: path separators, Obsidian's link syntax, Windows' reserved ones."""
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in "0123456789¹²³")]
)
"""Device names Windows reserves, with any extension (`CON.md`, `nul.txt`), in any case."""
MAX_NAME_BYTES = 255
"""A file name's limit on every common file system, `.md` included."""
MAX_STEM_BYTES = 120
"""The longest name `safe_stem` makes: room left for a folder and a ` (2)`."""
_UNSAFE = re.compile("[\x00-\x1f\x7f" + re.escape(UNSAFE_CHARACTERS) + "]")


def _is_reserved(name: str) -> bool:
    return name.split(".")[0].casefold() in WINDOWS_RESERVED


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
    bad = sorted({c for c in name if c in UNSAFE_CHARACTERS})
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
    if _is_reserved(name):
        raise RefusedEdit(f"{name!r} cannot be a note's file name: it is reserved on Windows")
    if len((name + ".md").encode("utf-8")) > MAX_NAME_BYTES:
        raise RefusedEdit(f"{name[:40]!r}... is too long for a file name")


def safe_stem(name: str) -> str:
    """`name` made into a note's file name that check_file_name accepts: the characters it
    refuses become spaces, runs of dots one dot, no dot or space at either end, at most
    MAX_STEM_BYTES, ` (contact)` after a Windows device name, `Unnamed contact` if nothing is
    left."""
    stem = _UNSAFE.sub(" ", unicodedata.normalize("NFC", name))
    stem = re.sub(r"\.{2,}", ".", " ".join(stem.split())).strip(" .")
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1].rstrip(" .")
    if _is_reserved(stem):  # `CON.txt` -> `CON (contact).txt`
        head, dot, rest = stem.partition(".")
        stem = f"{head} (contact){dot}{rest}"
    return stem or "Unnamed contact"
