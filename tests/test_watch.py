"""The watcher (vaultnet/watch.py). Its state machine runs on a fake clock with fake observers
(tests/watch_rig.py): events are played in, the loop is stepped, and seconds of debounce, retries
and midnights pass at once. The stand-in refresh keeps these tests independent of the due list's
format. A few tests at the end run a real watcher on real file system events.
"""

from __future__ import annotations

import errno
import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from watchdog import events as wd

from tests.watch_rig import (
    TIMEOUT,
    TODAY,
    FakeClock,
    FakeObserver,
    Rig,
    StandIn,
    due_text,
    make_vault,
    person,
    running,
    settle,
    wait_for_due,
)
from vaultnet import watch
from vaultnet.errors import BadConfig, FileChangedOnDisk, NoSuchVault, VaultBusy
from vaultnet.fs import observers
from vaultnet.watch import Refreshed

THREE = (
    "# Due on 2026-11-22\n\n"
    "- [ ] [[Ann Lee]]: last contact 2026-01-01\n"
    "- [ ] [[Bob Smith]]: last contact 2026-01-01\n"
    "- [ ] [[Zoë Müller]]: last contact 2026-01-01\n"
)
NOON = 12 * 3600.0
MIDNIGHT = 24 * 3600.0


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


@pytest.fixture
def rig(vault: Path) -> Iterator[Callable[..., Rig]]:
    """Make a rig on the vault (or another folder); every rig is closed after the test."""
    made: list[Rig] = []

    def make(
        refresh: Callable[[date], Refreshed] | None = None, root: Path | None = None, **kw: Any
    ) -> Rig:
        made.append(Rig(root or vault, refresh, **kw))
        return made[-1]

    yield make
    for each in made:
        each.close()


def started(rig: Callable[..., Rig], **kw: Any) -> Rig:
    """A rig past its start, the echo of its first write settled."""
    r = rig(**kw).start()
    r.advance(5)
    return r


# Start, stop, idle ----------------------------------------------------------------------------


def test_start_writes_the_due_list_once_and_then_stays_quiet(rig: Callable[..., Rig]) -> None:
    r = rig().start()
    assert r.report.lines == ["watching events", "start 2026-11-22 wrote=Due.md"]
    assert due_text(r.root) == THREE
    assert (r.observer.path, r.observer.recursive) == (str(r.root), True)
    r.advance(5)
    # the events of its own write were recognized as its own: skipped, not refreshed
    assert r.counts() == (1, 1, 1, 0)
    r.assert_quiet(seconds=6 * 3600)


def test_an_up_to_date_due_list_is_not_rewritten_on_start(
    rig: Callable[..., Rig], vault: Path
) -> None:
    StandIn(vault)(TODAY)
    mtime = (vault / "Due.md").stat().st_mtime_ns
    r = rig().start()
    assert r.report.lines[1] == "start 2026-11-22 wrote="
    r.advance(60)
    assert r.counts() == (1, 0, 0, 0)
    assert (vault / "Due.md").stat().st_mtime_ns == mtime


def test_stop_ends_the_loop_even_with_a_burst_pending_and_close_releases_the_observer(
    rig: Callable[..., Rig],
) -> None:
    r = started(rig)
    r.write("People/Ann Lee.md", person("Ann Lee", "2026-11-01"))
    r.watcher.stop()
    assert r.watcher.step() is None
    assert r.watcher.refreshes == 1
    observer = r.observer
    r.watcher.close()
    assert observer.stopped and r.watcher._observer is None
    assert not any(
        isinstance(h, observers.OverflowAlarm)
        for h in logging.getLogger("watchdog.observers").handlers
    )


def test_run_returns_promptly_on_stop_however_long_it_was_going_to_wait(
    rig: Callable[..., Rig],
) -> None:
    r = rig(tick=3600.0)
    r.watcher.start()
    thread = threading.Thread(target=r.watcher.run)
    began = time.monotonic()
    thread.start()
    deadline = began + TIMEOUT
    while r.watcher.refreshes == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    r.watcher.stop()
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert time.monotonic() - began < 10


def test_a_missing_vault_is_an_error(rig: Callable[..., Rig], tmp_path: Path) -> None:
    with pytest.raises(NoSuchVault, match="does not exist"):
        rig(root=tmp_path / "nope").watcher.start()


# Debounce and settle --------------------------------------------------------------------------


