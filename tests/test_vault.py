"""The Vault: discovery, people, interactions and groups tied together through links, the effective
last contact, history, follow-ups, and the problems only the whole vault can see."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultnet.cli import cli
from vaultnet.errors import NoSuchVault
from vaultnet.network.vault import Vault, find_vault

TODAY = date(2026, 11, 22)


def make_vault(root: Path, notes: dict[str, str]) -> Path:
    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# Discovery -------------------------------------------------------------------------------------


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAULTNET_VAULT", raising=False)
    monkeypatch.delenv("VAULTNET_TODAY", raising=False)


@pytest.mark.usefixtures("no_env")
def test_explicit_vault_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.setenv("VAULTNET_VAULT", str(tmp_path / "b"))
    assert find_vault(str(tmp_path / "a")) == (tmp_path / "a").resolve()


@pytest.mark.usefixtures("no_env")
def test_env_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "here" / ".obsidian").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "here")
    monkeypatch.setenv("VAULTNET_VAULT", str(tmp_path / "b"))
    assert find_vault(None) == (tmp_path / "b").resolve()


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize("marker", ["vaultnet.toml", ".obsidian/"])
def test_nearest_folder_up_with_a_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: str
) -> None:
    (tmp_path / ".obsidian").mkdir()  # an outer vault: the nearest one wins
    vault = tmp_path / "inner"
    deep = vault / "People" / "Sub"
    deep.mkdir(parents=True)
    if marker.endswith("/"):
        (vault / marker).mkdir()
    else:
        (vault / marker).write_text("", encoding="utf-8")
    monkeypatch.chdir(deep)
    assert find_vault(None) == vault.resolve()


@pytest.mark.usefixtures("no_env")
def test_markers_of_the_wrong_type_do_not_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    (here / "vaultnet.toml").mkdir(parents=True)  # a folder, not the config file
    (here / ".obsidian").write_text("", encoding="utf-8")  # a file, not Obsidian's folder
    monkeypatch.chdir(here)
    with pytest.raises(NoSuchVault, match=r"^no vault here "):
        find_vault(None, start=here)


@pytest.mark.usefixtures("no_env")
def test_current_folder_only_when_it_has_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # tmp_path's parents hold no vaultnet.toml or .obsidian/ in a sane test environment
    with pytest.raises(NoSuchVault, match=r"run vaultnet init DIR, or pass --vault DIR$"):
        find_vault(None)
    (tmp_path / "People").mkdir()
    assert find_vault(None) == tmp_path.resolve()


@pytest.mark.usefixtures("no_env")
def test_missing_explicit_or_env_vault_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(NoSuchVault, match=r"vault folder .*nope does not exist"):
        find_vault(str(tmp_path / "nope"))
    monkeypatch.setenv("VAULTNET_VAULT", str(tmp_path / "gone"))
    with pytest.raises(NoSuchVault, match=r"vault folder .*gone does not exist"):
        find_vault(None)


@pytest.mark.usefixtures("no_env")
def test_cli_discovers_the_vault_and_today(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault(
        tmp_path / "net",
        {"vaultnet.toml": "", "People/Ann Lee.md": "---\nlast_contact: 2026-11-01\n---\n"},
    )
    (vault / "People" / "Sub").mkdir()
    monkeypatch.chdir(vault / "People" / "Sub")
    runner = CliRunner()
    result = runner.invoke(cli, ["show", "ann"], env={"VAULTNET_TODAY": "2026-11-11"})
    assert result.exit_code == 0, result.output
    assert "Last contact:  2026-11-01 (10d ago)" in result.stdout
    # --today beats $VAULTNET_TODAY
    result = runner.invoke(
        cli, ["--today", "2026-11-21", "show", "ann"], env={"VAULTNET_TODAY": "2026-11-11"}
    )
    assert "Last contact:  2026-11-01 (20d ago)" in result.stdout
    # $VAULTNET_VAULT from anywhere
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        cli, ["--today", "2026-11-02", "show", "ann"], env={"VAULTNET_VAULT": str(vault)}
    )
    assert "Last contact:  2026-11-01 (1d ago)" in result.stdout


@pytest.mark.parametrize("bad", ["soon", "2026-02-30", "22/11/2026"])
def test_bad_today_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    result = CliRunner().invoke(cli, ["--vault", str(tmp_path), "--today", bad, "list"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: --today must be a date like 2026-11-22, not {bad!r}\n"
    result = CliRunner().invoke(
        cli, ["--vault", str(tmp_path), "list"], env={"VAULTNET_TODAY": bad}
    )
    assert result.exit_code == 2


# The model -------------------------------------------------------------------------------------

NOTES = {
    "People/Jane Doe.md": """\
