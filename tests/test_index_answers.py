"""`list` and `check` answered from the index's rows and derived facts: the same bytes as from
the whole vault, parsing nothing and decoding only the people's own records (list) or nothing
at all (check); and the derived facts follow renames of names and aliases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import vaultnet.index.reads
import vaultnet.index.store
import vaultnet.network.answers
from tests.conftest import Reads, count_decodes, make_vault
from vaultnet.network.answers import open_people
from vaultnet.network.vault import Vault

LISTS = [
    ["list"],
    ["list", "--json"],
    ["list", "--due"],
    ["list", "--due", "--json", "--sort", "due"],
    ["list", "--sort", "last_contact"],
    ["list", "--circle", "core", "--json"],
    ["list", "--tag", "Mentor"],
    ["list", "--company", "acme", "--stage", "connected"],
    ["list", "--status", "seeking", "--location", "denver"],
    ["list", "--stage", "want", "--json"],
    ["check"],
    ["check", "--json"],
]


@pytest.mark.parametrize("today", ["2026-11-22", "2025-01-01", "2027-06-30"])
def test_list_and_check_from_the_index_say_what_the_whole_vault_says(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, today: str
) -> None:
    quick = [run(*args, today=today) for args in LISTS]
    monkeypatch.setattr(vaultnet.network.answers, "_index", lambda path: None)
    whole = [run(*args, today=today) for args in LISTS]
    for args, a, b in zip(LISTS, quick, whole, strict=True):
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), args
    assert any(r.stdout.strip() for r in quick)


def test_list_and_check_json_decode_the_people_only_and_check_nothing(
    big_vault: Path, run: Callable[..., Result], parses: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = big_vault
    parses.clear()
    decoded = count_decodes(monkeypatch, vaultnet.network.answers, "decode")
    monkeypatch.setattr(Vault, "open", None)  # never the whole vault
    listed = run("list", "--json", vault=root)
    assert listed.exit_code == 0, listed.output
    assert sorted(decoded) == sorted(f"People/Person {i}.md" for i in range(1_000))
    decoded.clear()
    checked = run("check", vault=root)
    assert checked.exit_code == 0, checked.output
    assert decoded == []
    as_json = run("check", "--json", vault=root)  # the keys not read: the people's records
    assert as_json.exit_code == 0, as_json.output
    assert sorted(decoded) == sorted(f"People/Person {i}.md" for i in range(1_000))
    assert parses == []


def test_a_new_stem_takes_the_meetings_of_an_alias(tmp_path: Path) -> None:
    """A meeting `with: [[Sam]]` is Samuel's while Sam is only his alias; once Sam.md exists
    the stem wins (the meeting leaves Samuel's facts), and when it goes the alias has it back."""
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    (root / "Meetings").mkdir()
    samuel = root / "People" / "Samuel Lee.md"
    samuel.write_text("---\naliases: [Sam]\n---\n", encoding="utf-8")
    (root / "Meetings" / "Lunch.md").write_text(
        "---\ndate: 2026-01-05\nwith: '[[Sam]]'\n---\n- 2026-01-05: lunch #give\n",
        encoding="utf-8",
    )
    from datetime import date

    today = date(2026, 11, 22)

    def facts() -> dict[str, tuple[str | None, int]]:
        vault = open_people(root, today)
        assert vault is not None
        whole = {p.name: (p.last_contact, p.gives) for p in Vault.open(root, today).people}
        mine = {p.name: (p.last_contact, p.gives) for p in vault.people}
        assert mine == whole
        return {k: (d.isoformat() if d else None, g) for k, (d, g) in mine.items()}

    assert facts() == {"Samuel Lee": ("2026-01-05", 1)}
    (root / "People" / "Sam.md").write_text("", encoding="utf-8")
    assert facts() == {"Sam": ("2026-01-05", 1), "Samuel Lee": (None, 0)}
    (root / "People" / "Sam.md").unlink()
    assert facts() == {"Samuel Lee": ("2026-01-05", 1)}
    samuel.write_text("---\naliases: [Lee]\n---\n", encoding="utf-8")
    assert facts() == {"Samuel Lee": (None, 0)}


def test_log_of_exact_names_decodes_their_notes_only(
    tmp_path: Path, run: Callable[..., Result], parses: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(tmp_path / "big", people=100, meetings=400)
    assert run("digest", vault=root).exit_code == 0  # the week's first look (needs everyone)
    parses.clear()
    decoded = count_decodes(monkeypatch, vaultnet.index.reads, "_decode")
    monkeypatch.setattr(Vault, "open", None)  # never the whole vault
    logged = run("log", "Person 7", "p8", "person 7", "-m", "coffee", vault=root)
    assert logged.exit_code == 0, logged.output
    assert logged.stdout.count("Logged") == 2
    written = ["People/Person 7.md", "People/Person 8.md"]
    assert sorted(decoded) == written
    assert sorted(parses) == written  # what the index stores of the two notes written
    text = (root / "People" / "Person 8.md").read_text(encoding="utf-8")
    assert text.endswith("## Log\n- 2026-11-22 note: coffee\n")


def test_an_import_stores_the_rows_of_the_notes_it_creates(
    tmp_path: Path, run: Callable[..., Result], parses: Reads
) -> None:
    """`import` creates its notes in one batch and the index stores their rows in one
    transaction, as the editor does: the next command parses nothing."""
    root = make_vault(tmp_path / "big", people=20, meetings=10)
    assert run("index", vault=root).exit_code == 0
    contacts = tmp_path / "new.csv"
    contacts.write_text("Name,Email\nNew One,new1@x.org\nNew Two,new2@x.org\n", encoding="utf-8")
    parses.clear()
    imported = run("import", "csv", str(contacts), vault=root)
    assert imported.exit_code == 0, imported.output
    assert "2 created" in imported.stdout
    assert sorted(parses) == ["People/New One.md", "People/New Two.md"]  # as written
    parses.clear()
    listed = run("list", "--json", vault=root)
    assert parses == []
    assert '"name": "New Two"' in listed.stdout
