"""`vaultnet import calendar|mail` and the messages of `import linkedin`: contacts captured from
files you already have, written as log lines (see `vaultnet.actions.capture`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultnet.cli import App, pass_app
from vaultnet.cli.output import plural

if TYPE_CHECKING:
    from vaultnet.actions.capture import CapturePlan, CaptureResult
    from vaultnet.formats.capture import CaptureItem, Me

PROGRESS_FROM = 1
"""Captures show progress on a terminal whatever their size (reading is most of the work)."""
STRANGERS_LISTED = 20
"""A dry run lists at most this many of the people not in the vault."""


def _me(app: App) -> Me:
    from vaultnet.formats.capture import Me

    config = app.vault().config
    return Me.of(config.me_emails, config.me_linkedin)


def create_option(func: Callable[..., int]) -> Callable[..., int]:
    return click.option(
        "--create",
        is_flag=True,
        help="Add the people not in your vault as new people (named as the file shows them, "
        "with their email), then record their contacts too.",
    )(func)


def _dry_run(func: Callable[..., int]) -> Callable[..., int]:
    func = click.option("--quiet", "-q", is_flag=True, help="Print only problems and the summary.")(
        func
    )
    func = create_option(func)
    return click.option(
        "--dry-run", "-n", is_flag=True, help="Show every line that would be added; write nothing."
    )(func)


@click.command("calendar")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--since",
    metavar="YYYY-MM-DD",
    help="Only meetings on or after this day (default: the file's first event).",
)
@_dry_run
@pass_app
def import_calendar(
    app: App, file: Path, since: str | None, dry_run: bool, quiet: bool, create: bool
) -> int:
    """Record the meetings in FILE, a calendar export (.ics from Google Calendar, Outlook or
    Apple Calendar), as log lines in the notes of the people you met.

    Each past event with you and people from your vault (matched by email, then name) becomes
    `- 2026-11-02 meeting: Title` in each of their notes; recurring events count on every day
    they happened until today. Declined, cancelled, future events and those with nobody else
    are not contacts. Needs `[me] emails` in vaultnet.toml.

    \b
    Example:
      vaultnet import calendar ~/Downloads/calendar.ics --since 2026-01-01 --dry-run
    """
    from vaultnet.errors import UsageError
    from vaultnet.formats.calendar import read_calendar
    from vaultnet.formats.source import MAX_IMPORT_BYTES, BadImportFile

    start: date | None = None
    if since:
        try:
            start = date.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--since must be a date like 2026-01-01, not {since!r}") from None
    me = _me(app)
    me.require_emails("import calendar")
    try:
        if file.stat().st_size > MAX_IMPORT_BYTES:
            raise BadImportFile(f"{file}: larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB")
        data = file.read_bytes()
    except OSError as exc:
        raise BadImportFile(f"cannot read {file}: {exc.strerror or exc}") from None
    today = app.today
    return run_capture(
        app,
        str(file),
        "event",
        lambda: read_calendar(str(file), data, me, today, start),
        dry_run,
        quiet,
        create,
    )


@click.command("mail")
@click.argument("mailbox", type=click.Path(exists=True, path_type=Path))
@_dry_run
@pass_app
def import_mail(app: App, mailbox: Path, dry_run: bool, quiet: bool, create: bool) -> int:
    """Record the emails in MAILBOX (an mbox file, a Gmail Takeout .mbox or a Maildir folder)
    as log lines in the notes of the people you wrote to or heard from.

    Per person and day at most one line, `- 2026-11-02 email: Subject`, for mail either way.
    Only headers are read (From, To, Cc, Date, Subject, Message-ID); bodies never. Mailing lists
    and automated senders are skipped. Needs `[me] emails` in vaultnet.toml.

    \b
    Example:
      vaultnet import mail ~/Mail/archive.mbox --dry-run
    """
    from vaultnet.cli.output import ProgressLine
    from vaultnet.formats.mail import read_mail

    me = _me(app)
    me.require_emails("import mail")
    maildir = mailbox.is_dir()
    reading = ProgressLine(
        "Reading (messages)" if maildir else "Reading (MB)", PROGRESS_FROM, _stderr_is_terminal()
    )

    def advance(done: int, total: int) -> None:
        if maildir:
            reading(done, total)
        else:  # bytes, shown in MB (rounded up: a small file is 1 MB, not 0)
            reading(-(-done // 1_000_000), -(-total // 1_000_000))

    def items() -> Iterator[CaptureItem]:
        yield from read_mail(mailbox, me, advance)
        reading.__exit__(None, None, None)  # wipe the line before the writing starts

    with reading:
        return run_capture(app, str(mailbox), "message", items, dry_run, quiet, create)


def _stderr_is_terminal() -> bool:
    """Progress goes to stderr only when it is a terminal (never into a log or a pipe)."""
    return sys.stderr.isatty()


def import_linkedin_messages(
    app: App,
    name: str,
    read: Callable[[Me], Iterable[CaptureItem]],
    dry_run: bool,
    quiet: bool,
    create: bool,
) -> int:
    """The messages.csv part of `import linkedin`."""
    me = _me(app)
    return run_capture(app, name, "message", lambda: read(me), dry_run, quiet, create)


def check_linkedin_me(app: App) -> None:
    """Stop before anything is written when a LinkedIn export's messages need `[me] linkedin`."""
    _me(app).require_linkedin("import linkedin of messages.csv (or an export holding it)")


