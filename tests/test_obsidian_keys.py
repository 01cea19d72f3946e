"""Obsidian vaults as people keep them: meetings listing people under `attendees:` and its
kin, people marked by `type: person`, a tag or `categories: [[People]]`, properties spelled
`Company` or `E-mail`, a vault's own names mapped under `[keys]`, and `check --json` naming the
keys it does not read (fixture: tests/fixtures/obsidian_people)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultnet.cli import cli
from vaultnet.config import config_from_dict
from vaultnet.errors import BadConfig
from vaultnet.network.vault import Vault
from vaultnet.notes.keys import NoteRules
from vaultnet.notes.parse import INTERACTION, OTHER, PERSON, parse_note

FIXTURE = Path(__file__).parent / "fixtures" / "obsidian_people"
TODAY = date(2026, 11, 22)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY.isoformat(), *args])
    return result.exit_code, result.stdout, result.stderr


def test_people_are_found_by_type_tag_and_category(vault: Path) -> None:
    opened = Vault.open(vault, TODAY)
    assert sorted(p.path for p in opened.people) == [
        "Contacts/Ana Lima.md",
        "Contacts/Bo Chen.md",
        "Notes/Carl Diaz.md",
    ]
    assert opened.notes["Notes/Reading list.md"].kind == OTHER  # `people:` without a date
    assert opened.notes["Categories/People.md"].kind == OTHER


def test_meetings_under_every_key_are_contacts(vault: Path) -> None:
    opened = Vault.open(vault, TODAY)
    assert len(opened.interactions) == 4
    last = {p.name: p.last_contact for p in opened.people}
    assert last == {
        "Ana Lima": date(2026, 11, 10),  # people:, after attendees: on 2026-10-01
        "Bo Chen": date(2026, 11, 12),  # contacts: as a plain name
        "Carl Diaz": date(2026, 11, 2),  # participants:, under `Date:`
    }
    standup = next(i for i in opened.interactions if i.title == "2026-10-01 Standup")
    assert [p.name for p in standup.people] == ["Ana Lima", "Bo Chen"]
    code, out, _ = run(vault, "show", "Ana Lima", "--json")
    assert code == 0
    history = json.loads(out)["history"]
    assert [h["date"] for h in history] == ["2026-11-10", "2026-10-01"]


def test_properties_are_read_whatever_their_case(vault: Path) -> None:
    ana = Vault.open(vault, TODAY).find("Ana Lima")
    assert ana.company == "Acme Inc"  # a link, as Obsidian shows it
    assert ana.role == "Staff engineer"
    assert ana.email == "ana@acme.example"
    assert ana.birthday == (1990, 3, 10)
    assert ana.last_contact_field == date(2026, 5, 1)  # last_contacted: is a default name
    bo = Vault.open(vault, TODAY).find("Bo Chen")
    assert bo.email == "bo@northwind.example"


def test_the_own_name_wins_over_another_spelling() -> None:
    note = parse_note("People/A.md", "---\nCompany: Old\ncompany: New\nemail: a@x.example\n---\n")
    assert note.fields["company"] == "New"
    assert note.renamed == {}
    note = parse_note(
        "People/A.md", "---\nlast_contacted: 2026-01-02\nLast Contact: 2026-03-04\n---\n"
    )
    # `Last Contact` is the property's own name written another way: it ranks before
    # `last_contacted`, another name [keys] lists after it.
    assert note.renamed == {"last_contact": "Last Contact"}
    assert note.fields["last_contact"] == "2026-03-04"
    assert "last_contacted" in note.fields  # kept as written, not read


def test_a_bad_date_under_another_spelling_is_reported_on_its_line() -> None:
    note = parse_note("People/A.md", "---\nname: A\nBirthday: someday\n---\n")
    assert [(p.line, p.message) for p in note.problems] == [
        (3, "bad birthday 'someday' (use 1984-04-02, --04-02 or 04-02)")
    ]


def test_keys_maps_a_vaults_own_names(vault: Path) -> None:
    (vault / "vaultnet.toml").write_text(
        '[keys]\nlast_contact = ["seen"]\nwith = ["guests"]\ncompany = ["org"]\n'
        '[people]\ntags = ["contact"]\n',
        encoding="utf-8",
    )
    (vault / "Notes" / "Dee Eve.md").write_text(
        "---\ntags: [contact]\nseen: 2026-09-09\nOrg: Globex\n---\n", encoding="utf-8"
    )
    (vault / "Meetings" / "Party.md").write_text(
        '---\ndate: 2026-11-20\nguests: ["[[Dee Eve]]"]\n---\n', encoding="utf-8"
    )
    opened = Vault.open(vault, TODAY)
    found = {p.name: p for p in opened.people}
    assert "Bo Chen" not in found  # `person` is no longer the tag that marks people
    dee = found["Dee Eve"]
    assert dee.company == "Globex"
    assert dee.last_contact_field == date(2026, 9, 9)
    assert dee.last_contact == date(2026, 11, 20)  # guests: counts, as configured
    # `with = ["guests"]` replaces the default list: attendees: and people: no longer count
    assert sorted(i.title for i in opened.interactions) == ["Party"]
    assert found["Ana Lima"].last_contact_field is None  # last_contacted: was replaced by seen:


def test_changing_keys_rebuilds_the_index(vault: Path) -> None:
    assert len(Vault.open(vault, TODAY).interactions) == 4
    (vault / "vaultnet.toml").write_text('[keys]\nwith = ["with"]\n', encoding="utf-8")
    assert Vault.open(vault, TODAY).interactions == []
    (vault / "vaultnet.toml").unlink()
    assert len(Vault.open(vault, TODAY).interactions) == 4


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"employer": ["org"]}, "[keys] employer: not a property vaultnet reads"),
        ({"company": ["email"]}, "[keys] company: 'email' is the name of email"),
        ({"company": ["org"], "role": ["ORG"]}, "[keys] role: 'ORG' is the name of company"),
        ({"company": [3]}, '[keys] company must be a list of property names like ["company"]'),
    ],
)
def test_bad_keys_are_named(keys: dict[str, object], message: str) -> None:
    with pytest.raises(BadConfig, match=message.replace("[", r"\[")):
        config_from_dict({"keys": keys})


def test_keys_always_read_the_own_name() -> None:
    config = config_from_dict({"keys": {"last_contact": "seen"}})
    assert dict(config.key_names)["last_contact"] == ("last_contact", "seen")
    assert dict(config.key_names)["with"][0] == "with"  # the defaults stay for other keys


def test_a_person_marker_beats_a_meeting_shape() -> None:
    text = '---\ntags: [person]\ndate: 2026-01-01\nwith: "[[B]]"\n---\n'
    assert parse_note("Notes/A.md", text).kind == PERSON
    assert parse_note("Notes/A.md", text, NoteRules(person_tags=())).kind == INTERACTION
    text = '---\ncategories: "[[people]]"\n---\n'  # a link, a plain name, any case
    assert parse_note("Notes/A.md", text).kind == PERSON
    assert parse_note("Notes/A.md", "---\ncategories: [Places]\n---\n").kind == OTHER


def test_check_lists_the_keys_it_does_not_read(vault: Path) -> None:
    code, out, err = run(vault, "check", "--json")
    assert code == 0, err
    infos = [p for p in json.loads(out) if p["severity"] == "info"]
    assert infos == [
        {
            "path": "Contacts/Ana Lima.md",
            "line": 9,
            "severity": "info",
            "message": "'Phone Number' is not read (map it under [keys] if it is a fact)",
            "key": "Phone Number",
        },
        {
            "path": "Contacts/Ana Lima.md",
            "line": 10,
            "severity": "info",
            "message": "'twitter' is not read (map it under [keys] if it is a fact)",
            "key": "twitter",
        },
    ]
    (vault / "vaultnet.toml").write_text('[keys]\nphone = ["phone number"]\n', encoding="utf-8")
    code, out, _ = run(vault, "check", "--json")
    assert [p["key"] for p in json.loads(out) if p["severity"] == "info"] == ["twitter"]
    assert Vault.open(vault, TODAY).find("Ana Lima").phones == ["+1 303 555 0100"]


TASKS = """\
- [ ] Send the deck 🛫 2026-11-20 📅 2026-11-30
- [ ] Only a start 🛫 2026-11-20
- [ ] Scheduled and started ⏳ 2026-11-25 🛫 2026-11-20 ➕ 2026-11-01
- [x] Sent ✅ 2026-10-02
- [-] Cancelled ❌ 2026-10-03
- [ ] Bad start 🛫 2026-02-30
"""


def test_tasks_keep_their_start_and_done_dates() -> None:
    note = parse_note("People/A.md", TASKS)
    assert [(t.text, t.due, t.start, t.done_on) for t in note.tasks] == [
        ("Send the deck", "2026-11-30", "2026-11-20", None),
        ("Only a start", None, "2026-11-20", None),  # an open loop: 🛫 makes nothing due
        ("Scheduled and started", "2026-11-25", "2026-11-20", None),
        ("Sent", None, None, "2026-10-02"),
        ("Cancelled", None, None, None),  # ❌, Tasks' cancelled date, is not text either
        ("Bad start", None, None, None),
    ]
    assert [(p.line, p.message) for p in note.problems] == [(6, "impossible date 2026-02-30")]


CANCELLED = """\
---
cadence: 30d
last_contact: 2026-11-01
---
## Follow-ups
- [-] Send the deck 📅 2026-11-20 ❌ 2026-11-19
- [ ] Call about the role 📅 2026-11-21 ❌ 2026-11-19
- [ ] Plain open 📅 2026-11-21 ✅ 2026-11-19
"""


def test_a_cancelled_date_is_read_like_the_done_date(tmp_path: Path) -> None:
    """`❌ DATE` is not part of a task's text, wherever the task is shown; a cancelled task
    (`- [-]`, what Tasks writes with it) is closed: no follow-up, nothing due. As with `✅`, the
    box decides: an open box with a `❌` date (a task opened again) is open."""
    (tmp_path / "People").mkdir()
    (tmp_path / "People" / "Ann.md").write_text(CANCELLED, encoding="utf-8")
    tasks = parse_note("People/Ann.md", CANCELLED).tasks
    assert [(t.done, t.text, t.due) for t in tasks] == [
        (True, "Send the deck", "2026-11-20"),
        (False, "Call about the role", "2026-11-21"),
        (False, "Plain open", "2026-11-21"),
    ]
    code, out, _ = run(tmp_path, "digest", "--stdout")
    assert code == 0
    follow_ups = [line for line in out.splitlines() if line.startswith("- [ ] [[Ann]]")]
    assert follow_ups == [
        "- [ ] [[Ann]]: Call about the role (due 2026-11-21, 1 day overdue)",
        "- [ ] [[Ann]]: Plain open (due 2026-11-21, 1 day overdue)",
    ]
    code, out, _ = run(tmp_path, "prep", "Ann")
    assert "- Call about the role (2026-11-21, 1 day overdue)" in out.splitlines()
    assert "deck" not in out and "\u274c" not in out
    code, out, _ = run(tmp_path, "show", "Ann", "--json")
    assert [t["text"] for t in json.loads(out)["open_tasks"]] == [
        "Call about the role",
        "Plain open",
    ]


def test_show_says_when_a_follow_up_starts(vault: Path) -> None:
    code, out, _ = run(vault, "show", "Carl Diaz")
    assert code == 0
    assert "  - [ ] Send Carl the deck (starts 2026-11-20, due 2026-11-30)" in out.splitlines()
    code, out, _ = run(vault, "show", "Carl Diaz", "--json")
    assert json.loads(out)["open_tasks"] == [
        {
            "text": "Send Carl the deck",
            "due": "2026-11-30",
            "start": "2026-11-20",
            "path": "Notes/Carl Diaz.md",
            "line": 5,
        }
    ]
