"""Matching attendees and correspondents to people: email, then LinkedIn profile, then name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vaultnet.formats.capture import Party
from vaultnet.formats.parties import Ambiguous, PeopleDirectory
from vaultnet.network.vault import Vault


@pytest.fixture
def directory(vault_dir: Path) -> PeopleDirectory:
    (vault_dir / "People" / "Jane Dough.md").write_text(
        "---\naliases: [Janie]\nemail: [jd@dough.example, shared@home.example]\n---\n"
    )
    (vault_dir / "People" / "Jane Doe Senior.md").write_text(
        "---\nemail: SHARED@home.example\n---\n"
    )
    return PeopleDirectory(Vault.open(vault_dir, today=date(2026, 11, 22)).people)


def _name(found: object) -> str:
    if isinstance(found, Ambiguous):
        return "ambiguous: " + ", ".join(p.name for p in found.people)
    return getattr(found, "name", "no one")


@pytest.mark.parametrize(
    ("party", "who"),
    [
        (Party(email="JANE@acme.example"), "Jane Doe"),  # case does not matter
        (Party(name="Somebody Else", email="jane@acme.example"), "Jane Doe"),  # email first
        (Party(email="jd@dough.example"), "Jane Dough"),  # one of several emails
        (Party(email="shared@home.example"), "ambiguous: Jane Doe Senior, Jane Dough"),
        (Party(linkedin="http://linkedin.com/in/JaneDoe/?trk=x"), "Jane Doe"),
        (Party(name="Omar Haddad", email="omar@unknown.example"), "Omar Haddad"),  # then name
        (Party(name="zoe muller"), "Zoë Müller"),  # accents and case
        (Party(name="Lindqvist, Katherine"), "Katherine Lindqvist"),
        (Party(name="Kat"), "Katherine Lindqvist"),  # an alias
        (Party(name="Janie"), "ambiguous: Jane Doe, Jane Dough"),  # an alias two people have
        (Party(name="Jane"), "no one"),  # never a prefix: a write takes exact names
        (Party(name="Jane Doe", linkedin="https://www.linkedin.com/in/other-jane"), "no one"),
        (Party(name="Wei Zhang", linkedin="https://www.linkedin.com/in/wei-zhang-42"), "Wei Zhang"),
        (Party(), "no one"),
    ],
)
def test_match(directory: PeopleDirectory, party: Party, who: str) -> None:
    assert _name(directory.match(party)) == who
