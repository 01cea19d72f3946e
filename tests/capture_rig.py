"""What the capture tests share (with the `me` fixture of conftest.py): the fixture files,
the `[me]` they need, and snapshots of a vault's files to compare."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "capture"
ME = '\n[me]\nemails = ["me@mine.example"]\nlinkedin = "https://www.linkedin.com/in/me-myself"\n'


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".vaultnet" not in p.parts
    }


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(k for k in after if before.get(k) != after[k])
