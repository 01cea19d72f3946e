"""Obsidian vaults as people keep them: template folders and `[folders] exclude` are not notes."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultnet.cli import cli
from vaultnet.config import Config, config_from_dict
from vaultnet.errors import BadConfig
from vaultnet.fs.scan import is_skipped, scan, template_folders, vault_skip
from vaultnet.index.store import open_vault_index
from vaultnet.network.vault import Vault

FIXTURE = Path(__file__).parent / "fixtures" / "obsidian_templates"
TODAY = date(2026, 11, 22)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    return root


def check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["--vault", str(root), "--today", TODAY.isoformat(), "check", *args]
    )
    return result.exit_code, result.output


def test_template_folders_come_from_both_plugins(vault: Path) -> None:
    assert template_folders(vault) == ["Templates", "Tpl"]
    assert sorted(scan(vault, vault_skip(vault, Config())).files) == ["People/Jane Doe.md"]


def test_a_vault_with_templates_lints_clean(vault: Path) -> None:
    code, output = check(vault)
    assert code == 0, output
    assert "{{date}}" not in output and "Templates/" not in output


def test_without_the_settings_the_templates_are_notes(vault: Path) -> None:
    shutil.rmtree(vault / ".obsidian")
    code, output = check(vault)
    assert code == 1
    assert "Templates/Meeting.md" in output and "Tpl/Person.md" in output


@pytest.mark.parametrize(
    "text",
    ["not json", '["Templates"]', '{"folder": 3}', '{"folder": "../outside"}', '{"folder": ""}'],
)
def test_odd_template_settings_are_ignored(vault: Path, text: str) -> None:
    (vault / ".obsidian" / "templates.json").write_text(text, encoding="utf-8")
    assert template_folders(vault) == ["Tpl"]


def test_exclude_from_config(vault: Path) -> None:
    shutil.rmtree(vault / ".obsidian")
    (vault / "vaultnet.toml").write_text(
        '[folders]\nexclude = ["Templates", "Tpl/"]\n', encoding="utf-8"
    )
    code, output = check(vault)
    assert code == 0, output


@pytest.mark.parametrize("value", ['"Templates"', '["/abs"]', '["a/../.."]', "[3]"])
def test_bad_exclude_is_an_error(value: str) -> None:
    import tomllib

    with pytest.raises(BadConfig, match=r"\[folders\] exclude"):
        config_from_dict(tomllib.loads(f"[folders]\nexclude = {value}\n"), "vaultnet.toml")


def test_is_skipped_matches_folders_not_prefixes() -> None:
    assert is_skipped("Archive/a.md", ["Archive"])
    assert is_skipped("Archive/deep/a.md", ["Archive"])
    assert is_skipped("Due.md", ["Due.md"])
    assert not is_skipped("Archived/a.md", ["Archive"])
    assert not is_skipped("People/Archive.md", ["Archive"])


def test_changing_the_excluded_folders_refreshes_the_index(vault: Path) -> None:
    shutil.rmtree(vault / ".obsidian")
    (vault / "Archive").mkdir()
    (vault / "Archive" / "Old.md").write_text("# Old\n", encoding="utf-8")
    wide = Config()
    narrow = config_from_dict({"folders": {"exclude": ["Archive"]}})
    index = open_vault_index(vault, wide)
    assert "Archive/Old.md" in index.notes()
    index.close()
    index = open_vault_index(vault, narrow)
    assert "Archive/Old.md" not in index.notes()
    assert index.stats.removed == 1
    index.close()
    index = open_vault_index(vault, wide)
    assert "Archive/Old.md" in index.notes()
    index.close()
    # The Obsidian setting, added later, takes the templates out on the next run.
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "templates.json").write_text(
        json.dumps({"folder": "Templates"}), encoding="utf-8"
    )
    loaded = Vault.open(vault, today=TODAY)
    assert not any(p.path.startswith("Templates/") for p in loaded.problems)
