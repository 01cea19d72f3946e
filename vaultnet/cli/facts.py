"""Commands that change facts in person notes: set, snooze, unsnooze."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from vaultnet.cli import App, pass_app
from vaultnet.cli.output import plural
from vaultnet.errors import UsageError

if TYPE_CHECKING:
    from vaultnet.actions.facts import FactChange, PersonChanges


def stdin_is_terminal() -> bool:
    """Whether a person is at the keyboard (tests that drive the prompts replace this)."""
    return sys.stdin.isatty()


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def change_line(change: FactChange) -> str:
    """`circle: core (was friend)`, `tags: [a, b] (was none)`, `snooze_until removed (was ...)`."""
    if change.new is None:
        return f"{change.key} removed (was {_shown(change.old)})"
    return f"{change.key}: {_shown(change.new)} (was {_shown(change.old)})"


def _echo_changes(item: PersonChanges, verb: str = "") -> None:
    if not item.changes:
        click.echo(f"{item.person.name}: nothing to change")
        return
    for change in item.changes:
        click.echo(f"{verb}{item.person.name}: {change_line(change)}")


FILTERS = ("circle", "tag", "company", "stage", "status", "location", "group")


def filter_options(command: Any) -> Any:
    """`list`'s filters, for choosing many people instead of one NAME."""
    options = [
        click.option("--circle", help="People in this circle (e.g. core)."),
        click.option("--tag", help="People with this tag."),
        click.option("--company", help="People at this company (part of the name is enough)."),
        click.option("--stage", type=click.Choice(["want", "pending", "connected"])),
        click.option("--status", help="People in this situation (seeking, employed...)."),
        click.option("--location", help="People whose location holds this."),
        click.option("--group", help="Members of this group (its name or an alias)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.command("set")
@click.argument("words", nargs=-1, required=True, metavar="[NAME] KEY=VALUE...")
@filter_options
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--yes", "-y", is_flag=True, help="Change many people without asking.")
@pass_app
def set_facts(app: App, words: tuple[str, ...], dry_run: bool, yes: bool, **filters: Any) -> int:
    """Change facts in person notes, surgically: only each key's line changes.

    KEY=VALUE sets a key (checked against the vault format), KEY= removes it, tags+=x and
    tags-=x add to or take from a list. With list's filters instead of NAME, many people at
    once: it shows the changes and asks (or --yes). Examples:

      vaultnet set "Jane Doe" circle=core cadence=30d tags+=mentor

      vaultnet set --company Globex circle=core --dry-run
    """
    from vaultnet.actions import facts

    chosen = {k: v for k, v in filters.items() if v}
    name = None
    if not chosen:
        name, words = words[0], words[1:]
        if "=" in name and not words:
            raise UsageError("name a person before KEY=VALUE (or choose people with filters)")
    if not words:
        raise UsageError("nothing to set: give KEY=VALUE (KEY= removes a key)")
    assignments = [facts.parse_assignment(word, app.today) for word in words]
    vault = app.vault()
    if name is not None:
        person = facts.person_to_write(vault, name)
        planned = facts.plan_changes(person, assignments)
        if not dry_run:
            facts.write_changes(vault, [planned])
        _echo_changes(planned, "would change " if dry_run else "")
        return 0
    people = vault.select(**chosen)
    facts.check_people_selected(people)
    planned_all = [facts.plan_changes(p, assignments) for p in people]
    changing = [p for p in planned_all if p.changes]
    for item in changing:
        _echo_changes(item)
    count = plural(len(changing), "person", "people")
    unchanged = len(planned_all) - len(changing)
    already = f"; {plural(unchanged, 'person', 'people')} already so" if unchanged else ""
    if not changing:
        click.echo(f"Nothing to change{already}.")
        return 0
    if dry_run:
        click.echo(f"Would change {count}{already}. Nothing written (--dry-run).")
        return 0
    if not yes:
        if not stdin_is_terminal():
            raise UsageError(f"this changes {count}: add --yes to write, or --dry-run to look")
        if not click.confirm(f"Change {count}?", default=False):
            click.echo("Nothing written.")
            return 1
    facts.write_changes(vault, changing)
    click.echo(f"Changed {count}{already}.")
    return 0


@click.command()
@click.argument("name")
@click.option(
    "--until", "until", required=True, metavar="WHEN", help="2026-12-01, 2w, 3m, next month..."
)
@pass_app
def snooze(app: App, name: str, until: str) -> None:
    """No reminders for NAME before WHEN (sets snooze_until).

    WHEN is a date, tomorrow, 2w / 3m / 1y (from today; in 2w works too), next week, next
    month or next year. Example:

      vaultnet snooze "Jane Doe" --until "next month"
    """
    from vaultnet.actions import facts
    from vaultnet.text.dates import parse_until

    day = parse_until(until, app.today)
    if day is None:
        raise UsageError(
            f"--until must be a date like 2026-12-01, tomorrow, 2w, 3m, next week or next "
            f"month, not {until!r}"
        )
    if day <= app.today:
        raise UsageError(f"--until must be after today ({app.today.isoformat()}), not {until!r}")
    vault = app.vault()
    person = facts.person_to_write(vault, name)
    facts.set_facts(vault, person, [facts.Assignment("snooze_until", "=", day.isoformat())])
    click.echo(f"{person.name} snoozed until {day.isoformat()}: no reminders before then.")


@click.command()
@click.argument("name")
@pass_app
def unsnooze(app: App, name: str) -> None:
    """Remind about NAME again (removes snooze_until). Example: vaultnet unsnooze "Jane Doe" """
    from vaultnet.actions import facts

    vault = app.vault()
    person = facts.person_to_write(vault, name)
    done = facts.set_facts(vault, person, [facts.Assignment("snooze_until", "=", None)])
    if done.changes:
        click.echo(f"{person.name} unsnoozed (was snoozed until {_shown(done.changes[0].old)}).")
    else:
        click.echo(f"{person.name} was not snoozed.")
