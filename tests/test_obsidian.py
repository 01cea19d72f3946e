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


# Tasks as the Tasks and Dataview plugins write them ----------------------------------------------

TASK_FORMS = """\
# Ann

## Follow-ups
- [ ] Dataview in parentheses (due:: 2026-11-25) after
- [ ] Dataview in brackets, no space [due::2026-11-26]
- [ ] Only scheduled ⏳ 2026-11-27
- [ ] Due wins over scheduled ⏳ 2026-12-30 📅 2026-11-28
- [/] In progress 📅 2026-11-29
- [x] Done 📅 2026-11-01
- [X] Done in capitals
- [-] Cancelled ⏳ 2026-11-02
- [>] Forwarded 📅 2026-11-03
- [?] A question 📅 2026-11-04
- [!] Important
- [ ] Impossible scheduled ⏳ 2026-02-30
"""


def test_task_forms_and_statuses() -> None:
    from vaultnet.notes.parse import Task, parse_note

    note = parse_note("People/Ann.md", TASK_FORMS)
    section = "Follow-ups"
    assert note.tasks == [
        Task(4, False, "Dataview in parentheses  after", "2026-11-25", section),
        Task(5, False, "Dataview in brackets, no space", "2026-11-26", section),
        Task(6, False, "Only scheduled", "2026-11-27", section),
        Task(7, False, "Due wins over scheduled", "2026-11-28", section),
        Task(8, False, "In progress", "2026-11-29", section),
        Task(9, True, "Done", "2026-11-01", section),
        Task(10, True, "Done in capitals", None, section),
        Task(11, True, "Cancelled", "2026-11-02", section),
        Task(15, False, "Impossible scheduled", None, section, "2026-02-30"),
    ]
    assert [str(p) for p in note.problems] == ["People/Ann.md:15: impossible date 2026-02-30"]


def test_scheduled_and_in_progress_follow_ups_are_due(vault: Path) -> None:
    (vault / "People" / "Jane Doe.md").write_text(
        "---\ntype: person\nlast_contact: 2026-11-01\n---\n# Jane Doe\n\n## Follow-ups\n"
        "- [ ] Send the deck ⏳ 2026-11-23\n- [/] Draft the intro (due:: 2026-11-24)\n"
        "- [>] Forwarded 📅 2026-11-23\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["--vault", str(vault), "--today", TODAY.isoformat(), "digest", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert "Send the deck" in result.output and "Draft the intro" in result.output
    assert "Forwarded" not in result.output


def test_an_in_progress_task_can_be_ticked(tmp_path: Path) -> None:
    from vaultnet.notes.editor import NoteEditor

    (tmp_path / "A.md").write_text("- [/] Draft 📅 2026-11-24\n- [>] Moved\n", encoding="utf-8")
    editor = NoteEditor.open(tmp_path, "A.md")
    assert editor.check_task(0, TODAY) is True
    assert editor.check_task(1, TODAY) is False
    assert editor.text.splitlines()[0] == "- [x] Draft 📅 2026-11-24 ✅ 2026-11-22"
