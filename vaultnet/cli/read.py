"""Commands that read the vault: init, index, check, list, show."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vaultnet.cli import App, echo_json, pass_app
from vaultnet.cli.output import plural, table
from vaultnet.formats.jsonout import person_summary

if TYPE_CHECKING:
    from vaultnet.config import Config
    from vaultnet.errors import Problem
    from vaultnet.network.answers import Checked
    from vaultnet.network.model import Group, Person
    from vaultnet.network.vault import Vault


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@pass_app
def init(app: App, directory: Path | None) -> None:
    """Create a vault skeleton in DIRECTORY (default: --vault, $VAULTNET_VAULT, else here).
    Never overwrites anything."""
    import os

    from vaultnet.actions.init import create_vault

    given = app.vault_option or os.environ.get("VAULTNET_VAULT")
    root = directory or (Path(given).expanduser() if given else Path.cwd())
    for line in create_vault(root):
        click.echo(line)
    click.echo(f'Vault ready in {root}. Next: vaultnet --vault {root} add "Jane Doe"')


def _problem_lines(problems: list[Problem]) -> list[str]:
    return [
        f"{p.path}:{p.line}: {'warning: ' if p.severity == 'warning' else ''}{p.message}"
        for p in problems
    ]


def _summary(vault: Vault | Checked) -> str:
    errors = len(vault.errors)
    warnings = len(vault.problems) - errors
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


@click.command()
@pass_app
def index(app: App) -> None:
    """Refresh the cache; print counts and problems."""
    vault = app.vault()
    for line in _problem_lines(vault.problems):
        click.echo(line, err=True)
    s = vault.stats
    click.echo(
        f"{plural(len(vault.people), 'person', 'people')}, "
        f"{plural(len(vault.interactions), 'interaction')}, {plural(len(vault.groups), 'group')} "
        f"in {plural(s.files, 'note')} ({s.read} read, {s.cached} from cache). {_summary(vault)}."
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> int:
    """Lint the vault: bad YAML, bad dates, broken links, duplicates. Exit 1 on errors.

    Each problem is printed as `path:line: message`; warnings say `warning:`.
    """
    from vaultnet.network.answers import Checked, open_problems

    app: App = ctx.find_object(App)  # type: ignore[assignment]
    # from the index's rows (with --json, the people too: the keys they have that are not read)
    checked = open_problems(app.vault_path, app.today, with_people=as_json)
    if checked is None:
        vault = app.vault()
        checked = Checked(vault.problems, len(vault.notes), vault.config, vault.people)
    if as_json:
        echo_json(
            [
                {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}
                for p in checked.problems
            ]
            + [
                {
                    "path": path,
                    "line": line,
                    "severity": "info",
                    "message": f"'{key}' is not read (map it under [keys] if it is a fact)",
                    "key": key,
                }
                for path, line, key in _unread_keys(checked.people, checked.config)
            ]
        )
        return 1 if checked.errors else 0
    for line in _problem_lines(checked.problems):
        click.echo(line)
    click.echo(f"{plural(checked.notes, 'note')} checked: {_summary(checked)}.", err=True)
    return 1 if checked.errors else 0


def _unread_keys(people: list[Person], config: Config) -> list[tuple[str, int, str]]:
    """(path, line, key) of each frontmatter key of a person note that vaultnet does not read."""
    from vaultnet.notes.keys import ignored_keys

    return [
        (person.path, person.note.key_lines.get(key, 1), key)
        for person in people
        for key in ignored_keys(
            person.note.frontmatter, person.note.renamed, also_read=config.date_keys
        )
    ]


def _ago(day: date | None, today: date) -> str:
    if day is None:
        return "never"
    days = (today - day).days
    return f"{day.isoformat()} ({days}d ago)" if days >= 0 else day.isoformat()


@click.command("list")
@click.option("--circle", help="Only people in this circle (e.g. core).")
@click.option("--tag", help="Only people with this tag.")
@click.option(
    "--company", help="Only people at this company (case-insensitive, part of the name is enough)."
)
@click.option(
    "--stage",
    type=click.Choice(["want", "pending", "connected"]),
    help="Only people at this stage.",
)
@click.option("--status", help="Only people in this situation (seeking, employed, founder...).")
@click.option("--location", help="Only people whose location holds this (e.g. Denver).")
@click.option("--group", help="Only members of this group (its name or an alias).")
@click.option("--due", is_flag=True, help="Only people due by cadence today.")
@click.option(
    "--sort",
    type=click.Choice(["name", "connector", "last_contact", "due"]),
    default="name",
    show_default=True,
    help="connector: who introduced you to the most people, then links the most groups; "
    "last_contact: longest silent first; due: soonest next due first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see the README for the shape).")
@pass_app
def list_people(
    app: App,
    circle: str | None,
    tag: str | None,
    company: str | None,
    stage: str | None,
    status: str | None,
    location: str | None,
    group: str | None,
    due: bool,
    sort: str,
    as_json: bool,
) -> None:
    """People, filtered; a table by default."""
    vault = None
    if not group and sort != "connector":  # the people's own facts: from the index's rows
        from vaultnet.network.answers import open_people

        vault = open_people(app.vault_path, app.today)
    if vault is None:
        vault = app.vault()
    people = vault.select(
        circle=circle,
        tag=tag,
        company=company,
        stage=stage,
        status=status,
        location=location,
        group=group,
    )
    if sort == "connector":
        from vaultnet.insights.connectors import sort_by_connector

        people = sort_by_connector(vault, people)
    summaries = [person_summary(p, vault) for p in people]
    if due:
        summaries = [s for s in summaries if s["due"]]
    if sort == "last_contact":  # never contacted first, then the longest silent
        summaries.sort(key=lambda s: s["last_contact"] or "")
    elif sort == "due":  # no cadence last
        summaries.sort(key=lambda s: (s["next_due"] is None, s["next_due"] or ""))
    if as_json:
        echo_json(summaries)
        return
    if not summaries:
        click.echo("No one matches.", err=True)
        return
    rows = [
        [
            s["name"],
            s["circle"] or "",
            s["company"] or "",
            s["role"] or "",
            s["last_contact"] or "never",
            s["next_due"] or "",
            s["stage"],
        ]
        for s in summaries
    ]
    click.echo(
        table(["Name", "Circle", "Company", "Role", "Last contact", "Next due", "Stage"], rows)
    )
    click.echo(plural(len(rows), "person", "people"), err=True)


@click.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--history",
    "history_limit",
    default=10,
    show_default=True,
    help="How many past interactions to show.",
)
@pass_app
def show(app: App, name: str, as_json: bool, history_limit: int) -> None:
    """One person: facts, last contact, history, open follow-ups, favor balance."""
    from vaultnet.actions import people
    from vaultnet.network.model import CONTACT_FIELDS
    from vaultnet.network.vault import Vault

    # One person's answer from the index when the name is exact; else the whole vault.
    found = Vault.open_person(app.vault_path, name, app.today)
    if found is not None:
        vault, person = found
    else:
        vault = app.vault()
        from vaultnet.text.links import fold

        group = vault.group_by_link(name)
        if group is not None and not any(fold(name) in p.note.summary.keys for p in vault.people):
            _show_group(group, vault.today, as_json)
            return
        match = vault.lookup(name)
        if match.how == "fuzzy":
            click.echo(f"showing {match.person.name} for '{name}'", err=True)
        person = match.person
    summary = person_summary(person, vault)
    history = person.history[:history_limit] if history_limit >= 0 else person.history
    open_tasks = sorted(
        person.open_tasks(), key=lambda item: (item[0].due or "9999", item[1], item[0].line)
    )
    if as_json:
        summary.update(_typed_facts(person))
        summary["frontmatter"] = people.facts_json(person)
        summary["facts"] = {k: person.fact(k) for k in CONTACT_FIELDS if person.fact(k)}
        summary["history"] = [
            {
                "date": h.date.isoformat(),
                "kind": h.kind,
                "text": h.text,
                "path": h.path,
                "line": h.line,
            }
            for h in history
        ]
        summary["open_tasks"] = [
            {"text": t.text, "due": t.due, "start": t.start, "path": path, "line": t.line}
            for t, path in open_tasks
        ]
        summary["details"] = person.details
        echo_json(summary)
        return
    out: list[str] = []
    title = person.display_name
    if person.display_name != person.name:
        title += f" ({person.name})"
    out.append(title)
    out.append("=" * len(title))
    out.append(f"Note:          {person.path}")
    for fact in people.note_facts(person):
        out.append(f"{fact.label + ':':<14} {fact.text}")
    out.append(f"Last contact:  {_ago(person.last_contact, vault.today)}")
    if summary["cadence_days"]:
        out.append(
            f"Cadence:       every {summary['cadence_days']} days, next due {summary['next_due']}"
        )
    elif person.never:
        out.append("Cadence:       never (no reminders)")
    if person.ask:
        out.append(f"Ask:           {person.ask}")
    if person.offer:
        out.append(f"Offer:         {person.offer}")
    out.append(f"Favor balance: {person.gives} given, {person.asks} asked")
    if person.details:
        out.append("")
        out.append("Details:")
        out.extend(f"  - {d}" for d in person.details)
    if open_tasks:
        out.append("")
        out.append("Open follow-ups:")
        for task, path in open_tasks:
            dates = [f"starts {task.start}"] if task.start else []
            dates += [f"due {task.due}"] if task.due else []
            due = f" ({', '.join(dates)})" if dates else ""
            source = "" if path == person.path else f" [{path}]"
            out.append(f"  - [ ] {task.text}{due}{source}")
    out.append("")
    if history:
        out.append(f"History ({len(history)} of {len(person.history)}):")
        for h in history:
            kind = f" {h.kind}" if h.kind else ""
            out.append(f"  {h.date.isoformat()}{kind}: {h.text}")
    else:
        out.append("History: none yet")
    click.echo("\n".join(out))


def _typed_facts(person: Person) -> dict[str, Any]:
    """`show --json`'s facts read as vaultnet reads them (the frontmatter as written is apart)."""
    from vaultnet.formats.jsonout import format_birthday

    return {
        "location": person.fact("location") or None,
        "birthday": format_birthday(person.birthday),
        "connected": person.connected.isoformat() if person.connected else None,
        "interests": person.interests,
        "groups": person.groups,
        "knows": person.knows,
        "introduced_by": person.introduced_by,
        "snooze_until": person.snooze_until.isoformat() if person.snooze_until else None,
    }


def _show_group(group: Group, today: date, as_json: bool) -> None:
    """`show GROUP`: its note, cadence, last attendance and members."""
    from vaultnet.text.dates import format_days

    members = sorted(p.name for p in group.members)
    if as_json:
        echo_json(
            {
                "name": group.name,
                "path": group.path,
                "cadence_days": group.cadence,
                "last_attended": group.last_attended.isoformat() if group.last_attended else None,
                "members": members,
            }
        )
        return
    cadence = format_days(group.cadence) if group.cadence else "none"
    out = [group.name, "=" * len(group.name), f"Note:          {group.path}"]
    out.append(f"Cadence:       {cadence}")
    out.append(f"Last attended: {_ago(group.last_attended, today)}")
    out.append(f"Members:       {', '.join(members) if members else 'none'}")
    click.echo("\n".join(out))
