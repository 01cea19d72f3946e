"""Values at the edges of the calendar never crash a command, and `check` names them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.text.dates import MAX_DAYS, parse_duration, parse_when

Run = Callable[..., Result]


def test_durations_longer_than_a_century_are_unreadable() -> None:
    assert parse_duration("100y") == MAX_DAYS
    assert parse_duration("101y") is None
    assert parse_duration("9999y") is None
    assert parse_duration(str(MAX_DAYS + 1)) is None
    assert parse_when("99999999d ago", date(2026, 11, 22)) is None
    assert parse_when("3d ago", date(2026, 11, 22)) == date(2026, 11, 19)


def test_a_huge_cadence_is_a_check_error_not_a_crash(run: Run, vault_dir: Path) -> None:
    note = vault_dir / "People" / "Wei Zhang.md"
    note.write_text(note.read_text(encoding="utf-8").replace("---\n", "---\ncadence: 9999y\n", 1))
    check = run("check")
    assert check.exit_code == 1
    assert "People/Wei Zhang.md:2: unknown cadence '9999y'" in check.stdout
    listed = run("list", "--due")
    assert listed.exit_code == 0
    assert run("digest", "--stdout").exit_code == 0


def test_a_future_last_contact_is_a_warning_and_not_a_contact(run: Run, vault_dir: Path) -> None:
    note = vault_dir / "People" / "Wei Zhang.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("---\n", "---\nlast_contact: 9999-12-31\n", 1)
    )
    check = run("check")
    assert (
        "People/Wei Zhang.md:2: warning: last_contact 9999-12-31 is in the future; not counted"
        in check.stdout
    )
    shown = run("show", "Wei Zhang", "--json")
    assert shown.exit_code == 0
    assert '"last_contact": "2026-04-14"' in shown.stdout  # from the guild meetup note
    assert run("digest", "--stdout").exit_code == 0


def test_a_huge_cadence_in_config_names_the_key(run: Run, vault_dir: Path) -> None:
    config = vault_dir / "vaultnet.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"90d"', '"9999y"', 1))
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "[cadence] core must be a duration" in result.stderr


def test_init_uses_the_vault_option(tmp_path: Path) -> None:
    target = tmp_path / "network"
    result = CliRunner().invoke(cli, ["--vault", str(target), "init"])
    assert result.exit_code == 0, result.output
    assert (target / "People").is_dir()
    assert (target / "vaultnet.toml").is_file()


def test_a_meeting_task_naming_one_person_is_only_theirs(vault_dir: Path) -> None:
    from vaultnet.network.vault import Vault

    vault = Vault.open(vault_dir, date(2026, 11, 22))
    task_text = "Send Leo the usability-study volunteer contacts"

    def tasks_of(name: str) -> list[str]:
        return [t.text for t, _ in vault.find(name).open_tasks()]

    assert task_text in tasks_of("Leo Martins")
    for other in ("Jane Doe", "Bob Smith", "Marcus Webb"):
        assert task_text not in tasks_of(other)


def test_digits_that_are_not_ascii_are_not_a_cadence() -> None:
    assert parse_duration("²") is None  # str.isdigit() says yes; int() says no
    assert parse_duration("١٢") is None
    assert parse_duration("12") == 12
