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
    from vaultnet.insights.report import week_report
    from vaultnet.insights.report_note import render_report
    from vaultnet.text.dates import monday_of, parse_week

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

    from vaultnet.actions.drafts import write_report

    out = Path(out_path)
    if write_report(vault, out, text, numbers.week, force):
        click.echo(f"Wrote {out}")
    else:
        click.echo(f"{out} is up to date")


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


@click.command()
@click.argument("target")
@click.option("--limit", default=10, show_default=True, help="How many paths to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def path(app: App, target: str, limit: int, as_json: bool) -> None:
    """Warm paths into TARGET: a company, a group, or a person you want to meet. The people you
    know there first, then who could introduce you (knows, introduced_by, a meeting or a log line
    shared with someone there), strongest relationship first, each with the reason.

    \b
    Examples:
      vaultnet path "Northwind Labs"
      vaultnet path "Omar Haddad"
    """
    from vaultnet.insights.paths import find_target, warm_paths

    vault = app.vault()
    found = warm_paths(vault, find_target(vault, target), limit)
    t = found.target
    if as_json:
        echo_json(
            _plain(
                {
                    "target": {
                        "kind": t.kind,
                        "name": t.name,
                        "insiders": [p.name for p in t.insiders],
                    },
                    "paths": [asdict(p) for p in found.paths],
                }
            )
        )
        return
    head = f"{t.name} ({t.kind})"
    if t.kind != "person":
        head += f": {plural(len(t.insiders), 'person', 'people')} there in the vault"
    out = [head]
    if not found.paths:
        out.append("No warm path yet: no one you have met there or linked to it.")
    for number, p in enumerate(found.paths, 1):
        route = p.via if p.direct else f"{p.via} -> {p.to}"
        kind = "you know them" if p.direct else "could introduce you"
        out.append(f"{number:>2}. {route} ({kind}, strength {p.strength})")
        out.extend(f"      {reason}" for reason in p.reasons)
    click.echo("\n".join(out))


@click.group()
def suggest() -> None:
    """Suggestions: `suggest intros` (people who should meet) and `suggest shares` (items of
    your share list, Share.md, that fit people who are due)."""


@suggest.command("intros")
@click.option("--limit", default=10, show_default=True, help="How many pairs to show.")
@click.option(
    "--draft",
    "draft_number",
    type=click.IntRange(min=1),
    metavar="N",
    help="Draft suggestion N (as numbered in the list) with `intro`, instead of listing.",
)
@click.option(
    "--log",
    "log_it",
    is_flag=True,
    help="With --draft: also record the introduction in both notes, as `intro --log` does.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@pass_app
def suggest_intros_command(
    app: App,
    ctx: click.Context,
    limit: int,
    draft_number: int | None,
    log_it: bool,
    as_json: bool,
) -> None:
    """Pairs who should meet, best first, with the reason and the `intro` command to make it.
    --draft N drafts suggestion N in one step (add --log once you have sent it).

    \b
    Examples:
      vaultnet suggest intros --limit 5
      vaultnet suggest intros --draft 1
    """
    import shlex

    from vaultnet.errors import UsageError
    from vaultnet.insights.intros import suggest_intros

    if log_it and draft_number is None:
        raise UsageError("--log goes with --draft N: say which suggestion to record")
    if draft_number is not None and as_json:
        raise UsageError("--draft and --json exclude one another")
    found = suggest_intros(app.vault(), max(limit, draft_number or 0))
    if draft_number is not None:
        if draft_number > len(found):
            raise UsageError(
                f"--draft {draft_number}: there are only "
                f"{plural(len(found), 'suggestion')} (see `vaultnet suggest intros`)"
            )
        from vaultnet.cli.prepare import intro

        chosen = found[draft_number - 1]
        ctx.invoke(
            intro,
            first=chosen.first,
            second=chosen.second,
            reason=chosen.short,
            log_it=log_it,
            template_name="intro",
            out=None,
            force=False,
            show_context=False,
        )
        return
    found = found[:limit]
    if as_json:
        echo_json([{**asdict(s), "reasons": list(s.reasons)} for s in found])
        return
    if not found:
        click.echo("No introductions to suggest: add asks, offers and interests to people.")
        return
    out = []
    for number, s in enumerate(found, 1):
        out.append(f"{number:>2}. {s.first} and {s.second} (score {s.score})")
        out.extend(f"      {reason}" for reason in s.reasons)
        command = ["vaultnet", "intro", s.first, s.second, "--reason", s.short]
        out.append(f"      {shlex.join(command)}")
    click.echo("\n".join(out))


@suggest.command("shares")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def suggest_shares_command(app: App, as_json: bool) -> None:
    """Items of your share list (Share.md at the vault's root) that fit the interests of people
    who are due (this week's reconnects, then due by cadence), never one already shared."""
    from vaultnet.due.schedule import schedule_vault
    from vaultnet.insights.shares import suggest_shares
    from vaultnet.network.shares import SHARE_NOTE, read_share_list

    root = app.vault_path
    if not (root / SHARE_NOTE).is_file():  # said before the vault is opened: it is not needed
        from vaultnet.config import load_config

        load_config(root)  # a bad vaultnet.toml is an error here as everywhere
        click.echo(
            f"No share list: write {SHARE_NOTE} at the vault's root, one item per line "
            "with #topics or [[links]].",
            err=True,
        )
        return
    vault = app.vault()
    items = read_share_list(vault.root)
    due_list = schedule_vault(vault)
    due = [(p.name, "reconnect") for p in due_list.reconnect.picks]
    due += [(r.name, "due by cadence") for r in due_list.due_by_cadence]
    found = suggest_shares(vault, items, due)
    if as_json:
        echo_json(
            [
                {
                    "name": m.name,
                    "why_due": m.why_due,
                    "item": m.item.title,
                    "line": m.item.line,
                    "because": list(m.because),
                }
                for m in found
            ]
        )
        return
    if not found:
        click.echo("Nothing on the share list fits the people who are due.")
        return
    out = []
    for m in found:
        out.append(f"{m.name} ({m.why_due}): {m.item.title}")
        out.append(f"    fits: {', '.join(m.because)} ({SHARE_NOTE}:{m.item.line})")
    click.echo("\n".join(out))


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot", "graphml"]),
    default="mermaid",
    show_default=True,
    help="mermaid (Obsidian, GitHub; for small graphs), dot (Graphviz), graphml (Gephi, yEd).",
)
@click.option("--circle", help="Only people in this circle (e.g. core), and their groups.")
@pass_app
def graph(app: App, fmt: str, circle: str | None) -> None:
    """The network as a picture: people and groups as nodes; knows, introduced_by, shared
    meetings and group membership as edges.

    \b
    Examples:
      vaultnet graph --circle core
      vaultnet graph --format graphml > network.graphml
    """
    from vaultnet.insights.graph import network_graph, to_dot, to_graphml, to_mermaid

    drawn = network_graph(app.vault(), circle)
    writer = {"mermaid": to_mermaid, "dot": to_dot, "graphml": to_graphml}[fmt]
    click.echo(writer(drawn), nl=False)


@click.command()
@click.option("--limit", default=15, show_default=True, help="How many words and phrases.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def brand(app: App, limit: int, as_json: bool) -> None:
    """The words people use about you: what recurs in notes tagged #feedback (360 answers,
    references) and in log lines tagged #feedback, stop words removed, phrases too."""
    from vaultnet.insights.brand import brand as summarize

    vault = app.vault()

    def read(path: str) -> str:  # the few notes tagged #feedback, read whole
        return (vault.root / path).read_text(encoding="utf-8-sig", errors="replace")

    found = summarize(vault, read, limit)
    if as_json:
        echo_json(_plain(asdict(found)))
        return
    if not found.sources:
        click.echo("No feedback yet: tag notes or log lines #feedback.")
        return
    out = [f"From {plural(found.sources, 'piece')} of feedback:", "", "Phrases:"]
    out += [f"  {phrase} ({count})" for phrase, count in found.phrases] or ["  none recur yet"]
    out += ["", "Words:"]
    out += [f"  {word} ({count})" for word, count in found.words] or ["  none recur yet"]
    click.echo("\n".join(out))
