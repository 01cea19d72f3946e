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


# report ------------------------------------------------------------------------------------------

W47 = date(2026, 11, 16)  # Monday of 2026-W47


def report_vault(root: Path) -> Path:
    return make(
        root,
        {
            "vaultnet.toml": "[goals]\ntouches_per_week = 2\ncore_size = 3\n[reconnect]\nper_week = 1\n",
            # dormant since 2025, reconnected on Tuesday
            "People/Old Friend.md": person(
                status="seeking",
                log=["2026-11-17 call: caught up #give", "2025-01-10 email: hello"],
            ),
            # first met this week: new, not a reconnect
            "People/New Face.md": person(status="seeking", log=["2026-11-18 coffee: met #ask"]),
            # core, contacted only after the week: overdue as of that Sunday
            "People/Core Kim.md": person(
                circle="core",
                cadence="30d",
                status="seeking",
                log=["2026-11-25 call: later", "2026-09-01 call: earlier"],
            ),
            # touched through the field only
            "People/Field Only.md": person(status="employed", last_contact="2026-11-20"),
            "People/Wanted.md": person(stage="want"),
            "People/Intro A.md": person(
                log=["2026-11-19 intro: introduced to [[Intro B]]: both love maps #intro #give"]
            )
            + "- [ ] slipped task 📅 2026-11-18\n- [x] done task 📅 2026-11-20\n"
            + "- [x] old task 📅 2026-10-01\n- [ ] later task 📅 2026-11-29\n",
            "People/Intro B.md": person(
                log=["2026-11-19 intro: introduced to [[Intro A]]: both love maps #intro #give"]
            ),
            "Groups/Map Club.md": "---\ncadence: 14d\n---\n# Map Club\n",
            "Groups/Quiet Club.md": "---\ncadence: 7d\n---\n# Quiet Club\n",
            "Meetings/2026-11-21 Map Club November.md": (
                "---\ndate: 2026-11-21\nwith: ['[[Intro A]]', '[[Intro B]]']\n"
                "groups: ['[[Map Club]]']\n---\n"
            ),
            # named in the title only: not attendance, here as in the due list
            "Meetings/2026-11-20 Quiet Club social.md": (
                "---\ndate: 2026-11-20\nwith: '[[Intro A]]'\n---\n"
            ),
        },
    )


def test_week_report_sections(tmp_path: Path) -> None:
    from vaultnet.insights.report import week_report

    vault = Vault.open(report_vault(tmp_path), date(2026, 11, 30))
    r = week_report(vault, W47)
    assert r.week == "2026-W47" and r.as_of == date(2026, 11, 22)
    assert [t.name for t in r.touches] == [
        "Field Only",
        "Intro A",
        "Intro B",
        "New Face",
        "Old Friend",
    ]
    assert (r.touches_goal, r.reconnect_goal, r.core_goal) == (2, 1, 3)
    assert [t.name for t in r.reconnected] == ["Old Friend"]
    assert [t.name for t in r.new_people] == ["Field Only", "Intro A", "Intro B", "New Face"]
    # Kim's call on the 25th came after the week: as of that Sunday she was overdue
    assert (r.core, r.core_overdue) == (1, ["Core Kim"])
    assert (r.gives, r.asks) == (3, 1)
    assert [f.text for f in r.follow_ups_done] == ["done task"]
    assert [f.text for f in r.follow_ups_slipped] == ["slipped task"]
    assert [(i.first, i.second, i.reason) for i in r.intros] == [
        ("Intro A", "Intro B", "introduced to Intro B: both love maps")
    ]
    assert [(g.name, g.attended, g.due) for g in r.groups] == [
        ("Map Club", (date(2026, 11, 21),), False),
        ("Quiet Club", (), True),
    ]
    assert r.mix[0] == ("seeking", 2) and "seeking work" in r.mix_warning
    assert [(w.week, w.touches, w.reconnects) for w in r.trend[-2:]] == [
        ("2026-W46", 0, 0),
        ("2026-W47", 5, 1),
    ]


def test_week_report_of_this_week_counts_up_to_today(tmp_path: Path) -> None:
    from vaultnet.insights.report import week_report
    from vaultnet.insights.report_note import render_report

    vault = Vault.open(report_vault(tmp_path), date(2026, 11, 18))
    r = week_report(vault, W47)
    assert r.as_of == date(2026, 11, 18)
    assert [t.name for t in r.touches] == ["New Face", "Old Friend"]
    assert r.intros == []  # the 19th has not come yet
    assert "*The week so far, up to 2026-11-18.*" in render_report(r)


