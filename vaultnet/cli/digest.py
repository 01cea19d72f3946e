"""`vaultnet digest`: record what was ticked in Due.md, then write the fresh due list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultnet.cli import App, echo_json, pass_app
from vaultnet.cli.output import plural
from vaultnet.errors import UsageError

if TYPE_CHECKING:
    from vaultnet.errors import Problem

MAX_PROBLEMS_SHOWN = 5


@click.command()
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the due list; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the due list as JSON; write nothing.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the due list to FILE instead of the vault's Due.md (ticks are harvested from it); "
    "not over an existing file without --force, never over a note.",
)
@click.option(
    "--force",
    is_flag=True,
    help="With --out: replace FILE if it exists (never a note of the vault).",
)
@pass_app
def digest(app: App, to_stdout: bool, as_json: bool, out: Path | None, force: bool) -> None:
    """Harvest the ticks in Due.md, then write the fresh due list.

    Ticked reconnect, cadence, pipeline and birthday items become a dated log line (and
    last_contact) in the person's note; a ticked follow-up checks off its task. Then Due.md is
    rewritten: follow-ups, this week's reconnects, who is due by cadence, the pipeline,
    birthdays, the favor balance and the week's numbers. Your notes below the
    `<!-- vaultnet: your notes below are kept -->` line are kept; other hand edits are saved under
    .vaultnet/due-backups/ first.
    """
    if to_stdout and as_json:
        raise UsageError("use --stdout or --json, not both")
    if out is not None and (to_stdout or as_json):
        raise UsageError("--out writes a file; --stdout and --json print instead")
    if force and out is None:
        raise UsageError("--force only goes with --out")
    root = app.vault_path
    if to_stdout or as_json:
        from vaultnet.due.digest import section_counts
        from vaultnet.due.firsts import load_firsts
        from vaultnet.due.render import due_json, render_due
        from vaultnet.due.schedule import schedule_vault
        from vaultnet.due.week import load_week

        vault = app.vault()
        # the week's picks and the day's first contacts, kept as they are
        due = schedule_vault(vault, load_week(vault.root), load_firsts(vault.root))
        if as_json:
            echo_json(due_json(due))
        else:
            click.echo(
                render_due(due, root, vault.config.templates_folder, markers=False), nl=False
            )
        click.echo(_summary(section_counts(due)), err=True)
        _problems(vault.problems)
        return

    from vaultnet.actions.digest import digest as write_digest
    from vaultnet.due.digest import backup_message, shown_path

    result = write_digest(root, app.today, out, force)
    report = result.harvest
    recorded = report.recorded if report is not None else []
    if report is not None:
        for line in report.recorded:
            click.echo(f"Recorded: {line}", err=True)
        for line in report.already:
            click.echo(f"Already recorded: {line}", err=True)
        for line in report.nothing_to_record:
            click.echo(line, err=True)
        for line in report.not_recorded:
            click.echo(line, err=True)
    kept = backup_message(result, root)
    if kept is not None:
        click.echo(kept, err=True)
    shown = shown_path(result.path, root)
    harvested = f" Harvested {plural(len(recorded), 'tick')}." if recorded else ""
    state = "written" if result.written else "unchanged"
    click.echo(f"{shown} {state}: {_summary(result.counts)}.{harvested}", err=True)
    _problems(result.problems)


def _summary(counts: dict[str, int]) -> str:
    """Counts per section, one line."""
    return (
        f"{plural(counts['follow_ups'], 'follow-up')}, "
        f"{counts['reconnected']}/{counts['reconnect_picks']} reconnects, "
        f"{counts['due_by_cadence']} due by cadence, {counts['pipeline']} in the pipeline, "
        f"{plural(counts['dates'], 'date')}, {counts['favor']} favor balance"
    )


def _problems(problems: list[Problem]) -> None:
    """The vault's problems, briefly: the first few errors, then a pointer to `vaultnet check`."""
    if not problems:
        return
    errors = [p for p in problems if p.severity == "error"]
    for problem in errors[:MAX_PROBLEMS_SHOWN]:
        click.echo(str(problem), err=True)
    count = plural(len(problems), "problem")
    detail = f"{plural(len(errors), 'error')}, {plural(len(problems) - len(errors), 'warning')}"
    click.echo(f"{count} in the vault ({detail}); run `vaultnet check`", err=True)
