"""`show` prints every fact the note has, in text and `--json`, labelled as people spell them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from vaultnet.cli import cli

NOTE = """---
aliases: [Annie]
tags: [linkedin, mentor]
company: Globex
linkedin: https://www.linkedin.com/in/ann
phone: ["+1 555 0100", "+1 555 0101"]
location: Lisbon
status: seeking
stage: pending
interests: [climbing, compilers]
groups: ["[[Alumni Network]]"]
knows: ["[[Bob Smith]]"]
birthday: --04-02
connected: 2019-05-02
snooze_until: 2027-01-10
anniversary: 2015-06-20
favorite_food: ramen
empty_one:
---
# Ann Example
"""


def test_show_prints_every_fact_of_the_note(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "People").mkdir(parents=True)
    (vault / "People" / "Ann Example.md").write_text(NOTE, encoding="utf-8")
    base = ["--vault", str(vault), "--today", "2026-11-22", "show", "Ann Example"]
    result = CliRunner().invoke(cli, base)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Ann Example\n"
        "===========\n"
        "Note:          People/Ann Example.md\n"
        "Aliases:       Annie\n"
        "Company:       Globex\n"
        "Location:      Lisbon\n"
        "Phone:         +1 555 0100, +1 555 0101\n"
        "LinkedIn:      https://www.linkedin.com/in/ann\n"
        "Stage:         pending\n"
        "Status:        seeking\n"
        "Tags:          linkedin, mentor\n"
        "Interests:     climbing, compilers\n"
        "Groups:        Alumni Network\n"
        "Knows:         Bob Smith\n"
        "Birthday:      --04-02\n"
        "Connected:     2019-05-02\n"
        "Snoozed until: 2027-01-10\n"
        "anniversary:   2015-06-20\n"
        "favorite_food: ramen\n"
        "Last contact:  never\n"
    )
    assert "empty_one" not in result.stdout
    data = json.loads(CliRunner().invoke(cli, [*base, "--json"]).stdout)
    assert data["birthday"] == "--04-02"
    assert data["connected"] == "2019-05-02"
    assert data["snooze_until"] == "2027-01-10"
    assert data["groups"] == ["Alumni Network"] and data["knows"] == ["Bob Smith"]
    assert data["location"] == "Lisbon"
    assert data["frontmatter"]["favorite_food"] == "ramen"
    assert data["frontmatter"]["anniversary"] == "2015-06-20"
    assert data["frontmatter"]["phone"] == ["+1 555 0100", "+1 555 0101"]
    assert "empty_one" not in data["frontmatter"]
