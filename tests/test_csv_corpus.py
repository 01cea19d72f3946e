"""CSV exports in their published shapes (tests/fixtures/README.md says where each comes from):
Outlook's desktop export, all 92 columns, and Google Contacts' current export. Each reads
right, and a re-import of each changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.network.vault import Vault

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-11-22"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    (tmp_path / "vault" / "People").mkdir(parents=True)
    return tmp_path / "vault"


def import_csv(root: Path, name: str) -> Result:
    shutil.copy(FIXTURES / name, root.parent / name)
    return CliRunner().invoke(
        cli, ["--vault", str(root), "--today", TODAY, "import", "csv", str(root.parent / name)]
    )


def notes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "People").glob("*.md"))}


def facts(root: Path) -> dict[str, dict[str, object]]:
    return {Path(p.path).name: p.note.frontmatter for p in Vault.open(root).people}


def test_the_outlook_desktop_export(vault: Path) -> None:
    header = (FIXTURES / "outlook_desktop.csv").read_text(encoding="cp1252").splitlines()[0]
    assert len(header.split('","')) == 92
    result = import_csv(vault, "outlook_desktop.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith(
        "4 contacts read; 3 created, 0 updated, 0 unchanged, 1 skipped; 0 conflicts "
        "(your values kept)."
    )
    assert result.stderr.splitlines() == [
        f"{vault.parent}/outlook_desktop.csv:2: warning: cannot read the date '12/9/1906' in "
        "Birthday (use 2024-03-12); imported without it",
        f"{vault.parent}/outlook_desktop.csv:6: warning: 1 row has no name or email, only a "
        "company: a company, not a person; skipped",
    ]
    found = facts(vault)
    assert found["Grace Brewster Hopper.md"] == {
        "given_name": "Grace",
        "middle_name": "Brewster",
        "family_name": "Hopper",
        "name_prefix": "Dr.",  # Outlook's Title is the salutation
        "tags": ["Mentors", "Navy"],
        "company": "US Navy",  # not the Department
        "role": "Rear Admiral",  # Job Title
        "location": "Arlington, VA, United States",
        "email": "grace@navy.example",  # the Exchange address is no email
        "phone": ["+1 703 555 0142", "+1 703 555 0199"],
        "website": "www.hopper.example",
    }
    assert found["Alan Turing.md"] == {
        "name_suffix": "OBE",
        "company": "Bletchley Park",
        "role": "Cryptanalyst",
        "location": "Wilmslow, United Kingdom",
        "email": "alan@bletchley.example",
        "phone": "+44 1625 555 0100",
        "birthday": "1912-06-23",  # 6/23/1912: 23 cannot be a month
    }
    # the short row (Outlook leaves out trailing empty fields) is read with them empty
    assert found["Ada Lovelace.md"] == {"company": "Analytical Engines", "role": "Analyst"}
    grace = Vault.open(vault).find("Grace Hopper")
    assert grace.details == ["Coined the word debugging.", "Keeps a clock that runs backwards."]


def test_the_google_contacts_export(vault: Path) -> None:
    result = import_csv(vault, "google_contacts_2024.csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    found = facts(vault)
    assert found["Katherine Johnson.md"] == {
        "aliases": ["Katie"],
        "tags": ["Mentors", "Friends-Family"],  # not Google's own * myContacts
        "company": "NASA Langley",
        "role": "Research Mathematician",
        "location": "Hampton, VA, US",
        "email": ["katherine@nasa.example", "kj@home.example"],  # split at :::
        "phone": ["+1 757 555 0100", "+1 757 555 0101"],
        "linkedin": "https://www.linkedin.com/in/katherine-johnson-example",
        "birthday": "1918-08-26",
    }
    assert found["Dorothy Vaughan.md"] == {
        "email": "dorothy@fortran.example",
        "website": "fortran.example/dorothy",
        "birthday": "--09-20",  # Google's ` --09-20`: no year
    }
    assert found["orbit.fan@mail.example.md"] == {"email": "orbit.fan@mail.example"}
    assert Vault.open(vault).find("Katherine Johnson").details == [
        "Checked the orbital math by hand."
    ]


@pytest.mark.parametrize(
    ("name", "read"), [("outlook_desktop.csv", 4), ("google_contacts_2024.csv", 3)]
)
def test_a_reimport_changes_nothing(vault: Path, name: str, read: int) -> None:
    assert import_csv(vault, name).exit_code == 0
    before = notes(vault)
    again = import_csv(vault, name)
    assert again.exit_code == 0, again.output
    assert notes(vault) == before
    people = len(before)
    skipped = read - people
    assert again.stdout.splitlines() == [
        f"{vault.parent}/{name}: {read} contacts read; 0 created, 0 updated, {people} unchanged, "
        f"{skipped} skipped; 0 conflicts (your values kept)."
    ]
