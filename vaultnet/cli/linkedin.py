"""`vaultnet import linkedin`: LinkedIn's data export (the zip, its folder or one CSV of it):
the connections as people, the pending invitations as `stage: pending`, the messages as
contacts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultnet.cli import App, capture, pass_app
from vaultnet.cli.importing import import_options, import_source, problem_line, tags_of
from vaultnet.cli.output import plural

if TYPE_CHECKING:
    from vaultnet.actions.invitations import InvitationPlan, InvitationResult
    from vaultnet.formats.source import SourceText


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
    their notes, once per person and day; its text is copied only with --with-text. Messages
    need `[me] linkedin` in vaultnet.toml. A pending invitation (Invitations.csv), sent or
    received, sets `stage: pending` on a person who has no stage yet (or `want`) and is not a
    connection.

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
    if export.invitations is not None:
        status |= _import_invitations(
            app, export.invitations, export.connections, dry_run, quiet, create
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


def _import_invitations(
    app: App,
    source: SourceText,
    connections: SourceText | None,
    dry_run: bool,
    quiet: bool,
    create: bool,
) -> int:
    from vaultnet.formats.capture import Me, profile_key
    from vaultnet.formats.linkedin import read_linkedin
    from vaultnet.formats.linkedin_invitations import read_invitations

    config = app.vault().config
    me = Me.of(config.me_emails, config.me_linkedin)
    accepted: set[str] = set()
    if connections is not None:  # an invitation to a connection was accepted
        contacts, _ = read_linkedin(connections, [])
        for contact in contacts:
            url = contact.values.get("linkedin")
            if isinstance(url, str) and url.strip():
                accepted.add(profile_key(url))
    if dry_run:
        from vaultnet.actions.invitations import plan_invitations

        plan = plan_invitations(app.vault(), read_invitations(source, me), accepted, create)
        _report(source.name, plan, None, quiet)
        return 1 if plan.problems and any(p.severity == "error" for p in plan.problems) else 0
    from vaultnet.actions.invitations import import_invitations

    plan, result = import_invitations(
        app.vault_path, app.today, lambda: read_invitations(source, me), accepted, create
    )
    _report(source.name, plan, result, quiet)
    errors = [p for p in plan.problems + result.problems if p.severity == "error"]
    return 1 if errors else 0


def _report(name: str, plan: InvitationPlan, result: InvitationResult | None, quiet: bool) -> None:
    from vaultnet.actions.invitations import Outcome

    dry = result is None
    new_notes = [] if plan.created is None else [t.path for t in plan.created.to_create]
    made = new_notes if result is None else result.created
    written = plan.to_set if result is None else result.written
    if not quiet:
        for path in made:
            click.echo(f"{'would create' if dry else 'created'} {path} (stage: pending)")
        for path in written:
            click.echo(f"{'would set' if dry else 'set'} stage: pending in {path}")
    problems = plan.problems + ([] if result is None else result.problems)
    for problem in problems:
        click.echo(problem_line(problem), err=True)
    parts = [
        f"{count} {outcome.value}"
        for outcome, count in sorted(
            plan.outcomes.items(), key=lambda item: list(Outcome).index(item[0])
        )
    ]
    wrote = f"{'would set' if dry else 'set'} stage: pending in {plural(len(written), 'note')}"
    if plan.created is not None:
        wrote += f", {'would create' if dry else 'created'} {plural(len(made), 'person', 'people')}"
    people = plural(len(plan.strangers), "person", "people")
    head = "Dry run, nothing written. " if dry else ""
    click.echo(
        f"{head}{name}: {plural(plan.read, 'invitation')} read; {', '.join(parts) or '0 set to pending'}; "
        f"{wrote}; {people} not in your vault."
    )
