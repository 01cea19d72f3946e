"""The watcher machinery (vaultnet/watch.py) on real files, with a small stand-in refresh.

Every test runs a real watcher in a thread against a temporary vault, changes files the way
editors and git do, and polls (with a generous bound) for the expected due list. The stand-in
refresh keeps these tests independent of the due list's format: it harvests `- [x] [[Name]]`
lines into the person's note and lists every person with their last contact.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vaultnet import watch
from vaultnet.errors import BadConfig, FileChangedOnDisk
from vaultnet.network.vault import Vault
from vaultnet.watch import Refreshed, Watcher, WatchReport

TODAY = date(2026, 11, 22)
DEBOUNCE = 0.2
TIMEOUT = 30.0  # generous: a loaded 2-core CI machine
IDLE = 3.0  # how long the idle test (in test_watch_cli.py) watches a watcher stay quiet
QUIET = 1.0  # the same check, shorter, after every other scenario


def wait_for(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def atomic(path: Path, text: str) -> None:
    temp = path.parent / f".{path.name}.tmp"
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


class StandIn:
    """A refresh like `digest`'s, small enough to read: harvest ticks, rewrite Due.md if changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.calls: list[date] = []

    def __call__(self, today: date) -> Refreshed:
        self.calls.append(today)
        due = self.root / "Due.md"
        written: list[str] = []
        harvested = 0
        if due.exists():
            for line in due.read_text(encoding="utf-8").splitlines():
                if line.startswith("- [x] [[") and "]]" in line:
                    name = line[len("- [x] [[") : line.index("]]")]
                    note = self.root / "People" / f"{name}.md"
                    text = note.read_text(encoding="utf-8")
                    entry = f"- {today.isoformat()} call: reconnected\n"
                    if entry not in text:
                        atomic(note, text + entry)
                        written.append(f"People/{name}.md")
                        harvested += 1
        vault = Vault.open(self.root, today)
        lines = [f"# Due on {today.isoformat()}", ""]
        for person in vault.people:
            lines.append(f"- [ ] [[{person.name}]]: last contact {person.last_contact or 'never'}")
        text = "\n".join(lines) + "\n"
        if not due.exists() or due.read_text(encoding="utf-8") != text:
            atomic(due, text)
            written.append("Due.md")
        return Refreshed(tuple(written), harvested)


class Recorder(WatchReport):
    def __init__(self) -> None:
        self.lines: list[str] = []

    def watching(self, root: Path, how: str) -> None:
        self.lines.append(f"watching {how}")

    def falling_back(self, reason: str) -> None:
        self.lines.append(f"fallback: {reason}")

    def refreshed(self, result: Refreshed, today: date, reason: str) -> None:
        self.lines.append(f"{reason} {today} wrote={','.join(result.written)}")

    def failed(self, error: Exception, retrying: bool) -> None:
        self.lines.append(f"failed: {error}{' (retrying)' if retrying else ''}")


def person(name: str, last: str = "2026-01-01") -> str:
    return f"---\nlast_contact: {last}\n---\n# {name}\n\n## Log\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / "vaultnet.toml").write_text("", encoding="utf-8")
    for name in ("Ann Lee", "Bob Smith", "Zoë Müller"):
        (root / "People" / f"{name}.md").write_text(person(name), encoding="utf-8")
    return root


@contextmanager
def running(
    root: Path,
    refresh: Callable[[date], Refreshed] | None = None,
    **options: Any,
) -> Iterator[tuple[Watcher, Recorder]]:
    report = Recorder()
    options.setdefault("today", lambda: TODAY)
    options.setdefault("debounce", DEBOUNCE)
    watcher = Watcher(root, refresh or StandIn(root), report=report, **options)
    watcher.start()
    errors: list[BaseException] = []

    def target() -> None:
        try:
            watcher.run()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        wait_for(lambda: watcher.refreshes + watcher.failures >= 1, "the first refresh")
        yield watcher, report
    finally:
        watcher.stop()
        thread.join(TIMEOUT)
        watcher.close()
        assert not thread.is_alive(), "run() did not return after stop()"
    if errors:
        raise errors[0]


