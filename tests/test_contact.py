"""The one definition of a contact (vaultnet.network.contact, on vaultnet.notes.contact_dates):
the vault, the due list, harvesting and the editor all answer from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.test_schedule import TODAY, build, meeting, person
from vaultnet.network import contact
from vaultnet.notes.contact_dates import is_contact, latest_before, latest_contact
from vaultnet.notes.editor import NoteEditor

MONDAY = date(2026, 11, 16)


def test_the_date_rule_counts_today_and_not_tomorrow() -> None:
    assert is_contact(TODAY, TODAY) and not is_contact(date(2026, 11, 23), TODAY)
    assert is_contact("2030-01-01", None)  # no horizon: every date counts
    days = [date(2026, 11, 1), None, date(2026, 11, 30), date(2026, 11, 16)]
    assert latest_contact(days, TODAY) == date(2026, 11, 16)
    assert latest_before(days, MONDAY) == date(2026, 11, 1)
    assert latest_contact(["2026-11-01", "2026-12-01"], "2026-11-22") == "2026-11-01"


def vault_with_plans():  # type: ignore[no-untyped-def]
    return build(
        person(
            "Ann",
            "## Log\n- 2026-11-02 call: hi\n- 2026-12-01 coffee: planned",
            last_contact="2026-10-20",
        ),
        meeting("Lunch", "2026-11-18", ["Ann"]),
        meeting("Later", "2026-11-29", ["Ann"]),
    )


def test_log_interactions_and_the_field_count_plans_do_not() -> None:
    vault = vault_with_plans()
    ann = vault.people[0]
    assert ann.last_contact == contact.last_contact(ann, TODAY) == date(2026, 11, 18)
    assert contact.last_contact_before(ann, MONDAY) == date(2026, 11, 2)
    assert contact.contacted_since(ann, MONDAY, TODAY) == date(2026, 11, 18)
    assert contact.contacted_since(ann, date(2026, 11, 19), TODAY) is None
    assert [h.date for h in contact.contacts(ann, TODAY)] == [date(2026, 11, 18), date(2026, 11, 2)]
    assert len(ann.history) == 4  # the history keeps the plans, newest first
    assert ann.history[0].date == date(2026, 12, 1)


def test_a_future_field_is_a_plan_with_a_warning() -> None:
    vault = build(person("Bo", last_contact="2026-12-24"))
    assert vault.people[0].last_contact is None
    assert [p.message for p in vault.problems] == [
        "last_contact 2026-12-24 is in the future; not counted"
    ]


def test_birthday_wished_only_by_a_contact_mentioning_it() -> None:
    vault = build(
        person(
            "Cy",
            "## Log\n- 2026-11-20 message: happy birthday!\n- 2026-11-25 call: birthday party",
        )
    )
    cy = vault.people[0]
    assert contact.birthday_wished(cy, MONDAY, TODAY) == date(2026, 11, 20)
    assert contact.birthday_wished(cy, date(2026, 11, 21), TODAY) is None


def test_the_editor_never_moves_the_field_below_a_logged_contact(tmp_path: Path) -> None:
    note = tmp_path / "People" / "Ann.md"
    note.parent.mkdir()
    note.write_text(
        "---\nlast_contact: 2026-10-01\n---\n## Log\n- 2026-11-10 call: hi\n- 2026-12-01 x: plan\n",
        encoding="utf-8",
    )
    editor = NoteEditor.open(tmp_path, "People/Ann.md")
    assert not editor.move_last_contact(date(2026, 11, 5), today=TODAY)  # the log shows 11-10
    assert editor.move_last_contact(date(2026, 11, 12), today=TODAY)  # the 12-01 line is a plan
    assert "last_contact: 2026-11-12\n" in editor.text


def test_favor_counts_agree_with_the_history_without_building_it() -> None:
    give_twice = "## Log\n- 2026-10-01 coffee: #give the deck\n- 2026-10-01 coffee: #give more"
    draft = meeting("Thanks", "2026-11-20", ["Ann", "Bo"], "- 2026-11-20 email: #ask for a job")
    draft = (draft[0], draft[1].replace("date:", "type: draft\ndate:"))
    undated = meeting("Someday", "not a date", ["Ann"], "- 2026-01-01 call: #give")
    vault = build(
        person("Ann", "## Log\n- 2026-11-02 call: #ask #give\n- 2026-12-01 coffee: #ask (plan)"),
        person("Bo", "## Log\n- 2026-09-09 call: #ask"),
        person("Cy"),
        meeting("Coffee", "2026-10-01", ["Ann", "Bo"], give_twice),
        meeting("Later", "2026-12-05", ["Ann"], "- 2026-12-05 call: #ask"),
        draft,
        undated,
    )
    counted = {p.name: contact.favor_counts(p) for p in vault.people}
    ann = vault.people[0]
    assert sorted(i.title for i in ann.interactions) == ["Coffee", "Later", "Someday", "Thanks"]
    assert all(p._history is None for p in vault.people)  # nothing built
    from_history = {
        p.name: (
            sum("give" in h.tags for h in p.history),
            sum("ask" in h.tags for h in p.history),
        )
        for p in vault.people
    }
    assert counted == from_history
    # Ann: her log (#ask #give, the planned #ask), the coffee note (#give once), the later
    # meeting (#ask, a plan); the draft and the undated note are in no history.
    assert counted == {"Ann": (2, 3), "Bo": (1, 1), "Cy": (0, 0)}
