"""Finding the person a user means, in tiers: exact name or alias (case and accents ignored), then
a unique prefix or word, then fuzzy; several matches are an error that lists them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultnet.cli import cli
from vaultnet.errors import AmbiguousName, NoSuchPerson
from vaultnet.network.vault import Vault

PEOPLE = {
    "Jane Doe": "aliases: [Janie]\nname: Jane A. Doe",
    "Zoë Müller": "aliases: [Zoe M]",
    "José Álvarez": "",
    "Bob Smith": "aliases: [Robert]",
    "Robert": "",  # a stem that is also someone else's alias
    "Alex Chen": "aliases: [Al]",
    "Alexandra Ross": "aliases: [AL]",
    "Alexis Wu": "",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    people = tmp_path / "People"
    people.mkdir()
    for name, frontmatter in PEOPLE.items():
        (people / f"{name}.md").write_text(f"---\n{frontmatter}\n---\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def vault(root: Path) -> Vault:
    return Vault.open(root)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # tier 1: exact name, alias or display name, ignoring case and accents
        ("Jane Doe", "Jane Doe"),
        ("jane doe", "Jane Doe"),
        ("  JANE   doe ", "Jane Doe"),
        ("janie", "Jane Doe"),
        ("Jane A. Doe", "Jane Doe"),
        ("zoe muller", "Zoë Müller"),
        ("ZOË MÜLLER", "Zoë Müller"),
        ("zoe m", "Zoë Müller"),
        ("jose alvarez", "José Álvarez"),
        ("robert", "Robert"),  # the file name beats Bob's alias
        # tier 2: a unique prefix, or a whole word of the name
        ("jan", "Jane Doe"),
        ("zo", "Zoë Müller"),
        ("doe", "Jane Doe"),
        ("alvarez", "José Álvarez"),
        ("alexi", "Alexis Wu"),
        # tier 3: fuzzy, for typos
        ("bob smth", "Bob Smith"),
        ("alexandra rss", "Alexandra Ross"),
    ],
)
def test_resolves(vault: Vault, query: str, name: str) -> None:
    assert vault.find(query).name == name


@pytest.mark.parametrize(
    ("query", "candidates"),
    [
        ("al", "Alex Chen, Alexandra Ross"),  # an alias two people share
        ("ale", "Alex Chen, Alexandra Ross, Alexis Wu"),  # a prefix of three names
    ],
)
def test_ambiguous_lists_the_candidates(vault: Vault, query: str, candidates: str) -> None:
    with pytest.raises(AmbiguousName) as err:
        vault.find(query)
    assert str(err.value) == f"'{query}' matches several people: {candidates}. Be more specific."


def test_long_candidate_lists_are_cut(tmp_path: Path) -> None:
    (tmp_path / "People").mkdir()
    for i in range(13):
        (tmp_path / "People" / f"Sam {chr(65 + i)}{i}.md").write_text("", encoding="utf-8")
    with pytest.raises(AmbiguousName) as err:
        Vault.open(tmp_path).find("sam")
    assert str(err.value) == (
        "'sam' matches several people: Sam A0, Sam B1, Sam C2, Sam D3, Sam E4, Sam F5, Sam G6, "
        "Sam H7, Sam I8, Sam J9 and 3 more. Be more specific."
    )


def test_unknown_name_suggests_adding(vault: Vault) -> None:
    with pytest.raises(NoSuchPerson) as err:
        vault.find("Maria Lopez")
    assert str(err.value) == (
        "no person named 'Maria Lopez'. Add them with: vaultnet add \"Maria Lopez\""
    )


def test_close_name_suggests_candidates(vault: Vault) -> None:
    with pytest.raises(
        NoSuchPerson, match=r"^no person named 'jane deo'\. Did you mean .*Jane Doe"
    ):
        vault.find("jane deo")


def test_empty_name(vault: Vault) -> None:
    with pytest.raises(NoSuchPerson, match="an empty name matches nobody"):
        vault.find("   ")


def test_cli_errors(root: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--vault", str(root), "show", "ale"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: 'ale' matches several people: Alex Chen, Alexandra Ross, Alexis Wu. "
        "Be more specific.\n"
    )
    result = runner.invoke(cli, ["--vault", str(root), "show", "Maria Lopez"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no person named 'Maria Lopez'. Add them with: vaultnet add \"Maria Lopez\"\n"
    )
