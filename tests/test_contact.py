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
    give_twice = "## Log\n- 2026-11-17 coffee: #give the deck\n- 2026-11-17 coffee: #give more"
    draft = meeting("Thanks", "2026-11-20", ["Ann", "Bo"], "- 2026-11-20 email: #ask for a job")
    draft = (draft[0], draft[1].replace("date:", "type: draft\ndate:"))
    undated = meeting("Someday", "not a date", ["Ann"], "- 2026-01-01 call: #give")
    ann_log = "- 2026-11-02 call: #ask #give\n- 2026-11-16 call: #ask\n- 2026-12-01 x: #ask (plan)"
    vault = build(
        person("Ann", "## Log\n" + ann_log),
        person("Bo", "## Log\n- 2026-09-09 call: #ask\n- 2026-11-22 call: #give"),
        person("Cy"),
        meeting("Coffee", "2026-11-17", ["Ann", "Bo"], give_twice),
        meeting("Later", "2026-12-05", ["Ann"], "- 2026-12-05 call: #ask"),
        meeting("Old", "2026-10-01", ["Ann"], "- 2026-10-01 call: #ask"),
        draft,
        undated,
    )
    ann = vault.people[0]
    assert sorted(i.title for i in ann.interactions) == [
        "Coffee",
        "Later",
        "Old",
        "Someday",
        "Thanks",
    ]
    week = (MONDAY, TODAY)
    counted = {p.name: contact.favor_counts(p) for p in vault.people}
    this_week = {p.name: contact.favor_counts(p, week) for p in vault.people}
    assert all(p._history is None for p in vault.people)  # nothing built

    def from_history(items: list[contact.HistoryItem]) -> tuple[int, int]:
        return sum("give" in h.tags for h in items), sum("ask" in h.tags for h in items)

    assert counted == {p.name: from_history(p.history) for p in vault.people}
    assert this_week == {
        p.name: from_history([h for h in p.history if MONDAY <= h.date <= TODAY])
        for p in vault.people
    }
    # Ann: her log (#ask #give, #ask, the planned #ask), the coffee note (#give once), the old
    # one and the later one (#ask each, the later a plan); the draft and the undated note are
    # in no history. This week: her 11-16 #ask and the coffee.
    assert counted == {"Ann": (2, 5), "Bo": (2, 1), "Cy": (0, 0)}
    assert this_week == {"Ann": (1, 1), "Bo": (2, 0), "Cy": (0, 0)}


def test_what_is_known_from_the_last_contact_agrees_with_the_notes() -> None:
    many = build(
        person("Ann", "## Log\n- 2026-11-02 call: hi\n- 2026-12-01 coffee: planned"),
        person("Bo", "## Log\n- 2026-11-02 call: hi", last_contact="2026-11-20"),
        person("Cy", "## Log\n- 2026-01-02 call: hi"),
        person("Di"),
        meeting("Lunch", "2026-11-18", ["Ann"]),
        meeting("Later", "2026-11-29", ["Cy"]),
    )
    for p in many.people:
        for day in (date(2026, 1, 2), date(2026, 11, 2), date(2026, 11, 3), MONDAY, TODAY):
            assert contact.last_contact_before_known(p, day) == contact.last_contact_before(
                p, day
            ), (p.name, day)
            assert contact.contacted_since_known(p, day) == contact.contacted_since(
                p, day, TODAY
            ), (p.name, day)
