"""`vaultnet import` and `vaultnet export`: contacts in from LinkedIn, vCard and CSV; the network out
as a spreadsheet, an address book, a calendar feed or JSON."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultnet.cli import App, capture, pass_app
from vaultnet.cli.output import plural

if TYPE_CHECKING:
    from vaultnet.actions.imports import ImportResult
    from vaultnet.errors import Problem
    from vaultnet.formats.matching import ImportPlan
    from vaultnet.formats.source import Contact, SourceText
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

    Reader = Callable[[SourceText], tuple[list[Contact], list[Problem]]]

PROGRESS_FROM = 100
"""Imports touching at least this many notes show a progress bar (on a terminal only)."""


# Import ------------------------------------------------------------------------------------------


@click.group("import")
def import_group() -> None:
    """Bring contacts in from LinkedIn, vCard or CSV; meetings, mail and messages from a
    calendar export, a mailbox or LinkedIn's data export.

    Idempotent: people are matched by LinkedIn URL, then email, then name (aliases, accents and
    case do not matter); re-importing a file creates and changes nothing. A value in the file
    never overwrites one in a note: it is reported as a conflict instead.
    """


import_group.add_command(capture.import_calendar)
import_group.add_command(capture.import_mail)


def _file_argument(func: Callable[..., int]) -> Callable[..., int]:
    return click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))(
        func
    )


def _import_options(
    default_tag: str | None,
) -> Callable[[Callable[..., int]], Callable[..., int]]:
    def decorate(func: Callable[..., int]) -> Callable[..., int]:
        tag_help = "Tag new and untagged people with TAG (repeatable"
        tag_help += f'; default: {default_tag}; --tag "" for none).' if default_tag else ")."
        func = click.option(
            "--quiet", "-q", is_flag=True, help="Print only conflicts, problems and the summary."
        )(func)
        func = click.option("--tag", "tags", multiple=True, metavar="TAG", help=tag_help)(func)
        func = click.option(
            "--dry-run",
            "-n",
            is_flag=True,
            help="Show what would be created, updated and conflicted; write nothing.",
        )(func)
        return func

    return decorate


def _tags(given: Sequence[str], default: str | None) -> list[str]:
    from vaultnet.formats.source import tag_name

    chosen = list(given) if given else ([default] if default else [])
    return [t for t in (tag_name(tag) for tag in chosen) if t]


@import_group.command("linkedin")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@_import_options("linkedin")
@pass_app
def import_linkedin(app: App, file: Path, dry_run: bool, tags: tuple[str, ...], quiet: bool) -> int:
    """Import FILE, a LinkedIn data export: the zip, the folder it unzips to, or one CSV of it.

    Each connection (Connections.csv) becomes (or fills in) a person: LinkedIn URL, email,
    company, role, the date you connected (`connected:`) and a tag. Each message
    (messages.csv) with people from your vault becomes `- 2026-11-02 message: on LinkedIn` in
    their notes, once per person and day; its text is never copied. Messages need `[me]
    linkedin` in vaultnet.toml.

    \b
    Example:
      vaultnet import linkedin ~/Downloads/Basic_LinkedInDataExport_11-22-2026.zip --dry-run
    """
    from vaultnet.formats.linkedin import read_linkedin
    from vaultnet.formats.linkedin_export import open_export
    from vaultnet.formats.linkedin_messages import read_linkedin_messages

    chosen = _tags(tags, "linkedin")
    export = open_export(file)
    if export.messages is not None:
        capture.check_linkedin_me(app)
    status = 0
    if export.connections is not None:
        status = _import_source(
            app, export.connections, lambda source: read_linkedin(source, chosen), dry_run, quiet
        )
    if export.messages is not None:
        messages = export.messages
        status |= capture.import_linkedin_messages(
            app,
            messages.name,
            lambda me: read_linkedin_messages(messages, me),
            dry_run,
            quiet,
        )
    return status


@import_group.command("vcard")
@_file_argument
@_import_options(None)
@pass_app
def import_vcard(app: App, file: Path, dry_run: bool, tags: tuple[str, ...], quiet: bool) -> int:
    """Import FILE, a vCard address book (.vcf, versions 2.1, 3.0 and 4.0).

    Names, nicknames (as aliases), organization, title, emails, phones, city, LinkedIn and web
    URLs, birthday and categories (as tags) come in; photos and notes stay out.

    \b
    Example:
      vaultnet import vcard contacts.vcf --tag phone
    """
    from vaultnet.formats.vcard import read_vcards

    chosen = _tags(tags, None)
    return _run_import(app, file, lambda source: read_vcards(source, chosen), dry_run, quiet)


@import_group.command("csv")
@_file_argument
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=KEY",
    help='Read COLUMN as KEY, e.g. --map "Full Name=name" (repeatable; "COLUMN=" ignores it).',
)
@_import_options(None)
@pass_app
def import_csv(
    app: App,
    file: Path,
    mapping: tuple[str, ...],
    dry_run: bool,
    tags: tuple[str, ...],
    quiet: bool,
) -> int:
    """Import FILE, a CSV file with a header row (Google Contacts and Outlook headers are known).

    Columns map to person keys by their header; --map names the others. A name column (or first
    and last name columns) is required.

    \b
    Example:
      vaultnet import csv people.csv --map "Full Name=name" --map "Employer=company"
    """
    from vaultnet.formats.csvfile import parse_mapping, read_csv

    columns = parse_mapping(mapping)
    chosen = _tags(tags, None)
    return _run_import(app, file, lambda source: read_csv(source, columns, chosen), dry_run, quiet)


def _problem_line(problem: Problem) -> str:
    warning = "warning: " if problem.severity == "warning" else ""
    return f"{problem.path}:{problem.line}: {warning}{problem.message}"


def _run_import(app: App, file: Path, read: Reader, dry_run: bool, quiet: bool) -> int:
    """Read FILE, import it (or plan it, for a dry run), print what happened; the exit status."""
    from vaultnet.formats.source import read_source

    return _import_source(app, read_source(file), read, dry_run, quiet)


def _import_source(app: App, source: SourceText, read: Reader, dry_run: bool, quiet: bool) -> int:
    contacts, problems = read(source)
    if dry_run:
        from vaultnet.formats.matching import plan_import

        plan = plan_import(app.vault(), contacts, problems)
        _report(source.name, plan, None, quiet)
        return 1 if plan.refused > 0 else 0
    from vaultnet.actions.imports import import_contacts
    from vaultnet.cli.output import ProgressLine

    with ProgressLine("Importing", PROGRESS_FROM, _stderr_is_terminal()) as progress:
        plan, result = import_contacts(app.vault_path, app.today, contacts, problems, progress)
    _report(source.name, plan, result, quiet)
    return 1 if plan.refused > 0 or result.failed > 0 else 0


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _report(name: str, plan: ImportPlan, result: ImportResult | None, quiet: bool) -> None:
    from vaultnet.actions.imports import tally

    if result is None:
        created = {t.path for t in plan.to_create}
        updated = {t.path for t in plan.to_update}
        problems = list(plan.problems)
        verbs = ("would create", "would update", "to create", "to update")
    else:
        created, updated = set(result.created), set(result.updated)
        problems = plan.problems + result.problems
        verbs = ("created", "updated", "created", "updated")
    if not quiet:
        for target in plan.targets:
            if target.path in created:
                click.echo(f"{verbs[0]} {target.path}")
            elif target.path in updated:
                click.echo(f"{verbs[1]} {target.path}: {', '.join(target.to_set)}")
    for conflict in plan.conflicts:
        click.echo(f"conflict: {conflict} (kept yours)")
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        click.echo(_problem_line(problem), err=True)
    counts = tally(plan, result)
    # The parts add up to the contacts read; conflicts are about values, not contacts.
    parts = [
        f"{counts.created} {verbs[2]}",
        f"{counts.updated} {verbs[3]}",
        f"{counts.unchanged} unchanged",
    ]
    if counts.merged:
        parts.append(f"{counts.merged} merged into an earlier contact")
    parts.append(f"{counts.skipped} skipped")
    if counts.failed:
        parts.append(f"{counts.failed} not written")
    conflicts = f"{plural(len(plan.conflicts), 'conflict')} (your values kept)"
    head = "Dry run, nothing written. " if result is None else ""
    click.echo(
        f"{head}{name}: {plural(counts.read, 'contact')} read; {', '.join(parts)}; {conflicts}."
    )


# Export ------------------------------------------------------------------------------------------


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