def test_mix_warning_only_for_a_majority_of_seekers() -> None:
    from vaultnet.insights.report import mix_warning

    assert mix_warning([("employed", 5), ("seeking", 1)]) == ""
    assert mix_warning([("seeking", 2), ("employed", 2)]) == ""
    assert mix_warning([("seeking", 2), ("unknown", 9)]) == ""  # too few known
    assert mix_warning([("seeking", 3), ("employed", 2)]).startswith("3 of the 5 people")


def test_report_cli_week_out_and_errors(tmp_path: Path) -> None:
    root = report_vault(tmp_path / "v")
    result = invoke(root, "report", "--week", "2026-W47", today="2026-11-30")
    assert result.exit_code == 0 and result.stdout.startswith("---\ntype: report\nweek: 2026-W47\n")
    out = tmp_path / "W47.md"
    args = ("report", "--week", "2026-w47", "--out", str(out))
    assert invoke(root, *args, today="2026-11-30").stdout == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8") == result.stdout
    assert invoke(root, *args, today="2026-11-30").stdout == f"{out} is up to date\n"
    # the history changed: the earlier report is replaced only with --force
    (root / "People/Late.md").write_text(person(log=["2026-11-20 call: x"]), encoding="utf-8")
    refused = invoke(root, *args, today="2026-11-30")
    assert refused.exit_code == 1
    assert "holds an earlier report of 2026-W47; add --force" in refused.stderr
    assert invoke(root, *args, "--force", today="2026-11-30").exit_code == 0
    assert "[[Late]]" in out.read_text(encoding="utf-8")
    # a note that is not a report is never replaced
    note = root / "People/Late.md"
    kept = note.read_bytes()
    refused = invoke(root, "report", "--week", "2026-W47", "--out", str(note), "--force")
    assert refused.exit_code == 1 and note.read_bytes() == kept
    bad = invoke(root, "report", "--week", "47")
    assert bad.exit_code == 2 and "ISO week like 2026-W47" in bad.stderr
    future = invoke(root, "report", "--week", "2027-W01")
    assert future.exit_code == 2 and "has not started yet" in future.stderr
    data = json.loads(
        invoke(root, "report", "--week", "2026-W47", "--json", today="2026-11-30").stdout
    )
    assert data["week"] == "2026-W47" and data["core_overdue"] == ["Core Kim"]


def test_report_golden_for_the_sample_vault(run) -> None:  # type: ignore[no-untyped-def]
    result = run("report", "--week", "2026-W47")
    assert result.exit_code == 0
    assert_golden("report-2026-W47.md", result.stdout)
    assert_golden("report-2026-W45.md", run("report", "--week", "2026-W45").stdout)


# intros ------------------------------------------------------------------------------------------


def test_intros_ledger_with_outcomes(tmp_path: Path) -> None:
    root = report_vault(tmp_path)
    (root / "People/Intro B.md").write_text(
        person(
            log=[
                "2026-11-26 email: thanks for the intro to [[Intro A]]!",
                "2026-11-19 intro: introduced to [[Intro A]]: both love maps #intro #give",
            ]
        ),
        encoding="utf-8",
    )
    result = invoke(root, "intros", today="2026-11-30")
    assert result.exit_code == 0
    assert result.stdout == (
        "2026-11-19  Intro A and Intro B: introduced to Intro B: both love maps\n"
        "    2026-11-21 together: 2026-11-21 Map Club November\n"
        "    2026-11-26 Intro B thanked you: thanks for the intro to Intro A!\n"
    )
    data = json.loads(invoke(root, "intros", "--json", today="2026-11-30").stdout)
    assert data[0]["on"] == "2026-11-19" and len(data[0]["outcomes"]) == 2


def test_intros_sample_vault(run) -> None:  # type: ignore[no-untyped-def]
    # Marcus's thanks names Priya: it is an outcome of her introduction, not of Carlos's
    assert run("intros").stdout == (
        "2026-11-05  Carlos Diaz and Marcus Webb: introduced Marcus Webb for the senior platform role\n"
        "    nothing came of it on record yet (17 days ago)\n"
        "2026-11-17  Marcus Webb and Priya Natarajan: introduced to Priya Natarajan: she is hiring "
        "SREs and he is looking\n"
        "    2026-11-21 Marcus Webb thanked you: thanked me for the intro to Priya Natarajan; they "
        "talk next week. He said I was a calm presence in his search\n"
    )


# path --------------------------------------------------------------------------------------------


