"""The crash harness (bench/crash.py): `log`, `digest` harvesting and `import csv` SIGKILLed at
random moments after their first write. Every note is its old or its new version, a rerun
finishes the job exactly once, no temp file is left. CI kills 18 runs; the long variant (300) is
`python -m pytest -m long tests/test_crash.py` or `python bench/crash.py`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench import crash
from vaultnet.cli import cli


def check(kills: int, seed: int, under: Path) -> crash.CrashResult:
    # in the test's own temporary folder (a RAM disk where the suite has one: a kill is a
    # process dying, not a power cut, so what reached the page cache is what counts)
    result = crash.run(kills, seed, under)
    assert result.torn == []
    assert result.wrong_after_rerun == []
    assert result.temp_files_left == []
    return result


def test_kills_mid_command_leave_every_note_old_or_new_and_reruns_finish_once(
    tmp_path: Path,
) -> None:
    result = check(18, seed=2, under=tmp_path)
    assert result.kills >= 9  # most runs die mid-command, not after it


@pytest.mark.long
def test_three_hundred_kills(tmp_path: Path) -> None:
    result = check(300, seed=1, under=tmp_path)
    assert result.kills >= 200


def test_a_killed_vaultnets_temp_files_go_with_the_next_command(vault_dir: Path) -> None:
    # a killed import that had linked its new notes but not removed their temp files: the next
    # command writes nothing in People/, and the scan removes them all the same
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    stale = vault_dir / "People" / f".New Person.md.{pid}-0c75a4d8.vaultnet-tmp"
    stale.write_text("---\ncompany: X\n---\n", encoding="utf-8")
    mine = vault_dir / "People" / ".editor.swp.vaultnet-tmp"  # not vaultnet's naming: kept
    mine.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--vault", str(vault_dir), "list"])
    assert result.exit_code == 0
    assert not stale.exists()
    assert mine.exists()
