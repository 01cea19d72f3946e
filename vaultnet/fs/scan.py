"""The scan: every note of the vault and its stat signature, the floor every command pays."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultnet.config import Config
from vaultnet.errors import Problem
from vaultnet.fs.atomic import TEMP_SUFFIX, is_stale_temp

SKIPPED_DIRS = {".git", ".obsidian", ".vaultnet", ".trash", "node_modules"}
RACY_SECONDS = 2.0  # a file modified this recently may change again within the same mtime tick

Signature = tuple[int, int, int]  # (mtime_ns, size, inode)


# Where Obsidian's core Templates plugin and the Templater plugin keep their template folder.
TEMPLATE_SETTINGS = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)


def template_folders(root: Path) -> list[str]:
    """The vault's Obsidian template folders (their notes hold `{{date}}`, not data). A missing
    or unreadable settings file, or a value that is not a folder inside the vault, is ignored."""
    found: list[str] = []
    for rel, key in TEMPLATE_SETTINGS:
        try:
            data = json.loads((root / rel).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            continue
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, str):
            continue
        folder = value.strip().replace("\\", "/").strip("/")
        if folder and ".." not in folder.split("/") and folder not in found:
            found.append(folder)
    return found


def vault_skip(root: Path, config: Config) -> list[str]:
    """What a scan of the vault leaves out: the due note, `[folders] exclude` and the Obsidian
    template folders."""
    return [config.due_note, *config.exclude_folders, *template_folders(root)]


def is_skipped(rel: str, skip: Iterable[str]) -> bool:
    """Whether `rel` is in `skip` or inside a folder of it."""
    skipped = set(skip)
    parts = rel.split("/")
    return any("/".join(parts[:n]) in skipped for n in range(1, len(parts) + 1))


def _remove_if_stale(entry: os.DirEntry[str]) -> None:
    """A temp file of a vaultnet that was killed (its process is gone): the scan sees every
    folder, so it is removed by the next command even when that command writes nothing there
    (a killed import that had linked every new note but not yet removed their temp files)."""
    try:
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(st.st_mode) and is_stale_temp(entry.name, st.st_mtime):
            os.unlink(entry.path)
    except OSError:
        pass  # a read-only vault keeps it; the next run that can write removes it


@dataclass
class ScanResult:
    files: dict[str, Signature] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def scan(root: Path, skip: Iterable[str] = ()) -> ScanResult:
    """Every `*.md` file under root (relative posix path -> signature), skipping hidden folders
    and the files and folders in `skip` (paths relative to root).

    Symlinked folders are followed once; a folder reached twice (a symlink loop) is reported.
    """
    result = ScanResult()
    skipped = set(skip)
    seen_dirs: set[tuple[int, int]] = set()
    root_stat = root.stat()
    seen_dirs.add((root_stat.st_dev, root_stat.st_ino))
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            result.problems.append(
                Problem(prefix.rstrip("/") or ".", 1, f"cannot list: {exc.strerror}")
            )
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir():
                    if entry.name.startswith(".") or entry.name in SKIPPED_DIRS or rel in skipped:
                        continue
                    st = entry.stat()
                    key = (st.st_dev, st.st_ino)
                    if key in seen_dirs:
                        result.problems.append(
                            Problem(
                                rel,
                                1,
                                "folder reached twice through a symlink (loop?); skipped",
                                "warning",
                            )
                        )
                        continue
                    seen_dirs.add(key)
                    stack.append((entry.path, rel + "/"))
                elif entry.name.endswith(TEMP_SUFFIX) and entry.name.startswith("."):
                    _remove_if_stale(entry)
                elif entry.name.lower().endswith(".md") and rel not in skipped:
                    st = entry.stat()
                    if stat.S_ISREG(st.st_mode):
                        result.files[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
                    else:
                        # never opened: reading a FIFO would wait forever for a writer
                        result.problems.append(
                            Problem(rel, 1, "not a regular file (a pipe or a device?); skipped")
                        )
            except OSError as exc:
                result.problems.append(Problem(rel, 1, f"cannot read: {exc.strerror or exc}"))
    return result


def note_signature(root: Path, rel: str, skip: Iterable[str] = ()) -> Signature | None:
    """The signature `scan` finds for the note at `rel` (a vault-relative posix path), or None
    when a scan would not list it: gone, not a regular `*.md` file, in a hidden or skipped
    folder or in `skip`. For a watcher told which paths changed, instead of a whole scan."""
    parts = rel.split("/")
    if not parts[-1].lower().endswith(".md") or is_skipped(rel, skip):
        return None
    if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts[:-1]):
        return None
    try:
        st = os.stat(root / rel)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)