def test_path_into_a_company_ranks_direct_then_by_strength(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("path", "northwind", "--json").stdout)
    assert data["target"] == {
        "kind": "company",
        "name": "Northwind Labs",
        "insiders": ["Katherine Lindqvist", "Omar Haddad"],
    }
    routes = [(p["via"], p["to"], p["direct"]) for p in data["paths"]]
    assert routes == [
        ("Katherine Lindqvist", "Katherine Lindqvist", True),  # met; Omar is `stage: want`
        ("Carlos Diaz", "Omar Haddad", False),  # knows Omar; the warmest introducer
        ("José Álvarez", "Katherine Lindqvist", False),  # a log line links them
    ]
    strengths = [p["strength"] for p in data["paths"][1:]]
    assert strengths == sorted(strengths, reverse=True)
    assert data["paths"][1]["reasons"][0] == "Carlos Diaz knows Omar Haddad"


def test_path_to_a_wanted_person_and_a_group(run) -> None:  # type: ignore[no-untyped-def]
    result = run("path", "Lena Fischer")
    assert result.stdout == (
        "Lena Fischer (person)\n"
        " 1. Jane Doe -> Lena Fischer (could introduce you, strength 7)\n"
        "      Jane Doe works at Acme Robotics too\n"
        "      last contact with Jane: coffee 7 weeks ago, 4 contacts this year; "
        "you gave more than you asked (1 to 0)\n"
    )
    group = json.loads(run("path", "[[Platform Engineering Guild]]", "--json").stdout)
    assert group["target"]["kind"] == "group"
    assert [p["via"] for p in group["paths"] if p["direct"]] == ["Carlos Diaz", "Yuki Tanaka"]
    assert_golden("path-northwind.txt", run("path", "Northwind Labs").stdout)


def test_path_errors(run) -> None:  # type: ignore[no-untyped-def]
    result = run("path", "Zzyzx Corp")
    assert result.exit_code == 1
    assert result.stderr == "Error: no company, group or person matches 'Zzyzx Corp'\n"


def test_strength_orders_recency_frequency_and_balance(tmp_path: Path) -> None:
    from vaultnet.insights.network import strength

    root = make(
        tmp_path,
        {
            "People/Warm.md": person(log=["2026-11-20 call: a #give", "2026-10-01 call: b"]),
            "People/Cool.md": person(log=["2026-06-01 call: c"]),
            "People/Owed.md": person(log=["2026-06-01 call: c #ask"]),
            "People/Cold.md": person(log=["2020-06-01 call: d"]),
        },
    )
    vault = Vault.open(root, TODAY)
    scores = {p.name: strength(p, TODAY).score for p in vault.people}
    assert scores == {"Cold": 0, "Cool": 2, "Owed": 2, "Warm": 6}


# suggest -----------------------------------------------------------------------------------------


def test_suggest_intros_rules(tmp_path: Path) -> None:
    from vaultnet.insights.intros import suggest_intros

    root = make(
        tmp_path,
        {
            "People/Asker.md": person(
                ask="An intro to a kubernetes consultant", location="Denver, CO"
            ),
            "People/Giver.md": person(offer="Kubernetes consulting", location="Denver"),
            "People/Wanted.md": person(stage="want", offer="kubernetes consultant"),
            "People/Known A.md": person(interests="[chess]", knows='"[[Known B]]"'),
            "People/Known B.md": person(interests="[chess]"),
            "People/Done A.md": person(
                interests="[go]", log=["2026-11-01 intro: introduced to [[Done B]] #intro"]
            ),
            "People/Done B.md": person(interests="[Go]"),
            "People/Fan A.md": person(interests="[jazz, golf]", industry="music"),
            "People/Fan B.md": person(interests="[Jazz]", industry="Music"),
        },
    )
    found = suggest_intros(Vault.open(root, TODAY))
    pairs = [(s.first, s.second, s.score) for s in found]
    # ask-offer 3 + same city 1; shared interest 2 + industry 1; never want/known/introduced
    assert pairs == [("Asker", "Giver", 4), ("Fan A", "Fan B", 3)]
    assert found[0].reasons[0].startswith('Asker asks for "An intro to a kubernetes consultant"')
    assert found[0].reasons[1] == "both in Denver"
    assert found[0].short == "Giver can help with what Asker asks (kubernetes)"


