"""`vaultnet import`: contacts in from LinkedIn, vCard and CSV; meetings, mail and messages from
a calendar export, a mailbox or LinkedIn's data export."""

from __future__ import annotations

from pathlib import Path

import click

from vaultnet.cli import App, capture, linkedin, pass_app
from vaultnet.cli.importing import file_argument, import_options, run_import, tags_of


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
import_group.add_command(linkedin.import_linkedin)


@import_group.command("vcard")
@file_argument
@import_options(None)
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

    chosen = tags_of(tags, None)
    return run_import(app, file, lambda source: read_vcards(source, chosen), dry_run, quiet)


@import_group.command("csv")
@file_argument
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="COLUMN=KEY",
    help='Read COLUMN as KEY, e.g. --map "Full Name=name" (repeatable; "COLUMN=" ignores it).',
)
@import_options(None)
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
    chosen = tags_of(tags, None)
    return run_import(app, file, lambda source: read_csv(source, columns, chosen), dry_run, quiet)
