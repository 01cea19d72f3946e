"""Real data that used to be misread: a company written as a link, several phones and web
addresses in a vCard, a LinkedIn URL with a `[`, names with commas as one alias, and birthdays
of the year 1604 (Apple's and CardBook's "no year") already in notes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.formats.csv_export import join_items, split_items
from vaultnet.formats.linkedin import linkedin_key
from vaultnet.network.vault import Vault
from vaultnet.text.dates import parse_birthday
from vaultnet.text.links import as_list, unlinked

TODAY = "2026-11-22"


def make_vault(tmp_path: Path, notes: dict[str, str]) -> Path:
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    for rel, text in notes.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args])
    assert result.exit_code == 0, result.output
    return result


ANA = """\
---
company: "[[Acme Inc]]"
role: "[[Roles/Staff engineer|Staff engineer]]"
phone: ["+1 303 555 0100", "+1 303 555 0199"]
linkedin: https://www.linkedin.com/in/analima
website: [ana.example, "https://blog.ana.example"]
aliases: ["Ana Lima, PhD", "Ani"]
birthday: 1604-12-01
---
"""


def test_unlinked() -> None:
    assert unlinked("[[Acme Inc]]") == "Acme Inc"
    assert unlinked("[[Companies/Acme Inc.md|Acme]] and [[Globex#HQ]]") == "Acme and Globex"
    assert unlinked("Acme [Inc]") == "Acme [Inc]"


def test_a_company_link_is_exported_as_its_name(tmp_path: Path) -> None:
    root = make_vault(tmp_path, {"People/Ana Lima.md": ANA})
    for profile, column in (("vaultnet", "Company"), ("google", "Organization Name")):
        out = run(root, "export", "csv", "--format", profile).stdout
        row = next(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
        assert row[column] == "Acme Inc", profile
    outlook = run(root, "export", "csv", "--format", "outlook").stdout
    row = next(csv.DictReader(io.StringIO(outlook.lstrip("\ufeff"))))
    assert (row["Company"], row["Job Title"]) == ("Acme Inc", "Staff engineer")
    card = run(root, "export", "vcard").stdout.splitlines()
    assert "ORG:Acme Inc" in card and "TITLE:Staff engineer" in card
    person = json.loads(run(root, "export", "json").stdout)["people"][0]
    assert person["company"] == "Acme Inc"
    assert person["facts"]["company"] == "Acme Inc"


def test_vcard_export_writes_every_phone_and_address(tmp_path: Path) -> None:
    root = make_vault(tmp_path, {"People/Ana Lima.md": ANA})
    card = run(root, "export", "vcard").stdout.splitlines()
    assert [line for line in card if line.startswith(("TEL", "URL"))] == [
        "TEL:+1 303 555 0100",
        "TEL:+1 303 555 0199",
        "URL:https://www.linkedin.com/in/analima",
        "URL:https://ana.example",
        "URL:https://blog.ana.example",
    ]


def test_a_linkedin_url_with_a_bracket_does_not_crash(tmp_path: Path) -> None:
    assert linkedin_key("https://www.linkedin.com/in/jane[1]") == "linkedin.com/in/jane[1]"
    assert linkedin_key("https://[broken/x") == "https://[broken/x"
    assert linkedin_key("HTTP://EXAMPLE.com[/X") == "http://example.com[/x"
    root = make_vault(
        tmp_path,
        {"People/Jane Doe.md": "---\nlinkedin: https://[broken.example/jane\n---\n"},
    )
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Jane,Doe,https://www.linkedin.com/in/jane[1],,Acme,CTO,12 Mar 2024\n"
        "Bob,Roe,https://[nope,,Globex,CFO,13 Mar 2024\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["--vault", str(root), "--today", TODAY, "import", "linkedin", str(export)]
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert (root / "People" / "Bob Roe.md").is_file()


def test_aliases_with_commas_stay_one_alias(tmp_path: Path) -> None:
    assert as_list(["Elliot Sandvig, CFP®, AAMS™"]) == ["Elliot Sandvig, CFP®, AAMS™"]
    assert as_list("Janie, J") == ["Janie", "J"]  # a string: one alias per comma
    root = make_vault(tmp_path, {"People/Ana Lima.md": ANA})
    ana = Vault.open(root).find("Ana Lima, PhD")  # the alias reaches her whole
    assert ana.aliases == ["Ana Lima, PhD", "Ani"]
    card = run(root, "export", "vcard").stdout.splitlines()
    assert "NICKNAME:Ana Lima\\, PhD,Ani" in card
    # the vaultnet CSV profile quotes an item with a comma, and reads it back whole
    out = run(root, "export", "csv").stdout
    row = next(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert row["Aliases"] == '"Ana Lima, PhD", Ani'
    assert split_items(row["Aliases"]) == ["Ana Lima, PhD", "Ani"]
    sheet = tmp_path / "people.csv"
    sheet.write_text(out, encoding="utf-8")
    empty = tmp_path / "empty"
    (empty / "People").mkdir(parents=True)
    run(empty, "import", "csv", str(sheet))
    assert Vault.open(empty).find("Ana Lima").aliases == ["Ana Lima, PhD", "Ani"]


def test_join_items_round_trips() -> None:
    for items in (["a", "b"], ['"quoted"', "x, y", "=1+1"], [], ["plain"]):
        assert split_items(join_items(items)) == items


def test_a_1604_birthday_has_no_year_everywhere(tmp_path: Path) -> None:
    assert parse_birthday("1604-12-01") == (None, 12, 1)
    root = make_vault(
        tmp_path,
        {
            "People/Ana Lima.md": ANA,
            "People/Bo Chen.md": '---\nbirthday: "1604-11-30"\n---\n',
        },
    )
    due = run(root, "digest", "--stdout").stdout
    lines = [line for line in due.splitlines() if "birthday" in line.lower() and "[[" in line]
    assert len(lines) == 2 and not any("turns" in line for line in lines), due
    shown = json.loads(run(root, "show", "Ana Lima", "--json").stdout)
    assert shown["birthday"] == "--12-01"
    assert "Birthday:      --12-01" in run(root, "show", "Ana Lima").stdout.splitlines()
    calendar = icalendar.Calendar.from_ical(run(root, "export", "ics").stdout)
    starts = sorted(
        event.decoded("dtstart").year
        for event in calendar.walk("VEVENT")
        if "birthday" in str(event.get("summary"))
    )
    assert starts == [2000, 2000]  # the feed's year for an unknown birth year, never 1604
    card = run(root, "export", "vcard").stdout.splitlines()
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-01" in card


JANE = """\
---
email: jane@acme.example
---
# Jane Doe