def test_suggest_cli(run, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # the sample vault's share list is the README's example (tests/fixtures/Share.md)
    fixture = Path(__file__).parent / "fixtures" / "Share.md"
    assert (vault_dir / "Share.md").read_bytes() == fixture.read_bytes()
    result = run("suggest", "intros", "--limit", "3")
    assert result.exit_code == 0
    assert_golden("suggest-intros.txt", result.stdout)
    shares = run("suggest", "shares")
    assert_golden("suggest-shares.txt", shares.stdout)
    assert "Elena Petrova (reconnect): The robot fleet telemetry talk" in shares.stdout
    # shared with Elena: not offered to her again
    note = vault_dir / "People/Elena Petrova.md"
    text = note.read_text(encoding="utf-8").replace(
        "## Log\n",
        "## Log\n- 2026-11-21 email: shared: the robot fleet telemetry talk from the October meetup #give\n",
    )
    note.write_text(text, encoding="utf-8")
    assert "Elena Petrova" not in run("suggest", "shares").stdout
    (vault_dir / "Share.md").unlink()
    missing = run("suggest", "shares")
    assert missing.exit_code == 0 and "No share list: write Share.md" in missing.stderr


def test_share_list_parsing() -> None:
    from vaultnet.network.shares import parse_share_list

    items = parse_share_list(
        "---\ntags: [x]\n---\n# List\ntext\n- A talk on [[Jane Doe|Jane]]'s #Platform-Engineering\n"
        "- [x] retired #old\n- [ ] open item #go\n1. numbered\n"
    )
    assert [(i.line, i.title, i.topics) for i in items] == [
        (6, "A talk on Jane's", ("platform engineering", "jane doe")),
        (8, "open item", ("go",)),
        (9, "numbered", ()),
    ]


# graph and brand ---------------------------------------------------------------------------------


def test_graph_formats(run) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    core = run("graph", "--circle", "core")
    assert core.exit_code == 0
    assert_golden("graph-core.mmd", core.stdout)
    assert "p2 ---|knows| p4" in core.stdout  # Bob and Frank know each other: one edge
    root = ET.fromstring(run("graph", "--format", "graphml").stdout)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    graph = root.find(f"{ns}graph")
    assert graph is not None
    labels = [d.text for d in graph.iter(f"{ns}data") if d.get("key") == "label"]
    assert "Zoë Müller" in labels and "Denver Tech Meetup" in labels
    assert len(graph.findall(f"{ns}node")) == 30  # 27 people, 3 groups
    dot = run("graph", "--format", "dot").stdout
    assert dot.startswith("digraph vaultnet {") and dot.rstrip().endswith("}")
    assert run("graph", "--format", "svg").exit_code == 2


def test_graph_escapes_names(tmp_path: Path) -> None:
    from vaultnet.insights.graph import network_graph, to_dot, to_graphml, to_mermaid

    root = make(
        tmp_path, {'People/A "Q" & <B>.md': person(knows='"[[C]]"'), "People/C.md": person()}
    )
    drawn = network_graph(Vault.open(root, TODAY))
    assert '"A #quot;Q#quot; & <B>"' in to_mermaid(drawn)
    assert '"A \\"Q\\" & <B>"' in to_dot(drawn)
    assert 'A "Q" &amp; &lt;B&gt;' in to_graphml(drawn)


def test_brand_words_and_phrases(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {
            "Notes/360 survey.md": (
                "---\ntags: [feedback]\n---\n## Notes\n- A calm presence under pressure.\n"
                "- Calm presence in incidents; a great teacher.\n- Always a great teacher.\n"
            ),
            "People/Ann.md": person(
                log=[
                    "2026-10-01 call: said I am a calm presence and a clear writer #feedback",
                    "2026-09-01 call: a clear writer, not about feedback",
                ]
            ),
        },
    )
    result = json.loads(invoke(root, "brand", "--json").stdout)
    assert result["sources"] == 4
    assert result["phrases"][:2] == [["calm presence", 3], ["great teacher", 2]]
    assert ["calm", 3] in result["words"] and ["writer", 1] not in result["words"]
    text = invoke(root, "brand").stdout
    assert text.startswith("From 4 pieces of feedback:\n\nPhrases:\n  calm presence (3)\n")
    empty = make(tmp_path / "empty", {"People/X.md": person()})
    assert invoke(empty, "brand").stdout == "No feedback yet: tag notes or log lines #feedback.\n"


def test_suggest_intros_draft_makes_the_suggestion_in_one_step(run, vault_dir: Path) -> None:  # type: ignore[no-untyped-def]
    listed = run("suggest", "intros", "--json")
    first = json.loads(listed.stdout)[0]
    assert (first["first"], first["second"]) == ("Frank Moreau", "José Álvarez")
    draft = run("suggest", "intros", "--draft", "1")
    by_hand = run("intro", first["first"], first["second"], "--reason", first["short"])
    assert draft.exit_code == 0 and draft.stdout == by_hand.stdout
    assert "Introduction: Frank Moreau and José Álvarez" in draft.stdout
    frank = vault_dir / "People/Frank Moreau.md"
    before = frank.read_text(encoding="utf-8")
    logged = run("suggest", "intros", "--draft", "1", "--log")
    assert logged.exit_code == 0
    assert logged.stdout == draft.stdout
    line = f"- 2026-11-22 intro: introduced to [[José Álvarez]]: {first['short']} #intro #give\n"
    assert frank.read_text(encoding="utf-8") != before and line in frank.read_text(encoding="utf-8")
    assert "Logged in People/José Álvarez.md" in logged.stderr
    # logged: the pair is never suggested again
    again = json.loads(run("suggest", "intros", "--json", "--limit", "100").stdout)
    assert ("Frank Moreau", "José Álvarez") not in {(s["first"], s["second"]) for s in again}


def test_suggest_intros_draft_refuses_what_it_cannot_do(run) -> None:  # type: ignore[no-untyped-def]
    count = len(json.loads(run("suggest", "intros", "--json", "--limit", "1000").stdout))
    beyond = run("suggest", "intros", "--draft", str(count + 1))
    assert (beyond.exit_code, beyond.stderr) == (
        2,
        f"Error: --draft {count + 1}: there are only {count} suggestions "
        "(see `vaultnet suggest intros`)\n",
    )
    alone = run("suggest", "intros", "--log")
    assert (alone.exit_code, alone.stderr) == (
        2,
        "Error: --log goes with --draft N: say which suggestion to record\n",
    )
    assert run("suggest", "intros", "--draft", "0").exit_code == 2


def test_a_group_is_attended_by_linking_meetings_its_log_and_its_last_contact(
    tmp_path: Path,
) -> None:
    """What counts as going to a group, in the report's week and in the due list alike: a
    meeting that links it (`with`, `groups` or `group`), a log line in its note, its
    `last_contact`; not a draft, not a meeting that only names it in its title, nothing after
    the day asked about."""
    from vaultnet.insights.report import week_report
    from vaultnet.network import contact

    links = {
        "2026-11-02 With.md": "with: ['[[Map Club]]']",
        "2026-11-09 Groups.md": "with: '[[Ann]]'\ngroups: ['[[Map Club]]']",
        "2026-11-17 Group.md": "with: '[[Ann]]'\ngroup: '[[Map Club]]'",
        "2026-11-18 Map Club social.md": "with: '[[Ann]]'",  # the title only
        "2026-11-19 Thanks.md": "type: draft\nwith: '[[Ann]]'\ngroups: ['[[Map Club]]']",
        "2026-11-30 Next.md": "with: '[[Ann]]'\ngroups: ['[[Map Club]]']",  # after the week
    }
    notes = {
        "People/Ann.md": "---\ncompany: X\n---\n",
        "Groups/Map Club.md": "---\ncadence: 14d\nlast_contact: 2026-10-20\n---\n# Map Club\n\n"
        "## Log\n- 2026-10-26 event: went\n",
    }
    for title, fields in links.items():
        notes[f"Meetings/{title}"] = f"---\ndate: {title[:10]}\n{fields}\n---\n"
    vault = Vault.open(make(tmp_path / "v", notes), date(2026, 11, 22))
    (group,) = vault.groups
    days = [date(2026, 10, 20), date(2026, 10, 26), date(2026, 11, 2), date(2026, 11, 9)]
    assert contact.attended(group, date(2026, 11, 22)) == [*days, date(2026, 11, 17)]
    assert group.last_attended == date(2026, 11, 17)
    (week,) = week_report(vault, W47).groups
    assert (week.attended, week.last_attended, week.due) == (
        (date(2026, 11, 17),),
        date(2026, 11, 17),
        False,
    )
    (earlier,) = week_report(vault, date(2026, 11, 9)).groups
    assert (earlier.attended, earlier.last_attended) == ((date(2026, 11, 9),), date(2026, 11, 9))


def test_the_report_and_the_due_list_agree_on_when_a_group_was_last_attended(
    vault_dir: Path, insights_vault: Path
) -> None:
    """One rule for a group's attendance: the weekly report's last attendance of each group is
    the one the due list shows, on the sample vault and the synthetic one, for weeks that end
    today and earlier (a guard against a second rule in either: the report's own, which also
    counted titles and drafts, failed it)."""
    from vaultnet.insights.report import week_report

    for root in (vault_dir, insights_vault):
        for sunday in (date(2026, 11, 22), date(2026, 5, 17), date(2025, 1, 12)):
            vault = Vault.open(root, sunday)
            report = week_report(vault, sunday)
            shown = {g.name: g.last_attended for g in vault.groups if g.cadence}
            assert shown and {g.name: g.last_attended for g in report.groups} == shown
