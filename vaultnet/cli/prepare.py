"""Commands that prepare you for people: prep, intro, newsletter, and templates (the list)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vaultnet.cli import App, echo_json, pass_app
from vaultnet.errors import UsageError

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault
    from vaultnet.templating.environment import Templates


def _templates(vault: Vault) -> Templates:
    from vaultnet.templating.environment import Templates

    return Templates(vault.root, vault.config.templates_folder)


def _emit(text: str, out: Path | None, vault: Vault, force: bool) -> None:
    """The rendered text to stdout, or to `--out FILE` (see `vaultnet.actions.drafts`)."""
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    from vaultnet.actions.drafts import write_draft

    write_draft(vault, out, text, force)
    click.echo(f"Wrote {out}", err=True)


def _check_force(force: bool, out: Path | None) -> None:
    if force and out is None:
        raise UsageError("--force only goes with --out")


def _check_type(value: str) -> str:
    from vaultnet.notes.syntax import log_kind

    kind = log_kind(value)
    if kind is None:
        raise UsageError(f"--type must be one word like coffee, call or meeting, not {value!r}")
    return kind


_out_option = click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE",
    help="Write to FILE instead of printing (not over an existing file without --force).",
)
_force_option = click.option(
    "--force",
    is_flag=True,
    help="With --out: replace FILE if it exists (never a note of the vault).",
)
_context_option = click.option(
    "--context",
    "show_context",
    is_flag=True,
    help="Print the data the template gets, as JSON (for writing your own templates).",
)


@click.command(short_help="Meeting prep for a person (--note saves it as the meeting note).")
@click.argument("name")
@click.option(
    "--template",
    "template_name",
    default="prep",
    show_default=True,
    help="Which template: prep, informational, followup, or one of yours.",
)
@click.option(
    "--note",
    is_flag=True,
    help="Save it as a dated meeting note in the interactions folder (never overwrites).",
)
@click.option(
    "--type",
    "meeting_type",
    metavar="KIND",
    help="The meeting's type in the note (default: meeting; informational for that template).",
)
@click.option(
    "--date",
    "meeting_date",
    metavar="DATE",
    help="The meeting's date (default: today): 2026-11-25, tomorrow...",
)
@click.option(
    "--history",
    "history_limit",
    default=5,
    show_default=True,
    help="How many past interactions to show.",
)
@_out_option
@_force_option
@_context_option
@pass_app
def prep(
    app: App,
    name: str,
    template_name: str,
    note: bool,
    meeting_type: str | None,
    meeting_date: str | None,
    history_limit: int,
    out: Path | None,
    force: bool,
    show_context: bool,
) -> None:
    """Meeting prep for NAME: who they are, when you last spoke, personal details, open
    follow-ups, what to ask and offer, the favor balance, mutual connections, talking points
    and the W questions.

    \b
      vaultnet prep jane
      vaultnet prep jane --template informational --note
      vaultnet prep jane --template followup
    """
    from vaultnet.actions.prep import prep_context, write_meeting_note
    from vaultnet.templating.environment import template_file_name
    from vaultnet.text.dates import date_option

    if note and out is not None:
        raise UsageError("use --note or --out, not both")
    _check_force(force, out)
    vault, (person,) = _open(app, [name], connections=True)
    templates = _templates(vault)
    template = template_file_name(template_name).removesuffix(".md.j2")
    kind = _check_type(
        meeting_type
        or {"informational": "informational", "followup": "draft"}.get(template, "meeting")
    )
    day = date_option(meeting_date, "--date", vault.today) if meeting_date else vault.today
    context = prep_context(vault, person, template, kind, day, history_limit)
    if show_context:
        echo_json(context)
        return
    text = templates.render(template, context)
    if note:
        rel = write_meeting_note(vault, person, day, kind, text)
        click.echo(f"Wrote {rel}")
        return
    _emit(text, out, vault, force)


@click.command(short_help="Draft a double opt-in introduction; --log records it.")
@click.argument("first")
@click.argument("second")
@click.option("--reason", default="", help="Why they should meet (one line).")
@click.option(
    "--log",
    "log_it",
    is_flag=True,
    help="Record it in both notes: `- DATE intro: introduced to [[Other]]: reason #intro #give`.",
)
@click.option(
    "--template", "template_name", default="intro", show_default=True, help="Which template."
)
@_out_option
@_force_option
@_context_option
@pass_app
def intro(
    app: App,
    first: str,
    second: str,
    reason: str,
    log_it: bool,
    template_name: str,
    out: Path | None,
    force: bool,
    show_context: bool,
) -> None:
    """A double opt-in introduction of FIRST and SECOND: a note to each asking whether they want
    it, then the introduction itself. With --log, the introduction is also recorded as a give in
    both notes (run it once you have sent it).

    \b
      vaultnet intro jane "Carlos Diaz" --reason "both hiring platform engineers"
      vaultnet intro jane "Carlos Diaz" --reason "both hiring platform engineers" --log
    """
    from vaultnet.actions.prep import intro_context, log_introduction

    _check_force(force, out)
    vault, (a, b) = _open(app, [first, second], for_write=log_it)
    if a.path == b.path:
        raise UsageError(f"cannot introduce {a.name} to themself ({first!r} and {second!r})")
    for unmet in (p for p in (a, b) if p.stage == "want"):
        click.echo(
            f"Warning: {unmet.name} is `stage: want`: you have not met them yet, so an "
            "introduction from you may surprise them",
            err=True,
        )
    context = intro_context(vault, a, b, reason)
    if show_context:
        echo_json(context)
        return
    _emit(_templates(vault).render(template_name, context), out, vault, force)
    if log_it:
        for path, added in log_introduction(vault, a, b, reason):
            click.echo(f"{'Logged in' if added else 'Already logged in'} {path}", err=True)


@click.command(short_help="A newsletter draft and the BCC list for a segment.")
@click.option("--circle", default="", help="Only people in this circle (e.g. core).")
@click.option("--tag", default="", help="Only people with this tag.")
@click.option("--company", default="", help="Only people at this company (part of the name).")
@click.option("--bcc", "bcc_only", is_flag=True, help="Print only the BCC list, comma-separated.")
@click.option(
    "--template", "template_name", default="newsletter", show_default=True, help="Which template."
)
@_out_option
@_force_option
@_context_option
@pass_app
def newsletter(
    app: App,
    circle: str,
    tag: str,
    company: str,
    bcc_only: bool,
    template_name: str,
    out: Path | None,
    force: bool,
    show_context: bool,
) -> None:
    """A personal newsletter draft for a segment, with the BCC list (unique emails, sorted) and
    the people in the segment who have no email address. Leaves out people you have not met
    (stage want or pending) and people with `cadence: never`.

    \b
      vaultnet newsletter --circle core
      vaultnet newsletter --tag mentor --bcc
    """
    from vaultnet.actions.prep import newsletter_context, select_segment
    from vaultnet.cli.output import plural

    _check_force(force, out)
    from vaultnet.network.answers import open_people

    # the people's own facts are all a newsletter reads: from the index's people rows
    vault = open_people(app.vault_path, app.today) or app.vault()
    people, segment = select_segment(vault, circle, tag, company)
    context: dict[str, Any] = newsletter_context(vault, people, segment)
    if show_context:
        echo_json(context)
        return
    if bcc_only:
        _emit(", ".join(context["bcc"]) + "\n", out, vault, force)
    else:
        _emit(_templates(vault).render(template_name, context), out, vault, force)
    click.echo(
        f"{plural(len(people), 'person', 'people')} in the segment ({segment}): "
        f"{plural(len(context['bcc']), 'email')}, {len(context['missing_email'])} without.",
        err=True,
    )


@click.command(short_help="List the templates and where each comes from.")
@click.option("--show", "show_name", metavar="NAME", help="Print the source of template NAME.")
@click.option(
    "--copy",
    "copy_name",
    metavar="NAME",
    help="Copy packaged template NAME into the vault's templates folder, to edit it there.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@pass_app
def templates(app: App, show_name: str | None, copy_name: str | None, as_json: bool) -> None:
    """The templates and where each comes from: packaged, or your vault's templates folder
    (a vault file overrides the packaged one of the same name).

    \b
      vaultnet templates
      vaultnet templates --copy prep      # then edit Templates/vaultnet/prep.md.j2
    """
    from vaultnet.cli.output import table

    vault = _settings(app)
    found = _templates(vault)
    if show_name:
        source, _ = found.source(show_name)
        click.echo(source, nl=not source.endswith("\n"))
        return
    if copy_name:
        _copy(vault, found, copy_name)
        return
    infos = found.available()
    if as_json:
        echo_json(
            [
                {"name": i.name, "origin": i.origin, "path": i.path, "overrides": i.overrides}
                for i in infos
            ]
        )
        return
    rows = [
        [i.name, i.origin + (", overrides packaged" if i.overrides else ""), i.path] for i in infos
    ]
    click.echo(table(["Name", "From", "File"], rows, max_col=80))


def _settings(app: App) -> Vault:
    """The vault's folder and settings, and none of its notes: all `templates` reads."""
    from vaultnet.config import load_config
    from vaultnet.network.vault import Vault

    root = app.vault_path
    return Vault(root=root, config=load_config(root), today=app.today, notes={}, narrowed=True)


def _copy(vault: Vault, found: Templates, name: str) -> None:
    from vaultnet.actions.templates import copy_template

    rel = copy_template(vault, found, name)
    click.echo(f"Wrote {rel}: edit it; vaultnet now uses it instead of the packaged one.")


def _open(
    app: App, names: list[str], connections: bool = False, for_write: bool = False
) -> tuple[Vault, list[Person]]:
    """The people `names` mean, in a vault narrowed to what preparing for them needs when each
    name is one person's exact name (see `Vault.open_around`); else in the whole vault, where a
    read finds a prefix or a typo too (saying so) and a write (`for_write`) no typo."""
    from vaultnet.network.vault import Vault

    found = Vault.open_around(app.vault_path, names, app.today, connections)
    if found is not None:
        return found
    vault = app.vault()
    if for_write:
        return vault, [vault.find_for_write(name) for name in names]
    return vault, [_read_match(vault, name) for name in names]


def _read_match(vault: Vault, name: str) -> Person:
    """The person `name` means for a read, saying so on stderr when it was a fuzzy match."""
    found = vault.lookup(name)
    if found.how == "fuzzy":
        click.echo(f"showing {found.person.name} for '{name}'", err=True)
    return found.person
