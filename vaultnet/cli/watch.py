"""`vaultnet watch`: keep the due list fresh while the user edits."""

from __future__ import annotations

import signal
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import click

from vaultnet.actions.digest import DigestSession
from vaultnet.cli import App, collect_garbage, pass_app
from vaultnet.cli.output import plural
from vaultnet.watch import Refreshed, Watcher, WatchReport, refresh_due_list

MAX_ERRORS_SHOWN = 5  # a messy vault's errors on start; `vaultnet check` lists them all


def _now() -> str:
    # Times belong on the terminal, never in the notes.
    return datetime.now().strftime("%H:%M:%S")


class TerminalReport(WatchReport):
    """Prints what the watcher does: one line per refresh that wrote something, and trouble."""

    def __init__(self, debounce: float, poll_interval: float) -> None:
        self.debounce = debounce
        self.poll_interval = poll_interval
        self.errors: tuple[str, ...] = ()

    def watching(self, root: Path, how: str) -> None:
        method = (
            "file system events" if how == "events" else f"polling every {self.poll_interval:g}s"
        )
        click.echo(
            f"Watching {root} ({method}, debounce {self.debounce:g}s). Press Ctrl-C to stop."
        )

    def falling_back(self, reason: str) -> None:
        click.echo(f"Note: {reason}; polling for changes instead.", err=True)

    def refreshed(self, result: Refreshed, today: date, reason: str) -> None:
        harvested = f"{plural(result.harvested, 'tick')} harvested"
        if result.due_note in result.written:
            day = f" for {today.isoformat()}" if reason == "new day" else ""
            more = f" ({harvested})" if result.harvested else ""
            click.echo(f"{_now()} {result.due_note} updated{day}{more}")
        elif result.wrote:
            click.echo(f"{_now()} {harvested}; {result.due_note} unchanged")
        elif reason == "start":
            click.echo(f"{_now()} {result.due_note} is up to date")
        for message in result.messages:
            click.echo(f"{_now()} {message}", err=True)
        # The vault's errors, each once: a note broken while editing is said right away.
        known = set(self.errors)
        new = [e for e in result.errors if e not in known]
        for error in new[:MAX_ERRORS_SHOWN]:
            click.echo(f"{_now()} {error}", err=True)
        if len(new) > MAX_ERRORS_SHOWN:
            more = plural(len(new) - MAX_ERRORS_SHOWN, "more error")
            click.echo(f"{_now()} ...and {more}; run `vaultnet check`", err=True)
        if self.errors and not result.errors:
            click.echo(f"{_now()} The vault has no more errors.", err=True)
        self.errors = result.errors

    def failed(self, error: Exception, retrying: bool) -> None:
        from vaultnet.errors import VaultnetError

        if isinstance(error, VaultnetError):
            text = str(error)
        elif isinstance(error, OSError):
            text = f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
        else:
            text = f"internal error: {type(error).__name__}: {error}"
        then = "trying again shortly" if retrying else "waiting for the next change"
        click.echo(f"{_now()} Error: {text} ({then})", err=True)


@click.command()
@click.option(
    "--debounce",
    type=click.FloatRange(0.05, 60.0),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="Wait for this much quiet after a change before refreshing (editors and git write in "
    "bursts).",
)
@click.option(
    "--poll",
    is_flag=True,
    help="Look for changes every second instead of using file system events (network drives, "
    "some containers).",
)
@pass_app
def watch(app: App, debounce: float, poll: bool) -> None:
    """Keep Due.md fresh while you edit: harvest ticks and rewrite the due list after each change.

    Writes the due list once on start, then again whenever a note, Due.md, vaultnet.toml or a
    template changes, and after midnight (unless --today fixes the date). Due.md is written only
    when its content changes. Ctrl-C stops it.
    """
    root = app.vault_path
    fixed = click.get_current_context().find_root().params.get("today")
    today = (lambda: app.today) if fixed else date.today
    report = TerminalReport(debounce, 1.0)
    session = DigestSession(root)  # the index, open for as long as the watcher runs
    watcher = Watcher(
        root,
        lambda day: _refresh(root, day, session),
        changes=session.changed,
        today=today,
        debounce=debounce,
        poll=poll,
        poll_interval=1.0,
        report=report,
    )
    previous: dict[int, Any] = {}
    try:
        watcher.start()
        previous = _stop_on_signals(watcher)
        watcher.run()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        watcher.close()
        session.close()
    click.echo("Stopped.")


def _refresh(root: Path, day: date, session: DigestSession | None = None) -> Refreshed:
    """One refresh, then the vaults it opened freed: the command line runs without the cyclic
    garbage collector (see `vaultnet.cli.main`), and `watch` runs for days."""
    try:
        return refresh_due_list(root, day, session)
    finally:
        collect_garbage()


def _stop_on_signals(watcher: Watcher) -> dict[int, Any]:
    """Ctrl-C and SIGTERM (systemd, launchd) let the refresh under way finish, then stop; a
    second Ctrl-C interrupts at once."""

    def stop(signum: int, frame: FrameType | None) -> None:
        watcher.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous: dict[int, Any] = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, stop)
        except ValueError:  # not the main thread (embedded): the caller handles signals
            pass
    return previous
