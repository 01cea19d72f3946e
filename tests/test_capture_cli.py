"""`vaultnet import calendar|mail|linkedin` on the sample vault: what is written (log lines, as
`log` writes them), that it counts as a contact, that a second import changes nothing (also
without the cache), that no message text reaches the vault, and bad input."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.capture_rig import FIXTURES, changed, snapshot

Run = Callable[..., Result]


CALENDAR_DRY_RUN = """\
would add to People/Bob Smith.md: - 2026-09-15 meeting: Weekly data sync
would add to People/Bob Smith.md: - 2026-09-22 meeting: Weekly data sync
would add to People/Bob Smith.md: - 2026-09-29 meeting: Weekly data sync
would add to People/Bob Smith.md: - 2026-10-06 meeting: Weekly data sync
would add to People/Bob Smith.md: - 2026-10-13 meeting: Weekly data sync
would add to People/Bob Smith.md: - 2026-10-20 meeting: Weekly data sync
would add to People/Bob Smith.md: - 2026-11-03 meeting: Weekly data sync
would add to People/Bob Smith.md: - 2026-11-17 meeting: Weekly data sync
would add to People/Jane Doe.md: - 2026-11-02 meeting: Dinner with Jane
would add to People/Sofia Rossi.md: - 2026-11-14 meeting: Design systems chat
would add to People/Wei Zhang.md: - 2026-11-12 meeting: Intro call: Wei <> Pat ＃ask
not in your vault: pat@stranger.example (1)
Dry run, nothing written. calendar.ics: 18 events read; 11 recorded, 2 already recorded that \
day, 1 cancelled, 1 declined, 1 in the future, 1 without anyone else, 1 you are not in it; would \
add 11 lines to 4 notes; 1 person not in your vault.
"""


def test_calendar_dry_run_shows_every_line_and_writes_nothing(me: Path, run: Run) -> None:
    before = snapshot(me)
    result = run("import", "calendar", "calendar.ics", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output == CALENDAR_DRY_RUN
    assert snapshot(me) == before


def test_calendar_writes_log_lines_as_log_does(me: Path, run: Run) -> None:
    before = snapshot(me)
    result = run("import", "calendar", "calendar.ics")
    assert result.exit_code == 0, result.output
    assert result.output == CALENDAR_DRY_RUN.replace("would add", "added").replace(
        "Dry run, nothing written. ", ""
    ).replace("not in your vault: pat@stranger.example (1)\n", "")
    assert changed(before, snapshot(me)) == [
        "People/Bob Smith.md",
        "People/Jane Doe.md",
        "People/Sofia Rossi.md",
        "People/Wei Zhang.md",
    ]
    wei = (me / "People" / "Wei Zhang.md").read_text()
    assert wei == (
        "---\ncompany: Brightline Cloud\nlast_contact: 2026-11-12\n---\n# Wei Zhang\n\n"
        "## Log\n- 2026-11-12 meeting: Intro call: Wei <> Pat ＃ask\n"
    )
    jane = (me / "People" / "Jane Doe.md").read_text()
    old = (FIXTURES.parent.parent.parent / "sample-vault" / "People" / "Jane Doe.md").read_text()
    # only the new line and last_contact changed, newest first as the log runs
    assert jane == old.replace("last_contact: 2026-09-14", "last_contact: 2026-11-02").replace(
        "## Log\n", "## Log\n- 2026-11-02 meeting: Dinner with Jane\n"
    )


def test_a_captured_meeting_is_a_contact(me: Path, run: Run) -> None:
    due = run("digest", "--stdout").output
    assert "[[Jane Doe]]: 50 days since last contact" in due
    assert run("import", "calendar", "calendar.ics").exit_code == 0
    shown = run("show", "Jane Doe").output
    assert "2026-11-02 meeting: Dinner with Jane" in shown
    assert "Last contact:  2026-11-02" in shown
    due = run("digest", "--stdout").output
    assert "[[Jane Doe]]: 50 days since last contact" not in due  # 20 days, cadence 30d


@pytest.mark.parametrize(
    "args",
    [
        ("calendar", "calendar.ics"),
        ("calendar", "calendar.ics", "--since", "2026-11-01"),
        ("mail", "mail.mbox"),
        ("mail", "Maildir"),
        ("linkedin", "messages.csv"),
    ],
)
def test_a_second_import_changes_nothing_even_without_the_cache(
    me: Path, run: Run, args: tuple[str, ...]
) -> None:
    run("import", *args)
    after_first = snapshot(me)
    again = run("import", *args)
    assert " 0 recorded" in again.output and "added 0 lines to 0 notes" in again.output
    assert snapshot(me) == after_first
    shutil.rmtree(me / ".vaultnet")
    run("import", *args)
    assert snapshot(me) == after_first


def test_mail_both_directions_once_per_person_and_day(me: Path, run: Run) -> None:
    result = run("import", "mail", "mail.mbox")
    assert result.exit_code == 1  # one message had no readable date
    assert result.output.splitlines()[:4] == [
        "added to People/Bob Smith.md: - 2026-11-02 email: Platform lead intro",
        "added to People/Jane Doe.md: - 2026-11-02 email: Platform lead intro",
        "added to People/Wei Zhang.md: - 2026-11-06 email: Catching up ☕",
        "added to People/Zoë Müller.md: - 2026-11-04 email: Café next week",
    ]
    assert "mail.mbox:72: skipped: no readable Date header" in result.output
    assert result.output.endswith(
        "mail.mbox: 11 messages read; 3 recorded, 2 already recorded that day, 1 a copy of an "
        "earlier one, 1 from a mailing list, 2 from an automated sender, 1 unreadable, 1 you are "
        "not in it; added 4 lines to 4 notes; 1 person not in your vault.\n"
    )
    jane = (me / "People" / "Jane Doe.md").read_text()
    assert jane.count("2026-11-02 email:") == 1  # three mails that day, either way: one line


def test_maildir(me: Path, run: Run) -> None:
    result = run("import", "mail", "Maildir", "-q")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Maildir: 3 messages read; 2 recorded, 1 from a mailing list; added 3 lines to 2 notes; "
        "0 people not in your vault.\n"
    )
    kat = (me / "People" / "Katherine Lindqvist.md").read_text()
    assert "- 2026-11-12 email: Re: Informational interview follow-up" in kat
    assert "- 2026-11-10 email: Informational interview follow-up" in kat


def test_no_message_text_reaches_the_vault(me: Path, run: Run) -> None:
    for args in (
        ("mail", "mail.mbox"),
        ("mail", "Maildir"),
        ("linkedin", "messages.csv"),
        ("linkedin", "Invitations.csv", "--create"),
        ("calendar", "calendar.ics"),
    ):
        run("import", *args)
    written = b"".join(snapshot(me).values())
    assert b"SECRET" not in written
    assert b"- 2026-11-09 message: on LinkedIn" in written
    for cached in (me / ".vaultnet").rglob("*"):
        if cached.is_file():
            assert b"SECRET" not in cached.read_bytes()


def test_linkedin_export_zip_connections_then_messages(me: Path, run: Run) -> None:
    here = Path.cwd()
    archive = here / "Basic_LinkedInDataExport_11-22-2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(here / "messages.csv", "messages.csv")
        z.write(here / "Connections.csv", "Connections.csv")
        z.writestr("Profile.csv", "First Name,Last Name\nMe,Myself\n")
    result = run("import", "linkedin", archive.name, "-q")
    lines = result.output.splitlines()
    assert any(
        line.startswith(f"{archive.name}/Connections.csv: 9 contacts read") for line in lines
    )
    assert any(line.startswith(f"{archive.name}/messages.csv: 8 messages read") for line in lines)
    assert "Ada Lovelace.md" in str(sorted(snapshot(me)))
    kat = (me / "People" / "Katherine Lindqvist.md").read_text()
    assert "- 2026-11-08 message: on LinkedIn (Informational interview)" in kat


def test_me_missing_is_a_clear_error(
    vault_dir: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    before = snapshot(vault_dir)
    result = run("import", "mail", "mail.mbox")
    assert result.exit_code == 2
    assert result.output == (
        "Error: import mail needs your own addresses, to tell your mail from the rest: add them "
        'to vaultnet.toml as [me] emails = ["you@example.com"]\n'
    )
    result = run("import", "linkedin", "messages.csv")
    assert result.exit_code == 2
    assert "[me] linkedin" in result.output
    assert snapshot(vault_dir) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("calendar", "mail.mbox"), "Error: mail.mbox: not a readable iCalendar file"),
        (("mail", "calendar.ics"), "Error: calendar.ics: not an mbox file"),
        (("calendar", "calendar.ics", "--since", "soon"), "Error: --since must be a date"),
        (
            ("linkedin", "Maildir"),
            "Error: Maildir: no Connections.csv, Invitations.csv or messages.csv in it",
        ),
    ],
)
def test_bad_input_is_one_line(me: Path, run: Run, args: tuple[str, ...], message: str) -> None:
    before = snapshot(me)
    result = run("import", *args)
    assert result.exit_code in (1, 2)
    assert result.output.startswith(message)
    assert "Traceback" not in result.output
    assert snapshot(me) == before


def test_a_cut_short_mbox_records_the_rest(me: Path, run: Run) -> None:
    result = run("import", "mail", "truncated.mbox", "-q")
    assert result.exit_code == 1
    assert "truncated.mbox:100: skipped: the file ends in its headers (cut short?)" in result.output
    assert "3 recorded" in result.output


def test_a_note_that_cannot_be_edited_is_reported_and_the_rest_written(me: Path, run: Run) -> None:
    bob = me / "People" / "Bob Smith.md"
    bob.write_text(bob.read_text().replace("circle: core", "circle: [core"), encoding="utf-8")
    result = run("import", "calendar", "calendar.ics", "-q")
    assert result.exit_code == 1
    assert "People/Bob Smith.md:1: not written:" in result.output
    assert "added 3 lines to 3 notes, 1 note not written" in result.output
    assert "Weekly data sync" not in bob.read_text()
    assert "Dinner with Jane" in (me / "People" / "Jane Doe.md").read_text()


@pytest.mark.parametrize("name", ["calendar", "mail", "linkedin"])
def test_capture_commands_have_help(run: Run, name: str) -> None:
    result = run("import", name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize(
    ("mailbox", "shown"),
    [("Maildir", "Reading (messages)  3/3  100%"), ("mail.mbox", "Reading (MB)  1/1  100%")],
)
def test_progress_on_a_terminal_only(
    me: Path, run: Run, monkeypatch: pytest.MonkeyPatch, mailbox: str, shown: str
) -> None:
    import vaultnet.cli.capture as capture

    quiet = run("import", "mail", mailbox, "-n")
    assert "Reading" not in quiet.stderr
    monkeypatch.setattr(capture, "_stderr_is_terminal", lambda: True)
    shown_run = run("import", "mail", mailbox, "-n")
    assert f"\r{shown}" in shown_run.stderr
    assert shown_run.stdout == quiet.stdout  # progress never reaches stdout
