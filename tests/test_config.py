"""vaultnet.toml: every key has a default; an unknown key or a bad value is an error that names
the key and the file."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultnet.cli import cli
from vaultnet.config import (
    CONFIG_TEMPLATE,
    DEFAULTS,
    SECTIONS,
    SETTINGS,
    Config,
    config_from_dict,
    load_config,
)
from vaultnet.errors import BadConfig
from vaultnet.network.vault import Vault


def write_config(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "vaultnet.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_all_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config()
    assert config == Config(
        people_folder="People",
        groups_folder="Groups",
        interactions_folder="Meetings",
        due_note="Due.md",
        templates_folder="Templates/vaultnet",
        circle_cadence={"core": 90},
        per_week=2,
        dormant_after=365,
        followups_lookahead=7,
        dates_lookahead=14,
        core_size=100,
        touches_per_week=5,
    )


def test_empty_file_means_all_defaults(tmp_path: Path) -> None:
    write_config(tmp_path, "")
    assert load_config(tmp_path) == Config()


def test_the_commented_template_is_exactly_the_defaults(tmp_path: Path) -> None:
    assert tomllib.loads(CONFIG_TEMPLATE) == DEFAULTS
    write_config(tmp_path, CONFIG_TEMPLATE)
    assert load_config(tmp_path) == Config()
    assert CONFIG_TEMPLATE.count("# ") >= len(SECTIONS)  # commented


def test_every_config_field_is_one_setting() -> None:
    assert [f.name for f in fields(Config)] == [s.field for s in SETTINGS]
    assert list(DEFAULTS) == list(SECTIONS) == list(dict.fromkeys(s.section for s in SETTINGS))


def test_the_readme_shows_the_template() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration: `vaultnet.toml`") :]
    block = section[section.index("```toml\n") + len("```toml\n") : section.index("```\n\n")]
    assert block == CONFIG_TEMPLATE


def test_every_key_set(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        """\
[folders]
people = "Contacts/"
groups = "Hubs"
interactions = "Log/Meetings"
due_note = "Today.md"
templates = "tpl"

[cadence]
core = "6w"
friend = 60
acquaintance = "never"

[reconnect]
per_week = 3
dormant_after = "2y"

[lookahead]
followups = "2w"
dates = "30"

[goals]
core_size = 50
touches_per_week = 0
""",
    )
    assert load_config(tmp_path) == Config(
        people_folder="Contacts",
        groups_folder="Hubs",
        interactions_folder="Log/Meetings",
        due_note="Today.md",
        templates_folder="tpl",
        circle_cadence={"core": 42, "friend": 60, "acquaintance": -1},
        per_week=3,
        dormant_after=730,
        followups_lookahead=14,
        dates_lookahead=30,
        core_size=50,
        touches_per_week=0,
    )


def test_core_keeps_its_default_when_other_circles_are_set() -> None:
    assert config_from_dict({"cadence": {"friend": "60d"}}).circle_cadence == {
        "core": 90,
        "friend": 60,
    }


def test_bom_is_fine(tmp_path: Path) -> None:
    (tmp_path / "vaultnet.toml").write_bytes(b"\xef\xbb\xbf[reconnect]\nper_week = 4\n")
    assert load_config(tmp_path).per_week == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[folder]\npeople = 'P'\n", "unknown section [folder]"),
        ("[folders]\npeeple = 'P'\n", "unknown key 'peeple' in [folders]"),
        ("[goals]\ncore = 100\n", "unknown key 'core' in [goals]"),
        ("folders = 'People'\n", "[folders] must be a table"),
        ("[folders]\npeople = ''\n", "[folders] people must be a folder name (a non-empty string)"),
        ("[folders]\npeople = 3\n", "[folders] people must be a folder name (a non-empty string)"),
        (
            "[folders]\ngroups = '../elsewhere'\n",
            "[folders] groups must be a folder inside the vault, not '../elsewhere'",
        ),
        (
            "[folders]\npeople = '/home/me/People'\n",
            "[folders] people must be a folder inside the vault, not '/home/me/People'",
        ),
        (
            "[cadence]\ncore = 'weekly'\n",
            "[cadence] core must be a duration like 14d, 6w, 3m or 1y (at most 100y), not 'weekly'",
        ),
        (
            "[cadence]\nfriend = 0\n",
            "[cadence] friend must be a duration like 14d, 6w, 3m or 1y (at most 100y), not 0",
        ),
        (
            "[reconnect]\ndormant_after = 'never'\n",
            "[reconnect] dormant_after must be a duration like 14d, 6w, 3m or 1y (at most 100y), not 'never'",
        ),
        (
            "[lookahead]\nfollowups = '1 fortnight'\n",
            "[lookahead] followups must be a duration like 14d, 6w, 3m or 1y (at most 100y), not '1 fortnight'",
        ),
        (
            "[lookahead]\ndates = true\n",
            "[lookahead] dates must be a duration like 14d, 6w, 3m or 1y (at most 100y), not True",
        ),
        (
            "[reconnect]\nper_week = -1\n",
            "[reconnect] per_week must be a whole number >= 0, not -1",
        ),
        (
            "[reconnect]\nper_week = '2'\n",
            "[reconnect] per_week must be a whole number >= 0, not '2'",
        ),
        ("[goals]\ncore_size = true\n", "[goals] core_size must be a whole number >= 0, not True"),
        (
            "[goals]\ntouches_per_week = 2.5\n",
            "[goals] touches_per_week must be a whole number >= 0, not 2.5",
        ),
    ],
)
def test_bad_config_names_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write_config(tmp_path, text)
    with pytest.raises(BadConfig) as err:
        load_config(tmp_path)
    assert str(err.value) == f"{path}: {message}"


def test_invalid_toml(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[folders]\npeople = \n")
    with pytest.raises(BadConfig) as err:
        load_config(tmp_path)
    assert str(err.value).startswith(f"{path}: not valid TOML: ")
    assert "line 2" in str(err.value)


def test_toml_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "vaultnet.toml").write_bytes(b"# caf\xe9\n")
    with pytest.raises(BadConfig, match="not valid TOML"):
        load_config(tmp_path)


def test_bad_config_is_an_error_for_every_command(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[reconnect]\nper_weak = 2\n")
    for command in (["index"], ["check"], ["list"], ["show", "x"]):
        result = CliRunner().invoke(cli, ["--vault", str(tmp_path), *command])
        assert result.exit_code == 1
        assert result.stderr == f"Error: {path}: unknown key 'per_weak' in [reconnect]\n"
        assert result.stdout == ""


def test_folders_from_config_decide_who_is_a_person(tmp_path: Path) -> None:
    write_config(tmp_path, '[folders]\npeople = "Contacts"\ngroups = "Hubs"\n')
    for rel in ("Contacts/Ann Lee.md", "People/Not Me.md", "Hubs/Guild.md"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text("", encoding="utf-8")
    vault = Vault.open(tmp_path)
    assert [p.name for p in vault.people] == ["Ann Lee"]
    assert [g.name for g in vault.groups] == ["Guild"]


def test_due_note_is_not_read(tmp_path: Path) -> None:
    write_config(tmp_path, '[folders]\ndue_note = "Lists/Today.md"\n')
    (tmp_path / "Lists").mkdir()
    (tmp_path / "Lists" / "Today.md").write_text("---\ntype: person\n---\n", encoding="utf-8")
    (tmp_path / "Due.md").write_text("---\ntype: person\n---\n", encoding="utf-8")
    vault = Vault.open(tmp_path)
    assert sorted(vault.notes) == ["Due.md"]
