"""`vaultnet watch` for real: the command in a process of its own on a copy of the sample vault,
and the watcher with `digest`'s refresh, ticking items in Due.md as a user does in Obsidian."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import Result

from tests import forks
from tests.test_harvest import save_after_someone_else
from tests.watch_rig import TIMEOUT, TODAY, Rig, wait_for
from vaultnet.errors import FileChangedOnDisk
from vaultnet.watch import refresh_due_list

ROOT = Path(__file__).resolve().parent.parent
# The watcher's idling is proven on a fake clock (test_watch.py); the command is watched for
# this long, in real time, from the moment it says it wrote, to see that it stays quiet after its
# own writes (their events come within milliseconds; a refresh they set off would write within
# the debounce and a refresh, well inside this).
IDLE = 0.6
DEBOUNCE = "0.05"  # the shortest the command allows: a save's events come microseconds apart


def ticked(due: Path, item: str) -> str:
    """Due.md with the unticked item that starts with `item` ticked."""
    text = due.read_text(encoding="utf-8")
    assert f"- [ ] {item}" in text
    return text.replace(f"- [ ] {item}", f"- [x] {item}", 1)


def tick(due: Path, item: str) -> None:
    """Tick the item in the file, as clicking its box in Obsidian does."""
    due.write_text(ticked(due, item), encoding="utf-8")


class Process:
    """`vaultnet watch` running in a process of its own (tests/forks.py), its output collected
    line by line."""

    def __init__(self, vault: Path, *args: str) -> None:
        pipes = vault.parent / "watch-output"
        pipes.mkdir(exist_ok=True)
        stdout, stderr = pipes / "stdout", pipes / "stderr"
        for pipe in (stdout, stderr):
            pipe.unlink(missing_ok=True)
            os.mkfifo(pipe)
        self.pid = forks.start(["--vault", str(vault), *args], stdout, stderr)
        self.code: int | None = None
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(stdout, self.out), daemon=True),
            threading.Thread(target=self._read, args=(stderr, self.err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(pipe: Path, lines: list[str]) -> None:
        with pipe.open(encoding="utf-8") as stream:
            for line in stream:
                lines.append(line.rstrip("\n"))

    def wait_for_line(self, fragment: str, count: int = 1) -> None:
        wait_for(
            lambda: sum(fragment in line for line in self.out) >= count,
            f"{count} line(s) with {fragment!r} in {self.out} (stderr {self.err})",
        )

    def stop(self, signum: int = signal.SIGINT) -> int:
        os.kill(self.pid, signum)
        self.code = forks.wait(self.pid, TIMEOUT)
        assert self.code is not None, "watch did not stop"
        for reader in self._readers:
            reader.join(TIMEOUT)
        return self.code

    def kill(self) -> None:
        if self.code is None:
            os.kill(self.pid, signal.SIGKILL)
            self.code = forks.wait(self.pid, TIMEOUT)


@contextmanager
def watching(vault: Path, *args: str) -> Iterator[Process]:
    process = Process(vault, *args)
    try:
        yield process
    finally:
        process.kill()


def stamp(line: str) -> str:
    """A line without its leading time."""
    assert line[2] == ":" and line[5] == ":" and line[8] == " ", line
    return line[9:]


def test_the_command_keeps_the_due_list_fresh_and_stops_on_ctrl_c(
    vault_dir: Path, run: Callable[..., Result]
) -> None:
    due = vault_dir / "Due.md"
    with watching(vault_dir, "--today", "2026-11-22", "watch", "--debounce", DEBOUNCE) as watcher:
        watcher.wait_for_line("Due.md updated")
        assert watcher.out[0] == (
            f"Watching {vault_dir.resolve()} (file system events, debounce 0.05s). "
            "Press Ctrl-C to stop."
        )
        assert stamp(watcher.out[1]) == "Due.md updated"
        # the same list `digest` writes: running it now changes nothing
        result = run("digest")
        assert result.exit_code == 0
        assert "Due.md unchanged" in result.stderr

        tick(due, "[[Elena Petrova]]")
        watcher.wait_for_line("Due.md updated (1 tick harvested)")
        assert "- [x] [[Elena Petrova]]: reconnected 2026-11-22" in due.read_text()
        note = (vault_dir / "People" / "Elena Petrova.md").read_text()
        assert "- 2026-11-22 message: reconnected (due list)" in note
        assert "last_contact: 2026-11-22" in note

        # an idle watcher writes nothing: same bytes, same mtime, no more lines, from the moment
        # it said it wrote (the events of its own writes are still coming in)
        lines = list(watcher.out)
        before = (due.read_bytes(), due.stat().st_mtime_ns)
        time.sleep(IDLE)
        assert (due.read_bytes(), due.stat().st_mtime_ns) == before
        assert watcher.out == lines

        assert watcher.stop(signal.SIGINT) == 0
    assert watcher.out[-1] == "Stopped."
    assert watcher.err == []


def test_a_fresh_due_list_is_left_alone_and_poll_is_said(
    vault_dir: Path, run: Callable[..., Result]
) -> None:
    assert run("digest").exit_code == 0
    mtime = (vault_dir / "Due.md").stat().st_mtime_ns
    with watching(
        vault_dir, "--today", "2026-11-22", "watch", "--poll", "--debounce", DEBOUNCE
    ) as watcher:
        watcher.wait_for_line("Due.md is up to date")
        assert watcher.out[0] == (
            f"Watching {vault_dir.resolve()} (polling every 1s, debounce 0.05s). Press Ctrl-C "
            "to stop."
        )
        (vault_dir / "People" / "Bob Smith.md").write_text(
            "---\ncircle: core\nlast_contact: 2020-01-01\n---\n# Bob Smith\n", encoding="utf-8"
        )
        watcher.wait_for_line("Due.md updated")
        assert (vault_dir / "Due.md").stat().st_mtime_ns != mtime
        assert watcher.stop() == 0


def test_errors_in_the_vault_are_said_once_and_sigterm_stops_it_cleanly(vault_dir: Path) -> None:
    with watching(vault_dir, "--today", "2026-11-22", "watch", "--debounce", DEBOUNCE) as watcher:
        watcher.wait_for_line("Due.md updated")
        broken = vault_dir / "People" / "Broken One.md"
        broken.write_text("---\nlast_contact: 2026-13-01\n---\n", encoding="utf-8")
        message = (
            "People/Broken One.md:2: bad date in 'last_contact': '2026-13-01' (use YYYY-MM-DD)"
        )
        wait_for(lambda: any(message in line for line in watcher.err), "the error")
        broken.unlink()
        wait_for(
            lambda: any("The vault has no more errors." in line for line in watcher.err),
            "the all-clear",
        )
        assert watcher.stop(signal.SIGTERM) == 0  # systemd's and launchd's stop, like Ctrl-C
    assert [stamp(line) for line in watcher.err] == [message, "The vault has no more errors."]
    assert watcher.out[-1] == "Stopped."


def test_a_missing_vault_and_bad_options(tmp_path: Path, run: Callable[..., Result]) -> None:
    result = run("watch", vault=tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stderr == f"Error: vault folder {tmp_path / 'nope'} does not exist\n"
    result = run("watch", "--debounce", "0")
    assert result.exit_code == 2
    assert "0<=x<=60" in result.stderr or "0.05<=x<=60" in result.stderr


def test_help(run: Callable[..., Result]) -> None:
    result = run("watch", "--help")
    assert result.exit_code == 0
    assert "Keep Due.md fresh while you edit" in result.stdout
    assert "--debounce SECONDS" in result.stdout
    assert "--poll" in result.stdout


# The library with digest's refresh --------------------------------------------------------------


def test_refresh_due_list_says_what_it_wrote(vault_dir: Path) -> None:
    first = refresh_due_list(vault_dir, TODAY)
    assert (first.written, first.harvested, first.messages) == (("Due.md",), 0, ())
    again = refresh_due_list(vault_dir, TODAY)
    assert (again.written, again.harvested) == ((), 0)
    tick(vault_dir / "Due.md", "[[Elena Petrova]]")
    ticked = refresh_due_list(vault_dir, TODAY)
    assert (ticked.written, ticked.harvested) == (("People/Elena Petrova.md", "Due.md"), 1)


def test_refresh_due_list_says_why_the_old_due_list_was_kept(vault_dir: Path) -> None:
    refresh_due_list(vault_dir, TODAY)
    tick(vault_dir / "Due.md", "[[Elena Petrova]]")
    (vault_dir / "People" / "Elena Petrova.md").unlink()
    result = refresh_due_list(vault_dir, TODAY)
    assert result.messages[1:] == (
        "Some ticks could not be recorded; the old Due.md is kept in "
        ".vaultnet/due-backups/Due-2026-11-22-1.md",
    )
    assert result.messages[0].endswith("but no person note by that name exists now; not recorded")


def test_a_due_list_saved_while_the_digest_runs_is_not_overwritten(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refresh_due_list(vault_dir, TODAY)
    due = vault_dir / "Due.md"
    tick(due, "[[Elena Petrova]]")
    import vaultnet.due.render as due_module

    render = due_module.render_due

    def render_while_the_user_ticks_another(*args: object, **kwargs: object) -> str:
        tick(due, "[[David Okafor]]")
        return render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(due_module, "render_due", render_while_the_user_ticks_another)
    with pytest.raises(
        FileChangedOnDisk, match=r"Due\.md changed while the due list was being made"
    ):
        refresh_due_list(vault_dir, TODAY)
    text = due.read_text()
    assert "- [x] [[Elena Petrova]]" in text and "- [x] [[David Okafor]]" in text
    monkeypatch.undo()
    # running again records the second tick, and the first exactly once
    result = refresh_due_list(vault_dir, TODAY)
    assert result.harvested == 1
    elena = (vault_dir / "People" / "Elena Petrova.md").read_text()
    assert elena.count("- 2026-11-22 message: reconnected (due list)") == 1
    assert (
        "- 2026-11-22 message: reconnected (due list)"
        in (vault_dir / "People" / "David Okafor.md").read_text()
    )


def digest_rig(vault_dir: Path) -> Rig:
    """A watcher with digest's refresh on a fake clock (see tests/watch_rig.py), past its start."""
    rig = Rig(vault_dir, lambda day: refresh_due_list(vault_dir, day), today=lambda: TODAY)
    rig.start()
    rig.advance(5)
    return rig


