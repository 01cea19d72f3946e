"""Every scheduling rule on small hand-made vaults (built in memory from note texts)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from vaultnet.config import Config
from vaultnet.due.schedule import DueList, Introducer, schedule, schedule_vault
from vaultnet.network.vault import Vault
from vaultnet.notes.parse import parse_note

TODAY = date(2026, 11, 22)  # a Sunday: ISO week 2026-W47 runs Monday 11-16 to today
NO_RECONNECT = Config(per_week=0)  # so dormant people stay under due by cadence


def person(stem: str, body: str = "", /, **fields: object) -> tuple[str, str]:
    lines = ["---", *(f"{k}: {v}" for k, v in fields.items()), "---", f"# {stem}", body]
    return f"People/{stem}.md", "\n".join(lines) + "\n"


def meeting(title: str, day: str, with_: list[str], body: str = "") -> tuple[str, str]:
    links = ", ".join(f'"[[{w}]]"' for w in with_)
    return f"Meetings/{title}.md", f"---\ndate: {day}\nwith: [{links}]\n---\n{body}\n"


def build(*notes: tuple[str, str], today: date = TODAY, config: Config | None = None) -> Vault:
    """A Vault from note texts, without touching the disk."""
    parsed = {path: parse_note(path, text) for path, text in notes}
    vault = Vault(root=Path("/nonexistent"), config=config or Config(), today=today, notes=parsed)
    vault._build()
    return vault


def due_of(*notes: tuple[str, str], today: date = TODAY, config: Config | None = None) -> DueList:
    return schedule_vault(build(*notes, today=today, config=config))


def names(items: list) -> list[str]:  # type: ignore[type-arg]
    return [i.name for i in items]


# Due by cadence -------------------------------------------------------------------------------


def test_cadence_person_over_circle_and_core_default() -> None:
    due = due_of(
        person("Own", cadence="30d", circle="core", last_contact="2026-10-01"),  # 52 > 30
        person("Core", circle="core", last_contact="2026-10-01"),  # 52 < 90: not due
        person("Old core", circle="core", last_contact="2026-08-01"),  # 113 >= 90
        person("Free", circle="acquaintance", last_contact="2020-01-01"),  # no cadence
    )
    assert names(due.due_by_cadence) == ["Own", "Old core"]
    assert due.due_by_cadence[0].cadence_days == 30
    assert due.due_by_cadence[1].cadence_days == 90


def test_circle_cadence_from_config() -> None:
    config = Config(circle_cadence={"core": 90, "friend": 60})
    due = due_of(person("F", circle="friend", last_contact="2026-09-01"), config=config)
    assert names(due.due_by_cadence) == ["F"]


def test_due_exactly_on_the_day() -> None:
    due = due_of(
        person("Today", cadence="30d", last_contact=(TODAY - timedelta(days=30)).isoformat()),
        person("Tomorrow", cadence="30d", last_contact=(TODAY - timedelta(days=29)).isoformat()),
    )
    assert names(due.due_by_cadence) == ["Today"]


def test_most_overdue_relative_to_cadence_first_never_contacted_last() -> None:
    due = due_of(
        person("Twice", cadence="10d", last_contact="2026-11-02"),  # 20 days: 2.0x
        person("Long", cadence="1y", last_contact="2024-11-01"),  # 751 days: 2.06x
        person("Barely", cadence="30d", last_contact="2026-10-20"),  # 33 days: 1.1x
        person("Nobody", cadence="30d"),  # never contacted
        person("Another nobody", cadence="14d"),
        config=NO_RECONNECT,
    )
    assert names(due.due_by_cadence) == ["Long", "Twice", "Barely", "Another nobody", "Nobody"]


def test_cadence_respects_snooze_never_and_pipeline_stages() -> None:
    due = due_of(
        person("Snoozed", cadence="30d", last_contact="2026-01-01", snooze_until="2026-12-01"),
        person("Snooze over", cadence="30d", last_contact="2026-01-01", snooze_until="2026-11-01"),
        person("Never", cadence="never", circle="core", last_contact="2020-01-01"),
        person("Want", stage="want", cadence="30d"),
        person("Pending", stage="pending", cadence="30d"),
    )
    assert names(due.due_by_cadence) == ["Snooze over"]


def test_last_contact_is_the_latest_of_field_log_and_meetings() -> None:
    due = due_of(
        person("A", "## Log\n- 2026-11-01 call: hi\n", cadence="30d", last_contact="2026-09-01"),
        person("B", cadence="30d", last_contact="2026-09-01"),
        meeting("Coffee", "2026-11-10", ["B"]),
    )
    assert names(due.due_by_cadence) == []


def test_bad_cadence_falls_back_to_the_circle_and_is_reported() -> None:
    vault = build(person("Odd", circle="core", cadence="fortnightly", last_contact="2026-01-01"))
    due = schedule_vault(vault)
    assert names(due.due_by_cadence) == ["Odd"]
    assert due.due_by_cadence[0].cadence_days == 90
    assert [str(p) for p in vault.problems] == [
        "People/Odd.md:3: unknown cadence 'fortnightly' (use a number of days, weeks, months or "
        "years like 14d, 6w, 3m, 1y, at most 100y, or never)"
    ]
    assert due.this_week is not None and due.this_week.errors == 1


def test_person_with_no_dates_at_all() -> None:
    due = due_of(person("Blank"))
    assert due.due_by_cadence == []
    assert [p.name for p in due.reconnect.picks] == ["Blank"]
    assert due.reconnect.picks[0].tier == "new"
    assert due.reconnect.picks[0].reason is None


# Reconnect ------------------------------------------------------------------------------------


def dormant(n: int, prefix: str = "P", **fields: object) -> list[tuple[str, str]]:
    return [person(f"{prefix}{i:03d}", last_contact="2024-01-01", **fields) for i in range(n)]


def picks_on(day: date, *notes: tuple[str, str], config: Config | None = None) -> list[str]:
    return [p.name for p in due_of(*notes, today=day, config=config).reconnect.picks]


def test_reconnect_picks_per_week_from_dormant_people_only() -> None:
    notes = [
        *dormant(10),
        person("Recent", last_contact="2026-06-01"),
        person("Just dormant", last_contact=(TODAY - timedelta(days=400)).isoformat()),
    ]
    picks = picks_on(TODAY, *notes)
    assert len(picks) == 2
    assert "Recent" not in picks
    assert len(picks_on(TODAY, *notes, config=Config(per_week=5))) == 5
    assert picks_on(TODAY, *notes, config=Config(per_week=0)) == []


def test_dormant_after_threshold_is_counted_from_monday() -> None:
    monday = date(2026, 11, 16)
    notes = [
        person("At", last_contact=(monday - timedelta(days=365)).isoformat()),
        person("Under", last_contact=(monday - timedelta(days=364)).isoformat()),
    ]
    assert picks_on(TODAY, *notes) == ["At"]


def test_reconnect_stable_within_a_week() -> None:
    notes = dormant(40)
    week = [picks_on(date(2026, 11, 16) + timedelta(days=i), *notes) for i in range(7)]
    assert all(p == week[0] for p in week)


def test_reconnect_rotates_between_weeks_without_state() -> None:
    notes = dormant(40)
    weeks = [tuple(picks_on(TODAY + timedelta(weeks=w), *notes)) for w in range(6)]
    assert len(set(weeks)) == 6
    assert weeks == [tuple(picks_on(TODAY + timedelta(weeks=w), *notes)) for w in range(6)]


def test_week_boundary_sunday_to_monday() -> None:
    notes = dormant(40)
    sunday = picks_on(date(2026, 11, 22), *notes)
    monday = picks_on(date(2026, 11, 23), *notes)
    assert sunday == picks_on(date(2026, 11, 16), *notes)
    assert monday == picks_on(date(2026, 11, 29), *notes)
    assert sunday != monday


def test_reconnect_tiers_core_then_known_then_never_contacted() -> None:
    notes = [
        *[person(f"New{i}") for i in range(20)],
        *dormant(20, "Known"),
        person("Core", circle="core", last_contact="2020-01-01"),
    ]
    picks = due_of(*notes, config=Config(per_week=3)).reconnect.picks
    assert [p.tier for p in picks] == ["core", "known", "known"]
    assert picks[0].name == "Core"
    only_new = due_of(
        *[person(f"New{i}") for i in range(20)], person("K", last_contact="2020-01-01")
    )
    assert [p.tier for p in only_new.reconnect.picks] == ["known", "new"]


def test_reconnect_leaves_out_snoozed_never_want_and_pending() -> None:
    notes = [
        person("Snoozed", last_contact="2020-01-01", snooze_until="2026-12-01"),
        person("Never", last_contact="2020-01-01", cadence="never"),
        person("Want", stage="want"),
        person("Pending", stage="pending", last_contact="2020-01-01"),
        person("Ok", last_contact="2020-01-01"),
    ]
    due = due_of(*notes)
    assert [p.name for p in due.reconnect.picks] == ["Ok"]
    assert due.reconnect.candidates == 1


def test_reconnect_progress_and_the_pick_stays_after_contact() -> None:
    notes = dormant(30)
    monday = due_of(*notes, today=date(2026, 11, 17))
    picks = [p.name for p in monday.reconnect.picks]
    first = picks[0]
    # reconnected on Wednesday: a log line in the note and last_contact moved (what harvest does)
    contacted = [
        person(n, "## Log\n- 2026-11-18 message: reconnected\n", last_contact="2026-11-18")
        if n == first
        else (path, text)
        for (path, text), n in zip(notes, [f"P{i:03d}" for i in range(30)], strict=True)
    ]
    # the week's state kept since Monday (.vaultnet/week.json): moving `last_contact` erased
    # the only record of the earlier contact, and the state still knows it
    due = schedule_vault(build(*contacted, today=date(2026, 11, 20)), monday.week_state)
    assert [p.name for p in due.reconnect.picks] == picks
    assert due.reconnect.picks[0].contacted_on == date(2026, 11, 18)
    assert due.reconnect.done == 1
    assert due.this_week is not None and due.this_week.reconnected == 1
    # next week the pick is no longer dormant
    assert first not in picks_on(date(2026, 11, 23), *contacted)


def test_at_most_once_between_reconnect_and_cadence() -> None:
    notes = [
        person("Core A", circle="core", last_contact="2024-01-01"),
        person("Core B", circle="core", last_contact="2024-02-01"),
        person("Core C", circle="core", last_contact="2024-03-01"),
    ]
    due = due_of(*notes)
    picked = {p.name for p in due.reconnect.picks}
    cadence = set(names(due.due_by_cadence))
    assert len(picked) == 2
    assert picked.isdisjoint(cadence)
    assert picked | cadence == {"Core A", "Core B", "Core C"}


def test_five_thousand_never_contacted_imports_do_not_flood_the_list() -> None:
    imports = [person(f"Import {i:04d}", tags="[linkedin]", company="Big Co") for i in range(5000)]
    due = due_of(*imports, person("Friend", cadence="30d", last_contact="2026-10-01"))
    assert len(due.reconnect.picks) == 2
    assert {p.tier for p in due.reconnect.picks} == {"new"}
    assert due.reconnect.candidates == 5000
    assert names(due.due_by_cadence) == ["Friend"]
    assert due.follow_ups == due.dates == due.favor == due.want_to_meet == due.waiting == []


# Follow-ups -----------------------------------------------------------------------------------


def test_follow_ups_overdue_and_within_lookahead_only() -> None:
    body = "\n".join(
        [
            "## Follow-ups",
            "- [ ] overdue 📅 2026-11-01",
            "- [ ] today [due:: 2026-11-22]",
            "- [ ] in a week 📅 2026-11-29",
            "- [ ] in eight days 📅 2026-11-30",
            "- [x] done 📅 2026-11-20",
            "- [ ] open loop without a date",
        ]
    )
    due = due_of(person("A", body))
    assert [(f.text, f.due) for f in due.follow_ups] == [
        ("overdue", date(2026, 11, 1)),
        ("today", date(2026, 11, 22)),
        ("in a week", date(2026, 11, 29)),
    ]
    assert due.follow_ups[0].people == ("A",)
    assert due.follow_ups[0].source is None
    assert due.this_week is not None
    assert (due.this_week.open_follow_ups, due.this_week.overdue_follow_ups) == (4, 1)


def test_follow_ups_from_interaction_notes_once_for_all_people_in_with() -> None:
    due = due_of(
        person("Bob"),
        person("Frank"),
        meeting(
            "Lunch", "2026-11-10", ["Frank", "Bob", "Nobody Known"], "- [ ] send it 📅 2026-11-20"
        ),
    )
    assert len(due.follow_ups) == 1
    task = due.follow_ups[0]
    assert (task.people, task.source, task.path, task.line) == (
        ("Frank", "Bob"),
        "Lunch",
        "Meetings/Lunch.md",
        5,
    )


def test_follow_up_with_an_impossible_date_is_listed_not_dropped() -> None:
    vault = build(person("A", "- [ ] book the flight 📅 2026-02-30"))
    due = schedule_vault(vault)
    assert [(f.text, f.due, f.bad_date) for f in due.follow_ups] == [
        ("book the flight", None, "2026-02-30")
    ]
    assert [str(p) for p in vault.problems] == ["People/A.md:4: impossible date 2026-02-30"]


def test_lookahead_from_config() -> None:
    body = "- [ ] later 📅 2026-12-10"
    assert due_of(person("A", body)).follow_ups == []
    assert len(due_of(person("A", body), config=Config(followups_lookahead=30)).follow_ups) == 1


# Reasons --------------------------------------------------------------------------------------


def reason_of(*notes: tuple[str, str]) -> tuple[str, str] | None:
    due = due_of(*notes, config=NO_RECONNECT)
    reason = due.due_by_cadence[0].reason
    return (reason.kind, reason.text) if reason else None


def test_reason_nearest_follow_up_first() -> None:
    body = (
        "## Notes\n- loves jazz\n## Follow-ups\n- [ ] far 📅 2027-03-01\n- [ ] near 📅 2026-11-20\n"
    )
    assert reason_of(person("A", body, cadence="7d", offer="help")) == ("follow_up", "near")


def test_reason_detail_naming_this_or_next_month_first() -> None:
    body = "## Notes\n- loves jazz\n- trip to Japan in December\n"
    assert reason_of(person("A", body, cadence="7d", offer="help")) == (
        "detail",
        "trip to Japan in December",
    )
    body = "## Notes\n- loves jazz\n- trip to Japan in April\n"
    assert reason_of(person("A", body, cadence="7d")) == ("detail", "loves jazz")


def test_reason_offer_then_latest_log_line() -> None:
    assert reason_of(person("A", cadence="7d", offer="my notes", last_contact="2026-01-01")) == (
        "offer",
        "my notes",
    )
    body = "## Log\n- 2026-01-05 call: talked shop\n- 2025-01-01 email: older\n"
    assert reason_of(person("A", body, cadence="7d")) == (
        "last_contact",
        "2026-01-05 call: talked shop",
    )
    assert reason_of(person("A", cadence="7d")) is None


# Pipeline -------------------------------------------------------------------------------------


def test_want_to_meet_with_introducers_every_way() -> None:
    due = due_of(
        person(
            "Target", stage="want", company="Acme", groups='["[[Guild]]"]', knows='["[[Ally]]"]'
        ),
        person("Colleague", company="acme"),
        person("Member", groups='["[[Guild]]"]'),
        person("Friend", knows='["[[Target]]"]'),
        person("Ally"),
        person("Introducer", introduced_by='"[[Target]]"'),
        person("Stranger", company="Other"),
        person("Also wanted", stage="want", company="Acme"),
    )
    target = next(w for w in due.want_to_meet if w.name == "Target")
    assert target.introducers == (
        Introducer("Ally", "knows them"),
        Introducer("Friend", "knows them"),
        Introducer("Introducer", "knows them"),
        Introducer("Colleague", "same company, Acme"),
        Introducer("Member", "Guild"),
    )
    lonely = next(w for w in due.want_to_meet if w.name == "Also wanted")
    assert [i.name for i in lonely.introducers] == ["Colleague"]


def test_warm_paths_by_name_before_alias_and_each_introducer_once() -> None:
    due = due_of(
        # "bo" is Bo's name and Al's alias: a link to [[bo]] is Bo
        person("Target", stage="want", company="Acme", knows='["[[bo]]"]'),
        person("Al", aliases="[bo]", company="Acme", knows='["[[Target]]"]'),
        person("Bo", groups='["[[Guild]]"]'),
        person("Cy", company="ACME", groups='["[[Guild]]"]'),  # a colleague before a member
        person("Pending", company="Acme", stage="pending"),  # not met yet: no warm path
    )
    (target,) = due.want_to_meet
    assert target.introducers == (
        Introducer("Al", "knows them"),
        Introducer("Bo", "knows them"),
        Introducer("Cy", "same company, Acme"),
    )


def test_pending_waiting_more_than_seven_days() -> None:
    due = due_of(
        person("Eight", "## Log\n- 2026-11-14 email: reached out\n", stage="pending"),
        person("Seven", "## Log\n- 2026-11-15 email: reached out\n", stage="pending"),
        person("Unknown", stage="pending"),
        person("Long", stage="pending", last_contact="2026-10-01"),
    )
    assert [(w.name, w.days_waiting) for w in due.waiting] == [
        ("Long", 52),
        ("Eight", 8),
        ("Unknown", None),
    ]


# Dates ----------------------------------------------------------------------------------------


def test_birthdays_within_lookahead() -> None:
    due = due_of(
        person("Today", birthday="1990-11-22"),
        person("Two weeks", birthday="--12-06"),
        person("Too far", birthday="12-07"),
        person("Past", birthday="1990-11-21"),
        person("Want", birthday="11-23", stage="want"),
        person("Never", birthday="11-23", cadence="never"),
        person("Snoozed", birthday="11-25", snooze_until="2026-12-01"),
    )
    assert [(d.name, d.on, d.age) for d in due.dates] == [
        ("Today", date(2026, 11, 22), 36),
        ("Two weeks", date(2026, 12, 6), None),
    ]


def test_birthday_across_the_new_year_and_feb_29() -> None:
    due = due_of(person("Leap", birthday="2000-02-29"), today=date(2027, 2, 20))
    assert [(d.on, d.age) for d in due.dates] == [(date(2027, 2, 28), 27)]
    due = due_of(person("NY", birthday="--01-02"), today=date(2026, 12, 25))
    assert [d.on for d in due.dates] == [date(2027, 1, 2)]


def test_birthday_done_once_wished() -> None:
    body = "## Log\n- 2026-11-22 message: birthday wishes (due list)\n"
    due = due_of(person("A", body, birthday="11-22"))
    assert due.dates[0].done_on == date(2026, 11, 22)


# Favor balance --------------------------------------------------------------------------------


def test_favor_balance_flags() -> None:
    due = due_of(
        person("Taker", "## Log\n- 2026-01-01 call: #ask\n- 2026-02-01 call: #ask\n", offer="x"),
        person("Once", "## Log\n- 2026-01-01 call: #ask\n"),
        person("Balanced", "## Log\n- 2026-01-01 call: #ask #give\n"),
        person("No offer", ask="an intro"),
        person("Both", ask="an intro", offer="a review"),
        person("Opted out", "- 2026-01-01 call: #ask\n", cadence="never"),
    )
    assert [(f.name, f.asks, f.asks_without_gives) for f in due.favor] == [
        ("Taker", 2, True),
        ("Once", 1, True),
        ("No offer", 0, False),
    ]


# The week -------------------------------------------------------------------------------------


def test_week_stats() -> None:
    due = due_of(
        person("A", "## Log\n- 2026-11-16 call: #give\n- 2026-11-15 call: #ask\n"),
        person("B", last_contact="2026-11-20"),
        person("C", "## Log\n- 2026-11-30 call: planned\n"),
        person("D", circle="core"),
    )
    week = due.this_week
    assert week is not None
    assert (week.monday, week.touched, week.gives, week.asks, week.core) == (
        date(2026, 11, 16),
        ("A", "B"),
        1,
        0,
        1,
    )


def test_schedule_without_a_vault() -> None:
    vault = build(person("A", cadence="7d"))
    due = schedule(vault.people, NO_RECONNECT, TODAY)
    assert names(due.due_by_cadence) == ["A"]
    assert due.week == "2026-W47"


def test_meeting_task_goes_to_the_people_it_names() -> None:
    due = due_of(
        person("Leo Martins"),
        person("Jane Doe", aliases="[Janie]"),
        person("Bob Smith"),
        meeting(
            "Meetup",
            "2026-11-10",
            ["Jane Doe", "Bob Smith", "Leo Martins"],
            "- [ ] Send Leo the contacts 📅 2026-11-20\n"
            "- [ ] Ask Janie and bob smith about it 📅 2026-11-21\n"
            "- [ ] Book the room 📅 2026-11-22\n",
        ),
        config=NO_RECONNECT,
    )
    assert [f.people for f in due.follow_ups] == [
        ("Leo Martins",),
        ("Jane Doe", "Bob Smith"),
        ("Jane Doe", "Bob Smith", "Leo Martins"),
    ]