def due_text(root: Path) -> str:
    try:
        return (root / "Due.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def wait_for_due(root: Path, *fragments: str, absent: tuple[str, ...] = ()) -> str:
    def ok() -> bool:
        text = due_text(root)
        return all(f in text for f in fragments) and not any(a in text for a in absent)

    wait_for(ok, f"Due.md with {fragments} and without {absent}")
    return due_text(root)


def settle(watcher: Watcher) -> None:
    """Wait until no refresh has run for a while (the echo of our own writes is over)."""
    last = (-1, -1)
    stable_since = time.monotonic()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() - stable_since < 4 * DEBOUNCE:
        now = (watcher.refreshes, watcher.skipped)
        if now != last:
            last, stable_since = now, time.monotonic()
        assert time.monotonic() < deadline, "the watcher never settled"
        time.sleep(0.05)


def assert_idle(root: Path, watcher: Watcher, seconds: float = QUIET) -> None:
    """An idle watcher writes nothing: Due.md's bytes and mtime and the counters stay put."""
    due = root / "Due.md"
    before = (due.read_bytes(), due.stat().st_mtime_ns, watcher.refreshes, watcher.writes)
    time.sleep(seconds)
    after = (due.read_bytes(), due.stat().st_mtime_ns, watcher.refreshes, watcher.writes)
    assert after == before


# Start, stop, idle ----------------------------------------------------------------------------


def test_start_writes_the_due_list_once_and_then_stays_quiet(vault: Path) -> None:
    with running(vault) as (watcher, report):
        assert report.lines[:2] == ["watching events", "start 2026-11-22 wrote=Due.md"]
        assert due_text(vault) == (
            "# Due on 2026-11-22\n\n"
            "- [ ] [[Ann Lee]]: last contact 2026-01-01\n"
            "- [ ] [[Bob Smith]]: last contact 2026-01-01\n"
            "- [ ] [[Zoë Müller]]: last contact 2026-01-01\n"
        )
        settle(watcher)
        assert (watcher.refreshes, watcher.writes) == (1, 1)
        assert_idle(vault, watcher)


def test_an_up_to_date_due_list_is_not_rewritten_on_start(vault: Path) -> None:
    StandIn(vault)(TODAY)
    mtime = (vault / "Due.md").stat().st_mtime_ns
    with running(vault) as (watcher, report):
        assert report.lines[1] == "start 2026-11-22 wrote="
        settle(watcher)
        assert (watcher.refreshes, watcher.writes) == (1, 0)
        assert (vault / "Due.md").stat().st_mtime_ns == mtime


def test_stop_returns_promptly_and_close_releases_the_observer(vault: Path) -> None:
    watcher = Watcher(vault, StandIn(vault), today=lambda: TODAY, debounce=DEBOUNCE)
    watcher.start()
    thread = threading.Thread(target=watcher.run)
    thread.start()
    wait_for(lambda: watcher.refreshes == 1, "the first refresh")
    watcher.stop()
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    watcher.close()
    assert watcher._observer is None


def test_a_missing_vault_is_an_error(tmp_path: Path) -> None:
    from vaultnet.errors import NoSuchVault

    watcher = Watcher(tmp_path / "nope", StandIn(tmp_path))
    with pytest.raises(NoSuchVault, match="does not exist"):
        watcher.start()


# Real edits -----------------------------------------------------------------------------------


def test_an_in_place_edit_updates_the_due_list_and_our_own_write_is_not_refreshed_again(
    vault: Path,
) -> None:
    with running(vault) as (watcher, _):
        settle(watcher)
        refreshes = watcher.refreshes
        (vault / "People" / "Ann Lee.md").write_text(person("Ann Lee", "2026-11-01"))
        wait_for_due(vault, "[[Ann Lee]]: last contact 2026-11-01")
        settle(watcher)
        # one refresh for the edit; the events of our own Due.md write were recognized as ours
        assert watcher.refreshes == refreshes + 1
        assert watcher.skipped >= 1
        assert_idle(vault, watcher)


def test_write_and_rename_saves(vault: Path) -> None:
    with running(vault):
        note = vault / "People" / "Bob Smith.md"
        temp = vault / "People" / "Bob Smith.md.tmp.12345"
        temp.write_text(person("Bob Smith", "2026-10-10"), encoding="utf-8")
        os.replace(temp, note)
        wait_for_due(vault, "[[Bob Smith]]: last contact 2026-10-10")


def test_vim_style_saves_rename_the_original_away_first(vault: Path) -> None:
    with running(vault) as (watcher, _):
        settle(watcher)
        refreshes = watcher.refreshes
        people = vault / "People"
        note = people / "Zoë Müller.md"
        swap = people / ".Zoë Müller.md.swp"
        swap.write_bytes(b"swap")
        probe = people / "4913"  # vim checks it may create files in the folder
        probe.write_bytes(b"")
        probe.unlink()
        os.rename(note, people / "Zoë Müller.md~")
        note.write_text(person("Zoë Müller", "2026-09-09"), encoding="utf-8")
        (people / "Zoë Müller.md~").unlink()
        swap.write_bytes(b"swap again")
        wait_for_due(vault, "[[Zoë Müller]]: last contact 2026-09-09")
        settle(watcher)
        # the rename away may be seen on its own (a due list without her) before the recreate;
        # either way the last word is the correct list
        assert watcher.refreshes - refreshes in (1, 2)
        swap.unlink()
        assert_idle(vault, watcher)


def test_a_note_that_disappears_and_reappears(vault: Path) -> None:
    with running(vault):
        note = vault / "People" / "Ann Lee.md"
        text = note.read_text(encoding="utf-8")
        note.unlink()
        wait_for_due(vault, "[[Bob Smith]]", absent=("[[Ann Lee]]",))
        note.write_text(text, encoding="utf-8")
        wait_for_due(vault, "[[Ann Lee]]: last contact 2026-01-01")


def test_a_new_folder_of_notes_moved_in(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "Team"
    outside.mkdir(parents=True)
    for name in ("Cat One", "Dan Two"):
        (outside / f"{name}.md").write_text(person(name, "2026-05-05"), encoding="utf-8")
    with running(vault) as (watcher, _):
        settle(watcher)
        # moved in whole: the only event is the folder's
        shutil.move(str(outside), str(vault / "People" / "Team"))
        wait_for_due(vault, "[[Cat One]]: last contact 2026-05-05", "[[Dan Two]]")
        # a new folder made in place, and a note written into it at once
        fresh = vault / "People" / "New" / "Deeper"
        fresh.mkdir(parents=True)
        (fresh / "Eve Three.md").write_text(person("Eve Three"), encoding="utf-8")
        wait_for_due(vault, "[[Eve Three]]")
        # ...and edits inside the new folder are watched too
        (fresh / "Eve Three.md").write_text(person("Eve Three", "2026-11-20"), encoding="utf-8")
        wait_for_due(vault, "[[Eve Three]]: last contact 2026-11-20")


def test_a_burst_of_a_thousand_writes_ends_in_one_correct_due_list(vault: Path) -> None:
    with running(vault) as (watcher, _):
        settle(watcher)
        refreshes = watcher.refreshes
        # from another process, as git or a sync client would (in this one, the observer's
        # thread would slow the writes down to a trickle)
        script = (
            "import sys, pathlib\n"
            "folder = pathlib.Path(sys.argv[1])\n"
            "for i in range(1000):\n"
            "    name = f'P{i:04d}'\n"
            "    (folder / f'{name}.md').write_text(sys.argv[2].replace('NAME', name))\n"
        )
        note = person("NAME", "2026-03-03")
        subprocess.run([sys.executable, "-c", script, str(vault / "People"), note], check=True)
        wait_for_due(vault, "[[P0000]]", "[[P0999]]: last contact 2026-03-03")
        settle(watcher)
        text = due_text(vault)
        assert text.count("- [ ] [[") == 1003
        # debounced: a handful of refreshes (a pause on a loaded machine may split the burst),
        # not one per file
        assert watcher.refreshes - refreshes < 20
        assert_idle(vault, watcher)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_checkout_of_many_files(vault: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=vault,
            check=True,
            capture_output=True,
        )

    (vault / ".gitignore").write_text(".vaultnet/\nDue.md\n")
    git("init", "-q", "-b", "main")
    for i in range(200):
        (vault / "People" / f"G{i:03d}.md").write_text(person(f"G{i:03d}", "2026-01-01"))
    git("add", "-A")
    git("commit", "-q", "-m", "one")
    git("checkout", "-q", "-b", "other")
    for i in range(200):
        (vault / "People" / f"G{i:03d}.md").write_text(person(f"G{i:03d}", "2026-07-07"))
    (vault / "People" / "Ann Lee.md").unlink()
    git("add", "-A")
    git("commit", "-q", "-m", "two")
    git("checkout", "-q", "main")
    with running(vault) as (watcher, _):
        settle(watcher)
        git("checkout", "-q", "other")
        text = wait_for_due(vault, "[[G199]]: last contact 2026-07-07", absent=("[[Ann Lee]]",))
        assert "2026-01-01" not in text.replace(
            "[[Bob Smith]]: last contact 2026-01-01", ""
        ).replace("[[Zoë Müller]]: last contact 2026-01-01", "")
        settle(watcher)
        assert_idle(vault, watcher)


def test_changes_in_hidden_folders_and_to_other_files_are_ignored(vault: Path) -> None:
    with running(vault) as (watcher, _):
        settle(watcher)
        skipped = watcher.skipped
        for folder in (".obsidian", ".git", ".vaultnet", ".trash", "node_modules"):
            (vault / folder).mkdir(exist_ok=True)
            (vault / folder / "x.md").write_text("# hidden\n")
        (vault / "People" / "photo.png").write_bytes(b"png")
        (vault / "People" / "Ann Lee.md~").write_text("backup")
        (vault / "People" / ".#Ann Lee.md").write_text("lock")
        assert_idle(vault, watcher)
        assert watcher.skipped == skipped


def test_touching_a_note_without_changing_it_refreshes_nothing(vault: Path) -> None:
    note = vault / "People" / "Ann Lee.md"
    with running(vault) as (watcher, _):
        settle(watcher)
        # a note the watcher has not seen yet: one refresh that writes nothing...
        note.write_bytes(note.read_bytes())
        wait_for(lambda: watcher.refreshes == 2, "a refresh")
        settle(watcher)
        skipped = watcher.skipped
        # ...and then the same bytes again are recognized
        note.write_bytes(note.read_bytes())
        wait_for(lambda: watcher.skipped == skipped + 1, "a skipped burst")
        assert (watcher.refreshes, watcher.writes) == (2, 1)


# Dates ----------------------------------------------------------------------------------------


def test_a_new_day_writes_the_new_due_list(vault: Path) -> None:
    days = [TODAY]
    with running(vault, today=lambda: days[0], tick=0.1) as (watcher, report):
        settle(watcher)
        days[0] = date(2026, 11, 23)
        wait_for(lambda: "new day 2026-11-23 wrote=Due.md" in report.lines, "the new day")
        assert due_text(vault).startswith("# Due on 2026-11-23\n")


# Polling and fallbacks ------------------------------------------------------------------------


def test_polling(vault: Path) -> None:
    with running(vault, poll=True, poll_interval=0.1) as (watcher, report):
        assert report.lines[0] == "watching polling"
        settle(watcher)
        (vault / "People" / "Ann Lee.md").write_text(person("Ann Lee", "2026-11-02"))
        wait_for_due(vault, "[[Ann Lee]]: last contact 2026-11-02")
        (vault / "People" / "Sub").mkdir()
        (vault / "People" / "Sub" / "Fay Four.md").write_text(person("Fay Four"))
        wait_for_due(vault, "[[Fay Four]]")


def test_polling_never_walks_hidden_folders(vault: Path) -> None:
    (vault / ".git" / "objects").mkdir(parents=True)
    (vault / "node_modules").mkdir()
    (vault / ".hidden.md").write_text("")
    names = sorted(e.name for e in watch._scandir_visible(str(vault)))
    assert names == [".hidden.md", "People", "vaultnet.toml"]


class RefusingObserver:
    def __init__(self, code: int) -> None:
        self.code = code

    def schedule(self, *args: object, **kwargs: object) -> None:
        pass

    def start(self) -> None:
        raise OSError(self.code, os.strerror(self.code))

    def stop(self) -> None:
        pass

    def is_alive(self) -> bool:
        return False


def test_the_inotify_watch_limit_falls_back_to_polling(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch, "_event_observer", lambda: RefusingObserver(errno.ENOSPC))
    with running(vault, poll_interval=0.1) as (watcher, report):
        assert report.lines[0].startswith(
            "fallback: the inotify watch limit is reached (fs.inotify.max_user_watches = "
        )
        assert report.lines[0].endswith(
            "); to raise it: echo fs.inotify.max_user_watches=524288 | "
            "sudo tee /etc/sysctl.d/90-inotify.conf && sudo sysctl --system"
        )
        assert report.lines[1] == "watching polling"
        settle(watcher)
        (vault / "People" / "Ann Lee.md").write_text(person("Ann Lee", "2026-11-03"))
        wait_for_due(vault, "[[Ann Lee]]: last contact 2026-11-03")


def test_a_network_file_system_is_polled(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch, "filesystem_type", lambda path: "nfs4")
    with running(vault, poll_interval=0.1) as (_, report):
        assert report.lines[:2] == [
            "fallback: the vault is on a nfs4 file system, which does not report changes made "
            "elsewhere",
            "watching polling",
        ]


def test_an_event_watcher_that_dies_is_replaced_by_polling(vault: Path) -> None:
    with running(vault, tick=0.1, poll_interval=0.1) as (watcher, report):
        settle(watcher)
        watcher._observer.stop()  # as if its thread had died
        wait_for(lambda: watcher.how == "polling", "the switch to polling")
        assert "fallback: the file system event watcher stopped" in report.lines
        (vault / "People" / "Ann Lee.md").write_text(person("Ann Lee", "2026-11-04"))
        wait_for_due(vault, "[[Ann Lee]]: last contact 2026-11-04")


def test_lost_events_force_a_refresh(vault: Path) -> None:
    with running(vault) as (watcher, _):
        settle(watcher)
        import logging

        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost"
        )
        wait_for(lambda: watcher.refreshes == 2, "a forced refresh")


def test_filesystem_type_reads_mountinfo(tmp_path: Path) -> None:
    mountinfo = (
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "40 22 0:40 / /home/me/net\\040drive rw - nfs4 server:/x rw\n"
    )
    assert watch.filesystem_type(Path("/home/me/net drive/vault"), mountinfo) == "nfs4"
    assert watch.filesystem_type(Path("/home/me/net"), mountinfo) == "ext4"
    assert watch.filesystem_type(Path("/home/me"), "") is None


@pytest.mark.parametrize(
    ("rel", "relevant"),
    [
        ("People/Jane Doe.md", True),
        ("Due.md", True),
        ("NOTES.MD", True),
        ("vaultnet.toml", True),
        ("Templates/vaultnet/due.md.j2", True),
        ("People/vaultnet.toml", False),
        ("People/Jane Doe.md~", False),
        ("People/.Jane Doe.md.swp", False),
        ("People/4913", False),
        ("People/.#Jane Doe.md", False),
        ("People/Jane Doe.md.tmp.123", False),
        (".obsidian/workspace.md", False),
        (".git/x.md", False),
        (".trash/Jane Doe.md", False),
        (".vaultnet/index.sqlite", False),
        ("node_modules/x/README.md", False),
    ],
)
def test_which_files_matter(rel: str, relevant: bool) -> None:
    assert watch.is_relevant_file(rel) is relevant


# Failures -------------------------------------------------------------------------------------


def test_a_failing_refresh_is_reported_and_the_watcher_carries_on(vault: Path) -> None:
    stand_in = StandIn(vault)
    broken = [True]

    def refresh(today: date) -> Refreshed:
        if broken[0]:
            raise BadConfig("vaultnet.toml: unknown key 'x'")
        return stand_in(today)

    with running(vault, refresh) as (watcher, report):
        assert report.lines[1] == "failed: vaultnet.toml: unknown key 'x'"
        broken[0] = False
        (vault / "vaultnet.toml").write_text("# fixed\n")
        wait_for_due(vault, "[[Ann Lee]]")
        assert watcher.failures == 1


def test_a_note_saved_during_a_harvest_is_retried(vault: Path) -> None:
    stand_in = StandIn(vault)
    calls = [0]

    def refresh(today: date) -> Refreshed:
        calls[0] += 1
        if calls[0] == 1:
            raise FileChangedOnDisk("People/Ann Lee.md changed on disk")
        return stand_in(today)

    with running(vault, refresh) as (watcher, report):
        # no change needed: the watcher tries again by itself
        wait_for_due(vault, "[[Ann Lee]]")
        assert report.lines[1] == "failed: People/Ann Lee.md changed on disk (retrying)"
        assert watcher.failures == 1


def test_a_vault_that_disappears_stops_the_watcher(vault: Path) -> None:
    from vaultnet.errors import NoSuchVault

    watcher = Watcher(vault, StandIn(vault), today=lambda: TODAY, debounce=DEBOUNCE, tick=0.1)
    expected = f"vault folder {watcher.root} disappeared"
    watcher.start()
    errors: list[BaseException] = []

    def target() -> None:
        try:
            watcher.run()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    try:
        wait_for(lambda: watcher.refreshes == 1, "the first refresh")
        shutil.rmtree(vault)
        thread.join(TIMEOUT)
        assert not thread.is_alive()
    finally:
        watcher.close()
    assert [str(e) for e in errors] == [expected]
    assert isinstance(errors[0], NoSuchVault)
