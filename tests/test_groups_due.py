"""Issue 13, item 9: a group's `cadence:` is scheduled. A group is due when its last attendance
(an interaction note whose `with:` or `groups:` links it, a log line in the group note, or its
`last_contact:`) is older than its cadence; "Groups and events" lists it, and a tick records the
attendance in the group note."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import Result

from tests.test_schedule import build, person
from vaultnet.due.schedule import schedule_vault

Run = Callable[..., Result]
TODAY = date(2026, 11, 22)


def group(stem: str, body: str = "", **fields: object) -> tuple[str, str]:
    lines = ["---", *(f"{k}: {v}" for k, v in fields.items()), "---", f"# {stem}", body]
    return f"Groups/{stem}.md", "\n".join(lines) + "\n"


def test_a_group_is_due_by_its_own_cadence() -> None:
    vault = build(
        person("Ann", groups='["[[Meetup]]"]'),
        group("Meetup", cadence="30d"),
        group("Guild", "## Log\n- 2026-11-10 event: went", cadence="6w"),
        group("Club", cadence="30d", last_contact="2026-09-01"),
        group("Plain"),  # no cadence: never scheduled
        (
            "Meetings/October meetup.md",
            '---\ndate: 2026-10-15\ngroups: ["[[Meetup]]"]\nwith: []\n---\n',
        ),
        ("Meetings/Future.md", '---\ndate: 2026-12-01\nwith: ["[[Club]]"]\n---\n'),
    )
    due = schedule_vault(vault)
    assert [(g.name, g.last_attended, g.members) for g in due.groups] == [
        ("Club", date(2026, 9, 1), 0),  # 82 days of 30: the most overdue
        ("Meetup", date(2026, 10, 15), 1),
    ]


def test_ticking_a_group_records_the_attendance(run: Run, vault_dir: Path) -> None:
    assert run("digest").exit_code == 0
    due = vault_dir / "Due.md"
    text = due.read_text(encoding="utf-8")
    section = text.split("## Groups and events\n", 1)[1].split("\n## ", 1)[0]
    line = next(x for x in section.split("\n") if x.startswith("- [ ] [[Alumni Network]]"))
    assert line.endswith("<!-- vn:group -->")
    due.write_text(text.replace(line, line.replace("[ ]", "[x]")), encoding="utf-8")
    result = run("digest")
    assert "Alumni Network: attended (due list) on 2026-11-22" in result.stderr
    note = (vault_dir / "Groups" / "Alumni Network.md").read_text(encoding="utf-8")
    assert "- 2026-11-22 event: attended (due list)" in note
    assert "[[Alumni Network]]" not in due.read_text(encoding="utf-8").split("## Groups", 1)[-1]


def test_show_group(run: Run, vault_dir: Path) -> None:
    result = run("show", "Denver Tech Meetup")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[3:] == [
        "Cadence:       30d",
        "Last attended: 2026-10-21 (32d ago)",
        "Members:       Bob Smith, Jane Doe, Leo Martins, Marcus Webb",
    ]
    data = run("show", "denver tech meetup", "--json")
    assert '"last_attended": "2026-10-21"' in data.stdout
