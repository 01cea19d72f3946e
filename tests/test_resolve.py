"""Name resolution the way people type names: exact or alias, then word starts, then fuzzy."""

from __future__ import annotations

import pytest

from vaultnet.errors import AmbiguousName, NoSuchPerson
from vaultnet.network.model import Person
from vaultnet.network.resolve import resolve
from vaultnet.notes.parse import parse_note

NAMES = {
    "Jane Doe": "aliases: [Janie]",
    "Zoë Müller": "",
    "Nina Patel": "",
    "Sam Patterson": "",
    "Ben Carter": "",
    "Bennett Ross": "",
    "Jean-Luc Picard": "",
    "Bob Smith": "aliases: [Robert]",
    "Alex Chen": "aliases: [Robert]",
}
PEOPLE = [
    Person(parse_note(f"People/{name}.md", f"---\n{fm}\n---\n" if fm else ""))
    for name, fm in NAMES.items()
]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("zoe muller", "Zoë Müller"),
        ("ZOË", "Zoë Müller"),
        ("müller", "Zoë Müller"),
        ("janie", "Jane Doe"),
        ("jane", "Jane Doe"),
        ("Jane Doe", "Jane Doe"),
        ("  jane   doe ", "Jane Doe"),
        ("jane d", "Jane Doe"),
        ("doe jane", "Jane Doe"),
        ("j doe", "Jane Doe"),
        ("doe", "Jane Doe"),
        ("ben", "Ben Carter"),  # a whole word beats the start of one
        ("benn", "Bennett Ross"),
        ("jean", "Jean-Luc Picard"),
        ("luc", "Jean-Luc Picard"),
        ("bob smth", "Bob Smith"),  # a typo, fuzzy
    ],
)
def test_resolves(query: str, name: str) -> None:
    assert resolve(query, PEOPLE).name == name


def test_ambiguous_prefix_lists_candidates() -> None:
    with pytest.raises(AmbiguousName) as err:
        resolve("pat", PEOPLE)
    assert str(err.value) == (
        "'pat' matches several people: Nina Patel, Sam Patterson. Be more specific."
    )


def test_shared_alias_is_ambiguous() -> None:
    with pytest.raises(AmbiguousName, match="'robert' matches several people: Alex Chen, Bob"):
        resolve("robert", PEOPLE)


def test_unknown_suggests_add() -> None:
    with pytest.raises(NoSuchPerson) as err:
        resolve("Maria Lopez", PEOPLE)
    assert str(err.value) == (
        "no person named 'Maria Lopez'. Add them with: vaultnet add \"Maria Lopez\""
    )


@pytest.mark.parametrize("query", ["jon doe", "jane deo"])
def test_close_but_unsure_suggests_names(query: str) -> None:
    with pytest.raises(NoSuchPerson, match=r"Did you mean .*Jane Doe"):
        resolve(query, PEOPLE)


def test_empty_name() -> None:
    with pytest.raises(NoSuchPerson, match="an empty name matches nobody"):
        resolve("  ", PEOPLE)