def test_an_edit_refreshes_once_its_burst_has_settled_and_our_own_write_is_recognized(
    rig: Callable[..., Rig],
) -> None:
    r = started(rig)
    r.write("People/Ann Lee.md", person("Ann Lee", "2026-11-01"))
    r.advance(0.99)
    assert r.watcher.refreshes == 1  # not yet: the burst may go on
    r.advance(0.02)
    assert r.watcher.refreshes == 2
    assert "[[Ann Lee]]: last contact 2026-11-01" in due_text(r.root)
    r.advance(5)
    assert r.counts() == (2, 2, 2, 0)
    assert r.refreshed_at == pytest.approx([NOON, NOON + 6])
    r.assert_quiet()


def test_each_event_restarts_the_debounce(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    for day in range(1, 9):
        r.write("People/Ann Lee.md", person("Ann Lee", f"2026-11-0{day}"))
        r.advance(0.5)
    assert r.watcher.refreshes == 1
    r.advance(0.5)
    assert r.watcher.refreshes == 2
    assert "[[Ann Lee]]: last contact 2026-11-08" in due_text(r.root)


def test_a_stream_that_never_pauses_is_refreshed_every_ten_debounces(
    rig: Callable[..., Rig],
) -> None:
    r = started(rig)  # debounce 1s: at most 10s between refreshes (max(10 x debounce, 5s))
    begin = r.clock.now
    for step in range(60):
        r.write("People/Ann Lee.md", person("Ann Lee", f"2026-10-{step % 28 + 1:02d}"))
        r.advance(0.5)
    assert [t - begin for t in r.refreshed_at[1:]] == pytest.approx([10.0, 20.0, 30.0])


def test_a_short_debounce_still_waits_five_seconds_at_most(rig: Callable[..., Rig]) -> None:
    r = started(rig, debounce=0.125)
    begin = r.clock.now
    for step in range(80):
        r.write("People/Ann Lee.md", person("Ann Lee", f"2026-10-{step % 28 + 1:02d}"))
        r.advance(0.0625)
    assert [t - begin for t in r.refreshed_at[1:]] == [pytest.approx(5.0)]


def test_a_burst_of_two_hundred_writes_is_one_refresh(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    for i in range(200):
        r.write(f"People/P{i:04d}.md", person(f"P{i:04d}", "2026-03-03"))
    r.advance(1)
    assert r.watcher.refreshes == 2
    text = due_text(r.root)
    assert text.count("- [ ] [[") == 203
    assert "[[P0199]]: last contact 2026-03-03" in text


def test_write_and_rename_saves(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    r.write("People/Bob Smith.md.tmp.12345", person("Bob Smith", "2026-10-10"))
    assert r.watcher._pending == set()  # the temp file alone is nothing
    r.rename("People/Bob Smith.md.tmp.12345", "People/Bob Smith.md")
    assert r.watcher._pending == {"People/Bob Smith.md"}
    r.advance(1)
    assert "[[Bob Smith]]: last contact 2026-10-10" in due_text(r.root)


def test_vim_style_saves_rename_the_original_away_first(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    note, backup, swap = (
        "People/Zoë Müller.md",
        "People/Zoë Müller.md~",
        "People/.Zoë Müller.md.swp",
    )
    r.write(swap, "swap")
    r.write("People/4913", "")  # vim checks it may create files in the folder
    r.remove("People/4913")
    r.rename(note, backup)
    r.write(note, person("Zoë Müller", "2026-09-09"))
    r.remove(backup)
    r.write(swap, "swap again")
    r.advance(1)
    assert r.watcher.refreshes == 2  # one save, one refresh
    assert "[[Zoë Müller]]: last contact 2026-09-09" in due_text(r.root)
    r.remove(swap)
    r.advance(5)
    r.assert_quiet()


def test_a_note_that_disappears_and_reappears(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    text = (r.root / "People" / "Ann Lee.md").read_text(encoding="utf-8")
    r.remove("People/Ann Lee.md")
    r.advance(1)
    assert "[[Ann Lee]]" not in due_text(r.root) and "[[Bob Smith]]" in due_text(r.root)
    r.write("People/Ann Lee.md", text)
    r.advance(1)
    assert "[[Ann Lee]]: last contact 2026-01-01" in due_text(r.root)


def test_a_folder_moved_in_is_refreshed_though_no_note_raised_an_event(
    rig: Callable[..., Rig], tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "Team"
    outside.mkdir(parents=True)
    for name in ("Cat One", "Dan Two"):
        (outside / f"{name}.md").write_text(person(name, "2026-05-05"), encoding="utf-8")
    r = started(rig)
    shutil.move(str(outside), str(r.root / "People" / "Team"))
    # from outside the vault, a move in is the folder's "created", and nothing else
    r.dispatch(wd.DirCreatedEvent(r.path("People/Team")))
    assert r.watcher._forced
    r.advance(1)
    assert "[[Cat One]]: last contact 2026-05-05" in due_text(r.root)
    assert "[[Dan Two]]" in due_text(r.root)


@pytest.mark.parametrize(
    "event",
    [
        lambda r: wd.DirModifiedEvent(r.path("People")),  # the echo of a file inside changing
        lambda r: wd.DirCreatedEvent(r.path(".git/objects")),
        lambda r: wd.DirMovedEvent(r.path(".trash/a"), r.path(".trash/b")),
        lambda r: wd.FileOpenedEvent(r.path("People/Ann Lee.md")),  # the refresh reads notes
        lambda r: wd.FileClosedNoWriteEvent(r.path("People/Ann Lee.md")),
        lambda r: wd.FileAttribEvent(r.path("People/Ann Lee.md")),
    ],
    ids=["folder-modified", "hidden-folder", "hidden-move", "opened", "closed-unwritten", "attrib"],
)
def test_events_that_change_nothing_are_dropped(
    rig: Callable[..., Rig], event: Callable[[Rig], wd.FileSystemEvent]
) -> None:
    r = started(rig)
    r.dispatch(event(r))
    assert (r.watcher._pending, r.watcher._forced) == (set(), False)
    r.assert_quiet(60)


@pytest.mark.parametrize("kind", ["created", "deleted", "moved"])
def test_a_folder_created_removed_or_moved_forces_a_refresh(
    rig: Callable[..., Rig], kind: str
) -> None:
    r = started(rig)
    if kind == "moved":
        r.dispatch(wd.DirMovedEvent(r.path("People/A"), r.path("People/B")))
    else:
        event = wd.DirCreatedEvent if kind == "created" else wd.DirDeletedEvent
        r.dispatch(event(r.path("People/A")))
    r.advance(1)
    assert r.counts()[:2] == (2, 1)  # refreshed, though nothing it knows of changed


def test_changes_in_hidden_folders_and_to_other_files_are_ignored(
    rig: Callable[..., Rig],
) -> None:
    r = started(rig)
    for folder in (".obsidian", ".git", ".vaultnet", ".trash", "node_modules"):
        (r.root / folder).mkdir(exist_ok=True)
        r.write(f"{folder}/x.md", "# hidden\n")
    r.write("People/photo.png", "png")
    r.write("People/Ann Lee.md~", "backup")
    r.write("People/.#Ann Lee.md", "lock")
    assert (r.watcher._pending, r.watcher._forced) == (set(), False)
    r.assert_quiet(60)


def test_touching_a_note_without_changing_it_refreshes_nothing(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    text = (r.root / "People" / "Ann Lee.md").read_text(encoding="utf-8")
    # a note the watcher has not seen yet: one refresh that writes nothing...
    r.write("People/Ann Lee.md", text)
    r.advance(1)
    assert r.counts() == (2, 1, 1, 0)
    # ...and then the same bytes again are recognized
    r.write("People/Ann Lee.md", text)
    r.advance(1)
    assert r.counts() == (2, 1, 2, 0)


# Dates ----------------------------------------------------------------------------------------


def test_midnight_writes_the_new_due_list_within_a_tick(rig: Callable[..., Rig]) -> None:
    r = rig(clock=FakeClock("23:59:50")).start()
    r.advance(9)
    assert r.watcher.refreshes == 1
    r.advance(30)
    assert "new day 2026-11-23 wrote=Due.md" in r.report.lines
    assert due_text(r.root).startswith("# Due on 2026-11-23\n")
    new_day = r.refreshed_at[1]
    assert MIDNIGHT <= new_day <= MIDNIGHT + r.watcher.tick
    assert r.watcher.refreshes == 2
    r.assert_quiet()


def test_a_fixed_date_never_rolls_over(rig: Callable[..., Rig]) -> None:
    r = rig(clock=FakeClock("23:59:50"), today=lambda: TODAY).start()
    r.advance(5)
    r.assert_quiet(24 * 3600)


# Polling and fallbacks ------------------------------------------------------------------------


def test_poll_watches_by_polling(rig: Callable[..., Rig]) -> None:
    r = rig(poll=True, poll_interval=0.5).start()
    assert r.report.lines[0] == "watching polling"
    assert [o.kind for o in r.made] == ["polling every 0.5s"]
    r.advance(5)
    r.write("People/Ann Lee.md", person("Ann Lee", "2026-11-02"))
    r.advance(1)
    assert "[[Ann Lee]]: last contact 2026-11-02" in due_text(r.root)


def test_polling_never_walks_hidden_folders(vault: Path) -> None:
    (vault / ".git" / "objects").mkdir(parents=True)
    (vault / "node_modules").mkdir()
    (vault / ".hidden.md").write_text("")
    names = sorted(e.name for e in observers.scandir_visible(str(vault)))
    assert names == [".hidden.md", "People", "vaultnet.toml"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            errno.ENOSPC,
            "the inotify watch limit is reached (fs.inotify.max_user_watches = ",
        ),
        (
            errno.EMFILE,
            "the inotify instance limit is reached (fs.inotify.max_user_instances = ",
        ),
        (errno.EACCES, "file system events are not available (Permission denied)"),
    ],
)
def test_an_inotify_limit_falls_back_to_polling(
    rig: Callable[..., Rig], code: int, reason: str
) -> None:
    r = rig(refuse_events=code).start()
    fallback = r.report.lines[0]
    assert fallback.startswith(f"fallback: {reason}")
    if code != errno.EACCES:
        name = "max_user_watches" if code == errno.ENOSPC else "max_user_instances"
        assert fallback.endswith(
            f"); to raise it: echo fs.inotify.{name}=524288 | "
            "sudo tee /etc/sysctl.d/90-inotify.conf && sudo sysctl --system"
        )
    assert r.report.lines[1:3] == ["watching polling", "start 2026-11-22 wrote=Due.md"]
    refused, polling = r.made
    assert refused.stopped and r.observer is polling
    r.advance(5)
    r.write("People/Ann Lee.md", person("Ann Lee", "2026-11-03"))
    r.advance(1)
    assert "[[Ann Lee]]: last contact 2026-11-03" in due_text(r.root)


def test_a_network_file_system_is_polled(
    rig: Callable[..., Rig], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(observers, "filesystem_type", lambda path: "nfs4")
    r = rig().start()
    assert r.report.lines[:2] == [
        "fallback: the vault is on a nfs4 file system, which does not report changes made "
        "elsewhere",
        "watching polling",
    ]
    assert [o.kind for o in r.made] == ["polling every 1.0s"]


@pytest.mark.parametrize("what", ["observer", "emitter"])
def test_an_event_watcher_that_dies_is_replaced_by_polling(
    rig: Callable[..., Rig], what: str
) -> None:
    r = started(rig)
    dead = r.observer
    if what == "observer":
        dead.alive = False  # as if its thread had died
    else:
        dead.emitters = [FakeObserver("emitter")]  # never started: not alive
    r.advance(r.watcher.tick)
    assert r.watcher.how == "polling"
    assert "fallback: the file system event watcher stopped" in r.report.lines
    assert dead.stopped and r.observer.kind == "polling every 1.0s"
    # events may have been lost meanwhile: one refresh, whatever the fingerprints say
    r.advance(1)
    assert r.watcher.refreshes == 2
    r.write("People/Ann Lee.md", person("Ann Lee", "2026-11-04"))
    r.advance(1)
    assert "[[Ann Lee]]: last contact 2026-11-04" in due_text(r.root)


def test_lost_events_force_a_refresh(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    logging.getLogger("watchdog.observers.inotify_c").warning(
        "Inotify queue overflowed; filesystem events were lost"
    )
    r.advance(1)
    assert r.counts()[:2] == (2, 1)
    logging.getLogger("watchdog.observers.inotify_c").warning("something else")
    r.advance(60)
    assert r.watcher.refreshes == 2


def test_filesystem_type_reads_mountinfo() -> None:
    mountinfo = (
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        "40 22 0:40 / /home/me/net\\040drive rw - nfs4 server:/x rw\n"
    )
    assert observers.filesystem_type(Path("/home/me/net drive/vault"), mountinfo) == "nfs4"
    assert observers.filesystem_type(Path("/home/me/net"), mountinfo) == "ext4"
    assert observers.filesystem_type(Path("/home/me"), "") is None


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


def test_a_failing_refresh_is_reported_and_waits_for_the_next_change(
    rig: Callable[..., Rig], vault: Path
) -> None:
    stand_in = StandIn(vault)
    broken = [True]

    def refresh(today: date) -> Refreshed:
        if broken[0]:
            raise BadConfig("vaultnet.toml: unknown key 'x'")
        return stand_in(today)

    r = rig(refresh).start()
    assert r.report.lines[1] == "failed: vaultnet.toml: unknown key 'x'"
    r.advance(3600)
    assert len(r.refreshed_at) == 1  # not retried: it would fail the same way
    broken[0] = False
    r.write("vaultnet.toml", "# fixed\n")
    r.advance(1)
    assert due_text(r.root) == THREE
    assert r.counts() == (1, 1, 0, 1)


def test_a_note_saved_during_a_harvest_is_retried_shortly(
    rig: Callable[..., Rig], vault: Path
) -> None:
    stand_in = StandIn(vault)
    failures = [FileChangedOnDisk("People/Ann Lee.md changed on disk"), VaultBusy("busy")]

    def refresh(today: date) -> Refreshed:
        if failures:
            raise failures.pop(0)
        return stand_in(today)

    r = rig(refresh, debounce=0.2).start()
    # no change needed: the watcher tries again by itself, after max(debounce, 0.5s)
    r.advance(0.49)
    assert len(r.refreshed_at) == 1
    r.advance(0.52)
    assert [t - NOON for t in r.refreshed_at] == pytest.approx([0.0, 0.5, 1.0])
    assert r.report.lines[1:4] == [
        "failed: People/Ann Lee.md changed on disk (retrying)",
        "failed: busy (retrying)",
        "change 2026-11-22 wrote=Due.md",
    ]
    assert due_text(r.root) == THREE
    assert r.counts() == (1, 1, 0, 2)


def test_a_vault_that_disappears_stops_the_watcher(rig: Callable[..., Rig]) -> None:
    r = started(rig)
    shutil.rmtree(r.root)
    r.dispatch(wd.DirDeletedEvent(r.path("People")))
    with pytest.raises(NoSuchVault, match=f"^vault folder {r.root} disappeared$"):
        r.advance(1)


# On real file system events -------------------------------------------------------------------


def test_real_events_an_in_place_edit_and_our_own_write_is_not_refreshed_again(
    vault: Path,
) -> None:
    with running(vault) as (watcher, report):
        assert report.lines[:2] == ["watching events", "start 2026-11-22 wrote=Due.md"]
        settle(watcher)
        refreshes = watcher.refreshes
        (vault / "People" / "Ann Lee.md").write_text(person("Ann Lee", "2026-11-01"))
        wait_for_due(vault, "[[Ann Lee]]: last contact 2026-11-01")
        settle(watcher)
        # one refresh for the edit; the events of our own Due.md write were recognized as ours
        assert watcher.refreshes == refreshes + 1
        assert watcher.skipped >= 1


def test_real_events_write_and_rename(vault: Path) -> None:
    with running(vault):
        note = vault / "People" / "Bob Smith.md"
        temp = vault / "People" / "Bob Smith.md.tmp.12345"
        temp.write_text(person("Bob Smith", "2026-10-10"), encoding="utf-8")
        temp.replace(note)
        wait_for_due(vault, "[[Bob Smith]]: last contact 2026-10-10")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_real_events_a_git_checkout_of_many_files(vault: Path) -> None:
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
        refreshes = watcher.refreshes
        git("checkout", "-q", "other")
        text = wait_for_due(vault, "[[G199]]: last contact 2026-07-07", absent=("[[Ann Lee]]",))
        assert "2026-01-01" not in text.replace(
            "[[Bob Smith]]: last contact 2026-01-01", ""
        ).replace("[[Zoë Müller]]: last contact 2026-01-01", "")
        settle(watcher)
        # debounced: a handful of refreshes (a pause on a loaded machine may split the burst)
        assert watcher.refreshes - refreshes < 10


def test_the_stand_in_is_a_digest_like_refresh(vault: Path) -> None:
    """The stand-in harvests a tick once, and writes Due.md only when it changes."""
    stand_in = StandIn(vault)
    assert stand_in(TODAY).written == ("Due.md",)
    assert stand_in(TODAY).written == ()
    due = vault / "Due.md"
    due.write_text(due.read_text().replace("- [ ] [[Ann Lee]]", "- [x] [[Ann Lee]]"))
    result = stand_in(TODAY)
    assert (result.written, result.harvested) == (("People/Ann Lee.md", "Due.md"), 1)
    assert "[[Ann Lee]]: last contact 2026-11-22" in due_text(vault)


def test_the_paths_of_each_burst_are_passed_on_before_its_refresh(rig: Callable[..., Rig]) -> None:
    """`watch` hands each burst's paths to its digest session (no walk of the vault); a start,
    a new day or lost events say None: not known."""
    told: list[set[str] | None] = []
    r = started(rig, changes=told.append)
    assert told == [None]
    r.write("People/Ann Lee.md", person("Ann Lee", "2026-11-01"))
    r.write("People/Bob Smith.md", person("Bob Smith", "2026-11-02"))
    r.advance(5)
    assert told == [None, {"People/Ann Lee.md", "People/Bob Smith.md"}]
    assert r.watcher.refreshes == 2
    r.watcher.force()
    r.advance(5)
    assert told[-1] is None and r.watcher.refreshes == 3
