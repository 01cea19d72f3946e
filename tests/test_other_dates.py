"""Issue 13, item 8: `anniversary:` and the other dates of `[dates] keys` appear under "Birthdays
and dates" like birthdays (year-less allowed, the years shown when known), and a tick records
the wishes once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import Result

from tests.test_schedule import due_of, person
from vaultnet.config import Config, config_from_dict

Run = Callable[..., Result]
TODAY = date(2026, 11, 22)


def test_anniversaries_are_listed_like_birthdays() -> None:
    due = due_of(
        person("Ann", anniversary="2016-11-25", last_contact="2026-11-01"),
        person("Bo", work_anniversary="--11-30", birthday="1990-11-24", last_contact="2026-11-01"),
        person("Cy", wedding="2020-11-23", last_contact="2026-11-01"),  # not a listed key
    )
    assert [(d.name, d.kind, d.on, d.age) for d in due.dates] == [
        ("Bo", "birthday", date(2026, 11, 24), 36),
        ("Ann", "anniversary", date(2026, 11, 25), 10),
        ("Bo", "work_anniversary", date(2026, 11, 30), None),
    ]


def test_the_keys_come_from_the_config() -> None:
    config = config_from_dict({"dates": {"keys": ["wedding"]}})
    assert config.date_keys == ("wedding",)
    due = due_of(
        person("Cy", wedding="2020-11-23", anniversary="2016-11-25", last_contact="2026-11-01"),
        config=config,
    )
    assert [(d.kind, d.age) for d in due.dates] == [("wedding", 6)]
    assert Config().date_keys == ("anniversary", "work_anniversary")


def test_an_anniversary_is_rendered_ticked_and_recorded_once(run: Run, vault_dir: Path) -> None:
    note = vault_dir / "People" / "Ann Lee.md"
    note.write_text("---\nanniversary: 2016-11-25\nlast_contact: 2026-11-01\n---\n# Ann\n", "utf-8")
    assert run("digest").exit_code == 0
    due = vault_dir / "Due.md"
    text = due.read_text(encoding="utf-8")
    line = (
        "- [ ] [[Ann Lee]]: anniversary on Wednesday 2026-11-25, in 3 days (10 years) "
        "<!-- vn:date anniversary -->"
    )
    assert line in text, text
    due.write_text(text.replace(line, line.replace("[ ]", "[x]")), encoding="utf-8")
    result = run("digest")
    assert "Ann Lee: anniversary wishes (due list) on 2026-11-22" in result.stderr
    assert "- 2026-11-22 message: anniversary wishes (due list)" in note.read_text("utf-8")
    after = due.read_text(encoding="utf-8")
    assert (
        "[[Ann Lee]]: anniversary on Wednesday 2026-11-25, in 3 days (10 years); wished 2026-11-22"
        in after
    )
