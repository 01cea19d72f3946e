"""Issue 13, item 13: a follow-up draft is not a contact; `intro` warns about a person you have
not met; a bad $VAULTNET_TODAY is reported as $VAULTNET_TODAY."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from tests.test_schedule import build, meeting, person
from vaultnet.cli import cli

Run = Callable[..., Result]


def test_a_followup_draft_saved_as_a_note_is_not_a_contact(run: Run, vault_dir: Path) -> None:
    before = run("show", "Carlos Diaz", "--json")
    result = run("prep", "Carlos Diaz", "--template", "followup", "--note")
    assert result.exit_code == 0, result.output
    written = next((vault_dir / "Meetings").glob("2026-11-22 Carlos Diaz*.md"))
    assert "\ntype: draft\n" in written.read_text(encoding="utf-8")
    after = run("show", "Carlos Diaz", "--json")
    assert after.stdout == before.stdout  # no new contact, no new history item


def test_a_draft_interaction_is_not_a_contact() -> None:
    draft = meeting("Thanks", "2026-11-20", ["Ann"])
    draft = (draft[0], draft[1].replace("date:", "type: draft\ndate:"))
    vault = build(person("Ann", last_contact="2025-01-01"), draft)
    ann = vault.people[0]
    assert ann.last_contact == date(2025, 1, 1)
    assert ann.history == []


def test_intro_warns_about_someone_you_have_not_met(run: Run, vault_dir: Path) -> None:
    note = vault_dir / "People" / "Hana Quispe.md"
    note.write_text("---\nstage: want\n---\n# Hana\n", encoding="utf-8")
    result = run("intro", "Hana Quispe", "Jane Doe")
    assert result.exit_code == 0, result.output
    assert "Warning: Hana Quispe is `stage: want`" in result.stderr
    quiet = run("intro", "Bob Smith", "Jane Doe")
    assert "Warning" not in quiet.stderr


def test_a_bad_vaultnet_today_is_named_as_such(vault_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--vault", str(vault_dir), "list"], env={"VAULTNET_TODAY": "x"})
    assert result.exit_code == 2
    assert "$VAULTNET_TODAY must be a date like 2026-11-22, not 'x'" in result.stderr
    flag = runner.invoke(cli, ["--vault", str(vault_dir), "--today", "x", "list"])
    assert "--today must be a date" in flag.stderr
