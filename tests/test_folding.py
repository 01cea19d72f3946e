"""Issue 13, item 11: folding transliterates the Latin letters accent-stripping misses (anyascii),
in resolution, duplicate checks and `add`; other scripts are left alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_schedule import build, person
from vaultnet.text.links import fold

Run = Callable[..., Result]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Bjørn Halvorsen", "bjorn halvorsen"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Æsa Strøm", "aesa strom"),
        ("Œuvre", "oeuvre"),
        ("Straße", "strasse"),
        ("Đorđe", "dorde"),
        ("Þórunn", "thorunn"),
        ("Kadıköy", "kadikoy"),
    ],
)
def test_latin_letters_fold_to_ascii(written: str, typed: str) -> None:
    assert fold(written) == fold(typed) == typed


def test_other_scripts_are_not_transliterated() -> None:
    assert fold("李 明") == "李 明" != fold("理 明")
    assert fold("Дмитрий").startswith("дмитри")  # Cyrillic stays Cyrillic


@pytest.fixture
def bjorn(vault_dir: Path) -> Path:
    note = vault_dir / "People" / "Bjørn Halvorsen.md"
    note.write_text("---\ncompany: Fjord\n---\n# Bjørn\n", encoding="utf-8")
    return note


def test_bjorn_finds_bjorn(run: Run, bjorn: Path) -> None:
    for typed in ("Bjorn", "bjorn halvorsen"):
        result = run("show", typed)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Bjørn Halvorsen\n")
        assert "showing" not in result.stderr  # not a fuzzy match


def test_add_does_not_create_a_transliterated_duplicate(run: Run, bjorn: Path) -> None:
    result = run("add", "Bjorn Halvorsen")
    assert result.exit_code != 0
    assert "already the name of Bjørn Halvorsen" in result.stderr
    assert not (bjorn.parent / "Bjorn Halvorsen.md").exists()


def test_check_sees_a_transliterated_alias_twice() -> None:
    vault = build(
        person("Bjørn Halvorsen", aliases="[Bear]"),
        person("Bjorn H", aliases="[Bjørn Halvorsen]"),
    )
    assert [p.message for p in vault.problems] == [
        "same name or alias 'bjorn halvorsen' as People/Bjorn H.md"
    ]
    found = vault.person_by_link("Bjorn Halvorsen")
    assert found is not None and found.path == "People/Bjørn Halvorsen.md"  # the stem wins
