"""Malformed input, the way real vaults contain it. Every case becomes `path:line: message` (the
path relative to the vault, the line in the file), the note keeps what could be read, the rest of
the vault is still read, and no traceback reaches the user.

The notes live in tests/fixtures/malformed/ with their exact bytes (BOM, CRLF, Latin-1, binary);
its .gitattributes keeps git from normalizing them. Cases that cannot be stored in git (a 20 MB
note, symlinks, permissions) are made in tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.errors import NoSuchVault
from vaultnet.index.cache import MAX_NOTE_BYTES, read_note_file
from vaultnet.network.vault import Vault
from vaultnet.notes.keys import NoteRules

FIXTURES = Path(__file__).parent / "fixtures" / "malformed"
TODAY = "2026-11-22"

E, W = "error", "warning"

# file -> (problems as (line, severity, message), frontmatter, log lines, person?)
EXPECTED: dict[str, tuple[list[tuple[int, str, str]], dict[str, Any], list[int], bool]] = {
    "bom.md": ([], {"company": "Acme", "last_contact": "2026-09-14"}, [6], True),
    "crlf.md": ([], {"company": "Acme", "last_contact": "2026-09-14"}, [6], True),
    "bom-crlf-bad-yaml.md": (
        [(3, E, "invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'")],
        {"company": "Acme", "email": "bc@example.com"},
        [6],
        True,
    ),
    "no-frontmatter.md": ([], {}, [3], True),
    "empty-frontmatter.md": ([], {}, [4], True),
    "blank-frontmatter.md": ([], {}, [], True),
    "list-frontmatter.md": (
        [(2, E, "frontmatter is not a set of `key: value` properties")],
        {},
        [5],
        True,
    ),
    "scalar-frontmatter.md": (
        [(2, E, "frontmatter is not a set of `key: value` properties")],
        {},
        [4],
        True,
    ),
    "unclosed.md": (
        [(1, E, "frontmatter starts with --- but never closes; read as no properties")],
        {},
        [5],
        True,
    ),
    "trailing-spaces.md": ([], {"company": "Acme"}, [4], True),
    "dots-closing.md": ([], {"company": "Acme"}, [4], True),
    "unquoted-link.md": (
        [
            (2, W, "'introduced_by' holds an unquoted [[link]]; quote it: \"[[...]]\""),
            (3, W, "'knows' holds an unquoted [[link]]; quote it: \"[[...]]\""),
        ],
        {"introduced_by": [["Jane Doe"]], "knows": [["Jane Doe"], ["Nobody Here"]]},
        [],
        True,
    ),
    "duplicate-keys.md": (
        [(4, E, "duplicate key 'company' (first on line 2); the last one is used")],
        {"company": "Initech", "role": "CTO"},
        [],
        True,
    ),
    "invalid-yaml.md": (
        [(3, E, "invalid YAML: while scanning a quoted scalar, found unexpected end of stream")],
        {"company": "Acme", "email": "iy@example.com", "circle": "core"},
        [7],
        True,
    ),
    "tab-indent.md": (
        [(3, E, "invalid YAML: found a tab character that violates indentation")],
        {"company": "Acme", "email": "ti@example.com"},
        [],
        True,
    ),
    "bad-values.md": (
        [
            (2, E, "bad date in 'last_contact': '2026-02-30' (use YYYY-MM-DD)"),
            (3, E, "bad date in 'snooze_until': 'soon' (use YYYY-MM-DD)"),
            (
                4,
                E,
                "unknown cadence 'fortnightly' (use a number of days, weeks, months or years "
                "like 14d, 6w, 3m, 1y, at most 100y, or never)",
            ),
            (5, E, "bad birthday '31-31' (use 1984-04-02, --04-02 or 04-02)"),
            (6, W, "unknown stage 'maybe' (want, pending or connected)"),
            (8, E, "impossible date 2026-13-01"),
            (9, E, "impossible date 2026-02-31"),
        ],
        {
            "last_contact": "2026-02-30",
            "snooze_until": "soon",
            "cadence": "fortnightly",
            "birthday": "31-31",
            "stage": "maybe",
        },
        [],
        True,
    ),
    "binary.md": ([(1, E, "binary file with a .md name; skipped")], {}, [], False),
    "latin1.md": (
        [(2, E, "not UTF-8 text; read with replacements")],
        {"company": "Caf\ufffd Ol\ufffd"},
        [4],
        True,
    ),
}

JANE = b"---\nemail: jane@example.com\n---\n- 2026-10-01 call: the good note\n"


def test_every_fixture_is_listed() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.md")) == sorted(EXPECTED)


def test_fixtures_keep_their_exact_bytes() -> None:
    """If git normalized line ends or encodings, the tests below would test nothing."""
    assert (FIXTURES / "bom.md").read_bytes().startswith(b"\xef\xbb\xbf---\n")
    assert (FIXTURES / "crlf.md").read_bytes().count(b"\r\n") == 7
    crlf_bom = (FIXTURES / "bom-crlf-bad-yaml.md").read_bytes()
    assert crlf_bom.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in crlf_bom.replace(
        b"\r\n", b""
    )
    assert b"\xe9" in (FIXTURES / "latin1.md").read_bytes()
    assert b"\0" in (FIXTURES / "binary.md").read_bytes()
    assert (FIXTURES / "trailing-spaces.md").read_bytes().startswith(b"---   \n")


@pytest.fixture
def malformed_vault(tmp_path: Path) -> Path:
    """Every fixture as a person note, next to one good note."""
    root = tmp_path / "vault"
    shutil.copytree(FIXTURES, root / "People", ignore=shutil.ignore_patterns(".gitattributes"))
    (root / "People" / "Jane Doe.md").write_bytes(JANE)
    return root


def invoke(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--vault", str(root), "--today", TODAY, *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_note(name: str) -> None:
    expected_problems, frontmatter, log_lines, person = EXPECTED[name]
    # read from the fixtures folder as if it were the people folder of a vault
    rel = f"malformed/{name}"
    note = read_note_file(str(FIXTURES.parent), rel, NoteRules(people="malformed"))
    assert [(p.line, p.severity, p.message) for p in note.problems] == expected_problems
    assert all(p.path == rel for p in note.problems)
    assert note.frontmatter == frontmatter
    assert [e.line for e in note.log] == log_lines
    assert (note.kind == "person") is person


def test_check_reports_every_problem_and_reads_the_rest(malformed_vault: Path) -> None:
    result = invoke(malformed_vault, "check")
    expected = []
    for name, (problems, *_rest) in EXPECTED.items():
        for line, severity, message in problems:
            expected.append((f"People/{name}", line, message, severity))
    # vault-level: the unquoted links still resolve; the one to nobody is reported
    expected.append(("People/unquoted-link.md", 3, "link to no note: [[Nobody Here]] (knows)", W))
    expected.sort()
    lines = [
        f"{path}:{line}: {'warning: ' if sev == W else ''}{message}"
        for path, line, message, sev in expected
    ]
    assert result.stdout == "\n".join(lines) + "\n"
    errors = sum(1 for *_x, sev in expected if sev == E)
    warnings = len(expected) - errors
    assert result.stderr == (
        f"{len(EXPECTED) + 1} notes checked: {errors} errors, {warnings} warnings.\n"
    )
    assert result.exit_code == 1


def test_check_json_on_malformed_vault(malformed_vault: Path) -> None:
    result = invoke(malformed_vault, "check", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {
        "path": "People/unclosed.md",
        "line": 1,
        "severity": "error",
        "message": ("frontmatter starts with --- but never closes; read as no properties"),
    } in data
    assert [list(d) for d in data] == [["path", "line", "severity", "message"]] * len(data)


def test_the_rest_of_the_vault_still_works(malformed_vault: Path) -> None:
    vault = Vault.open(malformed_vault, use_cache=False)
    names = [p.name for p in vault.people]
    persons = [n[:-3] for n, (*_x, person) in EXPECTED.items() if person]
    assert sorted(names) == sorted([*persons, "Jane Doe"])
    jane = vault.find("jane doe")
    # the unquoted [[Jane Doe]] in unquoted-link.md is a link all the same
    assert vault.find("unquoted-link").introduced_by == ["Jane Doe"]
    assert vault.person_by_link("Jane Doe") is jane
    assert str(jane.last_contact) == "2026-10-01"
    assert str(vault.find("bom").last_contact) == "2026-10-01"
    listed = invoke(malformed_vault, "list", "--json")
    assert listed.exit_code == 0
    assert len(json.loads(listed.stdout)) == len(names)
    shown = invoke(malformed_vault, "show", "crlf")
    assert shown.exit_code == 0
    assert "  - [ ] follow up (due 2026-11-25)" in shown.stdout


def test_bad_values_are_ignored_not_used(malformed_vault: Path) -> None:
    person = Vault.open(malformed_vault, use_cache=False).find("bad-values")
    assert person.last_contact is None
    assert person.snooze_until is None
    assert person.cadence_days is None
    assert person.birthday is None
    assert person.stage == "maybe"


# Cases made on the spot ------------------------------------------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    (root / "People" / "Jane Doe.md").write_bytes(JANE)
    return root


def check_lines(root: Path) -> tuple[int, list[str]]:
    result = invoke(root, "check")
    return result.exit_code, result.stdout.splitlines()


def test_twenty_megabyte_note(vault: Path) -> None:
    big = vault / "People" / "Big.md"
    with open(big, "wb") as handle:
        handle.write(b"---\ncompany: Big\n---\n")
        handle.write((b"x" * 1023 + b"\n") * (20 * 1024))
    assert big.stat().st_size > 2 * MAX_NOTE_BYTES
    assert check_lines(vault) == (1, ["People/Big.md:1: note is larger than 10 MB; skipped"])
    assert [p.name for p in Vault.open(vault).people] == ["Jane Doe"]


def test_symlink_loop(vault: Path) -> None:
    (vault / "People" / "loop").symlink_to("..")
    (vault / "People" / "self.md").symlink_to("self.md")
    code, lines = check_lines(vault)
    assert lines == [
        "People/loop:1: warning: folder reached twice through a symlink (loop?); skipped",
        "People/self.md:1: cannot read: Too many levels of symbolic links",
    ]
    assert code == 1
    assert [p.name for p in Vault.open(vault).people] == ["Jane Doe"]


def test_symlinked_folder_is_followed_once(vault: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "Ann Lee.md").write_text("---\ncompany: X\n---\n", encoding="utf-8")
    (vault / "People" / "linked").symlink_to(elsewhere)
    (vault / "People" / "linked-again").symlink_to(elsewhere)
    vault_read = Vault.open(vault)
    assert [p.path for p in vault_read.people] == [
        "People/linked-again/Ann Lee.md",
        "People/Jane Doe.md",
    ] or [p.path for p in vault_read.people] == ["People/linked/Ann Lee.md", "People/Jane Doe.md"]
    assert [p.message for p in vault_read.problems] == [
        "folder reached twice through a symlink (loop?); skipped"
    ]


def test_dangling_symlink(vault: Path) -> None:
    (vault / "People" / "Gone.md").symlink_to("Nowhere.md")
    assert check_lines(vault) == (
        1,
        ["People/Gone.md:1: cannot read: No such file or directory"],
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(vault: Path) -> None:
    locked = vault / "People" / "Locked.md"
    locked.write_text("---\ncompany: X\n---\n", encoding="utf-8")
    locked.chmod(0)
    try:
        assert check_lines(vault) == (1, ["People/Locked.md:1: cannot read: Permission denied"])
    finally:
        locked.chmod(0o644)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can list a chmod 000 folder")
def test_unreadable_folder(vault: Path) -> None:
    locked = vault / "People" / "Private"
    locked.mkdir()
    locked.chmod(0)
    try:
        assert check_lines(vault) == (1, ["People/Private:1: cannot list: Permission denied"])
    finally:
        locked.chmod(0o755)


def test_unreadable_file_as_root_too(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same case without chmod (which root ignores): opening the note is refused."""
    (vault / "People" / "Locked.md").write_text("---\ncompany: X\n---\n", encoding="utf-8")
    real_open = open

    def refusing_open(path: str, *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith("Locked.md"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("vaultnet.index.cache.open", refusing_open, raising=False)
    assert check_lines(vault) == (1, ["People/Locked.md:1: cannot read: Permission denied"])
    assert [p.name for p in Vault.open(vault, use_cache=False).people] == ["Jane Doe"]


def test_unlistable_folder_as_root_too(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (vault / "People" / "Private").mkdir()
    real_scandir = os.scandir

    def refusing_scandir(path: Any) -> Any:
        if str(path).endswith("Private"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    assert check_lines(vault) == (1, ["People/Private:1: cannot list: Permission denied"])


def test_vault_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = invoke(missing, "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: vault folder {missing} does not exist\n"
    with pytest.raises(NoSuchVault, match="does not exist"):
        Vault.open(missing)


def test_vault_that_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "notes.md"
    file.write_text("x", encoding="utf-8")
    result = invoke(file, "check")
    assert result.exit_code == 1
    assert result.stderr == f"Error: vault {file} is not a folder\n"


def test_deeply_nested_yaml_is_a_problem_not_a_crash(vault: Path) -> None:
    """libyaml recurses on the C stack: 100,000 `[` would kill the process, not raise."""
    depth = 100_000
    (vault / "People" / "Deep.md").write_text(
        "---\ncompany: Deep\nk: " + "[" * depth + "]" * depth + "\n---\n", encoding="utf-8"
    )
    code, lines = check_lines(vault)
    assert code == 1
    assert lines == ["People/Deep.md:2: invalid YAML: nested too deeply to read"]
    assert Vault.open(vault).find("deep").company == "Deep"


def test_yaml_alias_bomb_is_refused(vault: Path) -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    (vault / "People" / "Bomb.md").write_text(
        "---\n" + "\n".join(rows) + "\n---\n", encoding="utf-8"
    )
    assert check_lines(vault) == (
        1,
        [
            "People/Bomb.md:2: frontmatter nested deeper than 20 levels or holding more than "
            "100000 values; read as no properties"
        ],
    )


def test_long_lines_of_spaces_parse_in_linear_time(vault: Path) -> None:
    """Regexes that backtrack over runs of spaces made these lines take minutes; no timing here,
    a regression just makes the suite hang visibly."""
    spaces = " " * 200_000
    (vault / "People" / "Wide.md").write_text(
        f"---\na{spaces}b\n---\n# x{spaces}y\n- [x] done{spaces}z ✅ 2026-01-01\n",
        encoding="utf-8",
    )
    assert check_lines(vault) == (
        1,
        ["People/Wide.md:2: frontmatter is not a set of `key: value` properties"],
    )
