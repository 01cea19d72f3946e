"""A bench for the watcher's state machine: a fake clock, fake observers, and a `Rig` that plays
file system events into a `Watcher` and drives its loop one `step()` at a time, so that seconds of
debounce, retries and midnights pass in microseconds. Files are real (the watcher fingerprints
them); only the events and the time are simulated.

Also the helpers of the few tests that run a real watcher in a thread on real events.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from watchdog import events as wd

from vaultnet.network.vault import Vault
from vaultnet.watch import Observers, Refreshed, Watcher, WatchReport

TODAY = date(2026, 11, 22)
TIMEOUT = 30.0  # for real threads and processes: generous, a loaded 2-core CI machine


# The stand-in refresh and the report --------------------------------------------------------------


def atomic(path: Path, text: str) -> None:
    temp = path.parent / f".{path.name}.tmp"
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def person(name: str, last: str = "2026-01-01") -> str:
    return f"---\nlast_contact: {last}\n---\n# {name}\n\n## Log\n"


def make_vault(root: Path) -> Path:
    """Three people, a config and an Obsidian folder."""
    (root / "People").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / "vaultnet.toml").write_text("", encoding="utf-8")
    for name in ("Ann Lee", "Bob Smith", "Zoë Müller"):
        (root / "People" / f"{name}.md").write_text(person(name), encoding="utf-8")
    return root


class StandIn:
    """A refresh like `digest`'s, small enough to read: harvest `- [x] [[Name]]` lines into the
    person's note, then list every person with their last contact in Due.md if that changed."""

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
        for someone in vault.people:
            lines.append(
                f"- [ ] [[{someone.name}]]: last contact {someone.last_contact or 'never'}"
            )
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


