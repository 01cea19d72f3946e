"""Commands that write notes: add (a new person) and log (an interaction)."""

from __future__ import annotations

import click

from vaultnet.cli import App, pass_app
from vaultnet.errors import UsageError


@click.command()
@click.argument("name")
@click.option("--company", default="", help="Where they work.")
@click.option("--role", default="", help="Their job title.")
@click.option("--email", default="", help="Their email address.")
@click.option("--phone", default="", help="Their phone number.")
@click.option("--location", default="", help="Where they live (e.g. Denver, CO).")
@click.option("--linkedin", default="", help="Their LinkedIn profile URL.")
@click.option("--circle", default="", help="A circle, e.g. core (the core 100) or friend.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--alias", "aliases", multiple=True, help="Another name they go by (repeatable).")
@click.option("--cadence", default="", help="How often to be in touch: 14d, 6w, 3m, 1y or never.")
@click.option(
    "--stage",
    type=click.Choice(["want", "pending", "connected"]),
    help="want: want to meet; pending: reached out, waiting; connected (the default).",
)
@click.option(
    "--status",
    type=click.Choice(["seeking", "employed", "founder", "freelance", "student", "retired"]),
    help="Their situation.",
)
@click.option("--ask", default="", help="What you would ask of them.")
@click.option("--offer", default="", help="What you can give them.")
@click.option("--introduced-by", default="", metavar="NAME", help="Who introduced you (a person).")
@pass_app
def add(
    app: App,
    name: str,
    company: str,
    role: str,
    email: str,
    phone: str,
    location: str,
    linkedin: str,
    circle: str,
    tags: tuple[str, ...],
    aliases: tuple[str, ...],
    cadence: str,
    stage: str | None,
    status: str | None,
    ask: str,
    offer: str,
    introduced_by: str,
) -> None:
    """Create People/NAME.md from the person template.

    Refuses a name or alias someone already has (ignoring case and accents) and names that
    cannot be file names. Example:

      vaultnet add "Maria Lopez" --company Globex --role "Design Lead" --circle core --tag design
    """
    from vaultnet.actions.people import NewPerson, add_person
    from vaultnet.text.dates import parse_duration

    if cadence and parse_duration(cadence) is None:
        raise UsageError(f"--cadence must be like 14d, 6w, 3m, 1y or never, not {cadence!r}")
    vault = app.vault()
    link = f"[[{vault.find_for_write(introduced_by).name}]]" if introduced_by.strip() else ""
    person = NewPerson(
        name=name,
        aliases=list(aliases),
        tags=list(tags),
        circle=circle.strip().lower(),
        company=company,
        role=role,
        location=location,
        email=email,
        phone=phone,
        linkedin=linkedin,
        cadence=cadence.strip(),
        stage=stage or "",
        status=status or "",
        ask=ask,
        offer=offer,
        introduced_by=link,
    )
    rel, left_out = add_person(vault, person)
    for key in left_out:
        click.echo(f"Warning: the person template does not write {key}; it was left out.", err=True)
    click.echo(f"Created {rel}")


@click.command()
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("-m", "--message", "text", required=True, help="What happened (the log text).")
@click.option(
    "--kind",
    help="One word: coffee, call, email, message, meeting, event, intro... "
    "[default: note; meeting with --note]",
)
@click.option(
    "--date",
    "when",
    default="today",
    show_default=True,
    help="When: YYYY-MM-DD, today, yesterday, or 3d / 2w / 1m / 1y ago.",
)
@click.option("--give", is_flag=True, help="You gave value: tag the line #give.")
@click.option("--ask", is_flag=True, help="You asked a favor: tag the line #ask.")
@click.option("--follow-up", "follow_up", metavar="TEXT", help="Also add a follow-up task.")
@click.option(
    "--on",
    "follow_up_on",
    metavar="DATE",
    help="When the follow-up is due (same forms as --date) [default: a week from today].",
)
@click.option(
    "--note",
    "as_note",
    is_flag=True,
    help="Write one interaction note in the interactions folder (Meetings/) instead of a "
    "log line in each person's note.",
)
@pass_app
def log(
    app: App,
    names: tuple[str, ...],
    text: str,
    kind: str | None,
    when: str,
    give: bool,
    ask: bool,
    follow_up: str | None,
    follow_up_on: str | None,
    as_note: bool,
) -> None:
    """Record an interaction with one or more people.

    Adds `- YYYY-MM-DD kind: text` under `## Log` in each person's note and moves last_contact
    forward. Examples:

      vaultnet log janie -m "coffee, talked about her reorg" --kind coffee

      vaultnet log jane -m "promised the notes" --follow-up "Send the notes" --on 2026-11-28
    """
    from vaultnet.actions.interactions import (
        DEFAULT_KIND,
        DEFAULT_NOTE_KIND,
        LogRequest,
        log_interaction,
        write_interaction_note,
    )
    from vaultnet.text.dates import date_option

    today = app.today
    day = date_option(when, "--date", today)
    if follow_up_on is not None and not follow_up:
        raise UsageError("--on needs --follow-up TEXT")
    if follow_up is not None and not follow_up.strip():
        raise UsageError("--follow-up needs a text")
    due = date_option(follow_up_on, "--on", today) if follow_up_on else None
    if not text.strip():
        raise UsageError("the log text (-m) is empty")
    from vaultnet.network.vault import Vault

    named = Vault.open_named(app.vault_path, list(names), today)  # exact names: from the index
    if named is not None:
        vault, found = named
    else:
        vault = app.vault()
        found = [vault.find_for_write(name) for name in names]  # a write: no fuzzy match
    people = []
    for person in found:
        if person not in people:
            people.append(person)
    request = LogRequest(
        day=day,
        text=text,
        kind=kind or (DEFAULT_NOTE_KIND if as_note else DEFAULT_KIND),
        give=give,
        ask=ask,
        follow_up=follow_up,
        follow_up_on=due,
    )
    if as_note:
        rel = write_interaction_note(vault, people, request)
        click.echo(f"Wrote {rel} (with {', '.join(p.name for p in people)})")
        return
    for result in log_interaction(vault, people, request):
        what = "Logged" if result.logged else "Already logged"
        extra = []
        if result.follow_up:
            extra.append("follow-up added")
        suffix = f"; {', '.join(extra)}" if extra else ""
        click.echo(f"{what} for {result.person.name} ({result.path}){suffix}")
