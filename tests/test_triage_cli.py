"""`vaultnet triage` driven through Click's runner input on an imported LinkedIn vault: the
queue, the screens, and the notes changed exactly as decided."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "linkedin_connections.csv"
TODAY = "2026-11-22"


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """A new vault with the LinkedIn fixture imported and Jane Doe made core."""
    vault = tmp_path / "vault"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(vault)]).exit_code == 0
    base = ["--vault", str(vault), "--today", TODAY]
    assert runner.invoke(cli, [*base, "import", "linkedin", str(FIXTURE)]).exit_code == 0
    assert runner.invoke(cli, [*base, "set", "Jane Doe", "circle=core"]).exit_code == 0
    return vault


def triage(vault: Path, *args: str, keys: str | None = None, terminal: bool = True) -> Result:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("vaultnet.cli.facts.stdin_is_terminal", lambda: terminal)
        return CliRunner().invoke(
            cli, ["--vault", str(vault), "--today", TODAY, "triage", *args], input=keys
        )


def notes(vault: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((vault / "People").glob("*.md"))}


def test_json_prints_the_queue_most_promising_first(imported: Path) -> None:
    result = triage(imported, "--json", terminal=False)
    assert result.exit_code == 0
    queue = json.loads(result.output)
    assert [entry["name"] for entry in queue] == [
        "Grace Hopper",
        "Alan Turing",
        "Ada Lovelace",
        "Kat Lindqvist",
        "Bob Smith",
        "Zoe Muller",
        "Dr. Who Time Lord",
    ]
    assert queue[0] == {
        "name": "Grace Hopper",
        "path": "People/Grace Hopper.md",
        "company": "Navy, Inc.",
        "role": 'Rear Admiral "Amazing Grace"',
        "location": None,
        "email": "grace@navy.example",
        "connected": "2023-12-09",
        "last_contact": None,
        "introduced_by": None,
        "reasons": ["has an email"],
    }
    limited = triage(imported, "--json", "--limit", "1", "--company", "Northwind", terminal=False)
    assert [e["name"] for e in json.loads(limited.output)] == ["Kat Lindqvist"]


def test_without_a_terminal_it_points_to_json_and_set(imported: Path) -> None:
    before = notes(imported)
    result = triage(imported, terminal=False)
    assert result.exit_code == 2
    assert result.output == (
        "Error: triage asks one key per person and needs a terminal; use `vaultnet triage "
        "--json` for the queue and `vaultnet set NAME circle=core` (or cadence=3m...) to decide\n"
    )
    assert notes(imported) == before


def test_each_decision_is_written_as_decided(imported: Path) -> None:
    before = notes(imported)
    # Grace: core, then back (undone), then monthly; Alan: a wrong key, then skip; Ada: never;
    # then quit before Kat.
    result = triage(imported, keys="cbbmzsnx")
    assert result.exit_code == 0, result.output
    keys = (
        "[c] core  [m] monthly  [q] quarterly  [y] yearly  [n] never  [s] skip  [b] back  [x] quit"
    )
    grace = (
        "Grace Hopper  (1 of 7)\n"
        '  Navy, Inc., Rear Admiral "Amazing Grace"\n'
        "  connected 2023-12-09, no contact on record\n"
        "  why first: has an email\n" + keys + "\n"
    )
    alan = (
        "Alan Turing  (2 of 7)\n"
        "  Bletchley Park, Founder Advisor\n"
        "  no contact on record\n"
        "  why first: has an email\n" + keys + "\n"
    )
    assert result.output == (
        grace
        + "c: circle core\n2 of 8 decided, core 2 of 100\n\n"
        + alan
        + "b: back, Grace Hopper is undecided again\n"
        + grace
        + "b: this is the first\n"
        + "m: cadence 1m\n2 of 8 decided, core 1 of 100\n\n"
        + alan
        + "'z' is not one of the keys: c m q y n s b x\n"
        + "s: skipped\n2 of 8 decided, core 1 of 100\n\n"
        + "Ada Lovelace  (3 of 7)\n"
        + "  Analytical Engines Ltd, Chief Programmer\n"
        + "  connected 2024-03-12, no contact on record\n"
        + keys
        + "\n"
        + "n: cadence never\n3 of 8 decided, core 1 of 100\n\n"
        + "Kat Lindqvist  (4 of 7)\n"
        + "  Northwind Traders, Head of Platform\n"
        + "  connected 2022-06-15, no contact on record\n"
        + keys
        + "\n"
        + "x: quit\n"
        + "Decided 2 people this time; 3 of 8 decided, core 1 of 100.\n"
    )
    after = notes(imported)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"Grace Hopper.md", "Ada Lovelace.md"}
    assert after["Grace Hopper.md"] == before["Grace Hopper.md"].replace(
        b"connected: 2023-12-09\n---\n", b"connected: 2023-12-09\ncadence: 1m\n---\n"
    )
    assert after["Ada Lovelace.md"] == before["Ada Lovelace.md"].replace(
        b"connected: 2024-03-12\n---\n", b"connected: 2024-03-12\ncadence: never\n---\n"
    )
    # decided people leave the queue; the skipped one is asked again
    again = json.loads(triage(imported, "--json", terminal=False).output)
    assert [e["name"] for e in again][:2] == ["Alan Turing", "Kat Lindqvist"]


def test_config_circles_get_number_keys_and_the_input_ending_quits(imported: Path) -> None:
    toml = imported / "vaultnet.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('core = "90d"', 'core = "90d"\nfriend = "60d"'),
        encoding="utf-8",
    )
    before = notes(imported)
    result = triage(imported, "--limit", "2", keys="1")
    assert "[n] never" in result.output and "[1] friend  [n] never" in result.output
    assert "1: circle friend\n" in result.output
    assert result.output.endswith("Decided 1 person this time; 2 of 8 decided, core 1 of 100.\n")
    assert notes(imported)["Grace Hopper.md"] == before["Grace Hopper.md"].replace(
        b"\n---\n", b"\ncircle: friend\n---\n", 1
    )


def test_nobody_left(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    shutil.copytree(Path(__file__).parent.parent / "sample-vault", vault)
    result = triage(vault, "--circle", "core", keys="")
    assert result.output == "No one left to decide about.\n"
