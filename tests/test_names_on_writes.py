"""Issue 13, item 10: writes accept only exact names and aliases, a unique prefix or whole word;
a fuzzy-only match is refused and nothing is written. Reads say when they show a fuzzy match."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]


@pytest.fixture
def people(vault_dir: Path) -> Path:
    for stem in ("Hana Quispe", "Maria Lopez"):
        (vault_dir / "People" / f"{stem}.md").write_text(
            f"---\ncompany: Acme\n---\n# {stem}\n", encoding="utf-8"
        )
    return vault_dir


@pytest.mark.parametrize("typed", ["Dana Quispe", "Mario Lopez", "Marie Lopez"])
def test_a_fuzzy_only_match_writes_nothing(run: Run, people: Path, typed: str) -> None:
    before = {p: p.read_bytes() for p in (people / "People").iterdir()}
    result = run("log", typed, "-m", "hello")
    assert result.exit_code != 0
    meant = "Hana Quispe" if "Quispe" in typed else "Maria Lopez"
    assert f"Did you mean {meant}?" in result.stderr
    assert "nothing was written" in result.stderr
    assert {p: p.read_bytes() for p in (people / "People").iterdir()} == before


@pytest.mark.parametrize("typed", ["Hana Quispe", "hana quispe", "hana", "Quispe", "hana q"])
def test_exact_prefix_and_whole_word_still_write(run: Run, people: Path, typed: str) -> None:
    result = run("log", typed, "-m", "hello")
    assert result.exit_code == 0, result.output
    assert "Logged for Hana Quispe (People/Hana Quispe.md)" in result.stdout
    assert "- 2026-11-22 note: hello" in (people / "People" / "Hana Quispe.md").read_text(
        encoding="utf-8"
    )


def test_intro_log_refuses_a_fuzzy_name_and_intro_alone_reads(run: Run, people: Path) -> None:
    refused = run("intro", "Dana Quispe", "Maria Lopez", "--log")
    assert refused.exit_code != 0 and "Did you mean Hana Quispe?" in refused.stderr
    shown = run("intro", "Dana Quispe", "Maria Lopez")
    assert shown.exit_code == 0, shown.output
    assert "showing Hana Quispe for 'Dana Quispe'" in shown.stderr


def test_show_says_which_person_a_fuzzy_name_shows(run: Run, people: Path) -> None:
    result = run("show", "Dana Quispe")
    assert result.exit_code == 0, result.output
    assert "showing Hana Quispe for 'Dana Quispe'" in result.stderr
    assert "Hana Quispe" in result.stdout
