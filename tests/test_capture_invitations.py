"""LinkedIn's Invitations.csv: a pending invitation, sent or received, sets `stage: pending` on
a known person who has no stage (or `want`) and is not a connection; accepted ones (in the
export's Connections.csv, or `connected:` in the note) and other stages are left alone; with
`--create`, new people come with `stage: pending`. Alone, in an export folder and in the zip."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.capture_rig import FIXTURES, changed, snapshot
from vaultnet.formats.capture import Me, Skipped
from vaultnet.formats.linkedin_export import open_export
from vaultnet.formats.linkedin_invitations import Invitation, read_invitations
from vaultnet.formats.source import BadImportFile, read_source

Run = Callable[..., Result]
ME = Me.of([], "https://www.linkedin.com/in/me-myself")


def test_the_reader_takes_the_other_person_and_never_the_message() -> None:
    items = list(read_invitations(read_source(FIXTURES / "Invitations.csv"), ME))
    read = [
        (i.party.name, i.party.linkedin, i.outgoing) for i in items if isinstance(i, Invitation)
    ]
    assert read[:2] == [
        ("Katherine Lindqvist", "https://www.linkedin.com/in/KatLindqvist", True),
        ("Lena Fischer", "https://www.linkedin.com/in/lena-fischer", False),
    ]
    assert len(read) == 7
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(s.line, s.detail) for s in skipped] == [
        (8, "no Direction (INCOMING or OUTGOING): 'SIDEWAYS'")
    ]
    assert "SECRET" not in repr(items)


def test_not_an_invitations_file() -> None:
    with pytest.raises(BadImportFile, match="no LinkedIn invitations header"):
        list(read_invitations(read_source(FIXTURES / "messages.csv"), ME))
    assert open_export(FIXTURES / "Invitations.csv").invitations is not None


DRY_RUN = """\
would set stage: pending in People/Katherine Lindqvist.md
would set stage: pending in People/Lena Fischer.md
would set stage: pending in People/Rachel Kim.md
Dry run, nothing written. Invitations.csv: 8 invitations read; 3 set to pending, 1 already \
pending, 1 already connected, 2 with people not in your vault, 1 unreadable; would set stage: \
pending in 3 notes; 2 people not in your vault.
"""


def test_one_file(me: Path, run: Run) -> None:
    before = snapshot(me)
    dry = run("import", "linkedin", "Invitations.csv", "--dry-run")
    assert dry.stdout == DRY_RUN
    assert (
        dry.stderr
        == "Invitations.csv:8: skipped: no Direction (INCOMING or OUTGOING): 'SIDEWAYS'\n"
    )
    assert dry.exit_code == 1
    assert snapshot(me) == before
    run("import", "linkedin", "Invitations.csv")
    assert changed(before, snapshot(me)) == [
        "People/Katherine Lindqvist.md",
        "People/Lena Fischer.md",
        "People/Rachel Kim.md",
    ]
    lena = (me / "People" / "Lena Fischer.md").read_text()
    sample = FIXTURES.parent.parent.parent / "sample-vault" / "People" / "Lena Fischer.md"
    assert lena == sample.read_text().replace("stage: want", "stage: pending")  # only that line
    kat = (me / "People" / "Katherine Lindqvist.md").read_text()
    assert "\nstage: pending\n" in kat
    after = snapshot(me)
    again = run("import", "linkedin", "Invitations.csv")
    assert "0 set to pending" not in again.stdout and "4 already pending" in again.stdout
    assert snapshot(me) == after
    assert b"SECRET" not in b"".join(after.values())


def _export(here: Path) -> Path:
    folder = here / "Basic_LinkedInDataExport_11-22-2026"
    folder.mkdir()
    for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
        shutil.copy(here / name, folder / name)
    (folder / "Profile.csv").write_text("First Name,Last Name\nMe,Myself\n")
    return folder


@pytest.mark.parametrize("as_zip", [False, True])
def test_an_export_folder_or_zip_knows_who_accepted(me: Path, run: Run, as_zip: bool) -> None:
    target = _export(Path.cwd())
    if as_zip:
        archive = target.with_suffix(".zip")
        with zipfile.ZipFile(archive, "w") as z:
            for file in sorted(target.iterdir()):
                z.write(file, f"{target.name}/{file.name}")
        shutil.rmtree(target)
        target = archive
    result = run("import", "linkedin", target.name, "-q")
    summary = [line for line in result.stdout.splitlines() if "invitations read" in line]
    # Katherine and Ada are in Connections.csv: their invitations were accepted
    inside = f"{target.name}/{target.stem}" if as_zip else target.name  # the zip holds the folder
    assert summary == [
        f"{inside}/Invitations.csv: 8 invitations read; 2 set to pending, 1 already pending, 3 "
        "already connected, 1 with people not in your vault, 1 unreadable; set stage: pending "
        "in 2 notes; 1 person not in your vault."
    ]
    assert "stage: pending" not in (me / "People" / "Katherine Lindqvist.md").read_text()
    assert "\nstage: pending\n" in (me / "People" / "Rachel Kim.md").read_text()


def test_create_adds_the_people_invited_as_pending(me: Path, run: Run) -> None:
    result = run("import", "linkedin", "Invitations.csv", "--create")
    assert "created People/Quinn Newperson.md (stage: pending)" in result.stdout.splitlines()
    quinn = (me / "People" / "Quinn Newperson.md").read_text()
    assert quinn.startswith(
        "---\nlinkedin: https://www.linkedin.com/in/quinn-new\nstage: pending\n---\n"
    )
    # Ada has no note and no Connections.csv says she accepted: created too
    assert (me / "People" / "Ada Lovelace.md").exists()
    after = snapshot(me)
    again = run("import", "linkedin", "Invitations.csv", "--create")
    assert "created" not in again.stdout.replace("would create", "")
    assert snapshot(me) == after