def due_text(root: Path) -> str:
    try:
        return (root / "Due.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


# Fakes ----------------------------------------------------------------------------------------------


class FakeClock:
    """Monotonic seconds that pass only when a test says so. Zero is midnight of TODAY, so the
    same clock also tells the date (`today`)."""

    def __init__(self, at: str = "12:00:00") -> None:
        hours, minutes, seconds = (int(part) for part in at.split(":"))
        self.now = float(hours * 3600 + minutes * 60 + seconds)

    def __call__(self) -> float:
        return self.now

    def today(self) -> date:
        return (datetime.combine(TODAY, datetime.min.time()) + timedelta(seconds=self.now)).date()


class FakeObserver:
    """An observer that raises no events of its own: the rig hands its handler the events."""

    def __init__(self, kind: str, refuse: int | None = None) -> None:
        self.kind = kind
        self.refuse = refuse  # an errno that start() fails with, as inotify does at its limits
        self.handler: Any = None
        self.path = ""
        self.recursive = False
        self.alive = False
        self.stopped = False
        self.emitters: list[Any] = []

    def schedule(self, handler: Any, path: str, recursive: bool = False) -> None:
        self.handler, self.path, self.recursive = handler, path, recursive

    def start(self) -> None:
        if self.refuse is not None:
            raise OSError(self.refuse, os.strerror(self.refuse))
        self.alive = True

    def stop(self) -> None:
        self.alive = False
        self.stopped = True

    def is_alive(self) -> bool:
        return self.alive

    def join(self, timeout: float | None = None) -> None:
        pass


Signatures = dict[str, tuple[int, int, int]]


class Rig:
    """A watcher on a real vault with a fake clock and fake observers.

    File changes go through the rig (`write`, `remove`, `rename`), which makes them on disk and
    raises the events an editor's save raises; the refresh's own writes are echoed as events
    too, found by comparing the vault before and after it (as the kernel would report them).
    `advance(seconds)` lets time pass, running each pass of the loop when it is due.
    """

    def __init__(
        self,
        root: Path,
        refresh: Callable[[date], Refreshed] | None = None,
        *,
        clock: FakeClock | None = None,
        refuse_events: int | None = None,
        **options: Any,
    ) -> None:
        self.clock = clock or FakeClock()
        self.refuse_events = refuse_events
        self.made: list[FakeObserver] = []
        self.report = Recorder()
        self.inner = refresh or StandIn(root)
        options.setdefault("today", self.clock.today)
        options.setdefault("debounce", 1.0)
        self.watcher = Watcher(
            root,
            self._refresh,
            clock=self.clock,
            observers=Observers(events=self._events, polling=self._polling),
            report=self.report,
            **options,
        )
        self.root = self.watcher.root
        self.refreshed_at: list[float] = []  # the clock at each call of the refresh

    # The observers and the refresh, as the watcher sees them
    def _events(self) -> FakeObserver:
        self.made.append(FakeObserver("events", self.refuse_events))
        return self.made[-1]

    def _polling(self, interval: float) -> FakeObserver:
        self.made.append(FakeObserver(f"polling every {interval}s"))
        return self.made[-1]

    def _signatures(self) -> Signatures:
        found: Signatures = {}
        for folder, _, files in os.walk(self.root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                found[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
        return found

    def _refresh(self, today: date) -> Refreshed:
        self.refreshed_at.append(self.clock.now)
        before = self._signatures()
        try:
            return self.inner(today)
        finally:
            after = self._signatures()
            for path in sorted(before.keys() | after.keys()):
                if path not in after:
                    self.dispatch(wd.FileDeletedEvent(path))
                elif path not in before:
                    self.dispatch(wd.FileCreatedEvent(path))
                elif before[path] != after[path]:
                    self.dispatch(wd.FileModifiedEvent(path))

    # Driving
    @property
    def observer(self) -> FakeObserver:
        observer = self.watcher._observer
        assert isinstance(observer, FakeObserver)
        return observer

    def start(self) -> Rig:
        """Start watching and run the first pass (the refresh on start)."""
        self.watcher.start()
        assert self.watcher.step() == 0.0
        return self

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass: run each pass of the loop at the moment it asks for."""
        end = self.clock.now + seconds
        for _ in range(100_000):
            wait = self.watcher.step()
            assert wait is not None, "the watcher stopped"
            if wait > 0:
                if self.clock.now >= end:
                    return
                self.clock.now = min(self.clock.now + wait, end)
        raise AssertionError("the watcher never waits: a busy loop")

    def dispatch(self, event: wd.FileSystemEvent) -> None:
        observer = self.watcher._observer
        if isinstance(observer, FakeObserver) and observer.alive and observer.handler:
            observer.handler.dispatch(event)

    def path(self, rel: str) -> str:
        return str(self.root / rel)

    def write(self, rel: str, text: str) -> None:
        """Save a file in place, as most editors do: created (if new), modified, closed."""
        target = self.root / rel
        existed = target.exists()
        target.write_text(text, encoding="utf-8")
        if not existed:
            self.dispatch(wd.FileCreatedEvent(str(target)))
        self.dispatch(wd.FileModifiedEvent(str(target)))
        self.dispatch(wd.FileClosedEvent(str(target)))

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()
        self.dispatch(wd.FileDeletedEvent(self.path(rel)))

    def rename(self, src: str, dest: str) -> None:
        os.replace(self.root / src, self.root / dest)
        self.dispatch(wd.FileMovedEvent(self.path(src), self.path(dest)))

    def counts(self) -> tuple[int, int, int, int]:
        w = self.watcher
        return (w.refreshes, w.writes, w.skipped, w.failures)

    def assert_quiet(self, seconds: float = 3600.0) -> None:
        """An idle watcher writes nothing: Due.md's bytes and mtime and the counters stay put."""
        due = self.root / "Due.md"
        before = (due.read_bytes(), due.stat().st_mtime_ns, self.counts(), len(self.report.lines))
        self.advance(seconds)
        after = (due.read_bytes(), due.stat().st_mtime_ns, self.counts(), len(self.report.lines))
        assert after == before

    def close(self) -> None:
        self.watcher.close()


# A real watcher in a thread -------------------------------------------------------------------------


def wait_for(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@contextmanager
def running(
    root: Path,
    refresh: Callable[[date], Refreshed] | None = None,
    **options: Any,
) -> Iterator[tuple[Watcher, Recorder]]:
    """A real watcher (watchdog's observer, real time) running in a thread."""
    report = Recorder()
    options.setdefault("today", lambda: TODAY)
    # the shortest the command allows: one save's events come within microseconds of each other
    options.setdefault("debounce", 0.05)
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


def wait_for_due(root: Path, *fragments: str, absent: tuple[str, ...] = ()) -> str:
    def ok() -> bool:
        text = due_text(root)
        return all(f in text for f in fragments) and not any(a in text for a in absent)

    wait_for(ok, f"Due.md with {fragments} and without {absent}")
    return due_text(root)


def settle(watcher: Watcher) -> None:
    """Wait until no refresh has run for four debounces (the echo of our own writes is over)."""
    last = (-1, -1)
    stable_since = time.monotonic()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() - stable_since < 4 * watcher.debounce:
        now = (watcher.refreshes, watcher.skipped)
        if now != last:
            last, stable_since = now, time.monotonic()
        assert time.monotonic() < deadline, "the watcher never settled"
        time.sleep(0.02)
