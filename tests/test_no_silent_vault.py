"""Issue 13, item 12: no silent vault. Without --vault or $VAULTNET_VAULT, a folder that is not a
vault (no vaultnet.toml, .obsidian/ or People/ at or above it) is an error, and nothing is
created there; a --vault inside a vault says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.config import find_vault
from vaultnet.errors import NoSuchVault


@pytest.fixture
def vaultnet(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """vaultnet run from the folder `cwd`, without --vault and without $VAULTNET_VAULT."""
    monkeypatch.delenv("VAULTNET_VAULT", raising=False)

    def invoke(cwd: Path, *args: str) -> Result:
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(cli, list(args))

    return invoke


@pytest.mark.parametrize("command", [["list"], ["digest"], ["index"], ["check"]])
def test_a_folder_that_is_not_a_vault_is_refused_and_left_alone(
    tmp_path: Path, vaultnet: Callable[..., Result], command: list[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = vaultnet(home, *command)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no vault here (")
    assert "run vaultnet init DIR, or pass --vault DIR" in result.stderr
    assert list(home.iterdir()) == []


def test_an_import_from_home_fills_nothing(tmp_path: Path, vaultnet: Callable[..., Result]) -> None:
    (tmp_path / "contacts.csv").write_text("name,email\nAna,ana@example.com\n", encoding="utf-8")
    result = vaultnet(tmp_path, "import", "csv", "contacts.csv")
    assert result.exit_code == 1 and "no vault here" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv"]


def test_a_folder_with_people_is_a_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAULTNET_VAULT", raising=False)
    (tmp_path / "People").mkdir()
    assert find_vault(None, tmp_path) == tmp_path.resolve()
    (tmp_path / "vaultnet.toml").write_text("", encoding="utf-8")
    inner = tmp_path / "People"
    assert find_vault(None, inner) == tmp_path.resolve()  # found above


def test_vault_inside_a_vault_says_so(tmp_path: Path) -> None:
    (tmp_path / "vaultnet.toml").write_text("", encoding="utf-8")
    (tmp_path / "People").mkdir()
    with pytest.raises(NoSuchVault, match=r"is inside the vault .*: pass --vault "):
        find_vault(str(tmp_path / "People"))


def test_an_explicit_new_folder_is_still_a_vault(tmp_path: Path) -> None:
    assert find_vault(str(tmp_path)) == tmp_path.resolve()  # `--vault DIR` names it
