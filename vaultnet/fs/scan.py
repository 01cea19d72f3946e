"""The scan: every note of the vault and its stat signature, the floor every command pays."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultnet.errors import Problem

SKIPPED_DIRS = {".git", ".obsidian", ".vaultnet", ".trash", "node_modules"}
RACY_SECONDS = 2.0  # a file modified this recently may change again within the same mtime tick

Signature = tuple[int, int, int]  # (mtime_ns, size, inode)


@dataclass
class ScanResult:
    files: dict[str, Signature] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def scan(root: Path, skip: Iterable[str] = ()) -> ScanResult:
    """Every `*.md` file under root (relative posix path -> signature), skipping hidden folders.

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
                    if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
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
                elif entry.name.lower().endswith(".md") and rel not in skipped:
                    st = entry.stat()
                    if stat.S_ISREG(st.st_mode):
                        result.files[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError as exc:
                result.problems.append(Problem(rel, 1, f"cannot read: {exc.strerror or exc}"))
    return result
