"""The capture readers on fixture files: a calendar export (recurrences, time zones, declined and
cancelled events), an mbox and a Maildir (both directions, lists, CC, broken headers, a cut-short
file), and LinkedIn's messages.csv, alone, in an export folder and in the zip."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from vaultnet.formats.calendar import read_calendar
from vaultnet.formats.capture import Captured, Me, MeNotConfigured, Skip, Skipped, one_line
from vaultnet.formats.linkedin_export import open_export
from vaultnet.formats.linkedin_messages import read_linkedin_messages
from vaultnet.formats.mail import decode_words, header_fields, read_mail
from vaultnet.formats.source import BadImportFile, read_source

FIXTURES = Path(__file__).parent / "fixtures" / "capture"
TODAY = date(2026, 11, 22)
ME = Me.of(["Me@Mine.example"], "https://linkedin.com/in/me-myself/")


def _captured(items: list[Captured | Skipped]) -> list[Captured]:
    return [i for i in items if isinstance(i, Captured)]


def _reasons(items: list[Captured | Skipped]) -> Counter[Skip]:
    return Counter(i.reason for i in items if isinstance(i, Skipped))


def _calendar(since: date | None = None) -> list[Captured | Skipped]:
    path = FIXTURES / "calendar.ics"
    return list(read_calendar("calendar.ics", path.read_bytes(), ME, TODAY, since))


# Calendar ----------------------------------------------------------------------------------------


def test_calendar_meetings_until_today_with_who_was_there() -> None:
    met = [
        (c.day.isoformat(), c.text, [p.email for p in c.parties]) for c in _captured(_calendar())
    ]
    bob = ["bob.smith@summitdata.example"]
    assert met == [
        # 02:30 UTC on Nov 3 is the evening of Nov 2 in X-WR-TIMEZONE America/Denver; the room
        # (CUTYPE=RESOURCE) is nobody
        ("2026-11-02", "Dinner with Jane", ["jane@acme.example"]),
        # weekly on Tuesdays from Sep 15, Oct 27 excluded, Nov 10 moved to the afternoon
        ("2026-09-15", "Weekly data sync", bob),
        ("2026-09-22", "Weekly data sync", bob),
        ("2026-09-29", "Weekly data sync", bob),
        ("2026-10-06", "Weekly data sync", bob),
        ("2026-10-13", "Weekly data sync", bob),
        ("2026-10-20", "Weekly data sync", bob),
        ("2026-11-03", "Weekly data sync", bob),
        ("2026-11-10", "Weekly data sync (moved)", bob),
        ("2026-11-17", "Weekly data sync", bob),
        # Tom declined: he was not there; `#ask` in a title must not count as an ask
        (
            "2026-11-12",
            "Intro call: Wei <> Pat ＃ask",
            ["wzhang@personal.example", "pat@stranger.example"],
        ),
        # an unknown TZID: the time as written
        ("2026-11-14", "Design systems chat", ["sofia.rossi@lumenhealth.example"]),
        ("2025-03-10", "Alumni spring mixer", ["tom.nguyen@granite.example"]),
    ]
    assert _captured(_calendar())[10].parties[0].name == "Wei Zhang"


def test_calendar_accounts_for_every_event_that_is_not_a_meeting() -> None:
    items = _calendar()
    assert _reasons(items) == {
        Skip.DECLINED: 1,
        Skip.CANCELLED: 1,
        Skip.NO_ONE_ELSE: 1,  # the all-day hike
        Skip.FUTURE: 1,
        Skip.NOT_MINE: 1,
    }
    declined = next(i for i in items if isinstance(i, Skipped) and i.reason is Skip.DECLINED)
    text = (FIXTURES / "calendar.ics").read_text().splitlines()
    assert text[declined.line - 1] == "BEGIN:VEVENT"
    assert "UID:declined-nina" in text[declined.line + 4]


def test_calendar_since_drops_what_came_before() -> None:
    items = _calendar(since=date(2026, 11, 1))
    days = sorted({c.day.isoformat() for c in _captured(items)})
    assert days == [
        "2026-11-02",
        "2026-11-03",
        "2026-11-10",
        "2026-11-12",
        "2026-11-14",
        "2026-11-17",
    ]
    assert _reasons(items)[Skip.BEFORE_SINCE] == 1  # the 2025 mixer


def test_a_recurrence_that_never_ends_stops_at_today() -> None:
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:daily\r\n"
        b"DTSTART:20261101T090000Z\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Standup\r\n"
        b"ORGANIZER:mailto:me@mine.example\r\nATTENDEE;CN=Jane Doe:mailto:jane@acme.example\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    items = list(read_calendar("x.ics", ics, ME, TODAY))
    assert len(_captured(items)) == 22
    assert max(c.day for c in _captured(items)) == TODAY


def test_a_series_with_a_bad_rule_is_one_unreadable_item_and_the_rest_is_read() -> None:
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:bad\r\n"
        b"DTSTART:20261101T090000Z\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:Odd\r\n"
        b"ORGANIZER:mailto:me@mine.example\r\nATTENDEE:mailto:jane@acme.example\r\n"
        b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:good\r\nDTSTART:20261102T090000Z\r\n"
        b"SUMMARY:Fine\r\nORGANIZER:mailto:me@mine.example\r\nATTENDEE:mailto:jane@acme.example\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    items = list(read_calendar("x.ics", ics, ME, TODAY))
    assert [c.text for c in _captured(items)] == ["Fine"]
    bad = [i for i in items if isinstance(i, Skipped)]
    assert [(b.line, b.reason) for b in bad] == [(3, Skip.UNREADABLE)]
    assert bad[0].detail


@pytest.mark.parametrize("data", [b"", b"hello, not a calendar", b"BEGIN:VCALENDAR\r\nBEGIN:"])
def test_not_a_calendar_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(BadImportFile, match=r"^x\.ics: "):
        list(read_calendar("x.ics", data, ME, TODAY))


# Mail --------------------------------------------------------------------------------------------


def test_mbox_both_directions_cc_and_what_is_not_a_contact() -> None:
    items = list(read_mail(FIXTURES / "mail.mbox", ME))
    emails = [(c.day.isoformat(), c.text, [p.email for p in c.parties]) for c in _captured(items)]
    assert emails == [
        # sent: everyone in To and Cc, me left out
        (
            "2026-11-02",
            "Platform lead intro",
            ["jane@acme.example", "bob.smith@summitdata.example", "pat@stranger.example"],
        ),
        ("2026-11-02", "Re: Platform lead intro", ["jane@acme.example"]),  # received
        # an unknown charset reads as Latin-1; encoded names and To in capitals
        ("2026-11-04", "Café next week", ["zoe@muller-design.example"]),
        ("2026-11-06", "Catching up ☕", ["wei.personal@example.net"]),  # 23:30 in -0700
        ("2026-11-02", "One more thing", ["jane@acme.example"]),
    ]
    assert [p.name for p in _captured(items)[0].parties] == ["Jane Doe", "Smith, Bob", ""]
    assert _captured(items)[2].parties[0].name == "Zoë Müller"
    assert _reasons(items) == {
        Skip.MAILING_LIST: 1,
        Skip.AUTOMATED: 2,  # no-reply@, Precedence: bulk
        Skip.COPY: 1,  # the same Message-ID again
        Skip.UNREADABLE: 1,  # `Date: not a date`
        Skip.NOT_MINE: 1,
    }
    unreadable = next(i for i in items if isinstance(i, Skipped) and i.reason is Skip.UNREADABLE)
    assert (unreadable.line, unreadable.detail) == (72, "no readable Date header")


def test_an_unescaped_from_in_a_body_is_not_a_message() -> None:
    # the second message's body has "From what I hear..." after a blank line
    items = list(read_mail(FIXTURES / "mail.mbox", ME))
    assert len(items) == 11
    assert [getattr(i, "line", None) or int(i.source.rsplit(":", 1)[1]) for i in items][:3] == [
        1,
        14,
        25,
    ]


def test_a_cut_short_mbox_reads_what_is_there() -> None:
    items = list(read_mail(FIXTURES / "truncated.mbox", ME))
    assert len(_captured(items)) == 4
    last = items[-1]
    assert isinstance(last, Skipped) and last.reason is Skip.UNREADABLE
    assert last.detail == "the file ends in its headers (cut short?)"


def test_maildir_with_subfolders() -> None:
    items = list(read_mail(FIXTURES / "Maildir", ME))
    emails = [(c.text, [p.email for p in c.parties]) for c in _captured(items)]
    assert emails == [
        ("Informational interview follow-up", ["kat@northwind.example"]),  # via Delivered-To
        (
            "Re: Informational interview follow-up",
            ["kat@northwind.example", "omar@unknown.example"],
        ),
    ]
    assert _reasons(items) == {Skip.MAILING_LIST: 1}
    assert _captured(items)[0].source.endswith("laptop!2,S:1")


def test_no_body_text_is_read() -> None:
    for path in ("mail.mbox", "Maildir", "calendar.ics"):
        items = _calendar() if path.endswith(".ics") else list(read_mail(FIXTURES / path, ME))
        assert "SECRET" not in repr(items)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"Subject: hi\n\nbody\n", "not an mbox file")],
)
def test_not_an_mbox_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.mbox"
    path.write_bytes(content)
    with pytest.raises(BadImportFile, match=message):
        list(read_mail(path, ME))


def test_a_folder_that_is_no_maildir(tmp_path: Path) -> None:
    with pytest.raises(BadImportFile, match="not a Maildir"):
        list(read_mail(tmp_path, ME))


def test_header_fields_unfold_and_keep_the_first() -> None:
    fields = header_fields(
        [
            b"Subject: a long\r\n",
            b"\tsubject\r\n",
            b"X-Other: x\r\n",
            b" continued\r\n",
            b"Subject: second\r\n",
            b"garbage line\r\n",
            b"To: a@b.c\r\n",
        ]
    )
    assert fields == {"subject": "a long subject", "to": "a@b.c"}


def test_decode_words() -> None:
    assert decode_words("=?utf-8?q?Gr=C3=BC=C3=9Fe?= aus Berlin") == "Grüße aus Berlin"
    assert decode_words("plain") == "plain"
    assert decode_words("=?bogus-8?q?Caf=E9?=") == "Café"


# LinkedIn ----------------------------------------------------------------------------------------


def test_linkedin_messages_both_directions_and_no_content() -> None:
    items = list(read_linkedin_messages(read_source(FIXTURES / "messages.csv"), ME))
    found = [
        (c.day.isoformat(), c.text, [(p.name, p.linkedin) for p in c.parties])
        for c in _captured(items)
    ]
    assert found[:3] == [
        ("2026-11-09", "on LinkedIn", [("Jane Doe", "https://www.linkedin.com/in/janedoe")]),
        ("2026-11-09", "on LinkedIn", [("Jane Doe", "https://www.linkedin.com/in/janedoe")]),
        (
            "2026-11-08",
            "on LinkedIn (Informational interview)",
            [("Katherine Lindqvist", "https://www.linkedin.com/in/KatLindqvist/")],
        ),
    ]
    assert [p.name for p in _captured(items)[3].parties] == [
        "Marcus Webb",
        "Wei Zhang",
        "Quinn Newperson",
    ]
    assert _reasons(items) == {Skip.DRAFT: 1, Skip.UNREADABLE: 1, Skip.NOT_MINE: 1}
    assert "SECRET" not in repr(items)


def test_linkedin_export_folder_and_zip(tmp_path: Path) -> None:
    folder = tmp_path / "Basic_LinkedInDataExport_11-22-2026"
    folder.mkdir()
    shutil.copy(FIXTURES / "messages.csv", folder / "messages.csv")
    shutil.copy(FIXTURES.parent / "linkedin_connections.csv", folder / "Connections.csv")
    (folder / "Profile.csv").write_text("First Name,Last Name\nMe,Myself\n")
    export = open_export(folder)
    assert export.messages is not None and export.connections is not None
    assert export.other == ["Profile.csv"]
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted(folder.iterdir()):
            z.write(file, file.name)
    zipped = open_export(archive)
    assert zipped.messages is not None and zipped.connections is not None
    assert zipped.messages.text == export.messages.text
    assert zipped.messages.name == f"{archive}/messages.csv"
    assert open_export(folder / "messages.csv").connections is None
    assert open_export(folder / "Connections.csv").messages is None


def test_a_password_zip_and_a_zip_without_linkedin_files(tmp_path: Path) -> None:
    locked = tmp_path / "locked.zip"
    with zipfile.ZipFile(locked, "w") as z:
        z.writestr("messages.csv", b"garbled")
    # Set the "encrypted" flag an encrypting zip tool sets, in both headers (zipfile cannot).
    data = bytearray(locked.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + offset] |= 0x1
    locked.write_bytes(bytes(data))
    with pytest.raises(BadImportFile, match="password-protected"):
        open_export(locked)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("photo.jpg", b"\xff\xd8")
    with pytest.raises(
        BadImportFile, match=r"no Connections\.csv, Invitations\.csv or messages\.csv"
    ):
        open_export(other)


def test_not_a_messages_file() -> None:
    source = read_source(FIXTURES.parent / "google_contacts.csv")
    with pytest.raises(BadImportFile, match="no LinkedIn messages header"):
        list(read_linkedin_messages(source, ME))


# Me, and text --------------------------------------------------------------------------------------


def test_me_must_be_configured() -> None:
    with pytest.raises(MeNotConfigured, match=r"\[me\] emails"):
        Me.of([]).require_emails("import mail")
    with pytest.raises(MeNotConfigured, match=r"\[me\] linkedin"):
        Me.of(["a@b.c"]).require_linkedin("import linkedin")
    assert ME.is_my_profile("https://www.linkedin.com/in/ME-MYSELF")
    assert not ME.is_my_profile("")


def test_one_line_cannot_tag_or_link() -> None:
    assert one_line("Re:  #give\n back [[Jane]] #12") == "Re: ＃give back [ [Jane] ] #12"


@pytest.mark.parametrize(
    "value",
    [
        "Jane Doe <jane@acme.example>",
        '"Smith, Bob" <Bob.Smith@summitdata.example>, pat@stranger.example',
        "undisclosed-recipients:;",
        "=?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@muller-design.example>",
        "a@b.c (Comment Name)",
        '"Quote \\" inside" <q@x.y>',
        "Group: a@b.c, d@e.f;",
        "broken <no at sign>",
        "<just@brackets.example>",
        "a-very-long-list@example.com,\n another@example.com",
    ],
)
def test_the_fast_address_reader_agrees_with_the_email_package(value: str) -> None:
    from email.utils import getaddresses

    from vaultnet.formats.mail import _pairs

    def with_at(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, address) for name, address in pairs if "@" in address]

    assert with_at(_pairs(value)) == with_at(getaddresses([value]))


def test_hostile_input_is_skipped_never_raised(tmp_path: Path) -> None:
    # Found by mutating the fixtures: a broken DTSTART, an undecodable charset name, a profile
    # URL Python's URL parser refuses.
    ics = (
        (FIXTURES / "calendar.ics")
        .read_bytes()
        .replace(b"DTSTART:20261112", b"DTSTART:2\xff261112")
    )
    items = list(read_calendar("x.ics", ics, ME, TODAY))
    assert any(isinstance(i, Skipped) and "cannot read this event" in i.detail for i in items)
    assert len(_captured(items)) == 12
    mbox = tmp_path / "x.mbox"
    mbox.write_bytes(
        b"From a@b.c Mon Nov  2 09:15:00 2026\nFrom: a@b.c\nTo: me@mine.example\n"
        b"Date: Mon, 2 Nov 2026 09:15:00 +0000\nSubject: =?x-unknown-\xc3\xa4?q?Caf=E9?=\n\nbody\n"
    )
    assert [c.text for c in _captured(list(read_mail(mbox, ME)))] == ["Café"]
    csv = (FIXTURES / "messages.csv").read_text().replace("in/janedoe,2026", "in/jane[doe,2026")
    source = read_source(FIXTURES / "messages.csv")
    source.text = csv
    assert len(list(read_linkedin_messages(source, ME))) == 8
