"""Keeping the due list fresh while the user edits: watch the vault for changes, let each burst
settle, and call a refresh (harvest ticks, rewrite Due.md when its content changed) once per burst.

The watcher never prints: it tells a `WatchReport` what happened.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.config import CONFIG_FILE
from vaultnet.errors import FileChangedOnDisk, NoSuchVault, VaultBusy, VaultnetError
from vaultnet.fs.observers import Observers, OverflowAlarm, events_unavailable, limit_hint
from vaultnet.fs.scan import SKIPPED_DIRS

if TYPE_CHECKING:
    from vaultnet.actions.digest import DigestSession

# Besides notes, the configuration and template overrides change what the due list says.
RELEVANT_SUFFIXES = (".md", ".md.j2")

_UNSEEN = b"unseen"  # a fingerprint no file has


@dataclass(frozen=True)
class Refreshed:
    """What one refresh did: the vault-relative paths it wrote (harvested notes, then the due
    list), how many ticks it harvested, what the user should hear about (ticks it could not
    record, a backup kept), and the vault's errors as `path:line: message`."""

    written: tuple[str, ...] = ()
    harvested: int = 0
    messages: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    due_note: str = "Due.md"

    @property
    def wrote(self) -> bool:
        return bool(self.written)


# Harvest ticks and rewrite the due list for `today`, writing only what changed.
Refresh = Callable[[date], Refreshed]

# Failures that pass by themselves: a note saved while it was being harvested, another vaultnet
# command holding the vault's write lock. The watcher tries again shortly.
TRANSIENT = (FileChangedOnDisk, VaultBusy)


def refresh_due_list(root: Path, today: date, session: DigestSession | None = None) -> Refreshed:
    """The refresh `vaultnet watch` runs: `digest`'s harvest-then-write, which writes nothing
    when the due list's content would not change (through `session`, which keeps the index open
    and knows which notes changed, when given)."""
    from vaultnet.due.digest import backup_message, shown_path, write_digest

    result = write_digest(root, today) if session is None else session.run(today)
    due_note = shown_path(result.path, root)
    report = result.harvest
    written = list(report.changed_paths) if report is not None else []
    if result.written:
        written.append(due_note)
    messages = list(report.not_recorded) if report is not None else []
    kept = backup_message(result, root)
    if kept is not None:
        messages.append(kept)
    return Refreshed(
        tuple(written),
        len(report.recorded) if report is not None else 0,
        tuple(messages),
        tuple(str(p) for p in result.problems if p.severity == "error"),
        due_note,
    )


class WatchReport:
    """What a watcher tells its user. The default says nothing; the command line prints."""

    def watching(self, root: Path, how: str) -> None:
        """The watcher started; `how` is "events" or "polling"."""

    def falling_back(self, reason: str) -> None:
        """File system events are not available (`reason`); the watcher polls instead."""

    def refreshed(self, result: Refreshed, today: date, reason: str) -> None:
        """A refresh ran (it may have written nothing: see `result.wrote`)."""

    def failed(self, error: Exception, retrying: bool) -> None:
        """A refresh failed. The watcher keeps going: it tries again shortly when `retrying`
        (the failure passes by itself), else on the next change."""


def is_ignored(rel: str) -> bool:
    """True for paths the due list never depends on: hidden folders and files (.git, .obsidian,
    .vaultnet, .trash, emacs' `.#lock` files, vim's `.swp`), skipped folders, editor backups."""
    parts = rel.replace(os.sep, "/").split("/")
    if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts):
        return True
    return parts[-1].endswith("~")


def is_relevant_file(rel: str) -> bool:
    """A file whose content the due list depends on: a note, the config, a template override.
    Everything else (swap files, vim's `4913` probe, an editor's temp file) is not."""
    if is_ignored(rel):
        return False
    name = rel.rsplit("/", 1)[-1].lower()
    return name.endswith(RELEVANT_SUFFIXES) or rel == CONFIG_FILE


