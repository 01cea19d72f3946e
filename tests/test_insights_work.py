"""The insights do work proportional to their answer: counted, never timed, on the synthetic
vault of tests/insights_vault.py. And the shortcuts they take give what the long way gives."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.insights_vault import TODAY, make_insights_vault
from vaultnet.cli import cli
from vaultnet.insights.intros import introductions, suggest_intros
from vaultnet.insights.network import PeopleLinks, contacts_count, strength
from vaultnet.insights.paths import find_target, warm_paths
from vaultnet.insights.report import week_report
from vaultnet.insights.stats import network_stats
from vaultnet.network import contact
from vaultnet.network.vault import Vault


@pytest.fixture
def root(insights_vault: Path) -> Path:
    return insights_vault


@pytest.fixture
def vault(root: Path) -> Vault:
    return Vault.open(root, TODAY)


@pytest.fixture
def histories(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the people whose whole history is built."""
    built: list[str] = []
    whole = contact.history

    def counted(person):  # type: ignore[no-untyped-def]
        built.append(person.path)
        return whole(person)

    monkeypatch.setattr(contact, "history", counted)
    return built


def test_contacts_between_is_the_history_of_those_days(vault: Vault) -> None:
    spans = [(date(2026, 11, 16), TODAY), (date(2025, 1, 1), date(2025, 12, 31)), (TODAY, TODAY)]
    for person in vault.people:
        for start, end in spans:
            wanted = [h for h in person.history if start <= h.date <= end]
            assert contact.contacts_between(person, start, end) == wanted
            assert contacts_count(person, start, end) == len(wanted)


def test_the_report_builds_no_history(vault: Vault, histories: list[str]) -> None:
    for monday in (date(2026, 11, 16), date(2026, 5, 11), date(2025, 1, 6)):
        week_report(vault, monday)
    assert histories == []


def test_stats_build_no_history_and_count_favors_as_people_do(
    vault: Vault, histories: list[str]
) -> None:
    numbers = network_stats(vault)
    assert histories == []
    assert numbers.gives == sum(p.gives for p in vault.people) > 0
    assert numbers.asks == sum(p.asks for p in vault.people) > 0


def test_suggestions_and_the_ledger_build_no_history(vault: Vault, histories: list[str]) -> None:
    assert suggest_intros(vault, 50) and introductions(vault)
    assert histories == []


def test_a_path_reads_the_history_of_the_paths_shown_only(
    vault: Vault, histories: list[str]
) -> None:
    target = find_target(vault, "Globex")
    found = warm_paths(vault, target, limit=3)
    assert len(found.paths) == 3 and len(target.insiders) > 10
    assert len(histories) <= 3
    # the strength it ranked by is the one counted from the whole history
    for person in vault.people:
        start = TODAY - timedelta(days=365)
        year = [h for h in contact.contacts(person, TODAY) if h.date >= start]
        assert strength(person, TODAY).contacts_last_year == len(year)


def test_links_gathered_for_some_people_are_theirs_in_full(vault: Vault) -> None:
    full = PeopleLinks(vault)
    some = {p.path for p in vault.people[::7]}
    around = PeopleLinks(vault, among=some)
    between = PeopleLinks(vault, among=some, between=True)
    for person in vault.people:
        if person.path not in some:
            continue
        got = [(p.path, links) for p, links in around.neighbours(person)]
        assert got == [(p.path, links) for p, links in full.neighbours(person)]
        for other in vault.people:
            assert around.linked(person, other) == full.linked(person, other)
            if other.path in some:
                assert between.linked(person, other) == full.linked(person, other)
    outsider = next(p for p in vault.people if p.path not in some)
    with pytest.raises(ValueError):
        list(around.neighbours(outsider))
    with pytest.raises(ValueError):
        between.linked(outsider, vault.people[0])


def test_suggest_shares_without_a_share_list_opens_no_vault(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = make_insights_vault(tmp_path / "bare", people=10, meetings=5)
    (bare / "Share.md").unlink()

    def refused(*args: object, **kwargs: object) -> Vault:
        raise AssertionError("the vault was opened")

    monkeypatch.setattr(Vault, "open", refused)
    result = CliRunner().invoke(cli, ["--vault", str(bare), "suggest", "shares"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("No share list: write Share.md")
    (bare / "vaultnet.toml").write_text("[reconnect]\nper_week = -3\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["--vault", str(bare), "suggest", "shares"])
    assert bad.exit_code != 0 and "per_week" in bad.stderr


def test_stats_favors_count_meetings_as_people_do(tmp_path: Path) -> None:
    meeting = "---\ndate: {day}\ntype: {kind}\nwith: ['[[Ann]]', '[[Bo]]']\n---\n## Log\n- {day} call: {tag}\n"
    notes = {
        "People/Ann.md": "---\n---\n## Log\n- 2026-11-01 call: hi #give\n",
        "People/Bo.md": "---\n---\n",
        "Meetings/a.md": meeting.format(day="2026-11-02", kind="coffee", tag="#give"),
        "Meetings/b.md": meeting.format(day="2026-11-03", kind="draft", tag="#give #ask"),
        "Meetings/c.md": meeting.format(day="2026-11-04", kind="call", tag="#ask"),
    }
    for rel, text in notes.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    vault = Vault.open(tmp_path, TODAY)
    numbers = network_stats(vault)
    assert (numbers.gives, numbers.asks) == (3, 2)  # the draft counts for no one
    assert numbers.gives == sum(p.gives for p in vault.people)
    assert numbers.asks == sum(p.asks for p in vault.people)
