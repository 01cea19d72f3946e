"""Commands answered from the index: `show` of one person reads that person's rows and the
meetings with them, parses nothing, and says exactly what it says from the whole vault."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import vaultnet.index.reads
import vaultnet.index.store
from tests.conftest import Reads, count_decodes
from vaultnet.network.vault import Vault


def _queries(vault_dir: Path) -> list[str]:
    people = sorted(p.stem for p in (vault_dir / "People").glob("*.md"))
    return [*people, "janie", "JANE DOE", "jane", "Bjorn", "nobody at all", "Wei"]


@pytest.mark.parametrize("as_json", [False, True])
def test_show_from_the_index_says_what_the_whole_vault_says(
    vault_dir: Path,
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    as_json: bool,
) -> None:
    extra = ["--json"] if as_json else []
    queries = _queries(vault_dir)
    quick = [run("show", *extra, name) for name in queries]
    monkeypatch.setattr(Vault, "open_person", classmethod(lambda cls, *args: None))
    whole = [run("show", *extra, name) for name in queries]
    for name, a, b in zip(queries, quick, whole, strict=True):
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), name


def test_an_alias_shared_with_a_stem_resolves_as_links_do(tmp_path: Path) -> None:
    """`[[Sam]]` in a meeting reaches the person whose file is Sam.md, not Samuel's alias Sam:
    the meeting is Sam's, and not in Samuel's history."""
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    (root / "Meetings").mkdir()
    (root / "People" / "Sam.md").write_text("", encoding="utf-8")
    (root / "People" / "Samuel Lee.md").write_text("---\naliases: [Sam]\n---\n", encoding="utf-8")
    (root / "Meetings" / "Lunch.md").write_text(
        "---\ndate: 2026-01-05\nwith: ['[[Sam]]', '[[Samuel Lee]]']\n---\n", encoding="utf-8"
    )
    (root / "Meetings" / "Call.md").write_text(
        "---\ndate: 2026-01-09\nwith: '[[sam]]'\n---\n", encoding="utf-8"
    )
    for name, expected in (("Samuel Lee", ["Lunch"]), ("Sam", ["Call", "Lunch"])):
        found = Vault.open_person(root, name)
        assert found is not None
        _vault, person = found
        assert sorted(i.title for i in person.interactions) == expected
        full = Vault.open(root).find(name)
        assert person.last_contact == full.last_contact
        assert person.history == full.history


def test_show_of_one_person_parses_nothing_and_reads_their_rows_only(
    big_vault: Path,
    run: Callable[..., Result],
    parses: Reads,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The work-counting test of the index: on a 5,000-note vault, `show` of one person parses
    no note and decodes the rows of that person, their 8 meetings and the 2 people in them."""
    root = big_vault
    parses.clear()
    decoded = count_decodes(monkeypatch, vaultnet.index.reads, "_decode")
    shown = run("show", "Person 500", vault=root)
    assert shown.exit_code == 0, shown.output
    assert parses == []
    meetings = sorted(
        f"Meetings/Meeting {m}.md" for m in range(4_000) if 500 in (m % 1000, (m + 1) % 1000)
    )
    assert len(meetings) == 8
    people = ["People/Person 499.md", "People/Person 500.md", "People/Person 501.md"]
    assert sorted(decoded) == sorted(meetings + people)
    assert "History (8 of 9):" not in shown.stdout  # (default limit 10: all 9 shown)
    assert "History (9 of 9):" in shown.stdout
    assert "send Person 501 the notes" in shown.stdout