## Notes
- Loves hiking

## Log
- 2026-09-14 coffee: met
"""

CARD = """\
BEGIN:VCARD
VERSION:3.0
FN:Jane Doe
EMAIL:jane@acme.example
NOTE:Loves hiking\\nHas two dogs\\n[ ] not a task
END:VCARD
"""


def test_a_vcard_note_is_added_to_a_known_person_once(tmp_path: Path) -> None:
    root = make_vault(tmp_path, {"People/Jane Doe.md": JANE})
    card = tmp_path / "jane.vcf"
    card.write_text(CARD, encoding="utf-8")
    first = run(root, "import", "vcard", str(card))
    assert first.stdout.splitlines()[0] == "updated People/Jane Doe.md: notes"
    after = (root / "People" / "Jane Doe.md").read_text(encoding="utf-8")
    assert after == JANE.replace(
        "- Loves hiking\n", "- Loves hiking\n- Has two dogs\n- \\[ ] not a task\n"
    )
    second = run(root, "import", "vcard", str(card))
    assert "1 unchanged" in second.stdout and not second.stdout.startswith("updated")
    assert (root / "People" / "Jane Doe.md").read_text(encoding="utf-8") == after
    assert Vault.open(root).find("Jane Doe").tasks == []  # the escaped line is no follow-up


def test_a_note_without_a_notes_section_gets_one(tmp_path: Path) -> None:
    root = make_vault(tmp_path, {"People/Jane Doe.md": "---\nemail: jane@acme.example\n---\n"})
    card = tmp_path / "jane.vcf"
    card.write_text(CARD, encoding="utf-8")
    run(root, "import", "vcard", str(card))
    text = (root / "People" / "Jane Doe.md").read_text(encoding="utf-8")
    assert text == (
        "---\nemail: jane@acme.example\n---\n## Notes\n- Loves hiking\n- Has two dogs\n"
        "- \\[ ] not a task\n"
    )
    assert Vault.open(root).find("Jane Doe").details[:2] == ["Loves hiking", "Has two dogs"]
