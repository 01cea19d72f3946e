"""The safety promises, seen from the command line: merge conflicts, unclosed fences, symlinked
state, file modes, terminal escapes, extreme dates, FIFOs, duplicate ticks, stale temp files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Run = Callable[..., Result]
JANE = "People/Jane Doe.md"


def test_check_reports_merge_conflicts_and_log_refuses(run: Run, vault_dir: Path) -> None:
    path = vault_dir / JANE
    lines = path.read_text().splitlines(keepends=True)
    lines[-1:] = [
        "<<<<<<< HEAD\n",
        lines[-1],
        "=======\n",
        "- 2026-11-01 call: theirs\n",
        ">>>>>>> b\n",
    ]
    path.write_text("".join(lines))
    at = len(lines) - 4
    result = run("check")
    assert result.exit_code == 1
    assert f"{JANE}:{at}: unresolved merge conflict" in result.output
    before = path.read_bytes()
    result = run("log", "Jane Doe", "-m", "lunch")
    assert result.exit_code == 1
    assert f"Error: {JANE}:{at}: unresolved merge conflict." in result.output
    assert path.read_bytes() == before


def test_log_into_an_open_fence_is_refused_and_history_unchanged(run: Run, vault_dir: Path) -> None:
    path = vault_dir / "People" / "Zed Ray.md"
    text = "---\ncircle: core\n---\n# Zed Ray\n\nHis script:\n```sh\nmake all\n"
    path.write_text(text)
    result = run("log", "Zed Ray", "-m", "lunch", "--give")
    assert result.exit_code == 1
    assert "Error: People/Zed Ray.md:7: this code fence never closes" in result.output
    assert path.read_text() == text
