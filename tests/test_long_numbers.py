"""A whole number longer than Python turns into digits (4,300) in a note's frontmatter or in
vaultnet.toml: reported as `path:line: message` in vaultnet's words, never Python's own
("Exceeds the limit (4300 digits) for integer string conversion..."), and no command fails on it,
whatever base it is written in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.notes.parse import parse_note
from vaultnet.notes.yamlio import simple_yaml

DIGITS = "1" * 5000
HEX = "0x" + "f" * 4000  # reads as a number of 4,817 digits
SIXTY = ":".join(["59"] * 3000)  # base 60, YAML 1.1's sexagesimal

MESSAGE = "invalid YAML: a number longer than 4300 digits is too long to read; quote it to keep it as text"


def note(value: str) -> str:
    return f"---\ncompany: Acme\nphone: {value}\ncadence: 30d\n---\n# Ann\n"


@pytest.mark.parametrize("value", [DIGITS, HEX, SIXTY, f"[1, {DIGITS}]", "-" + DIGITS])
def test_a_long_number_is_a_problem_on_its_line_and_the_other_keys_are_read(value: str) -> None:
    parsed = parse_note("People/Ann.md", note(value))
    assert [(p.line, p.message) for p in parsed.problems] == [(3, MESSAGE)]
    assert parsed.frontmatter == {"company": "Acme", "cadence": "30d"}


def test_the_longest_number_read_is_4300_digits_in_both_readers() -> None:
    longest = "9" * 4300
    text = f"phone: {longest}"
    assert simple_yaml([text]) == {"phone": int(longest)}  # the fast path
    parsed = parse_note("People/Ann.md", note(f"!!int {longest}"))  # PyYAML
    assert parsed.problems == [] and parsed.frontmatter["phone"] == int(longest)
    assert simple_yaml([f"phone: {longest}9"]) is None  # longer: PyYAML's to report
    assert parse_note("People/Ann.md", f'---\nphone: "{DIGITS}"\n---\n').problems == []


def vaultnet(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(root), "--today", "2026-11-22", *args])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "People").mkdir()
    (tmp_path / "People" / "Ann.md").write_text(note(HEX), encoding="utf-8")
    (tmp_path / "People" / "Bob.md").write_text(
        f"---\nlast_contact: {DIGITS}\nbirthday: {SIXTY}\n---\n", encoding="utf-8"
    )
    return tmp_path


def test_check_says_it_in_vaultnets_words(root: Path) -> None:
    result = vaultnet(root, "check")
    assert result.exit_code == 1
    assert result.output == (
        f"People/Ann.md:3: {MESSAGE}\n"
        f"People/Bob.md:2: {MESSAGE}\n"
        "2 notes checked: 2 errors, 0 warnings.\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["index"],
        ["list"],
        ["list", "--json"],
        ["show", "Ann"],
        ["show", "Ann", "--json"],
        ["show", "Bob"],
        ["digest", "--stdout"],
        ["digest", "--json"],
        ["digest"],
        ["prep", "Ann"],
        ["report"],
        ["stats"],
        ["graph"],
        ["export", "csv"],
        ["export", "vcard"],
        ["export", "json"],
        ["export", "ics"],
        ["suggest", "intros"],
        ["set", "Ann", "role=CTO"],
        ["log", "Bob", "-m", "coffee"],
    ],
)
def test_no_command_fails_on_it(root: Path, command: list[str]) -> None:
    result = vaultnet(root, *command)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Exceeds the limit" not in result.output and "internal error" not in result.output
    if command[0] in ("set", "log"):  # a note vaultnet cannot read is not edited
        assert result.output.startswith("Error: People/")
        assert MESSAGE in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (DIGITS, "vaultnet.toml:3: a number longer than 4300 digits is too long to read"),
        (
            HEX,
            "vaultnet.toml: [goals] core_size: a number longer than 4300 digits is too long to read",
        ),
    ],
)
def test_in_vaultnet_toml_too(root: Path, value: str, message: str) -> None:
    (root / "vaultnet.toml").write_text(f"[goals]\n\ncore_size = {value}\n", encoding="utf-8")
    result = vaultnet(root, "digest", "--stdout")
    assert result.exit_code == 1
    assert result.output == f"Error: {root / message}\n"
