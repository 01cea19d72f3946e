"""`vaultnet export`: the network out as a spreadsheet, an address book, a calendar feed, JSON or
SQLite."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultnet.cli import App, pass_app
from vaultnet.cli.output import plural
from vaultnet.errors import Problem

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault


def _problem_line(problem: Problem) -> str:
    warning = "warning: " if problem.severity == "warning" else ""
    return f"{problem.path}:{problem.line}: {warning}{problem.message}"


@click.group("export")
def export_group() -> None:
    """Take the network out: a spreadsheet, an address book, a calendar feed, JSON or SQLite.

    Everything but sqlite goes to standard output; redirect it to a file. Same vault and --today,
    same bytes.
    """


def _filters(func: Callable[..., None]) -> Callable[..., None]:
    func = click.option("--tag", help="Only people with this tag.")(func)
    func = click.option("--circle", help="Only people in this circle (e.g. core).")(func)
    return func


def _people(vault: Vault, circle: str | None, tag: str | None) -> list[Person]:
    return vault.select(circle=circle, tag=tag)


def _write(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@export_group.command("csv")
@_filters
@click.option("--bom", is_flag=True, help="Start with a UTF-8 BOM, so Excel reads accents right.")
@click.option(
    "--format",
    "profile",
    type=click.Choice(["vaultnet", "google", "outlook"]),
    default="vaultnet",
    show_default=True,
    help="vaultnet: every fact, read back by import csv; google, outlook: their importers' columns.",
)
@pass_app
def export_csv(app: App, circle: str | None, tag: str | None, bom: bool, profile: str) -> None:
    """A spreadsheet: one row per person. By default every fact of the note (company, role,
    emails, phones, circle, stage, status, last contact, next due date, cadence, ask, offer, tags,
    aliases, location, birthday... and the note's file name), which import csv reads back; with
    --format google or outlook, the columns those importers know. Cells that a spreadsheet would
    run as formulas are prefixed with a quote (a phone number is left as it is).

    \b
    Example:
      vaultnet export csv --bom > network.csv
      vaultnet export csv --format google > google.csv
    """
    from vaultnet.formats.csv_export import export_csv as render

    vault = app.vault()
    data = render(_people(vault, circle, tag), vault, profile)
    _write(("\ufeff" if bom else "").encode() + data.encode())


@export_group.command("vcard")
@_filters
@pass_app
def export_vcard(app: App, circle: str | None, tag: str | None) -> None:
    """An address book of vCard 3.0 cards, for a phone or a mail client.

    \b
    Example:
      vaultnet export vcard --circle core > core.vcf
    """
    from vaultnet.formats.vcard_export import export_vcards

    vault = app.vault()
    _write(export_vcards(_people(vault, circle, tag)).encode())


@export_group.command("ics")
@_filters
@click.option("--no-reach-outs", is_flag=True, help="Leave out reach-outs due by cadence.")
@click.option("--no-follow-ups", is_flag=True, help="Leave out dated follow-ups.")
@click.option("--no-birthdays", is_flag=True, help="Leave out birthdays.")
@pass_app
def export_ics(
    app: App,
    circle: str | None,
    tag: str | None,
    no_reach_outs: bool,
    no_follow_ups: bool,
    no_birthdays: bool,
) -> None:
    """A calendar feed: all-day events for reach-outs due by cadence (overdue ones on today),
    dated follow-ups, and birthdays (yearly).

    \b
    Example:
      vaultnet export ics > reminders.ics
    """
    from vaultnet.formats.ics import (
        BIRTHDAYS,
        FOLLOW_UPS,
        REACH_OUTS,
        calendar_events,
        leave_out_far,
        render_ics,
    )

    kinds = [
        kind
        for kind, off in (
            (REACH_OUTS, no_reach_outs),
            (FOLLOW_UPS, no_follow_ups),
            (BIRTHDAYS, no_birthdays),
        )
        if not off
    ]
    vault = app.vault()
    events, problems = leave_out_far(
        calendar_events(_people(vault, circle, tag), vault, kinds), vault.today
    )
    _write(render_ics(events))
    for problem in problems:
        click.echo(_problem_line(problem), err=True)


@export_group.command("json")
@_filters
@pass_app
def export_json(app: App, circle: str | None, tag: str | None) -> None:
    """Every person with their facts and computed fields (last contact, next due, follow-ups,
    favor balance) as one JSON document; the shape is in the README.

    \b
    Example:
      vaultnet export json | jq '.people[] | select(.due) | .name'
    """
    import json

    from vaultnet.formats.jsonout import export_document

    vault = app.vault()
    document = export_document(_people(vault, circle, tag), vault)
    _write((json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())


@export_group.command("sqlite")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_filters
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_app
def export_sqlite(app: App, file: Path, circle: str | None, tag: str | None, force: bool) -> None:
    """A SQLite file of the network for Datasette, sqlite-utils or any SQL tool: people,
    interactions, contacts, tasks, links and groups, in the stable schema of the README.

    \b
    Example:
      vaultnet export sqlite network.db && datasette network.db
    """
    from vaultnet.actions.drafts import check_out
    from vaultnet.formats.sqlite import write_sqlite

    vault = app.vault()
    check_out(vault.root, file, force)
    people = _people(vault, circle, tag)
    write_sqlite(people, vault, file)
    click.echo(f"Wrote {plural(len(people), 'person', 'people')} to {file}", err=True)
