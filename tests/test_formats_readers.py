"""Reading import files: LinkedIn, vCard and CSV, with every quirk the fixtures in
tests/fixtures/ carry (all of them written for these tests, about fictional or historical people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultnet.errors import Problem, UsageError
from vaultnet.formats.csvfile import parse_mapping, read_csv
from vaultnet.formats.dates import parse_contact_birthday, parse_contact_date
from vaultnet.formats.linkedin import linkedin_key, read_linkedin
from vaultnet.formats.source import BadImportFile, Contact, read_source, tag_name
from vaultnet.formats.vcard import read_vcards
from vaultnet.formats.vcard_lines import logical_lines

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> tuple[list[Contact], list[Problem]]:
    source = read_source(FIXTURES / name)
    if name.startswith("linkedin"):
        return read_linkedin(source, ["linkedin"])
    if name.endswith(".vcf"):
        return read_vcards(source, [])
    return read_csv(source, {}, [])


def messages(problems: list[Problem]) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.severity}: {p.message}" for p in problems]


# LinkedIn ----------------------------------------------------------------------------------------


def test_linkedin_export_with_preamble_bom_and_crlf() -> None:
    raw = (FIXTURES / "linkedin_connections.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfNotes:\r\n")
    contacts, problems = read("linkedin_connections.csv")
    assert [c.name for c in contacts] == [
        "Ada Lovelace",
        "Jane Doe",
        "Zoe Muller",
        "Grace Hopper",
        "Alan Turing",
        "Dr. Who? / Time: Lord",
        "Kat Lindqvist",
        "Bob Smith",
        "Ada Lovelace",
    ]
    ada = contacts[0]
    assert ada.source.endswith("linkedin_connections.csv:5")
    assert ada.values == {
        "tags": ["linkedin"],
        "company": "Analytical Engines Ltd",
        "role": "Chief Programmer",
        "linkedin": "https://www.linkedin.com/in/ada-lovelace-0001",
        "connected": "2024-03-12",
    }
    grace = contacts[3]
    assert grace.values["company"] == "Navy, Inc."
    assert grace.values["role"] == 'Rear Admiral "Amazing Grace"'
    assert grace.values["email"] == "grace@navy.example"
    # a position written over two lines inside quotes is one line in a note
    assert contacts[4].values["role"] == "Founder Advisor"
    assert "connected" not in contacts[4].values
    assert messages(problems) == [
        "linkedin_connections.csv:9: warning: cannot read the date 'someday' in Connected On "
        "(use 2024-03-12); imported without it"
    ]


def test_linkedin_old_export_without_preamble_or_url_column() -> None:
    contacts, problems = read("linkedin_old.csv")
    assert problems == []
    assert [(c.name, c.values.get("email"), c.values["connected"]) for c in contacts] == [
        ("Hedy Lamarr", "hedy@frequency.example", "2015-08-05"),
        ("Jane Doe", "JANE@acme.example", "2019-01-03"),
        ("Katherine Johnson", None, "2016-11-20"),
    ]
    assert all("linkedin" not in c.values for c in contacts)


def test_linkedin_bad_rows_are_reported_and_good_rows_kept() -> None:
    contacts, problems = read("linkedin_bad.csv")
    assert [c.name for c in contacts] == ["Rosalind Franklin"]
    assert messages(problems) == [
        "linkedin_bad.csv:4: warning: columns ignored: Favorite Color",
        "linkedin_bad.csv:6: error: row has 9 fields but the header has 8 (a comma not in "
        "quotes?); skipped",
        "linkedin_bad.csv:7: warning: 1 row has no name: LinkedIn hides the names of members "
        "who chose so; skipped",
        "linkedin_bad.csv:8: error: row has 5 fields but the header has 8 (is the file cut "
        "short?); skipped",
        "linkedin_bad.csv:9: error: unreadable CSV: a quoted field never closes (is the file "
        "cut short?)",
    ]


def test_linkedin_latin1_file_is_read_with_a_warning() -> None:
    contacts, problems = read("linkedin_latin1.csv")
    assert [c.name for c in contacts] == ["José Núñez", "Siobhán O’Brien"]
    assert contacts[0].values["company"] == "Café Société"
    assert messages(problems) == [
        "linkedin_latin1.csv:2: warning: not UTF-8; read the file as Windows-1252 (Latin-1)"
    ]


def test_linkedin_file_without_header_or_empty(tmp_path: Path) -> None:
    with pytest.raises(BadImportFile, match=r"empty.csv: the file is empty"):
        read("empty.csv".replace("empty", "empty"))  # generic CSV reader
    with pytest.raises(BadImportFile, match=r"empty.csv: the file is empty"):
        read_linkedin(read_source(FIXTURES / "empty.csv"), [])
    other = tmp_path / "contacts.csv"
    other.write_text("Name,Email\nAda,ada@x.example\n")
    with pytest.raises(BadImportFile, match=r"no LinkedIn header found"):
        read_linkedin(read_source(other), [])


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.linkedin.com/in/janedoe", "linkedin.com/in/janedoe"),
        ("https://uk.linkedin.com/in/JaneDoe/", "linkedin.com/in/janedoe"),
        ("http://linkedin.com/in/janedoe?trk=abc#top", "linkedin.com/in/janedoe"),
        ("www.linkedin.com/in/zo%C3%AB-m%C3%BCller", "linkedin.com/in/zoë-müller"),
        ("https://example.com/about/", "example.com/about"),
    ],
)
def test_linkedin_key(url: str, key: str) -> None:
    assert linkedin_key(url) == key


# vCard -------------------------------------------------------------------------------------------


def test_vcard_30_apple_style() -> None:
    contacts, problems = read("contacts_v3.vcf")
    ada, grace, alan, nameless = contacts
    assert ada.name == "Ada Lovelace"
    assert ada.values == {
        "aliases": ["Countess", "Enchantress of Numbers"],
        "tags": ["Mathematics", "Friends-Family"],
        "company": "Analytical Engines, Ltd.",
        "role": "Chief Programmer",
        # TYPE=pref first, then file order
        "email": ["ada@engines.example", "ada@home.example"],
        "phone": ["+44 20 7946 0001", "+44 20 7946 0002"],
        "location": "London, United Kingdom",
        "linkedin": "https://www.linkedin.com/in/ada-lovelace-0001",
        "website": "https://ada.example/notes",
        "birthday": "--12-10",  # X-APPLE-OMIT-YEAR: the year is unknown
    }
    assert grace.name == "Grace Brewster Murray Hopper"  # a folded FN line
    assert grace.values == {
        "given_name": "Grace",
        "family_name": "Hopper",
        "middle_name": "Brewster Murray",
        "name_prefix": "Rear Admiral",
        "email": ["grace@navy.example", "grace.hopper@cobol.example"],
        "birthday": "1906-12-09",
    }
    assert alan.name == "Alan Mathison Turing"  # no FN: built from N
    # no FN or N: named from its email
    assert nameless.name == "info@nameless.example"
    assert nameless.values == {"company": "Nameless Holdings", "email": "info@nameless.example"}
    assert messages(problems) == [
        "contacts_v3.vcf:44: warning: a group card, not a person; skipped"
    ]


def test_vcard_40_properties() -> None:
    contacts, problems = read("contacts_v4.vcf")
    zoe, hedy, katherine = contacts
    assert zoe.values == {
        "tags": ["design", "friend"],
        "company": "Farbwerk Studio",
        "role": "Design Director",
        "email": ["zoe.m@post.example", "zoe@farbwerk.example"],  # PREF=1 first
        "phone": "+49-30-1234567",  # a tel: URI
        "location": "Berlin, Germany",
        "website": "https://farbwerk.example",
        "birthday": "--05-24",  # BDAY:--0524
    }
    assert hedy.values["birthday"] == "1914-11-09"
    assert hedy.values["linkedin"] == "https://www.linkedin.com/in/hedy-lamarr"
    assert katherine.values == {}
    assert messages(problems) == [
        "contacts_v4.vcf:26: warning: cannot read the birthday 'circa 1918'; imported without it",
        "contacts_v4.vcf:28: warning: an organization card, not a person; skipped",
    ]


def test_vcard_21_quoted_printable() -> None:
    contacts, problems = read("contacts_v21.vcf")
    assert problems == []
    assert contacts[0].name == "René François, a long name that is continued"
    # N gives the family name first: the display name alone would not give it back
    assert contacts[0].values == {
        "given_name": "René",
        "family_name": "François",
        "phone": "+33 6 12 34 56 78",
    }


def test_vcard_cut_short_keeps_the_whole_cards() -> None:
    contacts, problems = read("contacts_truncated.vcf")
    assert [c.name for c in contacts] == ["Rosalind Franklin"]
    assert messages(problems) == [
        "contacts_truncated.vcf:6: error: card has no END:VCARD (is the file cut short?); skipped"
    ]


def test_vcard_empty_or_not_a_vcard(tmp_path: Path) -> None:
    with pytest.raises(BadImportFile, match=r"empty.vcf: the file is empty; is it a vCard"):
        read("empty.vcf")
    other = tmp_path / "notes.vcf"
    other.write_text("hello\n")
    with pytest.raises(BadImportFile, match=r"notes.vcf: no BEGIN:VCARD in the file"):
        read_vcards(read_source(other), [])


def test_vcard_unfolding_keeps_line_numbers() -> None:
    text = "BEGIN:VCARD\r\nFN:Ada Love\r\n lace\r\nNOTE:x\r\n\ty\r\nEND:VCARD\r\n"
    assert logical_lines(text)[:4] == [
        (1, "BEGIN:VCARD"),
        (2, "FN:Ada Lovelace"),
        (4, "NOTE:xy"),
        (6, "END:VCARD"),
    ]


# Generic CSV -------------------------------------------------------------------------------------


def test_google_contacts_headers_known_out_of_the_box() -> None:
    contacts, problems = read("google_contacts.csv")
    margaret, jane, injection, orphan = contacts
    assert margaret.values == {
        "location": "Cambridge",
        "aliases": ["Maggie"],
        "tags": ["Space"],  # `* myContacts` is Google's own group, not a label
        "company": "Apollo Software",
        "role": "Lead Engineer",
        "email": ["margaret@apollo.example", "maggie@home.example"],
        "phone": "+1 617 555 0100",
        "birthday": "1936-08-17",
        "linkedin": "https://www.linkedin.com/in/margaret-hamilton",  # from Website 1
    }
    assert jane.source.endswith("google_contacts.csv:4")  # row 2 spans two lines
    assert jane.values["birthday"] == "--04-02"
    assert margaret.details == ["Wrote the AGC code"]  # Notes: bullets under ## Notes
    assert injection.values["company"] == '=HYPERLINK("http://evil.example")'
    # no name but an email: named from it, as an email-only vCard is
    assert (orphan.name, orphan.values["company"]) == ("orphan@example.com", "Orphan Org")
    assert problems == []


def test_csv_mapping_and_unknown_columns() -> None:
    source = read_source(FIXTURES / "people_custom.csv")
    mapping = parse_mapping(["Full Name=name", "Mail=email", "employer = company"])
    contacts, problems = read_csv(source, mapping, ["imported"])
    assert [(c.name, c.values) for c in contacts] == [
        (
            "Chien-Shiung Wu",
            {
                "company": "Columbia University",
                "email": "wu@columbia.example",
                "tags": ["imported"],
            },
        ),
        (
            "Rosalind Franklin",
            {
                "company": "King's College London",
                "email": "rosalind@kings.example",
                "tags": ["imported"],
            },
        ),
    ]
    assert messages(problems) == [
        'people_custom.csv:1: warning: columns ignored: Favourite Snack (map one with --map "COLUMN=key")'
    ]
    _, problems = read_csv(source, parse_mapping(["Favourite Snack="]), [])
    assert "Favourite Snack" not in messages(problems)[0]


def test_csv_without_a_name_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Mail,Employer\na@x.example,Acme\n")
    with pytest.raises(
        BadImportFile, match=r"x.csv:1: no name column in the header \(Mail, Employer\)"
    ):
        read_csv(read_source(path), {}, [])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Full Name", "--map needs COLUMN=KEY"),
        ("=name", "names no column"),
        ("Full Name=nickname", "unknown key 'nickname'"),
    ],
)
def test_bad_mapping(spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_mapping([spec])


def test_ten_thousand_rows_with_bad_ones(tmp_path: Path) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for n in range(10_000):
        if n % 1000 == 999:
            lines.append(f"Bad,Row{n},x,y,z,extra,field,here")
        else:
            lines.append(
                f"Person,Number{n},https://www.linkedin.com/in/p{n},,Co {n % 50},Eng,1 Jan 2020"
            )
    path = tmp_path / "big.csv"
    path.write_text("\r\n".join(lines) + "\r\n")
    contacts, problems = read_linkedin(read_source(path), [])
    assert len(contacts) == 9_990
    assert len(problems) == 10
    assert problems[0].line == 1001 and "row has 8 fields" in problems[0].message


# Small pieces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12 Mar 2024", "2024-03-12"),
        ("3 January 2019", "2019-01-03"),
        ("Mar 12, 2024", "2024-03-12"),
        ("2024-03-12", "2024-03-12"),
        ("20240312", "2024-03-12"),
        ("1953-10-15T23:10:00Z", "1953-10-15"),
        ("03/12/2024", None),
        ("31 Feb 2024", None),
        ("someday", None),
    ],
)
def test_contact_dates(text: str, iso: str | None) -> None:
    day = parse_contact_date(text)
    assert (day.isoformat() if day else None) == iso


@pytest.mark.parametrize(
    ("text", "birthday"),
    [("--0524", "--05-24"), (" --05-24", "--05-24"), ("--0229", "--02-29"), ("--1332", None)],
)
def test_contact_birthdays(text: str, birthday: str | None) -> None:
    assert parse_contact_birthday(text) == birthday


def test_tag_names() -> None:
    assert tag_name("Friends & Family") == "Friends-Family"
    assert tag_name("#work/clients") == "work/clients"
    assert tag_name("  ") == ""
