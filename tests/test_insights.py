"""The insights on hand-made vaults: stats, connectors and the `list` filters; each ranking
and each report section. Goldens for the sample vault: tests/golden/insights-*."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner, Result

from tests.golden import assert_golden
from vaultnet.cli import cli
from vaultnet.insights.connectors import top_connectors
from vaultnet.insights.stats import months_back, network_stats
from vaultnet.network.vault import Vault

TODAY = date(2026, 11, 22)


def make(root: Path, notes: dict[str, str]) -> Path:
    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "People").mkdir(exist_ok=True)
    return root


def person(**fields: object) -> str:
    log = fields.pop("log", [])
    body = "".join(f"- {line}\n" for line in log)  # type: ignore[union-attr]
    front = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return f"---\n{front}---\n## Log\n{body}"


def invoke(root: Path, *args: str, today: str = "2026-11-22") -> Result:
    return CliRunner().invoke(
        cli, ["--vault", str(root), "--today", today, *args], catch_exceptions=False
    )


# stats -----------------------------------------------------------------------------------------


def test_months_back_crosses_the_year() -> None:
    assert months_back(date(2026, 2, 10), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_stats_counts(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {
            "People/Ann.md": person(
                circle="core",
                status="seeking",
                log=["2026-11-20 call: hi #give", "2026-10-02 call: x #ask"],
            ),
            "People/Bea.md": person(
                status="Seeking", introduced_by='"[[Ann]]"', log=["2024-01-01 call: long ago"]
            ),
            "People/Cy.md": person(stage="want", introduced_by='"[[Ann]]"'),
            "People/Dee.md": person(last_contact="2026-11-01", log=["2026-12-30 call: a plan"]),
        },
    )
    (root / "People/Ann.md").write_text(
        person(
            circle="core",
            status="seeking",
            log=["2026-11-20 call: hi #give", "2026-10-02 call: x #ask"],
        )
        + "- [ ] send the deck 📅 2026-11-01\n- [ ] later 📅 2026-12-01\n- [ ] someday\n- [x] done\n",
        encoding="utf-8",
    )
    numbers = network_stats(Vault.open(root, TODAY))
    assert numbers.people == 4
    assert numbers.by_circle == [("core", 1), ("(none)", 3)]
    assert numbers.by_stage == [("connected", 3), ("want", 1)]
    assert numbers.by_status == [("seeking", 2), ("(none)", 2)]
    per_month = dict(numbers.contacts_per_month)
    # the plan in December is not a contact; the `last_contact` field has no history item
    assert per_month["2026-11"] == 1 and per_month["2026-10"] == 1
    assert "2026-12" not in per_month
    assert (numbers.met, numbers.dormant) == (3, 1)  # Bea: silent since 2024
    assert (numbers.gives, numbers.asks) == (1, 1)
    assert (numbers.open_follow_ups, numbers.overdue_follow_ups) == (2, 1)
    assert (numbers.open_loops, numbers.done_tasks) == (1, 1)
    assert [(c.name, c.introduced) for c in numbers.connectors] == [("Ann", 2)]


def test_connectors_rank_introductions_then_groups(tmp_path: Path) -> None:
    groups = '["[[G1]]", "[[G2]]", "[[G3]]"]'
    root = make(
        tmp_path,
        {
            "Groups/G1.md": "# G1\n",
            "Groups/G2.md": "# G2\n",
            "Groups/G3.md": "# G3\n",
            "People/Hub.md": person(groups=groups),
            "People/Intro.md": person(groups='["[[G1]]"]'),
            "People/X.md": person(introduced_by='"[[Intro]]"'),
            "People/Loner.md": person(groups='["[[G1]]"]'),
        },
    )
    ranked = top_connectors(Vault.open(root, TODAY))
    assert [(c.name, c.introduced, c.groups) for c in ranked] == [("Intro", 1, 1), ("Hub", 0, 3)]
    listed = invoke(root, "list", "--sort", "connector", "--json")
    assert [p["name"] for p in json.loads(listed.stdout)] == ["Intro", "Hub", "Loner", "X"]


def test_stats_on_the_sample_vault(run) -> None:  # type: ignore[no-untyped-def]
    result = run("stats")
    assert result.exit_code == 0
    assert_golden("insights-stats.txt", result.stdout)
    data = json.loads(run("stats", "--json").stdout)
    assert data["people"] == 27 and data["by_stage"]["want"] == 2
    assert data["connectors"][0]["name"] == "Bob Smith"


# list filters ------------------------------------------------------------------------------------


def test_list_filters_status_location_group(run) -> None:  # type: ignore[no-untyped-def]
    names = lambda *a: [p["name"] for p in json.loads(run("list", *a, "--json").stdout)]  # noqa: E731
    assert names("--status", "SEEKING") == ["Marcus Webb"]
    assert names("--location", "denver", "--status", "employed") == [
        "Alex Chen",
        "Bob Smith",
        "Frank Moreau",
        "Jane Doe",
        "Leo Martins",
    ]
    assert names("--group", "[[Alumni Network]]") == [
        "David Okafor",
        "Elena Petrova",
        "Margaret Ellis",
        "Tom Nguyen",
    ]
    assert names("--group", "No Such Group") == []


def test_list_sorts(run) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(run("list", "--sort", "last_contact", "--json").stdout)
    dates = [r["last_contact"] or "" for r in rows]
    assert dates == sorted(dates) and dates[0] == ""
    rows = json.loads(run("list", "--sort", "due", "--json").stdout)
    due = [r["next_due"] for r in rows]
    known = [d for d in due if d is not None]
    assert known == sorted(known) and due[: len(known)] == known
