"""The reading commands on a copy of the sample vault: init, index, check, list, show; plus what
every command owes the user: help text, a README entry, and never a traceback.

Golden files: tests/golden/read-*. Regenerate them on purpose with
`VAULTNET_REGEN=1 python -m pytest tests/test_cli_read.py` and review the diff.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from tests import forks
from tests.golden import assert_golden
from vaultnet.cli import COMMANDS, LazyGroup, cli
from vaultnet.config import CONFIG_TEMPLATE, load_config

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., Result]


def no_traceback(result: Result) -> Result:
    assert "Traceback" not in result.output
    return result


def write(root: Path, notes: dict[str, str]) -> Path:
    for rel, text in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# index -----------------------------------------------------------------------------------------


@pytest.mark.no_index
def test_index(run: Run) -> None:
    result = run("index")
    assert result.exit_code == 0
    assert result.stdout == (
        "27 people, 16 interactions, 3 groups in 48 notes (48 read, 0 from cache). "
        "0 errors, 0 warnings.\n"
    )
    assert result.stderr == ""


def test_index_prints_problems_to_stderr_and_succeeds(run: Run, vault_dir: Path) -> None:
    write(vault_dir, {"People/Bad.md": "---\nlast_contact: soon\n---\n"})
    result = run("index")
    assert result.exit_code == 0
    assert result.stderr == "People/Bad.md:2: bad date in 'last_contact': 'soon' (use YYYY-MM-DD)\n"
    assert result.stdout.startswith("28 people, 16 interactions, 3 groups in 49 notes (")
    assert result.stdout.endswith(" 1 error, 0 warnings.\n")


def test_index_on_an_empty_folder(tmp_path: Path, run: Run) -> None:
    (tmp_path / "empty").mkdir()
    result = run("index", vault=tmp_path / "empty")
    assert result.exit_code == 0
    assert result.stdout == (
        "0 people, 0 interactions, 0 groups in 0 notes (0 read, 0 from cache). "
        "0 errors, 0 warnings.\n"
    )


# check -----------------------------------------------------------------------------------------


def test_check_clean_sample_vault(run: Run) -> None:
    result = run("check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "48 notes checked: 0 errors, 0 warnings.\n"
    result = run("check", "--json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


CHECKED = {
    "People/Ann Lee.md": """\
