"""A first due list worth acting on (issue 15): "Start here" for a new vault, first contacts
spread over the days, items that say who the person is, and the settings behind them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.golden import assert_golden
from tests.test_schedule import build, person
from vaultnet.cli import cli
from vaultnet.config import Config
from vaultnet.due.firsts import FIRSTS_FILE, FirstsState
from vaultnet.due.render import due_sections
from vaultnet.due.schedule import DueList, schedule_vault

FIXTURE = Path(__file__).parent / "fixtures" / "linkedin_connections.csv"
TODAY = date(2026, 11, 22)
FIRSTS = Config(per_week=0)  # no reconnect picks: every never-contacted core person is a first


def lines(due: DueList, key: str) -> list[str]:
    return next((s["lines"] for s in due_sections(due) if s["key"] == key), [])


def new_vault(tmp_path: Path) -> tuple[Path, list[str]]:
    vault = tmp_path / "vault"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(vault)]).exit_code == 0
    base = ["--vault", str(vault), "--today", TODAY.isoformat()]
    result = runner.invoke(cli, [*base, "import", "linkedin", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    return vault, base


# Start here ------------------------------------------------------------------------------------


def test_a_freshly_imported_vault_starts_here(tmp_path: Path) -> None:
    vault, base = new_vault(tmp_path)
    result = CliRunner().invoke(cli, [*base, "digest"])
    assert result.exit_code == 0, result.output
    text = (vault / "Due.md").read_text(encoding="utf-8")
    assert_golden("due-start-here.md", text)
    assert text.startswith("# Due 2026-11-22\n\n## Start here\n\n- 8 people, 0 decided, ")
    assert "`vaultnet triage`" in text
    assert "`vaultnet set 'Grace Hopper' circle=core`" in text


def test_start_here_goes_once_there_is_a_core(tmp_path: Path) -> None:
    vault, base = new_vault(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, [*base, "set", "Bob Smith", "circle=core"]).exit_code == 0
    assert runner.invoke(cli, [*base, "digest"]).exit_code == 0
    assert "## Start here" not in (vault / "Due.md").read_text(encoding="utf-8")
    data = json.loads(runner.invoke(cli, [*base, "digest", "--json"]).stdout)
    assert data["start_here"] is None


def test_start_here_counts_the_decided_and_needs_little_history() -> None:
    notes = [person(f"P{i}") for i in range(8)]
    due = schedule_vault(build(*notes, person("Set", cadence="3m"), person("No", cadence="never")))
    assert due.start_here is not None
    assert (due.start_here.people, due.start_here.decided) == (10, 2)
    assert lines(due, "start_here")[0] == "- 10 people, 2 decided, no core circle yet."
    # a vault with history is not new, core circle or not
    known = [person(f"K{i}", last_contact="2026-10-01") for i in range(2)]
    assert schedule_vault(build(*notes, *known)).start_here is None
    assert schedule_vault(build()).start_here is None  # no people: nothing to start with


# First contacts over the days ------------------------------------------------------------------


def core_imports(count: int) -> list[tuple[str, str]]:
    return [person(f"Core {i:03d}", circle="core") for i in range(count)]


def test_first_contacts_spread_over_a_month() -> None:
    notes = core_imports(97)
    notes.append(
        person("Zed Promising", circle="core", email="z@x.example", connected="2026-10-01")
    )
    state: FirstsState | None = None
    seen: dict[str, int] = {}
    for day in range(30):
        today = TODAY + timedelta(days=day)
        due = schedule_vault(build(*notes, today=today, config=FIRSTS), firsts=state)
        shown = [r.name for r in due.due_by_cadence]
        assert len(shown) == 5  # never more than the daily number
        assert due.first_contacts_queued == 98 - 5
        if day == 0:
            assert shown[0] == "Zed Promising"  # the most promising first
            assert lines(due, "cadence")[-1] == "- …and 93 more first contacts queued, 5 a day"
        # stable through the day: the same picks again, from the kept state
        again = schedule_vault(build(*notes, today=today, config=FIRSTS), firsts=due.firsts_state)
        assert [r.name for r in again.due_by_cadence] == shown
        for name in shown:
            seen[name] = seen.get(name, 0) + 1
        state = due.firsts_state
    assert len(seen) == 98  # everyone came up
    assert max(seen.values()) - min(seen.values()) <= 1  # in turn: 98 in 20 days, then again


def test_a_first_contact_made_leaves_and_nobody_takes_its_place_that_day() -> None:
    notes = core_imports(12)
    due = schedule_vault(build(*notes, config=FIRSTS))
    picks = [r.name for r in due.due_by_cadence]
    assert picks == [f"Core {i:03d}" for i in range(5)]
    contacted = [
        person(n, circle="core", last_contact=TODAY.isoformat())
        if f"People/{n}.md" == p
        else (p, t)
        for p, t in notes
        for n in [picks[0]]
    ]
    later = schedule_vault(build(*contacted, config=FIRSTS), firsts=due.firsts_state)
    assert [r.name for r in later.due_by_cadence] == picks[1:]
    assert later.first_contacts_queued == 7
    tomorrow = schedule_vault(
        build(*contacted, today=TODAY + timedelta(days=1), config=FIRSTS),
        firsts=later.firsts_state,
    )
    assert [r.name for r in tomorrow.due_by_cadence] == [f"Core {i:03d}" for i in range(5, 10)]


def test_people_with_a_contact_are_not_spread_and_come_first() -> None:
    notes = [*core_imports(7), person("Old", circle="core", last_contact="2026-01-01")]
    due = schedule_vault(build(*notes, config=Config(per_week=0, first_contacts_per_day=2)))
    assert [r.name for r in due.due_by_cadence] == ["Old", "Core 000", "Core 001"]
    assert due.first_contacts_queued == 5
    none = schedule_vault(build(*notes, config=Config(per_week=0, first_contacts_per_day=0)))
    assert [r.name for r in none.due_by_cadence] == ["Old"]
    assert lines(none, "cadence")[-1] == "- …and 7 more first contacts queued, 0 a day"


def test_the_day_is_kept_in_the_vault_and_survives_ticks(tmp_path: Path) -> None:
    vault, base = new_vault(tmp_path)
    runner = CliRunner()
    toml = (vault / "vaultnet.toml").read_text(encoding="utf-8")
    toml = toml.replace("per_week = 2 ", "per_week = 0 ").replace(
        "first_contacts_per_day = 5", "first_contacts_per_day = 3"
    )
    (vault / "vaultnet.toml").write_text(toml, encoding="utf-8")
    for name in ("Ada Lovelace", "Alan Turing", "Bob Smith", "Grace Hopper", "Zoe Muller"):
        assert runner.invoke(cli, [*base, "set", name, "circle=core"]).exit_code == 0
    assert runner.invoke(cli, [*base, "digest"]).exit_code == 0
    kept = json.loads((vault / FIRSTS_FILE).read_text(encoding="utf-8"))
    assert kept["day"] == "2026-11-22" and len(kept["picks"]) == 3
    due = (vault / "Due.md").read_text(encoding="utf-8")
    items = [line for line in due.splitlines() if line.endswith("<!-- vn:cadence -->")]
    assert len(items) == 3
    assert "- …and 2 more first contacts queued, 3 a day" in due
    # tick the first; the other two stay, nobody new comes in today
    ticked = items[0].replace("- [ ]", "- [x]", 1)
    (vault / "Due.md").write_text(due.replace(items[0], ticked), encoding="utf-8")
    assert runner.invoke(cli, [*base, "digest"]).exit_code == 0
    after = (vault / "Due.md").read_text(encoding="utf-8")
    assert [line for line in after.splitlines() if line.endswith("<!-- vn:cadence -->")] == items[
        1:
    ]
    assert "- …and 2 more first contacts queued, 3 a day" in after


# Who they are ----------------------------------------------------------------------------------


def test_items_say_who_the_person_is() -> None:
    due = schedule_vault(
        build(
            person(
                "Ann",
                circle="core",
                company="Globex",
                role="Staff Engineer",
                connected="2019-05-02",
                introduced_by='"[[Bob]]"',
            ),
            person("Bob", circle="core", company="Initech", last_contact="2026-01-01"),
            person("Cy", circle="core", last_contact="2026-01-01"),
            config=FIRSTS,
        )
    )
    assert lines(due, "cadence") == [
        "- [ ] [[Bob]]: 325 days since last contact (cadence 90d). Initech. Nothing on file "
        "yet: say hello and ask what they are working on <!-- vn:cadence -->",
        "- [ ] [[Cy]]: 325 days since last contact (cadence 90d). Nothing on file yet: say hello "
        "and ask what they are working on <!-- vn:cadence -->",
        "- [ ] [[Ann]]: no contact on record (cadence 90d). Staff Engineer at Globex; introduced "
        "by [[Bob]]; connected 2019. Nothing on file yet: say hello and ask what they are "
        "working on <!-- vn:cadence -->",
    ]


# Settings --------------------------------------------------------------------------------------


def test_triage_offers_the_cadences_of_the_config(tmp_path: Path) -> None:
    vault, base = new_vault(tmp_path)
    toml = (vault / "vaultnet.toml").read_text(encoding="utf-8")
    (vault / "vaultnet.toml").write_text(
        toml.replace('monthly = "1m"', 'monthly = "6w"'), encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("vaultnet.cli.facts.stdin_is_terminal", lambda: True)
        result = CliRunner().invoke(cli, [*base, "triage", "--limit", "1"], input="m")
    assert result.exit_code == 0, result.output
    assert "m: cadence 6w" in result.output
    assert "cadence: 6w\n" in (vault / "People" / "Grace Hopper.md").read_text(encoding="utf-8")
    (vault / "vaultnet.toml").write_text(
        toml.replace('yearly = "1y"', 'yearly = "often"'), encoding="utf-8"
    )
    bad = CliRunner().invoke(cli, [*base, "triage", "--json"])
    assert bad.exit_code != 0
    assert "[triage] yearly must be a duration like 14d" in bad.output


def test_free_slots_of_the_day_are_filled_when_people_are_made_core() -> None:
    undecided = [person(f"Core {i:03d}") for i in range(12)]
    morning = schedule_vault(build(*undecided, config=FIRSTS))
    assert morning.due_by_cadence == [] and morning.firsts_state is not None
    made_core = core_imports(12)
    later = schedule_vault(build(*made_core, config=FIRSTS), firsts=morning.firsts_state)
    assert [r.name for r in later.due_by_cadence] == [f"Core {i:03d}" for i in range(5)]
    assert later.first_contacts_queued == 7
    # none a day: the section still says how many wait
    none = schedule_vault(build(*made_core, config=Config(per_week=0, first_contacts_per_day=0)))
    assert lines(none, "cadence") == ["- …and 12 more first contacts queued, 0 a day"]
