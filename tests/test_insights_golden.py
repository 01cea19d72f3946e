"""Every insights command's output on a synthetic vault (tests/insights_vault.py), text and
JSON, compared whole with tests/golden/insights-synthetic/: what proves that a change made for
speed moves no byte of any answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.golden import assert_golden
from vaultnet.cli import cli

FOLDER = Path(__file__).parent / "golden" / "insights-synthetic"

COMMANDS: dict[str, tuple[str, ...]] = {
    "stats.txt": ("stats",),
    "stats.json": ("stats", "--json"),
    "report-W47.md": ("report",),
    "report-W47.json": ("report", "--json"),
    "report-W40.md": ("report", "--week", "2026-W40"),
    "report-W20.md": ("report", "--week", "2026-W20"),
    "report-2025-W02.md": ("report", "--week", "2025-W02"),
    "intros.txt": ("intros",),
    "intros.json": ("intros", "--json"),
    "path-globex.txt": ("path", "Globex", "--limit", "40"),
    "path-globex.json": ("path", "globex", "--json"),
    "path-robotics.txt": ("path", "Acme", "--limit", "25"),
    "path-group.txt": ("path", "DTM", "--limit", "30"),
    "path-person.txt": ("path", "Uma Brandt", "--limit", "30"),
    "path-wanted.txt": ("path", "wendy want"),
    "suggest-intros.txt": ("suggest", "intros", "--limit", "30"),
    "suggest-intros.json": ("suggest", "intros", "--json", "--limit", "200"),
    "suggest-shares.txt": ("suggest", "shares"),
    "suggest-shares.json": ("suggest", "shares", "--json"),
    "graph.mmd": ("graph",),
    "graph-core.dot": ("graph", "--format", "dot", "--circle", "core"),
    "graph.graphml": ("graph", "--format", "graphml"),
    "brand.txt": ("brand",),
    "brand.json": ("brand", "--json", "--limit", "40"),
    "list-connector.txt": ("list", "--sort", "connector"),
}


@pytest.fixture
def synthetic(insights_vault: Path) -> Path:
    return insights_vault


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_synthetic_vault_output(synthetic: Path, name: str) -> None:
    args = ["--vault", str(synthetic), "--today", "2026-11-22", *COMMANDS[name]]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert_golden(name, result.stdout, FOLDER)


def test_report_of_the_week_so_far(synthetic: Path) -> None:
    args = ["--vault", str(synthetic), "--today", "2026-11-19", "report"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert_golden("report-W47-wednesday.md", result.stdout, FOLDER)
