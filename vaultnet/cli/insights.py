"""Commands that look at the network as a whole: report, path, suggest, intros, stats, graph,
brand. The computations live in vaultnet.insights; these parse, call and print."""

from __future__ import annotations

from dataclasses import asdict

import click

from vaultnet.cli import App, echo_json, pass_app
from vaultnet.cli.output import plural, table


def _counts(title: str, counts: list[tuple[str, int]]) -> list[str]:
    out = [f"{title}:"]
    out.extend(f"  {name:<16} {count:>5}" for name, count in counts)
    return out


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see the README for the shape).")
@pass_app
def stats(app: App, as_json: bool) -> None:
    """The network in numbers: people by circle, stage and status, contacts per month, the
    dormant share, favors, follow-ups and the top connectors."""
    from vaultnet.insights.stats import network_stats

    numbers = network_stats(app.vault())
    if as_json:
        data = asdict(numbers)
        for key in ("by_circle", "by_stage", "by_status", "contacts_per_month"):
            data[key] = dict(data[key])
        data["dormant_share"] = round(numbers.dormant_share, 3)
        echo_json(data)
        return
    out = [
        f"{plural(numbers.people, 'person', 'people')}, "
        f"{plural(numbers.interactions, 'interaction')}, {plural(numbers.groups, 'group')}",
        "",
        *_counts("By circle", numbers.by_circle),
        "",
        *_counts("By stage", numbers.by_stage),
        "",
        *_counts("By status", numbers.by_status),
        "",
        *_counts("Contacts per month", numbers.contacts_per_month),
        "",
        f"Dormant: {numbers.dormant} of {numbers.met} people you have met "
        f"({numbers.dormant_share:.0%}) had no contact in {numbers.dormant_after} days",
        f"Favors: {numbers.gives} given, {numbers.asks} asked",
        f"Follow-ups: {numbers.open_follow_ups} open with a date "
        f"({numbers.overdue_follow_ups} overdue), {numbers.open_loops} without a date, "
        f"{numbers.done_tasks} done",
    ]
    if numbers.connectors:
        out.append("")
        out.append("Top connectors:")
        rows = [[c.name, str(c.introduced), str(c.groups)] for c in numbers.connectors]
        out.extend(
            "  " + line for line in table(["Name", "Introduced you to", "Groups"], rows).split("\n")
        )
    click.echo("\n".join(out))


@click.command()
@click.option(
    "--week", metavar="YYYY-Www", help="The ISO week, e.g. 2026-W47 (default: this week)."
)
@click.option(
    "--out",
    "out_path",
    metavar="FILE",
    help="Write the report to FILE in the vault (e.g. Reports/2026-W47.md) instead of printing it.",
)
@click.option("--force", is_flag=True, help="With --out: replace a report that is already there.")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@pass_app
def report(app: App, week: str | None, out_path: str | None, force: bool, as_json: bool) -> None:
    """The weekly accountability report, to send to an accountability partner or coach: people
    in touch against your goal, reconnects, the core, gives and asks, new people, follow-ups,
    introductions, groups, the mix and the trend (with Mermaid charts). Any past week works: it
    is computed from the dated history.

    \b
    Examples:
      vaultnet report
      vaultnet report --week 2026-W46 --out Reports/2026-W46.md
    """
    from vaultnet.insights.report import monday_of, parse_week, render_report, week_report

    vault = app.vault()
    monday = parse_week(week) if week else monday_of(vault.today)
    numbers = week_report(vault, monday)
    if as_json:
        echo_json(_plain(asdict(numbers)))
        return
    text = render_report(numbers)
    if out_path is None:
        click.echo(text, nl=False)
        return
    from pathlib import Path

    from vaultnet.actions.drafts import write_draft
    from vaultnet.errors import RefusedEdit
    from vaultnet.fs.atomic import atomic_write
    from vaultnet.insights.report import is_report_of

    out = Path(out_path)
    data = text.encode("utf-8")
    if out.is_file() and not out.is_symlink():
        old = out.read_bytes()
        if old == data:
            click.echo(f"{out} is up to date")
            return
        if is_report_of(old, numbers.week):
            # an earlier report of the same week (the history changed since); it may hold the
            # user's edits, so only with --force
            if not force:
                raise RefusedEdit(
                    f"{out} holds an earlier report of {numbers.week}; add --force to replace it"
                )
            atomic_write(out, data, str(out))
            click.echo(f"Wrote {out}")
            return
    write_draft(vault, out, text, force)
    click.echo(f"Wrote {out}")


def _plain(value: object) -> object:
    """Dates as ISO strings, tuples as lists: JSON."""
    from datetime import date

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def intros(app: App, as_json: bool) -> None:
    """The introductions you made (`#intro` log lines, as `intro --log` writes them), oldest
    first, with what came of each: the two met or wrote later, or one of them thanked you."""
    from vaultnet.insights.intros import introductions

    vault = app.vault()
    made = introductions(vault)
    if as_json:
        echo_json(_plain([asdict(i) for i in made]))
        return
    if not made:
        click.echo("No introductions on record yet (log them with `vaultnet intro A B --log`).")
        return
    out = []
    for intro in made:
        out.append(f"{intro.on.isoformat()}  {intro.first} and {intro.second}: {intro.reason}")
        for outcome in intro.outcomes:
            if outcome.kind == "thanks":
                out.append(
                    f"    {outcome.on.isoformat()} {outcome.who} thanked you: {outcome.text}"
                )
            else:
                out.append(f"    {outcome.on.isoformat()} together: {outcome.text}")
        if not intro.outcomes:
            days = (vault.today - intro.on).days
            out.append(f"    nothing came of it on record yet ({plural(days, 'day')} ago)")
    click.echo("\n".join(out))
