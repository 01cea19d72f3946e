"""Shared fixtures: a private copy of the sample vault, a fixed today, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample-vault"
TODAY = date(2026, 11, 22)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """A copy of sample-vault/ in tmp_path: tests never touch the shipped one."""
    target = tmp_path / "vault"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".vaultnet", "Due.md"))
    return target


@pytest.fixture
def run(vault_dir: Path) -> Callable[..., Result]:
    """Run vaultnet on the vault copy with --today 2026-11-22; returns Click's Result."""

    def invoke(*args: str, today: str = TODAY.isoformat(), vault: Path | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(
            cli,
            ["--vault", str(vault or vault_dir), "--today", today, *args],
            catch_exceptions=False,
        )

    return invoke
