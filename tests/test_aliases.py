"""The `aliases:` comma rule, as the README's vault format states it: a list keeps each item whole
(the alias `Elliot Sandvig, CFP®` is one alias), a single string is split at its commas
(`aliases: Janie, J` is two). Pinned at the rule itself and where users meet it: finding a
person by name, links, `list --json`, the index's name keys, and a group's aliases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.network.vault import Vault
from vaultnet.notes.parse import parse_note
from vaultnet.notes.record import summarize
from vaultnet.text.links import as_list, fold


@pytest.mark.parametrize(
    ("frontmatter", "aliases"),
    [
        ("aliases: Janie, J", ["Janie", "J"]),
        ("aliases: Janie,J ,  , K", ["Janie", "J", "K"]),  # spaces trimmed, empty parts dropped
        ('aliases: "Doe, Jane"', ["Doe", "Jane"]),  # quoted is still one string: split
        ("aliases: Janie", ["Janie"]),
        ("aliases: [Janie, J]", ["Janie", "J"]),  # a YAML flow list: two items
        ('aliases: ["Sandvig, CFP®", Els]', ["Sandvig, CFP®", "Els"]),
        ("aliases:\n  - Elliot Sandvig, CFP®\n  - Els", ["Elliot Sandvig, CFP®", "Els"]),
        ("aliases:", []),
        ("aliases: []", []),
        ("aliases: 42", ["42"]),
        ("aliases: true", []),
    ],
)
def test_a_list_keeps_each_item_whole_and_a_string_splits_at_commas(
    frontmatter: str, aliases: list[str]
) -> None:
    note = parse_note("People/Elliot Sandvig.md", f"---\n{frontmatter}\n---\n")
    assert as_list(note.frontmatter.get("aliases")) == aliases


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write(tmp_path, "People/Jane Doe.md", "---\naliases: Janie, JD\n---\n")
    write(tmp_path, "People/Elliot Sandvig.md", "---\naliases:\n  - Elliot Sandvig, CFP®\n---\n")
    write(tmp_path, "Groups/Denver Tech Meetup.md", "---\naliases: DTM, Denver Meetup\n---\n")
    write(
        tmp_path,
        "People/Bob.md",
        '---\nknows: ["[[JD]]", "[[Elliot Sandvig, CFP®]]"]\ngroups: "[[DTM]]"\n---\n'
        "## Log\n- 2026-01-01 coffee: with [[Janie]] and [[CFP®]]\n",
    )
    return tmp_path


def vaultnet(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(root), *args], catch_exceptions=False)


def test_each_part_of_a_comma_string_and_each_whole_list_item_finds_the_person(
    root: Path,
) -> None:
    vault = Vault.open(root)
    for name, person in (
        ("Janie", "Jane Doe"),
        ("JD", "Jane Doe"),
        ("Elliot Sandvig, CFP®", "Elliot Sandvig"),
    ):
        found = vault.person_by_link(name)
        assert found is not None and found.name == person, name
    assert vault.person_by_link("Janie, JD") is None  # the string is not also an alias whole
    group = vault.group_by_link("Denver Meetup")
    assert group is not None and group.name == "Denver Tech Meetup"


def test_links_and_commands_read_the_rule_alike(root: Path) -> None:
    # [[Janie]], [[JD]], [[DTM]] and the whole list item resolve; only the piece of a list
    # item ([[CFP®]], which is not an alias) is a broken link
    checked = vaultnet(root, "check")
    first = checked.output.splitlines()[0]
    assert first == "People/Bob.md:6: warning: link to no note: [[CFP®]] (log)"
    assert "1 warning" in checked.output
    shown = vaultnet(root, "show", "JD")
    assert shown.exit_code == 0 and shown.output.startswith("Jane Doe\n")
    assert "Aliases:       Janie, JD\n" in shown.output
    listed = json.loads(vaultnet(root, "list", "--json").output)
    assert {p["name"]: p["aliases"] for p in listed} == {
        "Bob": [],
        "Elliot Sandvig": ["Elliot Sandvig, CFP®"],
        "Jane Doe": ["Janie", "JD"],
    }
    # Bob's `groups: "[[DTM]]"` makes him a member through the group's alias
    members = json.loads(vaultnet(root, "list", "--group", "Denver Meetup", "--json").output)
    assert [p["name"] for p in members] == ["Bob"]


def test_the_index_keeps_the_same_names(root: Path) -> None:
    text = (root / "People/Jane Doe.md").read_text(encoding="utf-8")
    keys = summarize(parse_note("People/Jane Doe.md", text)).keys
    assert keys == (fold("Jane Doe"), fold("Janie"), fold("JD"))
