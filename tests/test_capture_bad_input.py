"""Bad input, as issue 18 lists it, each a clear line or a skipped item counted in the summary,
never a traceback and never a partial note: a truncated mbox, broken headers, an unknown
charset, a bad time zone, a recurrence that never ends, a zip with other files, a password or a
damaged member. (The readers' own tests are in test_capture_readers.py: the cut-short mbox, the
unknown charset, the never-ending recurrence, the unknown TZID, the password flag.)"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.capture_rig import changed, snapshot

Run = Callable[..., Result]


def test_broken_headers_are_skipped_and_the_rest_recorded(me: Path, run: Run) -> None:
    before = snapshot(me)
    result = run("import", "mail", "broken_headers.mbox")
    assert result.exit_code == 1
    assert result.stderr == (
        "broken_headers.mbox:1: skipped: no sender address in From\n"
        # Date: ... +2500 is no time zone
        "broken_headers.mbox:9: skipped: no readable Date header\n"
    )
    # binary junk and a line without a colon among the headers are passed over; an encoded
    # word that does not decode is kept as written
    assert result.stdout == (
        "added to People/Jane Doe.md: - 2026-11-03 email: =?utf-8?b?!!!notbase64?=\n"
        "broken_headers.mbox: 3 messages read; 1 recorded, 2 unreadable; added 1 line to 1 note; "
        "0 people not in your vault.\n"
    )
    assert changed(before, snapshot(me)) == ["People/Jane Doe.md"]


def test_a_bad_time_zone_definition_or_time(me: Path, run: Run) -> None:
    result = run("import", "calendar", "bad_zones.ics", "-q")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bad_zones.ics:3: skipped: time zone definitions left out (Expected time, got: garbage); "
        "events read in the zone they name",
        "bad_zones.ics:26: skipped: cannot read this event: Cannot access 'dt' on broken "
        "property 'DTSTART' (expected 'vDDDTypes'): Wrong datetime format: 20261103T250000Z",
    ]
    assert result.stdout == (
        "bad_zones.ics: 4 events read; 2 recorded, 2 unreadable; added 2 lines to 1 note; 0 "
        "people not in your vault.\n"
    )
    jane = (me / "People" / "Jane Doe.md").read_text()
    assert "- 2026-11-01 meeting: Broken zone\n" in jane  # in Broken/Zone, read as written
    assert "- 2026-11-02 meeting: Unknown zone\n" in jane


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _password_flag(path: Path) -> None:
    # The "encrypted" bit an encrypting zip tool sets, in both headers (zipfile cannot encrypt).
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + offset] |= 0x1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            "password",
            "Error: export.zip/Connections.csv: the zip is password-protected; unzip it "
            "yourself and import the folder\n",
        ),
        (
            "crc",
            "Error: export.zip/messages.csv: cannot be unzipped (Bad CRC-32 for file "
            "'messages.csv')\n",
        ),
        (
            "other files",
            "Error: export.zip: no Connections.csv, Invitations.csv or messages.csv "
            "in it; is it a LinkedIn data export?\n",
        ),
        ("not a zip", "Error: export.zip: no LinkedIn header found"),
    ],
)
def test_a_zip_that_cannot_be_read_is_one_line_and_nothing_written(
    me: Path, run: Run, damage: str, message: str
) -> None:
    archive = Path.cwd() / "export.zip"
    messages = (Path.cwd() / "messages.csv").read_bytes()
    if damage == "other files":
        _zip(archive, {"Profile.csv": b"First Name\nMe\n", "photos/me.jpg": b"\xff\xd8"})
    elif damage == "not a zip":
        archive.write_bytes(b"PK\x03\x04 but nothing a zip holds")
    else:
        _zip(
            archive,
            {
                "Connections.csv": (Path.cwd() / "Connections.csv").read_bytes(),
                "messages.csv": messages,
            },
        )
        if damage == "password":
            _password_flag(archive)
        else:
            data = bytearray(archive.read_bytes())
            at = data.index(b"SECRET-LI-TEXT-1")  # the member is stored, not compressed
            data[at] ^= 0xFF
            archive.write_bytes(bytes(data))
    before = snapshot(me)
    result = run("import", "linkedin", "export.zip")
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert "Traceback" not in result.output
    # the export is read whole before anything is written: not even its Connections.csv
    assert snapshot(me) == before


def test_a_zip_with_the_export_and_other_files_reads_only_the_export(me: Path, run: Run) -> None:
    here = Path.cwd()
    _zip(
        here / "export.zip",
        {
            "Basic/Connections.csv": (here / "Connections.csv").read_bytes(),
            "Basic/messages.csv": (here / "messages.csv").read_bytes(),
            "Basic/Profile.csv": b"First Name,Last Name\nMe,Myself\n",
            "Basic/Rich Media/photo.jpg": b"\xff\xd8\xff",
            "Basic/Jobs/Job Applications.csv": b"Application Date\n",
        },
    )
    result = run("import", "linkedin", "export.zip", "-q")
    assert result.exit_code == 1  # messages.csv's row without a date
    summaries = [line.split(":")[0] for line in result.stdout.splitlines() if " read; " in line]
    assert summaries == ["export.zip/Basic/Connections.csv", "export.zip/Basic/messages.csv"]
