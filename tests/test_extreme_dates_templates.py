"""The packaged templates never trip the sandbox on valid data (issue 16, item 11): every
command that renders one runs clean over the calendar's extremes, for --today and for the dates
in the notes (a follow-up in 5026 or on 9999-12-31, a contact in year 1, a cadence of 100 years)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

TODAYS = ["0001-01-02", "1900-03-01", "2026-11-22", "5026-06-15", "9800-01-01", "9899-12-31"]

EXTREME = """---
circle: core
cadence: 100y
last_contact: 0001-01-01
birthday: 0001-01-01
snooze_until: 9999-12-31
email: extreme@example.com
ask: Everything
offer: Anything
---
# Extreme Dates

## Follow-ups
- [ ] Far away 📅 9999-12-31
- [ ] In 5026 📅 5026-01-01
- [ ] At the start 📅 0001-01-01
- [ ] Dataview style [due:: 9999-12-30]

## Log
- 0001-01-01 coffee: the first one #give
- 9800-01-01 call: a later one
"""

COMMANDS = [
    ("prep", "Extreme Dates"),
    ("prep", "Extreme Dates", "--template", "informational"),
    ("prep", "Extreme Dates", "--template", "followup"),
    ("prep", "Jane Doe"),
    ("intro", "Extreme Dates", "Jane Doe"),
    ("newsletter",),
    ("digest", "--stdout"),
    ("show", "Extreme Dates"),
]


@pytest.mark.parametrize("today", TODAYS)
def test_packaged_templates_render_at_any_valid_date(
    run: Callable[..., Result], vault_dir: Path, today: str
) -> None:
    (vault_dir / "People/Extreme Dates.md").write_text(EXTREME, encoding="utf-8")
    for command in COMMANDS:
        result = run(*command, today=today)
        assert result.exit_code == 0, (command, today, result.output)
        assert "sandbox" not in result.output, (command, today, result.output)
    added = run("add", f"New Person {today[:4]}", today=today)
    assert added.exit_code == 0, added.output