---
email: ann@example.com
last_contact: 2026-13-01
cadence: every so often
introduced_by: "[[Nobody]]"
---
- 2026-02-30 call: impossible
""",
    "People/Ann Leigh.md": "---\naliases: [Ann Lee]\nemail: ANN@example.com\n---\n",
    "People/Bo.md": "---\nrole: [oops\nknows: '[[Ann Lee]]'\n---\n",
    "Meetings/Lunch.md": "---\ndate: 2026-11-01\nwith: ['[[Ann Lee]]', '[[Bob Smyth]]']\n---\n",
}


def test_check_reports_every_kind_of_problem(tmp_path: Path, run: Run) -> None:
    root = write(tmp_path / "v", CHECKED)
    result = run("check", vault=root)
    assert result.stdout == (
        "Meetings/Lunch.md:3: warning: link to no note: [[Bob Smyth]] (with)\n"
        "People/Ann Lee.md:3: bad date in 'last_contact': '2026-13-01' (use YYYY-MM-DD)\n"
        "People/Ann Lee.md:4: unknown cadence 'every so often' (use a number of days, weeks, "
        "months or years like 14d, 6w, 3m, 1y, at most 100y, or never)\n"
        "People/Ann Lee.md:5: warning: link to no note: [[Nobody]] (introduced_by)\n"
        "People/Ann Lee.md:7: impossible date 2026-02-30\n"
        "People/Ann Leigh.md:2: warning: same name or alias 'ann lee' as People/Ann Lee.md\n"
        "People/Ann Leigh.md:3: same email 'ann@example.com' as People/Ann Lee.md\n"
        "People/Bo.md:2: invalid YAML: while parsing a flow sequence, "
        "did not find expected ',' or ']'\n"
    )
    assert result.stderr == "4 notes checked: 5 errors, 3 warnings.\n"
    assert result.exit_code == 1


def test_check_json(tmp_path: Path, run: Run) -> None:
    root = write(tmp_path / "v", CHECKED)
    result = run("check", "--json", vault=root)
    assert result.exit_code == 1
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert len(data) == 8
    assert data[0] == {
        "path": "Meetings/Lunch.md",
        "line": 3,
        "severity": "warning",
        "message": "link to no note: [[Bob Smyth]] (with)",
    }


def test_check_with_only_warnings_succeeds(tmp_path: Path, run: Run) -> None:
    root = write(tmp_path / "v", {"People/A.md": "---\nknows: '[[Ghost]]'\nstage: maybe\n---\n"})
    result = run("check", vault=root)
    assert result.stdout == (
        "People/A.md:2: warning: link to no note: [[Ghost]] (knows)\n"
        "People/A.md:3: warning: unknown stage 'maybe' (want, pending or connected)\n"
    )
    assert result.stderr == "1 note checked: 0 errors, 2 warnings.\n"
    assert result.exit_code == 0


# list ------------------------------------------------------------------------------------------


def test_list_table(run: Run) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert result.stderr == "27 people\n"
    assert_golden("read-list.txt", result.stdout)


def test_list_json(run: Run) -> None:
    result = run("list", "--json")
    assert result.exit_code == 0
    assert_golden("read-list.json", result.stdout)
    data = json.loads(result.stdout)
    assert len(data) == 27
    assert list(data[0]) == [
        "name",
        "display_name",
        "path",
        "aliases",
        "tags",
        "circle",
        "stage",
        "status",
        "company",
        "role",
        "email",
        "cadence_days",
        "last_contact",
        "next_due",
        "due",
        "ask",
        "offer",
        "gives",
        "asks",
    ]


def names(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [person["name"] for person in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--circle", "CORE"],
            [
                "Aisha Rahman",
                "Bob Smith",
                "Elena Petrova",
                "Frank Moreau",
                "Hannah Brooks",
                "Jane Doe",
                "Priya Natarajan",
            ],
        ),
        (
            ["--tag", "#Mentor"],
            ["Bob Smith", "Greg Halvorsen", "Jane Doe", "Margaret Ellis", "Priya Natarajan"],
        ),
        (["--tag", "alumni"], ["David Okafor", "Elena Petrova", "Margaret Ellis", "Tom Nguyen"]),
        (["--company", "acme"], ["Jane Doe", "Lena Fischer"]),
        (["--stage", "want"], ["Lena Fischer", "Omar Haddad"]),
        (["--stage", "pending"], ["Ben Carter", "Sofia Rossi"]),
        (
            ["--due"],
            [
                "Aisha Rahman",
                "David Okafor",
                "Elena Petrova",
                "Jane Doe",
                "José Álvarez",
                "Leo Martins",
                "Zoë Müller",
            ],
        ),
        (["--due", "--circle", "friend"], ["David Okafor", "Leo Martins", "Zoë Müller"]),
        (["--company", "northwind", "--stage", "want"], ["Omar Haddad"]),
        (["--tag", "no-such-tag"], []),
    ],
)
def test_list_filters(run: Run, args: list[str], expected: list[str]) -> None:
    assert names(run("list", "--json", *args)) == expected


def test_list_with_no_match(run: Run) -> None:
    result = run("list", "--company", "nowhere")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No one matches.\n")


def test_list_bad_stage_is_a_usage_error(run: Run) -> None:
    result = run("list", "--stage", "maybe")
    assert result.exit_code == 2
    assert "Invalid value for '--stage'" in result.stderr


# show ------------------------------------------------------------------------------------------


def test_show(run: Run) -> None:
    result = run("show", "janie")
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden("read-show-jane.txt", result.stdout)
    # the effective last contact is the coffee note (naming her by alias), not the field
    assert "Last contact:  2026-10-03 (50d ago)\n" in result.stdout
    assert "  2026-10-03 coffee: [[2026-10-03 Coffee with Jane Doe]]\n" in result.stdout
    assert "Ask Jane whether the platform lead req was approved [Meetings/" in result.stdout


def test_show_json(run: Run) -> None:
    result = run("show", "Jane Doe", "--json")
    assert result.exit_code == 0
    assert_golden("read-show-jane.json", result.stdout)
    data = json.loads(result.stdout)
    assert list(data)[-4:] == ["facts", "history", "open_tasks", "details"]
    assert data["last_contact"] == "2026-10-03"


def test_show_someone_never_contacted(run: Run) -> None:
    result = run("show", "lena")
    assert result.exit_code == 0
    assert "Last contact:  never\n" in result.stdout
    assert result.stdout.endswith("\nHistory: none yet\n")


def test_show_history_limit(run: Run) -> None:
    result = run("show", "jane doe", "--history", "1")
    assert result.stdout.endswith(
        "History (1 of 4):\n  2026-10-03 coffee: [[2026-10-03 Coffee with Jane Doe]]\n"
    )


def test_show_by_accentless_name(run: Run) -> None:
    result = run("show", "zoe muller")
    assert result.stdout.startswith("Zoë Müller\n==========\nNote:          People/Zoë Müller.md\n")


def test_show_unknown(run: Run) -> None:
    result = run("show", "Nobody Atall")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Error: no person named 'Nobody Atall'.")


# init ------------------------------------------------------------------------------------------


def test_init_creates_a_vault(tmp_path: Path) -> None:
    root = tmp_path / "net"
    result = no_traceback(CliRunner().invoke(cli, ["init", str(root)]))
    assert result.exit_code == 0
    assert result.stdout == (
        "created People/\n"
        "created Meetings/\n"
        "created Groups/\n"
        "created Templates/vaultnet/\n"
        "created vaultnet.toml\n"
        "created .gitignore\n"
        "created .gitattributes\n"
        f'Vault ready in {root}. Next: vaultnet --vault {root} add "Jane Doe"\n'
    )
    for folder in ("People", "Meetings", "Groups", "Templates/vaultnet"):
        assert (root / folder).is_dir()
    assert (root / "vaultnet.toml").read_text(encoding="utf-8") == CONFIG_TEMPLATE
    assert CONFIG_TEMPLATE.count("#") > 10  # commented
    assert (root / ".gitignore").read_bytes() == b".vaultnet/\n*.vaultnet-tmp\n"
    assert (root / ".gitattributes").read_bytes() == b"Due.md merge=vaultnet-due\n"
    load_config(root)  # the written config is valid
    index = CliRunner().invoke(cli, ["--vault", str(root), "index"])
    assert index.stdout.startswith("0 people, 0 interactions, 0 groups in 0 notes")


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_init_never_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "net"
    write(
        root,
        {
            "vaultnet.toml": "# mine\r\n[reconnect]\r\nper_week = 5\r\n",
            "People/Jane Doe.md": "\ufeff---\r\ncompany: X\r\n---\r\n",
            "Templates/vaultnet/person.md.j2": "{{ name }}",
            ".gitignore": "*.tmp\n.vaultnet\n*.vaultnet-tmp\n",
            ".gitattributes": "*.pdf binary\nDue.md merge=union\n",  # a merge of their own
        },
    )
    before = snapshot(root)
    result = no_traceback(CliRunner().invoke(cli, ["init", str(root)]))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:7] == [
        "kept    People/",
        "created Meetings/",
        "created Groups/",
        "kept    Templates/vaultnet/",
        "kept    vaultnet.toml",
        "kept    .gitignore",
        "kept    .gitattributes",
    ]
    assert snapshot(root) == before
    # a second init changes nothing at all
    again = CliRunner().invoke(cli, ["init", str(root)])
    assert again.exit_code == 0
    assert all(line.startswith(("kept", "Vault ready")) for line in again.stdout.splitlines())
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("existing", "after"),
    [
        (b"*.tmp\n", b"*.tmp\n.vaultnet/\n*.vaultnet-tmp\n"),
        (b"*.tmp", b"*.tmp\n.vaultnet/\n*.vaultnet-tmp\n"),  # no final newline
        (b"", b".vaultnet/\n*.vaultnet-tmp\n"),
        (b"*.tmp\r\n", b"*.tmp\r\n.vaultnet/\r\n*.vaultnet-tmp\r\n"),
        (b"*.tmp\r\nbuild", b"*.tmp\r\nbuild\r\n.vaultnet/\r\n*.vaultnet-tmp\r\n"),
        (b".vaultnet/\n", b".vaultnet/\n*.vaultnet-tmp\n"),  # a vault made by an older init
    ],
)
def test_init_adds_its_lines_to_an_existing_gitignore(
    tmp_path: Path, existing: bytes, after: bytes
) -> None:
    (tmp_path / ".gitignore").write_bytes(existing)
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert "added   *.vaultnet-tmp to .gitignore" in result.stdout
    assert ("added   .vaultnet/ to .gitignore" in result.stdout) == (b".vaultnet" not in existing)
    assert (tmp_path / ".gitignore").read_bytes() == after


def test_init_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0
    assert (tmp_path / "vaultnet.toml").is_file()
    assert (tmp_path / "People").is_dir()


def test_init_on_a_file(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("mine", encoding="utf-8")
    result = no_traceback(CliRunner().invoke(cli, ["init", str(file)]))
    assert result.exit_code == 2
    assert file.read_text(encoding="utf-8") == "mine"


def test_init_where_a_folder_name_is_taken_by_a_file(tmp_path: Path) -> None:
    (tmp_path / "People").write_text("mine", encoding="utf-8")
    result = no_traceback(CliRunner().invoke(cli, ["init", str(tmp_path)]))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot create the vault in {tmp_path}: File exists\n"
    assert (tmp_path / "People").read_text(encoding="utf-8") == "mine"


# Every command ---------------------------------------------------------------------------------


def command(name: str) -> click.Command:
    found = LazyGroup().get_command(click.Context(cli), name)
    assert found is not None, name
    return found


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    assert (command(name).help or "").strip(), f"{name} has no help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {name}") or result.stdout.startswith(
        f"Usage: vaultnet {name}"
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ `{re.escape(name)}\b", readme, re.MULTILINE), (
        f"README.md has no section for `{name}`"
    )


def python_m(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vaultnet", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_python_m_help_lists_every_command() -> None:
    result = python_m("--help")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith("Usage: vaultnet [OPTIONS] COMMAND [ARGS]...\n")
    for name in COMMANDS:
        if name == "merge-due":  # hidden: git runs it, people do not
            assert not re.search(r"^  merge-due\s", result.stdout, re.MULTILINE)
            continue
        assert re.search(rf"^  {re.escape(name)}\s", result.stdout, re.MULTILINE), name


def test_internal_error_shows_no_traceback(tmp_path: Path) -> None:
    """A bug in vaultnet is one line on stderr and exit 1, in a real process."""
    setup = (
        "import vaultnet.network.vault\n"
        "def broken(*a, **k): raise RuntimeError('boom')\n"
        "vaultnet.network.vault.Vault.open = broken\n"
    )
    plain, debug = forks.run_all(
        ["--vault", str(tmp_path), "index"],
        ["--debug", "--vault", str(tmp_path), "index"],
        setup=setup,
    )
    assert plain.returncode == 1
    assert plain.out == ""
    assert plain.err == (
        "Error: internal error: RuntimeError: boom (run with --debug for the traceback)\n"
    )
    assert debug.returncode == 1
    assert "Traceback" in debug.err and "RuntimeError: boom" in debug.err


def test_interrupt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("vaultnet.network.vault.Vault.open", interrupted)
    result = CliRunner().invoke(cli, ["--vault", str(tmp_path), "index"])
    assert (result.exit_code, result.stderr) == (130, "Interrupted.\n")


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.stderr
    assert "Traceback" not in result.output


def test_version() -> None:
    result = python_m("--version")
    assert (result.returncode, result.stdout) == (0, "vaultnet, version 0.1.0\n")


@pytest.mark.parametrize(
    ("existing", "after"),
    [
        (b"*.pdf binary\n", b"*.pdf binary\nDue.md merge=vaultnet-due\n"),
        (b"*.pdf binary", b"*.pdf binary\nDue.md merge=vaultnet-due\n"),
        (b"*.pdf binary\r\n", b"*.pdf binary\r\nDue.md merge=vaultnet-due\r\n"),
        (b"Due.md   merge=vaultnet-due\n", b"Due.md   merge=vaultnet-due\n"),
    ],
)
def test_init_adds_the_merge_driver_to_an_existing_gitattributes(
    tmp_path: Path, existing: bytes, after: bytes
) -> None:
    (tmp_path / ".gitattributes").write_bytes(existing)
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / ".gitattributes").read_bytes() == after
