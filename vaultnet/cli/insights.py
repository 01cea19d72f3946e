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
