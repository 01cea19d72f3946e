"""`--create` on the captures: the people not in the vault become new people (named as the file
shows them, else by their address), one note per person, written as an import writes them;
their contacts follow, and a second run adds nothing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.capture_rig import changed, snapshot
from vaultnet.formats.capture import Party
from vaultnet.formats.parties import Newcomers, display_name

Run = Callable[..., Result]

PAT = """\
---
email: pat@stranger.example
last_contact: 2026-11-02
---
# pat@stranger.example

## Notes

## Follow-ups

## Log
- 2026-11-02 email: Platform lead intro
"""


def test_dry_run_lists_the_new_people_and_writes_nothing(me: Path, run: Run) -> None:
    before = snapshot(me)
    result = run("import", "mail", "mail.mbox", "--create", "--dry-run")
    assert result.exit_code == 1  # the fixture's message without a date
    lines = result.output.splitlines()
    assert lines[0] == "would create People/pat@stranger.example.md"
    assert (
        "would add to People/pat@stranger.example.md: - 2026-11-02 email: Platform lead intro"
        in lines
    )
    assert lines[-1].endswith(
        "would add 5 lines to 5 notes; would create 1 person; 0 people not in your vault."
    )
    assert snapshot(me) == before


def test_create_writes_the_new_people_then_their_contacts(me: Path, run: Run) -> None:
    before = snapshot(me)
    result = run("import", "mail", "mail.mbox", "--create", "-q")
    assert "added 5 lines to 5 notes; created 1 person; 0 people not in your vault." in (
        result.output
    )
    assert changed(before, snapshot(me)) == [
        "People/Bob Smith.md",
        "People/Jane Doe.md",
        "People/Wei Zhang.md",
        "People/Zoë Müller.md",
        "People/pat@stranger.example.md",
    ]
    assert (me / "People" / "pat@stranger.example.md").read_text() == PAT
    assert (
        "Note:          People/pat@stranger.example.md"
        in run("show", "pat@stranger.example").output
    )
    after = snapshot(me)
    again = run("import", "mail", "mail.mbox", "--create", "-q")
    assert "added 0 lines to 0 notes; 0 people not in your vault." in again.output
    assert snapshot(me) == after
    shutil.rmtree(me / ".vaultnet")
    run("import", "mail", "mail.mbox", "--create")
    assert snapshot(me) == after
    # The calendar has Pat by name and the same address: the same person, no second note.
    meeting = run("import", "calendar", "calendar.ics", "--create", "-q")
    assert "created" not in meeting.output
    pat = (me / "People" / "pat@stranger.example.md").read_text()
    assert "- 2026-11-12 meeting: Intro call: Wei <> Pat ＃ask" in pat


def test_linkedin_newcomers_by_profile_and_never_by_name_alone(me: Path, run: Run) -> None:
    result = run("import", "linkedin", "messages.csv", "--create")
    assert "created People/Quinn Newperson.md" in result.output.splitlines()
    assert "created 1 person; 1 person not in your vault." in result.output
    quinn = (me / "People" / "Quinn Newperson.md").read_text()
    assert quinn.startswith("---\nlinkedin: https://www.linkedin.com/in/quinn-new\n")
    assert "- 2026-11-07 message: on LinkedIn" in quinn
    # "LinkedIn Member" comes with no profile: too little to know them again by
    assert not (me / "People" / "LinkedIn Member.md").exists()
    after = snapshot(me)
    run("import", "linkedin", "messages.csv", "--create")
    assert snapshot(me) == after


def test_without_create_nobody_is_added(me: Path, run: Run) -> None:
    before = snapshot(me)
    run("import", "mail", "mail.mbox")
    assert sorted(snapshot(me)) == sorted(before)


# One newcomer per person --------------------------------------------------------------------------


def test_display_name() -> None:
    assert display_name(Party(name="Doe, Jane", email="jd@x.example")) == "Jane Doe"
    assert display_name(Party(name=" 'Jane  Doe' ")) == "Jane Doe"
    assert display_name(Party(email="JD@X.example")) == "jd@x.example"
    assert display_name(Party(name="#team [[Bob]]")) == "＃team [ [Bob] ]"
    assert display_name(Party(linkedin="https://linkedin.com/in/x")) == ""


def test_newcomers_are_one_per_person() -> None:
    new = Newcomers()
    a = new.add(Party(email="pat@x.example"), "f:1")
    assert new.add(Party(name="Pat Stranger", email="PAT@x.example"), "f:2") == a
    assert new.add(Party(name="Pat Stranger", email="pat@home.example"), "f:3") == a
    b = new.add(Party(name="Sam Roe", linkedin="https://www.linkedin.com/in/samroe"), "f:4")
    assert new.add(Party(name="Sam R.", linkedin="https://linkedin.com/in/SamRoe/"), "f:5") == b
    namesake = new.add(Party(name="Sam Roe", linkedin="https://linkedin.com/in/other-sam"), "f:6")
    assert namesake not in (a, b)
    assert new.add(Party(name="LinkedIn Member"), "f:7") is None
    assert [(n.name, n.emails, n.linkedin, n.source) for n in new.people] == [
        ("Pat Stranger", ["pat@x.example", "pat@home.example"], "", "f:1"),
        ("Sam Roe", [], "https://www.linkedin.com/in/samroe", "f:4"),
        ("Sam Roe", [], "https://linkedin.com/in/other-sam", "f:6"),
    ]
    contact = new.people[0].contact()
    assert (contact.name, contact.values) == (
        "Pat Stranger",
        {"email": ["pat@x.example", "pat@home.example"]},
    )
