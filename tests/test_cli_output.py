"""The command line's own helpers: the progress line, the table; and the collector switch it owns."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from vaultnet.cli.output import ProgressLine, table, width


def test_progress_line_rewrites_one_line_and_wipes_it(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressLine("Importing", 3, terminal=True) as progress:
        progress(1, 3)
        progress(3, 3)  # the last step is always shown, however soon it comes
    err = capsys.readouterr().err
    assert err == "\rImporting  1/3  33%\rImporting  3/3  100%\r" + " " * 20 + "\r"


@pytest.mark.parametrize(("terminal", "total"), [(False, 500), (True, 2)])
def test_no_progress_line_off_a_terminal_or_for_a_small_job(
    capsys: pytest.CaptureFixture[str], terminal: bool, total: int
) -> None:
    with ProgressLine("Importing", 3, terminal) as progress:
        for done in range(1, total + 1):
            progress(done, total)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("Jane Doe", 8),
        ("", 0),
        ("a\tb", 3),
        ("李小龍", 6),
        ("José", 4),
        ("Jose\u0301", 4),
        ("Ｆ1", 3),
    ],
)
def test_width_counts_wide_characters_twice_and_combining_ones_not_at_all(
    text: str, columns: int
) -> None:
    assert width(text) == columns


def test_table_aligns_wide_characters_and_clips_long_cells() -> None:
    text = table(["Name", "Company"], [["李小龍", "Acme"], ["Bo", "x" * 40]], max_col=10)
    assert text.splitlines() == [
        "Name    Company",
        "------  ----------",
        "李小龍  Acme",
        "Bo      xxxxxxxxx…",
    ]


def test_opening_a_vault_leaves_the_garbage_collector_alone(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector switch belongs to the command line (`vaultnet.cli.main`), not the library."""
    import vaultnet.network.vault as vault_module

    seen: list[bool] = []
    open_vault_index = vault_module.open_vault_index

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return open_vault_index(*args, **kwargs)

    monkeypatch.setattr(vault_module, "open_vault_index", spy)
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            vault_module.Vault.open(vault_dir)
            assert gc.isenabled() is enabled
        assert seen == [True, False]
    finally:
        gc.enable() if was else gc.disable()