---
aliases: [Janie]
name: Jane A. Doe
tags: ["#mentor", speaker]
circle: Core
email: [jane@acme.example, JANE@acme.example]
last_contact: 2026-09-14
introduced_by: "[[Bob Smith|Bob]]"
groups: ["[[denver tech meetup]]"]
---
## Follow-ups
- [ ] Send the notes 📅 2026-11-25
- [x] Old thing 📅 2026-10-01

## Log
- 2026-12-24 call: a plan, not a contact
- 2026-06-02 email: congratulated her #give
- 2026-05-01 call: asked for a favor #ask #give
""",
    "People/Zoë Müller.md": "---\naliases: Zoe, Z\n---\n- 2026-02-03 message: hi\n",
    "People/Work/Bob Smith.md": "---\nknows: [[Jane Doe]]\nemail: bob@example.com\n---\n",
    "People/Nobody Yet.md": "",
    "Contacts/Ann Lee.md": "---\ntype: person\nlast_contact: '2026-08-01'\n---\n",
    "Meetings/2026-10-03 Coffee.md": """\
---
date: 2026-10-03
type: Coffee
with: ["[[JANIE]]", "[[People/Zoe Muller.md#Log|Zoë]]", "[[Nobody Known]]"]
---
- [ ] Send the deck 📅 2026-11-30
- [x] Done already
- 2026-10-03 coffee: #give brought the book
""",
    # Obsidian's "Date & time" property, without the seconds YAML needs for a timestamp
    "Meetings/Call.md": "---\ndate: 2026-11-20T09:00\nwith: Bob Smith\n---\n",
    "Meetings/Unquoted.md": "---\ndate: 2026-07-01\nwith: [[Ann Lee]]\n---\n",
    "Meetings/Future.md": "---\ndate: 2026-12-01\nwith: '[[Ann Lee]]'\n---\n",
    "Meetings/Undated.md": "---\ndate: someday\nwith: '[[Ann Lee]]'\n---\n",
    "Groups/Denver Tech Meetup.md": "---\naliases: [DTM]\ncadence: 30d\n---\n",
    "Events/Guild.md": "---\ntype: group\n---\n",
    "Inbox.md": "# nothing\n",
}


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault.open(make_vault(tmp_path / "vault", NOTES), TODAY)


def test_what_is_what(vault: Vault) -> None:
    assert [p.path for p in vault.people] == [
        "Contacts/Ann Lee.md",
        "People/Work/Bob Smith.md",
        "People/Jane Doe.md",
        "People/Nobody Yet.md",
        "People/Zoë Müller.md",
    ]
    assert [i.path for i in vault.interactions] == [
        "Meetings/2026-10-03 Coffee.md",
        "Meetings/Call.md",
        "Meetings/Future.md",
        "Meetings/Undated.md",
        "Meetings/Unquoted.md",
    ]
    assert [g.name for g in vault.groups] == ["Guild", "Denver Tech Meetup"]
    assert sorted(vault.notes) == sorted(NOTES)
    assert vault.today == TODAY


def test_person_facts(vault: Vault) -> None:
    jane = vault.find("Jane Doe")
    assert jane.name == "Jane Doe"
    assert jane.display_name == "Jane A. Doe"
    assert jane.aliases == ["Janie"]
    assert jane.tags == ["mentor", "speaker"]
    assert jane.circle == "core"
    assert jane.stage == "connected"
    assert jane.emails == ["jane@acme.example", "JANE@acme.example"]
    assert jane.email == "jane@acme.example"
    assert jane.introduced_by == ["Bob Smith"]
    assert jane.groups == ["denver tech meetup"]
    assert vault.find("zoe").aliases == ["Zoe", "Z"]
    assert vault.find("bob smith").knows == ["Jane Doe"]  # from an unquoted [[link]]


def test_interactions_resolve_links_through_names_and_aliases(vault: Vault) -> None:
    coffee = vault.interactions[0]
    assert coffee.type == "coffee"
    assert coffee.date == date(2026, 10, 3)
    assert coffee.with_names == ["JANIE", "Zoe Muller", "Nobody Known"]
    assert [p.name for p in coffee.people] == ["Jane Doe", "Zoë Müller"]
    call = vault.interactions[1]
    assert call.type == "meeting"  # no type given
    assert call.date == date(2026, 11, 20)  # a datetime
    assert [p.name for p in call.people] == ["Bob Smith"]  # a single plain name
    unquoted = vault.interactions[4]
    assert [p.name for p in unquoted.people] == ["Ann Lee"]
    assert vault.interactions[3].date is None


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("Jane Doe", "Jane Doe"),
        ("jane doe", "Jane Doe"),
        ("Janie", "Jane Doe"),
        ("zoe muller", "Zoë Müller"),
        ("Z", "Zoë Müller"),
        ("ANN LEE", "Ann Lee"),
        ("Denver Tech Meetup", None),  # a group is not a person
        ("Jane", None),  # links need the whole name: prefixes are for typed names only
    ],
)
def test_person_by_link(vault: Vault, target: str, name: str | None) -> None:
    person = vault.person_by_link(target)
    assert (person.name if person else None) == name


def test_effective_last_contact(vault: Vault) -> None:
    # the latest of the field (09-14), the log (06-02; 12-24 is in the future) and the coffee note
    assert vault.find("jane doe").last_contact == date(2026, 10, 3)
    assert vault.find("jane doe").last_contact_field == date(2026, 9, 14)
    # the field alone; a future interaction (12-01) is a plan and does not count
    assert vault.find("ann lee").last_contact == date(2026, 8, 1)
    assert vault.find("bob smith").last_contact == date(2026, 11, 20)
    assert vault.find("zoe").last_contact == date(2026, 10, 3)
    assert vault.find("nobody yet").last_contact is None


def test_history_newest_first(vault: Vault) -> None:
    jane = vault.find("janie")
    assert [(h.date.isoformat(), h.kind, h.text, h.path, h.line) for h in jane.history] == [
        ("2026-12-24", "call", "a plan, not a contact", "People/Jane Doe.md", 16),
        ("2026-10-03", "coffee", "[[2026-10-03 Coffee]]", "Meetings/2026-10-03 Coffee.md", 2),
        ("2026-06-02", "email", "congratulated her #give", "People/Jane Doe.md", 17),
        ("2026-05-01", "call", "asked for a favor #ask #give", "People/Jane Doe.md", 18),
    ]
    ann = vault.find("ann lee")
    assert [h.path for h in ann.history] == ["Meetings/Future.md", "Meetings/Unquoted.md"]


def test_favor_balance(vault: Vault) -> None:
    jane = vault.find("jane doe")
    # #give on two log lines and in the coffee note's log; #ask once
    assert (jane.gives, jane.asks, jane.balance) == (3, 1, 2)


def test_open_follow_ups_include_interaction_notes(vault: Vault) -> None:
    jane = vault.find("jane doe")
    assert [(t.text, t.due, path) for t, path in jane.open_tasks()] == [
        ("Send the notes", "2026-11-25", "People/Jane Doe.md"),
        ("Send the deck", "2026-11-30", "Meetings/2026-10-03 Coffee.md"),
    ]


def test_group_members(vault: Vault) -> None:
    meetup = vault.groups[1]
    assert [p.name for p in meetup.members] == ["Jane Doe"]
    assert meetup.cadence == 30


def test_group_members_through_a_group_alias(tmp_path: Path) -> None:
    root = make_vault(
        tmp_path,
        {
            "People/Ann.md": "---\ngroups: ['[[DTM]]', '[[Guild]]']\n---\n",
            "People/Bo.md": "---\ngroups: '[[denver tech meetup|the meetup]]'\n---\n",
            "Groups/Denver Tech Meetup.md": "---\naliases: [DTM]\n---\n",
            "Groups/Guild.md": "",
        },
    )
    vault = Vault.open(root, TODAY)
    assert [(g.name, [p.name for p in g.members]) for g in vault.groups] == [
        ("Denver Tech Meetup", ["Ann", "Bo"]),
        ("Guild", ["Ann"]),
    ]


def test_vault_level_problems(vault: Vault) -> None:
    assert [(p.path, p.line, p.severity, p.message) for p in vault.problems] == [
        ("Meetings/2026-10-03 Coffee.md", 4, "warning", "link to no note: [[Nobody Known]] (with)"),
        ("Meetings/Undated.md", 2, "error", "bad date in 'date': 'someday' (use YYYY-MM-DD)"),
        (
            "Meetings/Unquoted.md",
            3,
            "warning",
            "'with' holds an unquoted [[link]]; quote it: \"[[...]]\"",
        ),
        (
            "People/Work/Bob Smith.md",
            2,
            "warning",
            "'knows' holds an unquoted [[link]]; quote it: \"[[...]]\"",
        ),
    ]
    assert [p.message for p in vault.errors] == ["bad date in 'date': 'someday' (use YYYY-MM-DD)"]


def test_links_resolve_through_aliases_of_any_note(tmp_path: Path) -> None:
    """A comma-separated `aliases` string is several aliases for link checking too."""
    root = make_vault(
        tmp_path,
        {
            "People/Ann.md": "---\ngroups: ['[[DTM]]', '[[The Meetup]]']\nknows: '[[A2]]'\n---\n",
            "People/Ann Two.md": "---\naliases: A2, Annie\n---\n",
            "Groups/Denver Tech Meetup.md": "---\naliases: DTM, The Meetup\n---\n",
        },
    )
    assert Vault.open(root, TODAY).problems == []


def test_duplicates(tmp_path: Path) -> None:
    root = make_vault(
        tmp_path,
        {
            "People/Alex Chen.md": "---\naliases: [Al]\nemail: alex@example.com\n---\n",
            "People/Alex Kim.md": "---\naliases: [AL]\n---\n",
            "People/Old/Alex Chen.md": "---\nemail: ALEX@example.com \n---\n",
            "People/Solo.md": "---\nemail: [s@example.com, S@Example.com]\n---\n",
        },
    )
    problems = [(p.path, p.line, p.severity, p.message) for p in Vault.open(root).problems]
    assert problems == [
        ("People/Alex Kim.md", 2, "warning", "same name or alias 'al' as People/Alex Chen.md"),
        (
            "People/Old/Alex Chen.md",
            1,
            "warning",
            "same name or alias 'alex chen' as People/Alex Chen.md",
        ),
        (
            "People/Old/Alex Chen.md",
            2,
            "error",
            "same email 'alex@example.com' as People/Alex Chen.md",
        ),
    ]


def test_sample_vault_reads_clean(vault_dir: Path) -> None:
    vault = Vault.open(vault_dir, TODAY)
    assert (len(vault.people), len(vault.interactions), len(vault.groups)) == (27, 16, 3)
    assert vault.problems == []
    jane = vault.find("janie")
    assert jane.last_contact == date(2026, 10, 3)  # the coffee note names her by alias
    assert vault.find("zoe muller").last_contact == date(2026, 7, 10)
