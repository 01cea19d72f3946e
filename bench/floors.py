"""The floors vaultnet is measured against: what any tool must at least do to see a vault.

    python bench/floors.py stat VAULT   walk the vault and stat every note
    python bench/floors.py read VAULT   walk the vault and read every byte of every note

Run as a child process, so a floor pays the same interpreter start-up as vaultnet does.
"""

from __future__ import annotations

import os
import sys


def notes(root: str) -> list[str]:
    """Every `*.md` path under root, skipping hidden folders (as vaultnet does)."""
    found: list[str] = []
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.name.startswith("."):
                        stack.append(entry.path)
                elif entry.name.endswith(".md"):
                    found.append(entry.path)
    return found


def stat_floor(root: str) -> int:
    for path in notes(root):
        os.stat(path)
    return 0


def read_floor(root: str) -> int:
    total = 0
    for path in notes(root):
        with open(path, "rb") as handle:
            total += len(handle.read())
    return total


def main(argv: list[str]) -> int:
    kind, root = argv
    (stat_floor if kind == "stat" else read_floor)(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