def run_capture(
    app: App,
    name: str,
    noun: str,
    items: Callable[[], Iterable[CaptureItem]],
    dry_run: bool,
    quiet: bool,
    create: bool = False,
) -> int:
    """Capture (or plan, for a dry run), print what happened; the exit status."""
    if dry_run:
        from vaultnet.actions.capture import place_newcomers, plan_capture

        vault = app.vault()
        plan = plan_capture(vault, items(), create)
        place_newcomers(vault, plan)
        _report(name, noun, plan, None, quiet)
        return 1 if plan.unreadable else 0
    from vaultnet.actions.capture import capture
    from vaultnet.cli.output import ProgressLine

    with ProgressLine("Writing", PROGRESS_FROM, _stderr_is_terminal()) as progress:
        plan, result = capture(app.vault_path, app.today, items, progress, create)
    _report(name, noun, plan, result, quiet)
    return 1 if plan.unreadable or result.failed else 0


def _report(
    name: str, noun: str, plan: CapturePlan, result: CaptureResult | None, quiet: bool
) -> None:
    verb = "would add" if result is None else "added"
    failed = set() if result is None else {p.path for p in result.problems}
    new_notes = [] if plan.created is None else [t.path for t in plan.created.to_create]
    made = new_notes if result is None else result.created
    if not quiet:
        for path in made:
            click.echo(f"{'would create' if result is None else 'created'} {path}")
        for new in plan.lines:
            if new.path not in failed:
                click.echo(f"{verb} to {new.path}: {new.line()}")
                if new.quote:
                    click.echo(f"  > {new.quote}")
    problems = plan.problems + ([] if result is None else result.problems)
    for problem in problems:
        warning = "warning: " if problem.severity == "warning" else ""
        click.echo(f"{problem.path}:{problem.line}: {warning}{problem.message}", err=True)
    if result is None and plan.strangers and not quiet:
        ranked = sorted(plan.strangers.items(), key=lambda item: (-item[1], item[0]))
        listed = ", ".join(f"{label} ({count})" for label, count in ranked[:STRANGERS_LISTED])
        more = len(ranked) - STRANGERS_LISTED
        click.echo(f"not in your vault: {listed}" + (f" and {more} more" if more > 0 else ""))
    # The parts add up to the items read; a part that is zero is left out (but `recorded`).
    parts = [f"{plan.recorded} recorded"]
    if plan.already:
        parts.append(f"{plan.already} already recorded that day")
    if plan.strangers_only:
        parts.append(f"{plan.strangers_only} only with people not in your vault")
    for reason, count in sorted(plan.skipped.items(), key=lambda item: item[0].value):
        parts.append(f"{count} {reason.value}")
    lines = len(plan.lines) if result is None else result.lines
    notes = len(plan.notes) if result is None else len(result.written)
    wrote = f"{'would add' if result is None else 'added'} {plural(lines, 'line')} to "
    wrote += plural(notes, "note")
    if result is not None and result.failed:
        wrote += f", {plural(result.failed, 'note')} not written"
    if plan.created is not None:
        wrote += f"; {'would create' if result is None else 'created'} "
        wrote += plural(len(made), "person", "people")
    people = plural(len(plan.strangers), "person", "people")
    head = "Dry run, nothing written. " if result is None else ""
    click.echo(
        f"{head}{name}: {plural(plan.read, noun)} read; {', '.join(parts)}; {wrote}; "
        f"{people} not in your vault."
    )