def test_with_digest_our_own_writes_are_recognized_and_nothing_loops(vault_dir: Path) -> None:
    rig = digest_rig(vault_dir)
    try:
        # the start wrote Due.md, whose events were recognized as its own
        assert rig.counts() == (1, 1, 1, 0)
        rig.write("Due.md", ticked(vault_dir / "Due.md", "[[Elena Petrova]]"))
        rig.advance(1)
        assert rig.report.lines[-1] == "change 2026-11-22 wrote=People/Elena Petrova.md,Due.md"
        rig.advance(5)
        # the events of writing the note and Due.md were recognized: no refresh for them
        assert rig.counts() == (2, 2, 2, 0)
        rig.assert_quiet()
    finally:
        rig.close()


def test_a_note_saved_while_its_tick_is_recorded_is_retried_by_the_watcher(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elena = vault_dir / "People" / "Elena Petrova.md"
    rig = digest_rig(vault_dir)
    try:
        saves = save_after_someone_else(monkeypatch, elena)
        rig.write("Due.md", ticked(vault_dir / "Due.md", "[[Elena Petrova]]"))
        rig.advance(1)
        assert saves == ["People/Elena Petrova.md"]
        assert rig.report.lines[-1] == (
            "failed: People/Elena Petrova.md changed while its ticks were being recorded; Due.md "
            "is left as it is: run digest again (retrying)"
        )
        assert "- 2026-11-22 message: reconnected (due list)" not in elena.read_text()
        rig.advance(1)  # retried after max(debounce, 0.5s)
        assert "- 2026-11-22 message: reconnected (due list)" in elena.read_text()
        assert "- typed meanwhile\n" in elena.read_text()
        assert (
            "- [x] [[Elena Petrova]]: reconnected 2026-11-22" in (vault_dir / "Due.md").read_text()
        )
        assert not (vault_dir / ".vaultnet" / "due-backups").exists()
        rig.advance(5)
        rig.assert_quiet()
    finally:
        rig.close()


def test_what_the_terminal_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vaultnet.cli import watch as watch_cli
    from vaultnet.errors import BadConfig
    from vaultnet.watch import Refreshed

    monkeypatch.setattr(watch_cli, "_now", lambda: "12:01:03")
    report = watch_cli.TerminalReport(1.0, 1.0)
    report.refreshed(Refreshed(("People/A.md", "Due.md"), 2), TODAY, "change")
    report.refreshed(Refreshed(("Due.md",)), TODAY, "new day")
    report.refreshed(Refreshed(("People/A.md",), 1), TODAY, "change")
    report.refreshed(Refreshed(), TODAY, "change")
    report.refreshed(Refreshed(messages=("Due.md:3: not recorded: gone",)), TODAY, "change")
    report.failed(BadConfig("vaultnet.toml: unknown key 'x'"), retrying=False)
    report.failed(FileChangedOnDisk("Due.md changed"), retrying=True)
    report.falling_back("the vault is on a nfs file system")
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "12:01:03 Due.md updated (2 ticks harvested)",
        "12:01:03 Due.md updated for 2026-11-22",
        "12:01:03 1 tick harvested; Due.md unchanged",
    ]
    assert err.splitlines() == [
        "12:01:03 Due.md:3: not recorded: gone",
        "12:01:03 Error: vaultnet.toml: unknown key 'x' (waiting for the next change)",
        "12:01:03 Error: Due.md changed (trying again shortly)",
        "Note: the vault is on a nfs file system; polling for changes instead.",
    ]


def test_many_errors_are_cut_short(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vaultnet.cli import watch as watch_cli
    from vaultnet.watch import Refreshed

    monkeypatch.setattr(watch_cli, "_now", lambda: "09:00:00")
    report = watch_cli.TerminalReport(1.0, 1.0)
    errors = tuple(f"People/P{i}.md:2: bad date" for i in range(8))
    report.refreshed(Refreshed(errors=errors), TODAY, "start")
    report.refreshed(Refreshed(errors=(*errors, "People/Q.md:3: bad date")), TODAY, "change")
    assert capsys.readouterr().err.splitlines() == [
        *(f"09:00:00 People/P{i}.md:2: bad date" for i in range(5)),
        "09:00:00 ...and 3 more errors; run `vaultnet check`",
        "09:00:00 People/Q.md:3: bad date",
    ]
