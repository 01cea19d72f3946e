"""`vaultnet import linkedin`: LinkedIn's data export (the zip, its folder or one CSV of it):
the connections as people, the messages as contacts."""

from __future__ import annotations

from pathlib import Path

import click

from vaultnet.cli import App, capture, pass_app
from vaultnet.cli.importing import import_options, import_source, tags_of


@click.command("linkedin")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@import_options("linkedin")
@capture.create_option
@click.option(
    "--with-text",
    is_flag=True,
    help="Copy each message's text (its first 280 characters) under its log line as a quote; "
    "by default it is never read.",
)
@pass_app
def import_linkedin(
    app: App,
    file: Path,
    dry_run: bool,
    tags: tuple[str, ...],
    quiet: bool,
    create: bool,
    with_text: bool,
) -> int:
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

    chosen = tags_of(tags, "linkedin")
    export = open_export(file)
    if export.messages is not None:
        capture.check_linkedin_me(app)
    status = 0
    if export.connections is not None:
        status = import_source(
            app, export.connections, lambda source: read_linkedin(source, chosen), dry_run, quiet
        )
    if export.messages is not None:
        messages = export.messages
        status |= capture.import_linkedin_messages(
            app,
            messages.name,
            lambda me: read_linkedin_messages(messages, me, with_text),
            dry_run,
            quiet,
            create,
        )
    return status
