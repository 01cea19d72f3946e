"""`vaultnet set`, `snooze` and `unsnooze` end to end: exact output, exact bytes written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from vaultnet.actions.facts import parse_assignment
from vaultnet.errors import UsageError
from vaultnet.text.dates import parse_until

Run = Callable[..., Result]
JANE = "People/Jane Doe.md"
TODAY = date(2026, 11, 22)


def read(vault_dir: Path, rel: str) -> bytes:
    return (vault_dir / rel).read_bytes()


def test_set_changes_only_the_lines_of_the_keys(run: Run, vault_dir: Path) -> None:
    before = read(vault_dir, JANE)
    result = run("set", "Jane Doe", "circle=friend", "tags+=hiking", "ask=", "cadence=6w")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Jane Doe: circle: friend (was core)\n"
        "Jane Doe: tags: [mentor, hiking] (was [mentor])\n"
        "Jane Doe: ask removed (was Intro to the Acme platform team lead)\n"
        "Jane Doe: cadence: 6w (was 30d)\n"
    )
    expected = (
        before.replace(b"circle: core\n", b"circle: friend\n")
        .replace(b"tags: [mentor]\n", b"tags: [mentor, hiking]\n")
        .replace(b"ask: Intro to the Acme platform team lead\n", b"")
        .replace(b"cadence: 30d\n", b"cadence: 6w\n")
    )
    assert read(vault_dir, JANE) == expected


def test_set_a_new_key_goes_before_the_closing_line(run: Run, vault_dir: Path) -> None:
    before = read(vault_dir, JANE)
    result = run("set", "janie", "snooze_until=2w", "tags-=mentor")
    assert result.output == (
        "Jane Doe: snooze_until: 2026-12-06 (was (none))\nJane Doe: tags removed (was [mentor])\n"
    )
    expected = before.replace(b"tags: [mentor]\n", b"").replace(
        b"birthday: 1984-04-02\n---\n", b"birthday: 1984-04-02\nsnooze_until: 2026-12-06\n---\n"
    )
    assert read(vault_dir, JANE) == expected


def test_set_the_same_value_writes_nothing(run: Run, vault_dir: Path) -> None:
    before = read(vault_dir, JANE)
    result = run("set", "Jane Doe", "circle=core", "tags+=Mentor")
    assert result.output == "Jane Doe: nothing to change\n"
    assert read(vault_dir, JANE) == before


def test_set_dry_run_writes_nothing(run: Run, vault_dir: Path) -> None:
    before = read(vault_dir, JANE)
    result = run("set", "Jane Doe", "role=CTO", "--dry-run")
    assert result.output == "would change Jane Doe: role: CTO (was VP Engineering)\n"
    assert read(vault_dir, JANE) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Jane Doe", "color=red"], "Error: unknown key 'color'; vaultnet sets: aliases, ask,"),
        (
            ["Jane Doe", "stage=maybe"],
            "Error: stage must be one of want, pending, connected, not 'maybe'",
        ),
        (
            ["Jane Doe", "cadence=often"],
            "Error: cadence must be like 14d, 6w, 3m, 1y or never, not 'often'",
        ),
        (
            ["Jane Doe", "role+=CTO"],
            "Error: role+= works only for lists (tags, aliases, interests, knows, groups)",
        ),
        (
            ["Jane Doe", "birthday=April"],
            "Error: birthday must be like 1984-04-02, or --04-02 without the year, not 'April'",
        ),
        (
            ["Jane Doe", "circle"],
            "Error: 'circle' is not KEY=VALUE (or KEY+=VALUE and KEY-=VALUE for lists, KEY= to remove)",
        ),
        (["Jane Doe"], "Error: nothing to set: give KEY=VALUE (KEY= removes a key)"),
        (["circle=core"], "Error: name a person before KEY=VALUE (or choose people with filters)"),
    ],
)
def test_set_refuses_bad_input(run: Run, vault_dir: Path, args: list[str], message: str) -> None:
    before = read(vault_dir, JANE)
    result = run("set", *args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert read(vault_dir, JANE) == before


def test_a_write_refuses_a_fuzzy_only_name(run: Run, vault_dir: Path) -> None:
    before = read(vault_dir, JANE)
    result = run("set", "Jane Doex", "role=CTO")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no person named 'Jane Doex'; nothing was written. Did you mean Jane Doe?\n"
    )
    assert read(vault_dir, JANE) == before
    assert run("show", "Jane Doex").exit_code == 0  # reads may still guess


def test_set_many_by_filter(run: Run, vault_dir: Path) -> None:
    lena = "People/Lena Fischer.md"
    jane_before, lena_before = read(vault_dir, JANE), read(vault_dir, lena)
    dry = run("set", "--company", "Acme", "circle=core", "--dry-run")
    assert dry.output == (
        "Lena Fischer: circle: core (was (none))\n"
        "Would change 1 person; 1 person already so. Nothing written (--dry-run).\n"
    )
    refused = run("set", "--company", "Acme", "circle=core")
    assert refused.exit_code == 2
    assert refused.output.endswith(
        "Error: this changes 1 person: add --yes to write, or --dry-run to look\n"
    )
    assert read(vault_dir, lena) == lena_before
    done = run("set", "--company", "Acme", "circle=core", "--yes")
    assert done.output == (
        "Lena Fischer: circle: core (was (none))\nChanged 1 person; 1 person already so.\n"
    )
    assert read(vault_dir, lena) == lena_before.replace(b"\n---\n", b"\ncircle: core\n---\n", 1)
    assert read(vault_dir, JANE) == jane_before
    assert run("list", "--circle", "core", "--company", "Acme").output.count("Lena Fischer") == 1


def test_set_many_asks_at_a_terminal(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from vaultnet.cli import cli

    monkeypatch.setattr("vaultnet.cli.facts.stdin_is_terminal", lambda: True)
    lena_before = read(vault_dir, "People/Lena Fischer.md")
    args = ["--vault", str(vault_dir), "--today", "2026-11-22", "set", "--company", "Acme"]
    result = CliRunner().invoke(cli, [*args, "circle=core"], input="n\n")
    assert result.output == (
        "Lena Fischer: circle: core (was (none))\nChange 1 person? [y/N]: n\nNothing written.\n"
    )
    assert result.exit_code == 1
    assert read(vault_dir, "People/Lena Fischer.md") == lena_before


def test_set_many_with_no_one_matching(run: Run) -> None:
    result = run("set", "--company", "Nowhere Inc", "circle=core", "--yes")
    assert result.exit_code == 1
    assert result.output == "Error: no one matches those filters; nothing changed\n"


def test_snooze_and_unsnooze(run: Run, vault_dir: Path) -> None:
    before = read(vault_dir, JANE)
    result = run("snooze", "Jane", "--until", "next month")
    assert result.output == "Jane Doe snoozed until 2026-12-22: no reminders before then.\n"
    assert read(vault_dir, JANE) == before.replace(
        b"birthday: 1984-04-02\n---\n", b"birthday: 1984-04-02\nsnooze_until: 2026-12-22\n---\n"
    )
    assert run("snooze", "Jane", "--until", "2027-01-15").exit_code == 0
    assert b"snooze_until: 2027-01-15\n" in read(vault_dir, JANE)
    result = run("unsnooze", "Jane")
    assert result.output == "Jane Doe unsnoozed (was snoozed until 2027-01-15).\n"
    assert read(vault_dir, JANE) == before
    assert run("unsnooze", "Jane").output == "Jane Doe was not snoozed.\n"


@pytest.mark.parametrize("when", ["yesterday", "2026-11-22", "soon", "0d"])
def test_snooze_refuses_a_day_not_ahead(run: Run, vault_dir: Path, when: str) -> None:
    before = read(vault_dir, JANE)
    result = run("snooze", "Jane", "--until", when)
    assert result.exit_code == 2
    assert result.output.startswith("Error: --until must be ")
    assert read(vault_dir, JANE) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2w", date(2026, 12, 6)),
        ("in 3m", date(2027, 2, 20)),
        ("1y", date(2027, 11, 22)),
        ("tomorrow", date(2026, 11, 23)),
        ("next week", date(2026, 11, 29)),
        ("Next  Year", date(2027, 11, 22)),
        ("2027-03-01", date(2027, 3, 1)),
        ("someday", None),
        ("99999y", None),
    ],
)
def test_parse_until(text: str, expected: date | None) -> None:
    assert parse_until(text, TODAY) == expected


KEYS = ["circle", "role", "company", "cadence", "snooze_until", "location", "tags"]
VALUES = {
    "circle": st.sampled_from(["core", "friend", "alumni"]),
    "role": st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=20),
    "company": st.sampled_from(["Acme: Robotics", "#1 Corp", "yes", "Globex", "'quoted'"]),
    "cadence": st.sampled_from(["14d", "6w", "never", "1y"]),
    "snooze_until": st.sampled_from(["2w", "2027-01-01", "next month"]),
    "location": st.sampled_from(["Denver, CO", "", "[x]"]),
    "tags": st.sampled_from(["a", "b,c", "#d"]),
}


@given(
    st.lists(
        st.sampled_from(KEYS).flatmap(
            lambda k: st.tuples(st.just(k), st.sampled_from(["=", "+="]), VALUES[k])
        ),
        min_size=1,
        max_size=4,
    )
)
def test_set_changes_only_the_named_keys_lines(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str, str]]
) -> None:
    import shutil

    from click.testing import CliRunner

    from tests.conftest import SAMPLE
    from vaultnet.cli import cli
    from vaultnet.notes.parse import parse_note

    words = []
    for key, op, value in edits:
        if op == "+=" and key != "tags":
            op = "="
        if op == "+=" and not value.strip(" ,#"):
            continue
        if value.strip() and "\n" not in value:
            words.append(f"{key}{op}{value}")
    try:
        for word in words:
            parse_assignment(word, TODAY)
    except UsageError:
        return
    if not words:
        return
    vault = tmp_path_factory.mktemp("v")
    (vault / "People").mkdir()
    shutil.copy(SAMPLE / JANE, vault / JANE)  # her note alone: the others only cost time
    (vault / "vaultnet.toml").write_text("")
    before = (vault / JANE).read_text(encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--vault", str(vault), "--today", "2026-11-22", "set", "Jane Doe", *words]
    )
    assert result.exit_code == 0, result.output
    after = (vault / JANE).read_text(encoding="utf-8")
    touched = {w.split("=")[0].rstrip("+-") for w in words}
    old_fm = parse_note(JANE, before).frontmatter
    new_fm = parse_note(JANE, after).frontmatter
    assert {k: v for k, v in old_fm.items() if k not in touched} == {
        k: v for k, v in new_fm.items() if k not in touched
    }
    kept = [line for line in before.splitlines() if line.split(":")[0] not in touched]
    assert [line for line in after.splitlines() if line.split(":")[0] not in touched] == kept


def test_set_edits_the_notes_own_spelling_of_a_key(run: Run, vault_dir: Path) -> None:
    """A note that writes `Company:` (read as company) gets that line changed, not a second
    `company:` key beside it; removing a key removes the note's own line too."""
    rel = "People/Spelled.md"
    (vault_dir / rel).write_bytes(b"---\nCompany: Acme\nE-mail: s@example.com\n---\n# Spelled\n")
    result = run("set", "Spelled", "company=Globex", "email=")
    assert result.exit_code == 0, result.output
    assert read(vault_dir, rel) == b"---\nCompany: Globex\n---\n# Spelled\n"
    shown = run("show", "Spelled", "--json")
    assert '"company": "Globex"' in shown.output
