"""The safety promises, seen from the command line: merge conflicts, unclosed fences, symlinked
state, file modes, terminal escapes, extreme dates, FIFOs, duplicate ticks, stale temp files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Run = Callable[..., Result]
JANE = "People/Jane Doe.md"


def test_check_reports_merge_conflicts_and_log_refuses(run: Run, vault_dir: Path) -> None:
    path = vault_dir / JANE
    lines = path.read_text().splitlines(keepends=True)
    lines[-1:] = [
        "<<<<<<< HEAD\n",
        lines[-1],
        "=======\n",
        "- 2026-11-01 call: theirs\n",
        ">>>>>>> b\n",
    ]
    path.write_text("".join(lines))
    at = len(lines) - 4
    result = run("check")
    assert result.exit_code == 1
    assert f"{JANE}:{at}: unresolved merge conflict" in result.output
    before = path.read_bytes()
    result = run("log", "Jane Doe", "-m", "lunch")
    assert result.exit_code == 1
    assert f"Error: {JANE}:{at}: unresolved merge conflict." in result.output
    assert path.read_bytes() == before


def test_log_into_an_open_fence_is_refused_and_history_unchanged(run: Run, vault_dir: Path) -> None:
    path = vault_dir / "People" / "Zed Ray.md"
    text = "---\ncircle: core\n---\n# Zed Ray\n\nHis script:\n```sh\nmake all\n"
    path.write_text(text)
    result = run("log", "Zed Ray", "-m", "lunch", "--give")
    assert result.exit_code == 1
    assert "Error: People/Zed Ray.md:7: this code fence never closes" in result.output
    assert path.read_text() == text


# Symlinked state and file modes (issue 16 items 5 and 7) --------------------------------------


def outside_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.no_index
def test_a_symlinked_state_folder_is_refused(run: Run, vault_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (vault_dir / ".vaultnet").symlink_to(elsewhere)
    for args in (["index"], ["digest"], ["list"], ["log", "Jane Doe", "-m", "x"]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.output.startswith("Error: .vaultnet is a symbolic link;"), result.output
    assert outside_files(elsewhere) == []


@pytest.mark.no_index
def test_links_inside_the_state_folder_are_removed_not_followed(
    run: Run, vault_dir: Path, tmp_path: Path
) -> None:
    bashrc_d = tmp_path / "bashrc.d"
    bashrc_d.mkdir()
    target = tmp_path / "target"
    target.write_text("keep me")
    state = vault_dir / ".vaultnet"
    state.mkdir()
    (state / "due-backups").symlink_to(bashrc_d)
    (state / "index.sqlite").symlink_to(target)
    (state / "index.sqlite-wal").symlink_to(target)
    (state / "write.lock").symlink_to(target)
    (vault_dir / "Due.md").write_text("echo owned\n")  # a hand-written due list: backed up
    assert run("digest").exit_code == 0
    assert outside_files(bashrc_d) == []
    assert target.read_text() == "keep me"
    assert not (state / "due-backups").is_symlink()
    assert [p.read_text() for p in (state / "due-backups").iterdir()] == ["echo owned\n"]
    assert not any(p.is_symlink() for p in state.iterdir())


def test_a_symlinked_due_note_is_refused(run: Run, vault_dir: Path) -> None:
    jane = vault_dir / JANE
    before = jane.read_bytes()
    (vault_dir / "Due.md").symlink_to(jane)
    result = run("digest")
    assert result.exit_code == 1
    assert "Due.md is a symbolic link" in result.output
    assert jane.read_bytes() == before


def test_state_is_private_and_backups_keep_the_mode(run: Run, vault_dir: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        due = vault_dir / "Due.md"
        due.write_text("my own list\n")
        due.chmod(0o600)
        assert run("digest").exit_code == 0
        state = vault_dir / ".vaultnet"
        assert stat.S_IMODE(state.stat().st_mode) == 0o700
        for path in state.iterdir():
            if path.is_file():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        (backup,) = (state / "due-backups").iterdir()
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert stat.S_IMODE((state / "due-backups").stat().st_mode) == 0o700
    finally:
        os.umask(old)


@pytest.mark.no_index
def test_a_wide_open_state_folder_is_made_private(run: Run, vault_dir: Path) -> None:
    import stat

    state = vault_dir / ".vaultnet"
    state.mkdir(mode=0o755)
    state.chmod(0o755)
    (state / "old.json").write_text("{}")
    (state / "old.json").chmod(0o644)
    assert run("index").exit_code == 0
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / "old.json").stat().st_mode) == 0o600


# Terminal escapes (issue 16 item 8) -----------------------------------------------------------

EVIL = "Evil\x1b]52;c;ZWNobyBvd25lZA==\x07 Corp\x1b[2J\x9b\u202e"


def on_a_terminal(vault: Path, *args: str) -> bytes:
    """Run vaultnet (a process of its own) with stdout and stderr on a pseudo-terminal; what the
    terminal received."""
    from tests import forks

    return forks.run("--vault", str(vault), "--today", "2026-11-22", *args, terminal=True).stdout


def test_control_characters_never_reach_a_terminal(vault_dir: Path) -> None:
    # YAML's own escapes in the frontmatter (as in the issue), raw bytes in the body
    (vault_dir / "People" / "Eve Ill.md").write_text(
        '---\ncircle: core\ncadence: 30d\ncompany: "Evil\\e]52;c;ZWNobyBvd25lZA==\\a Corp\\e[2J"\n'
        f"---\n# Eve\n\n## Log\n- 2026-01-02 call: {EVIL}\n"
    )
    for args in (["list"], ["show", "Eve Ill"], ["digest", "--stdout"], ["prep", "Eve Ill"]):
        out = on_a_terminal(vault_dir, *args)
        assert b"Eve" in out, (args, out)
        assert b"\x1b" not in out and b"\x07" not in out, (args, out)
        assert "\u202e".encode() not in out and "\x9b".encode() not in out
        assert b"Evil\\e]52;c;" in out, (args, out)


def test_files_and_pipes_keep_the_bytes(run: Run, vault_dir: Path) -> None:
    (vault_dir / "People" / "Eve Ill.md").write_text(
        f"# Eve\n\n## Log\n- 2026-01-02 call: {EVIL}\n"
    )
    result = run("show", "Eve Ill")
    assert "Evil\x1b]52;c;ZWNobyBvd25lZA==\x07 Corp" in result.output


def test_terminal_safe() -> None:
    from vaultnet.cli.output import terminal_safe

    assert terminal_safe("plain, tabs\tand\nnewlines") == "plain, tabs\tand\nnewlines"
    assert terminal_safe("a\x1b[2Jb\x00c\x7fd\x9be\u202ef") == "a\\e[2Jb\\x00c\\x7fd\\x9be\\u202ef"


# The calendar's end and non-regular files (issue 16 items 9 and 10) ----------------------------

FAR = """\
---
circle: core
cadence: 30d
snooze_until: 9999-12-31
birthday: 9999-12-31
---
# Far Future

