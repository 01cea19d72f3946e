"""Issue 13, the reconnect picks and the weekly counter: each test is a reproduction.

The picks shown by a week's first due list stay all week whatever is logged, added or changed;
"Reconnected this week" counts everyone dormant on Monday (with a contact on record) who was
contacted during the week, pick or not; over weeks everyone takes a turn. The week's state is
`.vaultnet/week.json` (vaultnet.due.week)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.test_schedule import build, dormant, meeting, person
from vaultnet.config import Config
from vaultnet.due.schedule import schedule_vault
from vaultnet.due.week import WEEK_FILE

Run = Callable[..., Result]
SUNDAY = "2026-11-22"


def picks(vault_dir: Path) -> list[str]:
    data = json.loads((vault_dir / WEEK_FILE).read_text(encoding="utf-8"))
    return [name for _, name, _, _ in data["picks"]]


def due_json(run: Run, today: str = SUNDAY) -> dict:  # type: ignore[type-arg]
    result = run("digest", "--json", today=today)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def reconnect_section(run: Run, vault_dir: Path, today: str = SUNDAY) -> str:
    result = run("digest", today=today)
    assert result.exit_code == 0, result.output
    text = (vault_dir / "Due.md").read_text(encoding="utf-8")
    return text.split("## Reconnect this week", 1)[1].split("\n## ", 1)[0]


def write_person(vault_dir: Path, stem: str, **fields: str) -> None:
    lines = ["---", *(f"{k}: {v}" for k, v in fields.items()), "---", f"# {stem}", ""]
    (vault_dir / "People" / f"{stem}.md").write_text("\n".join(lines), encoding="utf-8")


def test_1_an_ordinary_log_does_not_reshuffle_the_week(run: Run, vault_dir: Path) -> None:
    write_person(vault_dir, "Betty Birthday", last_contact="2026-11-01")  # no log lines
    before = reconnect_section(run, vault_dir)
    shown = picks(vault_dir)
    assert "Betty" not in before and len(shown) == 2
    assert run("log", "Betty Birthday", "-m", "quick hello").exit_code == 0
    after = reconnect_section(run, vault_dir)
    assert picks(vault_dir) == shown
    assert "Betty" not in after
    assert "Reconnected this week: 0/2." in after
    assert after == before


def test_1_a_log_before_the_week_s_first_digest_is_judged_by_what_was_known(
    run: Run, vault_dir: Path
) -> None:
    write_person(vault_dir, "Core Kim", circle="core", last_contact="2026-11-13")
    assert run("log", "Core Kim", "-m", "hi", today="2026-11-17").exit_code == 0
    section = reconnect_section(run, vault_dir, today="2026-11-17")
    assert "Core Kim" not in section
    assert "Reconnected this week: 0/2." in section


def test_2_a_snooze_ending_mid_week_keeps_monday_s_picks(run: Run, vault_dir: Path) -> None:
    # Carlos is dormant; snoozed until Tuesday he is not a candidate on Monday
    carlos = vault_dir / "People" / "Carlos Diaz.md"
    text = carlos.read_text(encoding="utf-8")
    carlos.write_text(text.replace("---\n", "---\nsnooze_until: 2026-11-17\n", 1), encoding="utf-8")
    due_json(run, today="2026-11-16")
    run("digest", today="2026-11-16")
    monday = picks(vault_dir)
    assert "Carlos Diaz" not in monday
    first = monday[0]
    assert run("log", first, "-m", "hello again", today="2026-11-16").exit_code == 0
    tuesday = reconnect_section(run, vault_dir, today="2026-11-17")
    assert picks(vault_dir) == monday
    assert f"- [x] [[{first}]]: reconnected 2026-11-16" in tuesday
    assert "Reconnected this week: 1/2." in tuesday


def test_3_a_new_person_is_never_a_reconnect(run: Run, vault_dir: Path) -> None:
    reconnect_section(run, vault_dir, today="2026-11-17")
    assert run("add", "Maria Lopez", today="2026-11-18").exit_code == 0
    assert run("log", "Maria Lopez", "-m", "met at the meetup", today="2026-11-18").exit_code == 0
    section = reconnect_section(run, vault_dir, today="2026-11-19")
    assert "Maria" not in section
    assert "Reconnected this week: 0/2." in section


def test_3_a_planned_meeting_is_not_a_contact_on_record() -> None:
    vault = build(
        person("Never met", "", tags="[linkedin]"),
        meeting("Coffee", "2026-11-23", ["Never met"]),  # tomorrow: a plan
    )
    due = schedule_vault(vault)
    assert [(p.name, p.tier) for p in due.reconnect.picks] == [("Never met", "new")]


def test_4_every_dormant_person_reconnected_counts_pick_or_not(run: Run, vault_dir: Path) -> None:
    run("digest")
    state = json.loads((vault_dir / WEEK_FILE).read_text(encoding="utf-8"))
    shown = {path for path, _, _, _ in state["picks"]}
    other = next(path for path in state["dormant"] if path not in shown)
    name = Path(other).stem
    assert run("log", name, "-m", "long time no see").exit_code == 0
    section = reconnect_section(run, vault_dir)
    assert name not in section  # not a pick, and the picks did not change
    assert "Reconnected this week: 1/2." in section


def test_5_everyone_takes_a_turn() -> None:
    notes = dormant(7)
    config = Config(per_week=2)
    state = None
    seen: list[set[str]] = []
    day = date(2026, 11, 16)
    for week in range(4):
        due = schedule_vault(build(*notes, today=day + timedelta(weeks=week), config=config), state)
        state = due.week_state
        seen.append({p.name for p in due.reconnect.picks})
    assert set().union(*seen) == {f"P{i:03d}" for i in range(7)}
    assert all(len(s) == 2 for s in seen)


# The week as a property: random vaults, random mid-week actions -------------------------------

ACTIONS = st.lists(
    st.tuples(
        st.integers(0, 6),  # the day of the week (0: Monday)
        st.sampled_from(["log", "add", "add_and_log", "snooze", "never", "delete"]),
        st.integers(0, 11),  # whom
        st.integers(1, 20),  # days (a snooze's length)
    ),
    max_size=12,
)
PEOPLE = st.lists(
    st.tuples(
        st.sampled_from([None, "2024-01-01", "2025-06-01", "2026-11-10", "2026-11-12"]),
        st.booleans(),  # a log line on that date too
        st.booleans(),  # core
    ),
    min_size=1,
    max_size=12,
)


def _note(stem: str, last: str | None, logged: bool, core: bool, extra: str = "") -> list[str]:
    fields = []
    if last:
        fields.append(f"last_contact: {last}")
    if core:
        fields.append("circle: core")
    fields.append(extra)
    log = [f"- {last} call: earlier"] if last and logged else []
    return ["---", *[f for f in fields if f], "---", "## Log", *log]


@given(PEOPLE, ACTIONS)
def test_the_week_holds_whatever_happens_mid_week(people: list, actions: list) -> None:  # type: ignore[type-arg]
    monday = date(2026, 11, 16)
    notes = {f"P{i:02d}": _note(f"P{i:02d}", *p) for i, p in enumerate(people)}
    added: set[str] = set()
    left: set[str] = set()  # snoozed, set to never or deleted: allowed to leave the picks
    state = None
    first: list[str] | None = None
    counter = 0
    for day_number in range(7):
        today = monday + timedelta(days=day_number)
        for when, action, whom, days in sorted(actions, key=lambda a: a[0]):
            if when != day_number:
                continue
            stem = sorted(notes)[whom % len(notes)] if notes else None
            if action in ("add", "add_and_log"):
                stem = f"New{len(added):02d}"
                added.add(stem)
                notes[stem] = _note(stem, None, False, False)
                if action == "add":
                    continue
            if stem is None:
                continue
            lines = notes[stem]
            if action in ("log", "add_and_log"):
                # what `log` does: a log line, and last_contact moved (the old value is lost)
                notes[stem] = [
                    line for line in lines[: lines.index("## Log")] if "last_contact" not in line
                ]
                notes[stem][1:1] = [f"last_contact: {today.isoformat()}"]
                notes[stem] += ["## Log", *lines[lines.index("## Log") + 1 :]]
                notes[stem].append(f"- {today.isoformat()} call: hello")
            elif action == "snooze":
                until = (today + timedelta(days=days)).isoformat()
                lines[1:1] = [f"snooze_until: {until}"]
                left.add(stem)
            elif action == "never":
                lines[1:1] = ["cadence: never"]
                left.add(stem)
            elif action == "delete":
                del notes[stem]
                left.add(stem)
        vault = build(
            *((f"People/{s}.md", "\n".join(lines) + "\n") for s, lines in notes.items()),
            today=today,
        )
        due = schedule_vault(vault, state)
        state = due.week_state
        shown = [p.name for p in due.reconnect.picks]
        if first is None:
            first = shown
        assert [n for n in first if n not in left] == [n for n in shown if n not in left]
        assert not set(shown) - set(first)
        assert due.reconnect.reconnected >= counter
        counter = due.reconnect.reconnected
        assert state is not None and not {f"People/{s}.md" for s in added} & set(state.counted)
