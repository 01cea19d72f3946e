"""Due.md as text: the items and their markers, the template, reading back ticks and edits."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.golden import assert_golden, in_another_process
from tests.test_schedule import NO_RECONNECT, due_of, meeting, person
from vaultnet.due.items import Introducer
from vaultnet.due.note import (
    KEEP_MARKER,
    FollowUpRef,
    compose_due_note,
    read_due_note,
    task_hash,
)
from vaultnet.due.render import due_sections, render_due
from vaultnet.errors import TemplateProblem

TODAY = date(2026, 11, 22)


def lines_of(*notes: tuple[str, str], markers: bool = True, **kw: object) -> list[str]:
    due = due_of(*notes, **kw)  # type: ignore[arg-type]
    return [line for s in due_sections(due, markers) for line in s["lines"]]


def test_item_lines_start_with_the_link_and_end_with_a_marker() -> None:
    lines = lines_of(
        person(
            "Jane Doe",
            "- [ ] Send the notes 📅 2026-11-25",
            cadence="30d",
            last_contact="2026-10-08",
            offer="notes",
        ),
        person("Kat", name="Kat L", cadence="30d", last_contact="2026-10-01", offer="candidates"),
        config=NO_RECONNECT,
    )
    assert lines[:4] == [
        "- [ ] [[Jane Doe]]: Send the notes (due 2026-11-25, in 3 days) "
        f"<!-- vn:fu People/Jane Doe.md:7 {task_hash('Send the notes')} 2026-11-25 -->",
        "- [ ] [[Kat|Kat L]]: 52 days since last contact (cadence 30d). Offer: candidates "
        "<!-- vn:cadence -->",
        "- [ ] [[Jane Doe]]: 45 days since last contact (cadence 30d). Follow-up due 2026-11-25: "
        "Send the notes <!-- vn:cadence -->",
        "- Touches since Monday 2026-11-16: 0 of 5",
    ]


def test_markers_off_for_the_terminal() -> None:
    lines = lines_of(
        person("A", "- [ ] call 📅 2026-11-22", cadence="30d", last_contact="2026-01-01"),
        markers=False,
        config=NO_RECONNECT,
    )
    assert lines[:2] == [
        "- [ ] [[A]]: call (due 2026-11-22, today)",
        "- [ ] [[A]]: 325 days since last contact (cadence 30d). Follow-up due 2026-11-22: call",
    ]


def test_follow_up_from_a_meeting_names_everyone_and_the_source() -> None:
    lines = lines_of(
        person("Bob"),
        meeting("Lunch", "2026-11-10", ["Bob", "Ann"], "- [ ] send it 📅 2026-11-20"),
        meeting("Solo", "2026-11-10", ["Ghost"], "- [ ] ghost task 📅 2026-11-21"),
        config=NO_RECONNECT,
    )
    assert lines[0].startswith(
        "- [ ] [[Bob]]: send it (due 2026-11-20, 2 days overdue; from [[Lunch]]) <!-- vn:fu Meetings/Lunch.md:5 "
    )
    assert lines[1].startswith("- [ ] [[Solo]]: ghost task (due 2026-11-21, 1 day overdue) <!--")


def test_impossible_follow_up_date_says_where_to_fix_it() -> None:
    due = due_of(person("A", "- [ ] book it 📅 2026-02-30"), config=NO_RECONNECT)
    lines = next(s["lines"] for s in due_sections(due) if s["key"] == "follow_ups")
    assert lines[0].startswith(
        "- [ ] [[A]]: book it (the due date 2026-02-30 is impossible: fix it in People/A.md:4) <!--"
    )


def test_reconnect_progress_and_done_picks_without_marker() -> None:
    lines = lines_of(
        person("A", "## Log\n- 2026-11-18 message: reconnected\n", last_contact="2020-01-01"),
        person("B", last_contact="2020-01-01"),
        today=date(2026, 11, 20),
    )
    assert lines[0] == "Reconnected this week: 1/2."
    assert lines[1] == ""
    assert "- [x] [[A]]: reconnected 2026-11-18" in lines
    assert any(
        line.startswith("- [ ] [[B]]: no contact for ") and line.endswith("<!-- vn:reconnect -->")
        for line in lines
    )


def test_long_sections_are_capped_with_a_count() -> None:
    notes = [person(f"P{i:02d}", cadence="7d", last_contact="2026-10-01") for i in range(30)]
    due = due_of(*notes, config=NO_RECONNECT)
    cadence = next(s for s in due_sections(due) if s["key"] == "cadence")
    assert len(cadence["items"]) == 25
    assert cadence["more"] == "- …and 5 more (`vaultnet list --due`)"
    assert cadence["lines"][-1] == cadence["more"]
    assert len(due.due_by_cadence) == 30


def test_only_the_items_shown_get_a_reason_and_introducers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import vaultnet.due.schedule as scheduling
    from vaultnet.due.json_form import due_json

    asked: list[str] = []

    def counted(person, *args):  # type: ignore[no-untyped-def]
        asked.append(person.name)
        return reason_to_reach_out(person, *args)

    reason_to_reach_out = scheduling.reason_to_reach_out
    monkeypatch.setattr(scheduling, "reason_to_reach_out", counted)
    notes = [person(f"P{i:02d}", cadence="7d", last_contact="2026-10-01") for i in range(30)]
    notes += [person(f"W{i:02d}", stage="want", company="Acme") for i in range(30)]
    notes += [person(f"C{i:02d}", company="Acme") for i in range(40)]
    due = due_of(*notes, config=NO_RECONNECT)
    assert asked == []  # nothing is worked out before it is read
    assert "P24" in render_due(due) and "P25" not in render_due(due)
    assert asked == [f"P{i:02d}" for i in range(25)]  # once each, however often rendered
    found = [w for w in due.want_to_meet if "introducers" in w.__dict__]
    assert [w.name for w in found] == [f"W{i:02d}" for i in range(25)]
    assert found[0].introducers[:2] == (
        Introducer("C00", "same company, Acme"),
        Introducer("C01", "same company, Acme"),
    )
    data = due_json(due)  # --json: every fact
    assert len(asked) == 30 and asked[25:] == [f"P{i:02d}" for i in range(25, 30)]
    assert [len(w["introducers"]) for w in data["pipeline"]["want"]] == [40] * 30


def test_a_template_that_reads_due_gets_every_fact(tmp_path: Path) -> None:
    folder = tmp_path / "T"
    folder.mkdir()
    (folder / "due.md.j2").write_text(
        "{{ due.due_by_cadence | length }} due, first {{ due.due_by_cadence[0].reason.text }}\n",
        encoding="utf-8",
    )
    notes = [person(f"P{i:02d}", cadence="7d", last_contact="2026-10-01") for i in range(30)]
    notes.append(person("Z", cadence="7d", last_contact="2026-01-01", offer="a review"))
    due = due_of(*notes, config=NO_RECONNECT)
    assert render_due(due, tmp_path, "T") == "31 due, first a review\n"
    # through an included template too
    (folder / "due.md.j2").write_text("{% include 'facts' %}", encoding="utf-8")
    (folder / "facts.md.j2").write_text("{{ due.due_by_cadence | length }}\n", encoding="utf-8")
    assert render_due(due, tmp_path, "T") == "31\n"


def test_sections_in_order_and_empty_ones_left_out() -> None:
    due = due_of(
        person("A", cadence="7d", last_contact="2026-10-01", birthday="11-25"), config=NO_RECONNECT
    )
    text = render_due(due)
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Due 2026-11-22",
        "## Due by cadence",
        "## Birthdays and dates",
        "## This week",
    ]


# The file ------------------------------------------------------------------------------------


def sample_file(user_notes: str = "") -> str:
    due = due_of(
        person("A", "- [ ] call back 📅 2026-11-20", cadence="7d", last_contact="2026-10-01"),
        person("B", last_contact="2020-01-01"),
    )
    return compose_due_note(render_due(due), TODAY, user_notes)


def test_a_fresh_file_has_no_ticks_and_no_edits() -> None:
    text = sample_file("my notes\n")
    assert text.endswith(f"\n{KEEP_MARKER}\nmy notes\n")
    old = read_due_note(text)
    assert (old.exists, old.ticks, old.edited, old.made_on, old.user_notes) == (
        True,
        [],
        False,
        TODAY,
        "my notes\n",
    )
    assert read_due_note(None).exists is False


def tick(text: str, start: str, suffix: str = "") -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(start):
            lines[i] = line.replace("- [ ]", "- [x]", 1) + suffix
            return "\n".join(lines)
    raise AssertionError(f"no line starts with {start!r}")


def test_ticks_are_read_and_are_not_edits() -> None:
    text = tick(sample_file(), "- [ ] [[A]]: call back")
    text = tick(text, "- [ ] [[B]]", " ✅ 2026-11-22")  # the Obsidian Tasks plugin's done date
    old = read_due_note(text)
    assert old.edited is False
    assert [(t.kind, t.link, t.ticked_on) for t in old.ticks] == [
        ("fu", "A", None),
        ("reconnect", "B", date(2026, 11, 22)),
    ]
    assert old.ticks[0].args == f"People/A.md:6 {task_hash('call back')} 2026-11-20"
    assert old.ticks[0].follow_up == FollowUpRef(
        "People/A.md", 6, task_hash("call back"), "2026-11-20"
    )


def test_a_follow_up_marker_reads_back_with_and_without_its_due_date() -> None:
    ref = FollowUpRef.of("People/Jane Doe.md", 28, "Send it", date(2026, 11, 21))
    assert ref.marker == f"People/Jane Doe.md:28 {task_hash('Send it')} 2026-11-21"
    assert FollowUpRef.parse(ref.marker) == ref
    # an impossible date, or a marker written before the due date was carried
    old = FollowUpRef.parse(f"People/Jane Doe.md:28 {task_hash('Send it')}")
    assert old == FollowUpRef("People/Jane Doe.md", 28, task_hash("Send it"), None)
    assert FollowUpRef.parse("not a marker") is None


def test_other_edits_are_noticed() -> None:
    text = sample_file()
    assert read_due_note(text.replace("call back", "call back soon")).edited is True
    assert read_due_note(text.replace("## This week", "## This week\nmy line")).edited is True
    assert read_due_note(text.replace("- [ ] [[B]]", "- [/] [[B]]")).edited is True
    assert read_due_note("my own Due note\n").edited is True
    assert read_due_note("").edited is False


def test_crlf_and_bom_are_tolerated() -> None:
    text = "\ufeff" + tick(sample_file("kept\n"), "- [ ] [[B]]").replace("\n", "\r\n")
    old = read_due_note(text)
    assert old.edited is False
    assert [t.kind for t in old.ticks] == ["reconnect"]
    assert old.user_notes == "kept\r\n"


def check_composed_bytes() -> None:
    """The same list composes to its golden bytes, here and in a process with another hash seed."""
    text = sample_file("x")
    assert_golden("due-composed.md", text)
    other = in_another_process(
        "-c",
        "import sys; from tests.test_due import sample_file; "
        "sys.stdout.buffer.write(sample_file('x').encode())",
    )
    assert other == text.encode("utf-8")


def test_the_same_list_composes_to_the_same_bytes() -> None:
    check_composed_bytes()


def test_a_wall_clock_value_in_the_composed_list_fails_that_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VAULTNET_REGEN", raising=False)  # never write the clock into a golden
    real = compose_due_note

    def with_the_time(*args: object) -> str:
        return real(*args) + f"made at {datetime.now():%H:%M:%S.%f}\n"  # type: ignore[arg-type]

    monkeypatch.setattr(sys.modules[__name__], "compose_due_note", with_the_time)
    with pytest.raises(AssertionError, match=r"due-composed\.md differs"):
        check_composed_bytes()


# The template ----------------------------------------------------------------------------------


def test_vault_template_overrides_the_packaged_one(tmp_path: Path) -> None:
    folder = tmp_path / "Templates" / "vaultnet"
    folder.mkdir(parents=True)
    (folder / "due.md.j2").write_text(
        "Due {{ today }} ({{ week }})\n{% for s in sections %}{{ s.title }}: {{ s['items'] | length }}\n{% endfor %}",
        encoding="utf-8",
    )
    due = due_of(person("A", cadence="7d", last_contact="2026-10-01"), config=NO_RECONNECT)
    assert render_due(due, tmp_path, "Templates/vaultnet") == (
        "Due 2026-11-22 (2026-W47)\nDue by cadence: 1\nThis week: 0\n"
    )


def test_template_errors_name_the_template_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "T"
    folder.mkdir()
    due = due_of(person("A"))
    (folder / "due.md.j2").write_text("ok\n{{ nope }}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"^T/due.md.j2:2: 'nope' is undefined "):
        render_due(due, tmp_path, "T")
    (folder / "due.md.j2").write_text("{% for %}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"^T/due.md.j2:1: syntax error: "):
        render_due(due, tmp_path, "T")


def test_a_vault_template_runs_in_the_sandbox(tmp_path: Path) -> None:
    folder = tmp_path / "T"
    folder.mkdir()
    (folder / "due.md.j2").write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(TemplateProblem, match=r"^T/due.md.j2:1: refused by the template sandbox"):
        render_due(due_of(person("A")), tmp_path, "T")