def fingerprint(path: Path) -> bytes | None:
    """A digest of a file's content, or None when it is missing or not a regular file."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "blake2b").digest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except OSError:
        return _UNSEEN  # unreadable now: never counts as "unchanged"


class Watcher:
    """Watches a vault and calls `refresh` after each settled burst of relevant changes.

    Use: `watcher.start()`, then `watcher.run()` (blocks until `watcher.stop()`, which any
    thread or a signal handler may call), then `watcher.close()`; or `with Watcher(...) as w`.

    Time and the observers are injected: `clock` (seconds, monotonic) says when a burst has
    settled or a retry is due, and `observers` makes the observers. A test drives the loop one
    `step()` at a time on a fake clock instead of calling `run()`.
    """

    def __init__(
        self,
        root: str | Path,
        refresh: Refresh,
        *,
        today: Callable[[], date] = date.today,
        debounce: float = 1.0,
        poll: bool = False,
        poll_interval: float = 1.0,
        tick: float = 10.0,
        report: WatchReport | None = None,
        clock: Callable[[], float] = time.monotonic,
        observers: Observers | None = None,
        changes: Callable[[set[str] | None], None] | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.refresh = refresh
        self.today = today
        self.clock = clock
        self.observers = observers or Observers()
        # Told the paths of each burst before its refresh (None: a start, a new day, lost events).
        self.changes = changes
        self.debounce = debounce
        # A stream that never pauses (a sync client) still gets a refresh now and then.
        self.max_wait = max(10 * debounce, 5.0)
        self.poll = poll
        self.poll_interval = poll_interval
        self.tick = tick
        self.report = report or WatchReport()
        self.how = ""
        # Counters, for the command line and for tests.
        self.refreshes = 0  # refreshes that ran to the end
        self.writes = 0  # ... of which wrote something
        self.skipped = 0  # settled bursts that changed nothing (our own writes, touches)
        self.failures = 0
        # The condition's lock is re-entrant so that stop() is safe in a signal handler.
        self._cond = threading.Condition(threading.RLock())
        self._pending: set[str] = set()
        self._forced = False  # a change the fingerprints cannot vouch for (a folder, lost events)
        self._first_event = 0.0
        self._last_event = 0.0
        self._retry_at: float | None = None
        self._stopping = False
        self._woken = False  # a change or stop() came since the last step decided how long to wait
        self._started = False  # the first refresh ran
        self._seen: dict[str, bytes | None] = {}  # path -> fingerprint the last refresh saw
        self._day: date | None = None  # the date of the last refresh
        self._observer: Any = None
        self._alarm: OverflowAlarm | None = None

    # Lifecycle ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Start watching (events, else polling). Changes from now on are not missed."""
        if not self.root.is_dir():
            raise NoSuchVault(f"vault folder {self.root} does not exist")
        self._alarm = OverflowAlarm(self.force)
        logging.getLogger("watchdog.observers").addHandler(self._alarm)
        reason = None if self.poll else events_unavailable(self.root)
        if not self.poll and reason is None:
            try:
                self._observer = self._start_observer(self.observers.events())
                self.how = "events"
            except OSError as exc:
                reason = limit_hint(exc)
        if self._observer is None:
            if reason is not None:
                self.report.falling_back(reason)
            self._observer = self._start_observer(self.observers.polling(self.poll_interval))
            self.how = "polling"
        self.report.watching(self.root, self.how)

    def _start_observer(self, observer: Any) -> Any:
        handler = _Handler(self)
        try:
            observer.schedule(handler, str(self.root), recursive=True)
            observer.start()
        except BaseException:
            self._stop_observer(observer)
            raise
        return observer

    @staticmethod
    def _stop_observer(observer: Any) -> None:
        try:
            observer.stop()
            if observer.is_alive():
                observer.join(timeout=10)
        except RuntimeError:
            pass  # never started

    def stop(self) -> None:
        """Ask `run` to return after the refresh in progress, if any. Safe from a signal handler."""
        with self._cond:
            self._stopping = True
            self._woken = True
            self._cond.notify_all()

    def close(self) -> None:
        """Stop watching and release the observer's threads."""
        self.stop()
        if self._observer is not None:
            self._stop_observer(self._observer)
            self._observer = None
        # Only now: while it is attached, watchdog's own log lines (one comes on every stop)
        # go to it instead of to stderr through logging's last resort.
        if self._alarm is not None:
            logging.getLogger("watchdog.observers").removeHandler(self._alarm)
            self._alarm = None

    def __enter__(self) -> Watcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Events -------------------------------------------------------------------------------------
    def changed(self, paths: list[str], forced: bool = False) -> None:
        """Note changes to vault-relative `paths` (called from the observer's thread)."""
        with self._cond:
            now = self.clock()
            if not self._pending and not self._forced:
                self._first_event = now
            self._last_event = now
            self._pending.update(paths)
            self._forced = self._forced or forced
            self._woken = True
            self._cond.notify_all()

    def force(self) -> None:
        """Refresh after the next settle even if no known file changed (events were lost)."""
        self.changed([], forced=True)

    # The loop -----------------------------------------------------------------------------------
    def run(self) -> None:
        """Refresh once, then after every settled burst and at each new day, until `stop()`."""
        while (wait := self.step()) is not None:
            with self._cond:
                # A change or stop() since step() decided would otherwise wait out `wait`.
                if not self._woken and wait > 0:
                    self._cond.wait(wait)

    def step(self) -> float | None:
        """One pass of the loop, never blocking: the first refresh, or the one that a settled
        burst, a due retry or a new day calls for. Returns the seconds until the next pass is
        due if no change comes first (0 after a refresh), or None once `stop()` was called."""
        if not self._started:
            self._started = True
            self._refresh(set(), "start")
            return 0.0
        burst: set[str] | None = None
        forced = False
        with self._cond:
            self._woken = False
            if self._stopping:
                return None
            now = self.clock()
            wait = self.tick
            if self._pending or self._forced:
                settle_at = min(self._last_event + self.debounce, self._first_event + self.max_wait)
                if now >= settle_at:
                    burst, forced = self._pending, self._forced
                    self._pending, self._forced = set(), False
                else:
                    wait = settle_at - now
            elif self._retry_at is not None:
                if now >= self._retry_at:
                    burst, forced = set(), True
                else:
                    wait = min(wait, self._retry_at - now)
        if burst is not None:
            self._retry_at = None
            self._settle(burst, forced)
            return 0.0
        self._check_health()
        if self._day is not None and self.today() != self._day:
            self._refresh(set(), "new day")
            return 0.0
        return wait

    def _settle(self, burst: set[str], forced: bool) -> None:
        if not self.root.is_dir():
            raise NoSuchVault(f"vault folder {self.root} disappeared")
        current = {rel: fingerprint(self.root / rel) for rel in burst}
        if not forced and all(self._seen.get(rel, _UNSEEN) == fp for rel, fp in current.items()):
            self.skipped += 1
            return
        self._refresh(burst, "change", current, forced)

    def _refresh(
        self,
        burst: set[str],
        reason: str,
        seen: dict[str, bytes | None] | None = None,
        forced: bool = True,
    ) -> None:
        today = self.today()
        self._day = today
        if self.changes is not None:
            self.changes(None if forced else set(burst))
        try:
            result = self.refresh(today)
        except Exception as exc:  # a long-running watcher reports and carries on
            self.failures += 1
            retrying = isinstance(exc, TRANSIENT)
            if retrying:
                self._retry_at = self.clock() + max(self.debounce, 0.5)
            elif not isinstance(exc, VaultnetError | OSError):
                logging.getLogger(__name__).debug("refresh failed", exc_info=True)
            self.report.failed(exc, retrying)
            return
        if len(self._seen) > 50_000:
            self._seen.clear()  # forgetting only costs a refresh that writes nothing
        self._seen.update(seen or {})
        # Read back what we wrote, so the events our own writes raise are recognized as ours.
        for rel in result.written:
            self._seen[rel] = fingerprint(self.root / rel)
        self.refreshes += 1
        if result.wrote:
            self.writes += 1
        self.report.refreshed(result, today, reason)

    def _check_health(self) -> None:
        """An event observer whose thread died (a watch limit hit on a new folder) is replaced by
        polling, so the watcher never goes quietly deaf."""
        observer = self._observer
        if observer is None or self.how != "events":
            return
        alive = observer.is_alive() and all(e.is_alive() for e in observer.emitters)
        if alive:
            return
        if not self.root.is_dir():
            raise NoSuchVault(f"vault folder {self.root} disappeared")
        self._stop_observer(observer)
        self.report.falling_back("the file system event watcher stopped")
        self._observer = self._start_observer(self.observers.polling(self.poll_interval))
        self.how = "polling"
        self.force()


class _Handler:
    """Turns watchdog events into vault-relative paths for the watcher, dropping noise."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.root = str(watcher.root)

    def _rel(self, path: str | bytes) -> str:
        text = os.fsdecode(path)
        return os.path.relpath(text, self.root).replace(os.sep, "/")

    def dispatch(self, event: Any) -> None:
        kind = event.event_type
        # Opening and reading files raises events too: the refresh itself reads every note.
        if kind in ("opened", "closed_no_write", "attrib"):
            return
        paths = [event.src_path]
        if kind == "moved":
            paths.append(event.dest_path)
        rels = [self._rel(p) for p in paths]
        if event.is_directory:
            # A folder created, removed or moved may hold notes that raise no events of their own;
            # a folder "modified" is only the echo of a file inside it changing.
            if kind != "modified" and any(rel == "." or not is_ignored(rel) for rel in rels):
                self.watcher.changed([], forced=True)
            return
        relevant = [rel for rel in rels if is_relevant_file(rel)]
        if relevant:
            self.watcher.changed(relevant)
