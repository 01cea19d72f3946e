"""`vaultnet triage`: walk undecided people into circles and cadences, one key each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from vaultnet.cli import App, echo_json, pass_app
from vaultnet.cli import facts as facts_cli
from vaultnet.cli.output import plural
from vaultnet.errors import UsageError

if TYPE_CHECKING:
    from vaultnet.actions.triage import Candidate, Choice


def _candidate_json(candidate: Candidate) -> dict[str, Any]:
    person = candidate.person
    return {
        "name": person.name,
        "path": person.path,
        "company": person.company or None,
        "role": person.role or None,
        "location": person.fact("location") or None,
        "email": person.email or None,
        "connected": person.connected.isoformat() if person.connected else None,
        "last_contact": person.last_contact.isoformat() if person.last_contact else None,
        "introduced_by": person.fact("introduced_by") or None,
        "reasons": list(candidate.reasons),
    }


def _screen(candidate: Candidate, at: int, total: int) -> list[str]:
    person = candidate.person
    lines = [f"{person.name}  ({at} of {total})"]
    work = ", ".join(x for x in (person.company, person.role) if x)
    if work:
        lines.append(f"  {work}")
    if person.fact("location"):
        lines.append(f"  {person.fact('location')}")
    dates = [
        f"connected {person.connected.isoformat()}" if person.connected else "",
        f"last contact {person.last_contact.isoformat()}"
        if person.last_contact
        else "no contact on record",
    ]
    lines.append("  " + ", ".join(d for d in dates if d))
    introduced = person.fact("introduced_by").replace("[[", "").replace("]]", "")
    if introduced:
        lines.append(f"  introduced by {introduced}")
    lines.extend(f"  note: {detail}" for detail in person.details[:3])
    if candidate.reasons:
        lines.append(f"  why first: {', '.join(candidate.reasons)}")
    return lines


def _key_line(offered: list[Choice]) -> str:
    keys = [f"[{c.key}] {c.label}" for c in offered]
    return "  ".join([*keys, "[s] skip", "[b] back", "[x] quit"])


@click.command()
@click.option("--limit", type=click.IntRange(min=1), help="At most this many people.")
@facts_cli.filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON; ask nothing.")
@pass_app
def triage(app: App, limit: int | None, as_json: bool, **filters: Any) -> None:
    """Walk the people nobody has decided about yet, one key each.

    The most promising come first (some history, the company or a group of a core person, a
    recent connection, an email). Each decision is written at once: c core, m/q/y a monthly,
    quarterly or yearly cadence, 1-9 another circle of the config, n never; s skips (asked
    again next time), b goes back and undoes, x quits. Example:

      vaultnet triage --company Globex --limit 20
    """
    from vaultnet.actions import triage as use_case

    vault = app.vault()
    chosen = {k: v for k, v in filters.items() if v}
    queue = use_case.triage_queue(vault, vault.select(**chosen) if chosen else None)
    if limit is not None:
        queue = queue[:limit]
    if as_json:
        echo_json([_candidate_json(c) for c in queue])
        return
    if not facts_cli.stdin_is_terminal():
        raise UsageError(
            "triage asks one key per person and needs a terminal; use `vaultnet triage --json` "
            "for the queue and `vaultnet set NAME circle=core` (or cadence=3m...) to decide"
        )
    if not queue:
        click.echo("No one left to decide about.")
        return
    progress = use_case.progress(vault)
    offered = use_case.choices(vault.config)
    by_key = {c.key: c for c in offered}
    decisions: dict[int, use_case.Decision] = {}
    at = 0
    shown: int | None = None
    while at < len(queue):
        candidate = queue[at]
        if shown != at:
            click.echo("\n".join(_screen(candidate, at + 1, len(queue))))
            click.echo(_key_line(offered))
            shown = at
        key = click.getchar().lower()
        if key in ("", "\x04", "x"):
            click.echo("x: quit")
            break
        if key == "s":
            click.echo("s: skipped")
            at += 1
        elif key == "b":
            if at == 0:
                click.echo("b: this is the first")
                continue
            at -= 1
            earlier = decisions.pop(at, None)
            if earlier is not None:
                use_case.undo(vault, earlier)
                progress.decided -= 1
                progress.core -= earlier.choice.value == "core"
                click.echo(f"b: back, {earlier.person.name} is undecided again")
            else:
                click.echo("b: back")
            continue
        elif key in by_key:
            choice = by_key[key]
            decisions[at] = use_case.decide(vault, candidate.person, choice)
            progress.decided += 1
            progress.core += choice.value == "core"
            click.echo(f"{key}: {choice.fact} {choice.value}")
            at += 1
        else:
            keys = " ".join([*by_key, "s", "b", "x"])
            click.echo(f"{key!r} is not one of the keys: {keys}")
            continue
        click.echo(progress.line())
        click.echo("")
    click.echo(
        f"Decided {plural(len(decisions), 'person', 'people')} this time; {progress.line()}."
    )
