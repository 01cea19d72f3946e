"""Real-format files (tests/fixtures/README.md says where each shape comes from): each reads
right or is refused with a clear line, the summary accounts for every row or card, a re-import
changes nothing, and what `export vcard` writes passes a strict RFC 2426 check."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.errors import Problem
from vaultnet.formats.dates import parse_linkedin_date
from vaultnet.formats.linkedin import read_linkedin
from vaultnet.formats.source import Contact, Skipped, detail_bullet, read_source
from vaultnet.formats.vcard import read_vcards
from vaultnet.network.vault import Vault

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-11-22"


def read_vcf(name: str) -> tuple[list[Contact], list[Problem]]:
    return read_vcards(read_source(FIXTURES / name), [])


def messages(problems: list[Problem]) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.severity}: {p.message}" for p in problems]


def invoke(vault: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY, *args])


@pytest.fixture
def empty_vault(tmp_path: Path) -> Path:
    root = tmp_path / "empty"
    result = CliRunner().invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "downloads"
    shutil.copytree(FIXTURES, folder)
    monkeypatch.chdir(folder)
    return folder


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".vaultnet" not in p.parts
    }


# vCard -------------------------------------------------------------------------------------------


def test_shift_jis_21_names_keep_their_parts_and_their_0x5c_bytes() -> None:
    contacts, problems = read_vcf("vcard21_shift_jis.vcf")
    assert problems == []
    ando, noto = contacts
    assert ando.name == "安藤ロイド"
    assert ando.values == {
        "given_name": "安藤",
        "family_name": "ロイド",
        "company": "株式会社ロイド",  # no CHARSET of its own: the card's applies
        "email": "ando.lloyd@docomo.example",
        "phone": "090-1234-5678",
    }
    assert ando.details == ["趣味は登山。犬を二匹飼っている。"]  # quoted-printable Shift_JIS
    # 能 and ソ end in the byte 0x5C, a backslash in ASCII: not an escape
    assert noto.name == "能登ソラ"
    assert (noto.values["given_name"], noto.values["family_name"]) == ("ソラ", "能登")


def test_windows_1251_21_agent_photo_and_literal_backslashes() -> None:
    contacts, problems = read_vcf("vcard21_windows1251.vcf")
    maria, oleg = contacts  # the AGENT's nested card is part of Maria's, not a contact
    assert maria.name == "Мария Иванова"
    assert maria.values == {
        "company": "Рога и копыта",
        "role": "Директор",
        "email": "maria@roga.example",
        "phone": "+7 495 123-45-67",
    }
    assert maria.details == ["Любит походы", "Файлы в C:\\Users\\maria"]
    assert oleg.name == "Олег Сидоров"  # no CHARSET on his card: the file's, with a warning
    # the unindented base64 photo is one property: no warning per line
    assert messages(problems) == [
        "vcard21_windows1251.vcf:25: warning: 8-bit text with no CHARSET, not UTF-8; read as "
        "CP1251, as other cards of the file say"
    ]


def test_latin1_file_without_any_charset_is_a_windows_1252_guess(tmp_path: Path) -> None:
    path = tmp_path / "old.vcf"
    path.write_bytes(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:José Núñez\r\nEND:VCARD\r\n".encode("cp1252")
    )
    contacts, problems = read_vcards(read_source(path), [])
    assert [c.name for c in contacts] == ["José Núñez"]
    assert messages(problems) == [
        "old.vcf:3: warning: 8-bit text with no CHARSET, not UTF-8; read as Windows-1252 (Latin-1)"
    ]


def test_icloud_cards() -> None:
    contacts, problems = read_vcf("vcard_icloud.vcf")
    chidi, camille, kat = contacts
    assert chidi.values == {
        "company": "Redwood Analytics",
        "role": "Staff Engineer",
        "email": "chidi@redwood.example",
        "phone": "+1 (404) 555-0142",
        "location": "Atlanta, GA, United States",
        "linkedin": "https://www.linkedin.com/in/chidiokafor",
        "website": "https://www.redwood.example",  # a vCard URL is a URI
        "birthday": "--05-24",  # X-APPLE-OMIT-YEAR=1604
    }
    assert chidi.details == [
        "Loves hiking; has two dogs.",
        "Daughter starts college in fall 2027.",
        "2024-05-01 call: asked about the platform role",
        "[ ] send the article",
    ]
    assert camille.name == "Dr. Camille Moreau PhD"
    assert camille.values == {
        "given_name": "Camille",
        "family_name": "Moreau",
        "name_prefix": "Dr.",
        "name_suffix": "PhD",
        "email": "camille@moreau.example",
        "birthday": "--11-03",  # CardBook's 1604 without the Apple parameter
    }
    assert kat.values == {}
    assert messages(problems) == [
        "vcard_icloud.vcf:21: warning: a company card (X-ABShowAs:COMPANY), not a person; skipped",
        "vcard_icloud.vcf:43: warning: cannot read the birthday '1990-02-29'; imported without it",
    ]
    assert isinstance(problems[0], Skipped)


def test_android_and_gmail_cards() -> None:
    contacts, problems = read_vcf("vcard_android.vcf")
    assert [(c.name, c.values) for c in contacts] == [
        ("priya.n@gmail.example", {"email": "priya.n@gmail.example"}),  # email-only card
        ("j.ortiz@contoso.example", {"company": "Contoso", "email": "j.ortiz@contoso.example"}),
        # Gmail's ADR with the whole address in the extended field has no city: the next ADR
        ("Sam Lee", {"email": "sam@lee.example", "location": "Cambridge, MA, USA"}),
        ("Ravi Shah", {"email": "ravi@shah.example"}),  # home.begin:vcard, a grouped card
    ]
    assert messages(problems) == [
        "vcard_android.vcf:12: warning: card has no name (no FN or N, no EMAIL or ORG); skipped"
    ]


@pytest.mark.parametrize(
    ("text", "bullet"),
    [
        ("Loves hiking", "- Loves hiking"),
        ("[ ] send the article", "- \\[ ] send the article"),
        ("2024-05-01 call: asked", "- `2024-05-01` call: asked"),
    ],
)
def test_detail_bullets_never_become_tasks_or_log_lines(text: str, bullet: str) -> None:
    assert detail_bullet(text) == bullet


def test_vcard_notes_go_under_notes_and_are_no_contact(empty_vault: Path, here: Path) -> None:
    result = invoke(empty_vault, "import", "vcard", "vcard_icloud.vcf")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "vcard_icloud.vcf: 4 contacts read; 3 created, 0 updated, 0 unchanged, 1 skipped; "
        "0 conflicts (your values kept)."
    )
    note = (empty_vault / "People/Chidi Okafor.md").read_text()
    assert note.endswith(
        "# Chidi Okafor\n\n## Notes\n- Loves hiking; has two dogs.\n"
        "- Daughter starts college in fall 2027.\n"
        "- `2024-05-01` call: asked about the platform role\n- \\[ ] send the article\n\n"
        "## Follow-ups\n\n## Log\n"
    )
    chidi = Vault.open(empty_vault).find("Chidi Okafor")
    assert chidi.last_contact is None
    assert chidi.open_tasks() == []


VCARD_FIXTURES = [
    ("vcard21_shift_jis.vcf", 2, 0),
    ("vcard21_windows1251.vcf", 2, 0),
    ("vcard_icloud.vcf", 4, 1),
    ("vcard_android.vcf", 5, 1),
]


@pytest.mark.parametrize(("name", "read", "skipped"), VCARD_FIXTURES)
def test_vcard_reimport_changes_nothing(
    empty_vault: Path, here: Path, name: str, read: int, skipped: int
) -> None:
    first = invoke(empty_vault, "import", "vcard", name)
    assert first.exit_code == 0, first.output
    created = read - skipped
    assert f"{name}: {read} contacts read; {created} created," in first.stdout
    before = snapshot(empty_vault)
    again = invoke(empty_vault, "import", "vcard", name)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1] == (
        f"{name}: {read} contacts read; 0 created, 0 updated, {created} unchanged, "
        f"{skipped} skipped; 0 conflicts (your values kept)."
    )
    assert snapshot(empty_vault) == before


# A strict RFC 2426 check of `export vcard` ------------------------------------------------------

_KNOWN = {
    "BEGIN", "END", "VERSION", "FN", "N", "NICKNAME", "PHOTO", "BDAY", "ADR", "LABEL", "TEL",
    "EMAIL", "MAILER", "TZ", "GEO", "TITLE", "ROLE", "LOGO", "AGENT", "ORG", "CATEGORIES", "NOTE",
    "PRODID", "REV", "SORT-STRING", "SOUND", "UID", "URL", "CLASS", "KEY",
}  # fmt: skip
_TEXT = {"FN", "TITLE", "ROLE", "NOTE", "PRODID", "UID", "SORT-STRING", "MAILER"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{8}$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[,;]")


def _components(value: str, separator: str) -> list[str]:
    return re.split(r"(?<!\\)(?:\\\\)*" + re.escape(separator), value)


def rfc2426_errors(data: bytes) -> list[str]:
    """What a strict RFC 2426 (vCard 3.0) reader would refuse in an address book."""
    errors: list[str] = []
    if not data.endswith(b"\r\n") or b"\n" in data.replace(b"\r\n", b""):
        errors.append("lines must end with CRLF")
    physical = data.split(b"\r\n")[:-1]
    errors += [f"longer than 75 octets: {line[:30]!r}" for line in physical if len(line) > 75]
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    cards: list[list[tuple[str, dict[str, str], str]]] = []
    for line in text.split("\r\n")[:-1]:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        name = name.upper()
        if not _ or not re.fullmatch(r"[A-Z0-9-]+", name):
            errors.append(f"not a content line: {line[:40]!r}")
            continue
        if name == "BEGIN":
            cards.append([])
        parsed = dict(p.split("=", 1) for p in params if "=" in p)
        if any("=" not in p for p in params):
            errors.append(f"{name}: a parameter without a name (vCard 2.1 style)")
        cards[-1].append((name, parsed, value))
    for card in cards:
        names = [n for n, _, _ in card]
        if names[:2] != ["BEGIN", "VERSION"] or card[1][2] != "3.0" or names[-1] != "END":
            errors.append("a card must start BEGIN, VERSION:3.0 and end with END")
        for required in ("FN", "N"):
            if names.count(required) != 1:
                errors.append(f"{required} must appear exactly once, not {names.count(required)}")
        for name, params, value in card:
            if name not in _KNOWN and not name.startswith("X-"):
                errors.append(f"unknown property {name}")
            if name == "N" and len(_components(value, ";")) != 5:
                errors.append(f"N needs five components: {value!r}")
            if name == "BDAY" and not _DATE.match(value):
                errors.append(f"BDAY is not a date: {value!r}")
            if name == "URL" and not _URI.match(value):
                errors.append(f"URL is not a URI: {value!r}")
            if name in _TEXT and _UNESCAPED.search(value):
                errors.append(f"{name}: an unescaped , or ; in a text value: {value!r}")
            if name == "EMAIL" and not all(
                t.lower() in ("internet", "x400", "pref", "home", "work")
                for t in params.get("TYPE", "internet").split(",")
            ):
                errors.append(f"EMAIL type {params['TYPE']!r}")
    return errors


def test_the_strict_check_refuses_what_strict_readers_do() -> None:
    bad = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A, B\r\nN:B;A\r\nBDAY:--12-03\r\n"
        b"URL:www.example.com\r\nTEL;CELL:1\r\nEND:VCARD\r\n"
    )
    assert rfc2426_errors(bad) == [
        "TEL: a parameter without a name (vCard 2.1 style)",
        "FN: an unescaped , or ; in a text value: 'A, B'",
        "N needs five components: 'B;A'",
        "BDAY is not a date: '--12-03'",
        "URL is not a URI: 'www.example.com'",
    ]


def test_export_vcard_passes_a_strict_rfc_2426_check(empty_vault: Path, here: Path) -> None:
    for name, _, _ in VCARD_FIXTURES:
        assert invoke(empty_vault, "import", "vcard", name).exit_code == 0
    sample = Path(__file__).resolve().parent.parent / "sample-vault"
    for vault in (empty_vault, sample):
        exported = CliRunner().invoke(
            cli, ["--vault", str(vault), "--today", TODAY, "export", "vcard"]
        )
        assert exported.exit_code == 0, exported.output
        assert rfc2426_errors(exported.stdout_bytes) == []
        import vobject

        cards = list(vobject.readComponents(exported.stdout_bytes.decode("utf-8")))
        assert all(card.validate() for card in cards)
    data = invoke(empty_vault, "export", "vcard").stdout_bytes.decode().replace("\r\n ", "")
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-24\r\n" in data
    assert "URL:https://www.redwood.example\r\n" in data
    # the structured name goes back as the card had it, not as "last word = family name"
    assert "FN:安藤ロイド\r\nN:ロイド;安藤;;;\r\n" in data
    assert "N:Moreau;Camille;;Dr.;PhD\r\n" in data
    assert "NOTE:Loves hiking\\; has two dogs.\\nDaughter starts college in fall 2027." in data


def test_exported_vcards_read_back_the_same(empty_vault: Path, here: Path, tmp_path: Path) -> None:
    for name, _, _ in VCARD_FIXTURES:
        invoke(empty_vault, "import", "vcard", name)
    exported = tmp_path / "out.vcf"
    exported.write_bytes(invoke(empty_vault, "export", "vcard").stdout_bytes)
    other = tmp_path / "other"
    assert CliRunner().invoke(cli, ["init", str(other)]).exit_code == 0
    result = invoke(other, "import", "vcard", str(exported))
    assert result.exit_code == 0, result.output
    assert snapshot(other / "People") == snapshot(empty_vault / "People")


# LinkedIn ----------------------------------------------------------------------------------------


def read_linkedin_file(name: str) -> tuple[list[Contact], list[Problem]]:
    return read_linkedin(read_source(FIXTURES / name), [])


def test_linkedin_hidden_rows_namesakes_placeholders_and_decorated_names() -> None:
    contacts, problems = read_linkedin_file("linkedin_2024_hidden_rows.csv")
    assert [(c.name, c.values.get("aliases")) for c in contacts] == [
        ("Ajay Kumar", None),
        ("Ajay Kumar", None),
        ("Elliot Sandvig", ["Elliot Sandvig, CFP®, AAMS™"]),
        ("Rob Konterman", ["Rob Konterman🔸"]),
        ("Anand Nabapur", ["𝐀𝐧𝐚𝐧𝐝 𝐍𝐚𝐛𝐚𝐩𝐮𝐫"]),
        ("Priya Raman", ["Priya Raman (she/her)"]),
    ]
    rob, anand = contacts[3], contacts[4]
    assert "company" not in rob.values and "role" not in rob.values  # `-` is no company
    assert "email" not in anand.values  # urn:li:member:... is no email
    assert messages(problems) == [
        "linkedin_2024_hidden_rows.csv:6: warning: 3 rows have no name: LinkedIn hides the names "
        "of members who chose so; skipped"
    ]
    assert isinstance(problems[0], Skipped) and problems[0].count == 3


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12 Mar 2024", "2024-03-12"),
        ("1/8/18, 6:14 PM", "2018-01-08"),  # 2018-2019 exports: month first
        ("12/24/18, 9:02 AM", "2018-12-24"),
        ("23-Apr-23", "2023-04-23"),  # re-saved by Excel
        ("4-Jan-22", "2022-01-04"),
        ("2024-03-12", "2024-03-12"),
        ("13/1/18, 6:14 PM", None),
        ("someday", None),
    ],
)
def test_linkedin_dates_since_2018(text: str, iso: str | None) -> None:
    day = parse_linkedin_date(text)
    assert (day.isoformat() if day else None) == iso


def test_linkedin_2018_export_without_url_column() -> None:
    contacts, problems = read_linkedin_file("linkedin_2018_us_dates.csv")
    assert problems == []
    assert [(c.name, c.values["company"], c.values["connected"]) for c in contacts] == [
        ("Ajay Kumar", "Infosys", "2018-01-08"),
        ("Ajay Kumar", "Wipro", "2018-12-24"),
        ("Hedy Lamarr", "Frequency Hopping Co", "2019-03-05"),
        ("Grace Hopper", "US Navy", "2018-11-30"),
    ]


def test_linkedin_excel_resave() -> None:
    contacts, problems = read_linkedin_file("linkedin_excel_resave.csv")
    assert [(c.name, c.values["connected"]) for c in contacts] == [
        ("José Núñez", "2023-04-23"),
        ("Zoë Müller", "2022-01-04"),
    ]
    assert messages(problems) == [
        "linkedin_excel_resave.csv:5: warning: not UTF-8; read the file as Windows-1252 (Latin-1)",
        "linkedin_excel_resave.csv:7: warning: 1 row has no name: LinkedIn hides the names of "
        "members who chose so; skipped",
    ]


def test_linkedin_namesakes_are_two_people_and_found_again(empty_vault: Path, here: Path) -> None:
    result = invoke(empty_vault, "import", "linkedin", "linkedin_2018_us_dates.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "created People/Ajay Kumar.md",
        "created People/Ajay Kumar (Wipro).md",  # no URL, no email: the company tells them apart
    ]
    assert "conflict:" not in result.stdout
    wipro = (empty_vault / "People/Ajay Kumar (Wipro).md").read_text()
    assert wipro.startswith("---\nname: Ajay Kumar\ntags: [linkedin]\ncompany: Wipro\n")
    elliot = invoke(empty_vault, "import", "linkedin", "linkedin_2024_hidden_rows.csv")
    assert elliot.exit_code == 0  # hidden rows are counted, not failures
    note = (empty_vault / "People/Elliot Sandvig.md").read_text()
    assert 'aliases: ["Elliot Sandvig, CFP®, AAMS™"]' in note
    assert Vault.open(empty_vault).find("Anand Nabapur").aliases == ["𝐀𝐧𝐚𝐧𝐝 𝐍𝐚𝐛𝐚𝐩𝐮𝐫"]


LINKEDIN_FIXTURES = [
    ("linkedin_2024_hidden_rows.csv", 9, 3),
    ("linkedin_2018_us_dates.csv", 4, 0),
    ("linkedin_excel_resave.csv", 3, 1),
    ("linkedin_connections.csv", 9, 0),
    ("linkedin_old.csv", 3, 0),
]


@pytest.mark.parametrize(("name", "read", "skipped"), LINKEDIN_FIXTURES)
def test_linkedin_reimport_changes_nothing(
    empty_vault: Path, here: Path, name: str, read: int, skipped: int
) -> None:
    first = invoke(empty_vault, "import", "linkedin", name)
    assert first.exit_code == 0, first.output
    before = snapshot(empty_vault)
    again = invoke(empty_vault, "import", "linkedin", name)
    assert again.exit_code == 0, again.output
    summary = again.stdout.splitlines()[-1]
    people = len(list((empty_vault / "People").glob("*.md")))
    merged = read - skipped - people
    assert summary == (
        f"{name}: {read} contacts read; 0 created, 0 updated, {people} unchanged, "
        + (f"{merged} merged into an earlier contact, " if merged else "")
        + f"{skipped} skipped; 0 conflicts (your values kept)."
    )
    assert snapshot(empty_vault) == before


# ICS ---------------------------------------------------------------------------------------------


def test_far_dates_are_left_out_of_the_calendar_with_a_warning(empty_vault: Path) -> None:
    (empty_vault / "People/Forever Snoozed.md").write_text(
        "---\ncadence: 30d\nlast_contact: 2026-01-01\nsnooze_until: 9999-12-31\n---\n"
        "# Forever Snoozed\n- [ ] someday 📅 9999-12-31\n- [ ] soon 📅 2026-11-30\n"
    )
    result = invoke(empty_vault, "export", "ics")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "People/Forever Snoozed.md:4: warning: reach-out on 9999-12-31, over 100 years away; "
        "left out of the calendar",
        "People/Forever Snoozed.md:7: warning: follow-up on 9999-12-31, over 100 years away; "
        "left out of the calendar",
    ]
    feed = result.stdout_bytes.decode()
    assert feed.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Follow up with Forever Snoozed: soon" in feed