## Follow-ups
- [ ] someday \U0001f4c5 9999-12-31

## Log
- 9999-12-31 call: far
"""


def test_dates_at_the_calendars_end_are_never_internal_errors(run: Run, vault_dir: Path) -> None:
    (vault_dir / "People" / "Far Future.md").write_text(FAR)
    for args in (["digest"], ["export", "ics"], ["show", "Far Future"], ["list"], ["check"]):
        result = run(*args)
        assert "internal error" not in result.output, (args, result.output)
        assert result.exit_code == 0, (args, result.output)
    for args in (["digest"], ["export", "ics"]):
        assert run(*args, today="9899-12-31").exit_code == 0, args
        result = run(*args, today="9999-12-31")
        assert result.exit_code == 2
        assert result.output.startswith("Error: --today must be on or before 9899-12-31")


def test_a_fifo_due_list_or_note_is_refused_without_hanging(run: Run, vault_dir: Path) -> None:
    import os

    os.mkfifo(vault_dir / "Due.md")
    result = run("digest")
    assert result.exit_code == 1
    assert "Due.md is not a regular file" in result.output
    os.unlink(vault_dir / "Due.md")
    from vaultnet.notes.editor import NoteEditor

    os.mkfifo(vault_dir / "People" / "Pipe.md")
    import pytest

    from vaultnet.errors import RefusedEdit

    with pytest.raises(RefusedEdit, match=r"People/Pipe\.md is not a regular file"):
        NoteEditor.open(vault_dir, "People/Pipe.md")
    assert run("index").exit_code == 0


# Duplicate ticks and stale temp files (issue 16 items 12 and 14) ------------------------------


def test_the_same_ticked_line_twice_is_one_tick(run: Run, vault_dir: Path) -> None:
    assert run("digest").exit_code == 0
    due = vault_dir / "Due.md"
    lines = due.read_text().split("\n")
    at = next(
        i for i, line in enumerate(lines) if line.startswith("- [ ] [[") and "vn:cadence" in line
    )
    ticked = lines[at].replace("- [ ] ", "- [x] ", 1)
    lines[at : at + 1] = [ticked, ticked]
    due.write_text("\n".join(lines))
    result = run("digest", today="2026-11-23")
    assert result.exit_code == 0, result.output
    assert "Harvested 1 tick." in result.output


def test_stale_temp_files_are_removed_by_the_next_write(run: Run, vault_dir: Path) -> None:
    import os
    import time

    people = vault_dir / "People"
    dead = [people / f".Jane Doe.md.{pid}-0123abcd.vaultnet-tmp" for pid in (999_999_999,)]
    old = people / ".Bob Smith.md.4242-deadbeef.vaultnet-tmp"
    alive = people / f".Jane Doe.md.{os.getppid()}-feedf00d.vaultnet-tmp"  # a live process
    legacy = people / ".Jane Doe.md.abc_1234.tmp"  # mkstemp's name, vaultnet 0.1
    other = people / ".Jane Doe.md.swp"
    for path in (*dead, old, alive, legacy, other):
        path.write_text("partial")
    hours_ago = time.time() - 2 * 3600
    for path in (old, legacy):
        os.utime(path, (hours_ago, hours_ago))
    assert run("log", "Jane Doe", "-m", "lunch").exit_code == 0
    left = sorted(p.name for p in people.iterdir() if p.name.startswith("."))
    assert left == sorted([alive.name, other.name])


def test_prep_on_a_follow_up_dated_5026_is_not_refused_by_the_sandbox(
    run: Run, vault_dir: Path
) -> None:
    path = vault_dir / JANE
    path.write_text(
        path.read_text() + "\n## Follow-ups\n- [ ] the long plan \U0001f4c5 5026-01-01\n"
    )
    result = run("prep", "Jane Doe")
    assert result.exit_code == 0, result.output
    assert "the long plan (5026-01-01, due in " in result.output


def test_a_screen_clear_in_a_note_is_kept_in_pipes_and_escaped_on_a_terminal(
    run: Run, vault_dir: Path
) -> None:
    # click strips what looks like a CSI sequence from output that is not a terminal: it must not
    (vault_dir / "People" / "Eve Ill.md").write_text(
        "# Eve\n\n## Notes\n- clear \x1b[2J here\n\n## Log\n- 2026-01-02 call: wipe \x1b[2J\x1b[H\n"
    )
    piped = run("show", "Eve Ill")
    assert "- clear \x1b[2J here" in piped.output
    assert "wipe \x1b[2J\x1b[H" in piped.output
    out = on_a_terminal(vault_dir, "show", "Eve Ill")
    assert b"- clear \\e[2J here" in out and b"wipe \\e[2J\\e[H" in out
    assert b"\x1b" not in out


def test_a_fifo_note_is_a_problem_line_not_silence(run: Run, vault_dir: Path) -> None:
    import os

    os.mkfifo(vault_dir / "People" / "Pipe Person.md")
    result = run("check")
    assert "People/Pipe Person.md:1: not a regular file (a pipe or a device?); skipped" in (
        result.output
    )
    assert run("list").exit_code == 0
