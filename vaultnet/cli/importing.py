"""Running an import of contacts (LinkedIn connections, vCard, CSV) and reporting it: the
options the import commands share, the dry run, the progress line and the summary."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultnet.cli import App
from vaultnet.cli.output import plural

if TYPE_CHECKING:
    from vaultnet.actions.imports import ImportResult
    from vaultnet.errors import Problem
    from vaultnet.formats.matching import ImportPlan
    from vaultnet.formats.source import Contact, SourceText

    Reader = Callable[[SourceText], tuple[list[Contact], list[Problem]]]

PROGRESS_FROM = 100
"""Imports touching at least this many notes show a progress bar (on a terminal only)."""


def file_argument(func: Callable[..., int]) -> Callable[..., int]:
    return click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))(
        func
    )


def import_options(
    default_tag: str | None,
) -> Callable[[Callable[..., int]], Callable[..., int]]:
    def decorate(func: Callable[..., int]) -> Callable[..., int]:
        tag_help = "Tag new and untagged people with TAG (repeatable"
        tag_help += f'; default: {default_tag}; --tag "" for none).' if default_tag else ")."
        func = click.option(
            "--quiet", "-q", is_flag=True, help="Print only conflicts, problems and the summary."
        )(func)
        func = click.option("--tag", "tags", multiple=True, metavar="TAG", help=tag_help)(func)
        func = click.option(
            "--dry-run",
            "-n",
            is_flag=True,
            help="Show what would be created, updated and conflicted; write nothing.",
        )(func)
        return func

    return decorate


def tags_of(given: Sequence[str], default: str | None) -> list[str]:
    from vaultnet.formats.source import tag_name

    chosen = list(given) if given else ([default] if default else [])
    return [t for t in (tag_name(tag) for tag in chosen) if t]


def problem_line(problem: Problem) -> str:
    warning = "warning: " if problem.severity == "warning" else ""
    return f"{problem.path}:{problem.line}: {warning}{problem.message}"


def run_import(app: App, file: Path, read: Reader, dry_run: bool, quiet: bool) -> int:
    """Read FILE, import it (or plan it, for a dry run), print what happened; the exit status."""
    from vaultnet.formats.source import read_source

    return import_source(app, read_source(file), read, dry_run, quiet)


def import_source(app: App, source: SourceText, read: Reader, dry_run: bool, quiet: bool) -> int:
    contacts, problems = read(source)
    if dry_run:
        from vaultnet.formats.matching import plan_import

        plan = plan_import(app.vault(), contacts, problems)
        _report(source.name, plan, None, quiet)
        return 1 if plan.refused > 0 else 0
    from vaultnet.actions.imports import import_contacts
    from vaultnet.cli.output import ProgressLine

    with ProgressLine("Importing", PROGRESS_FROM, _stderr_is_terminal()) as progress:
        plan, result = import_contacts(app.vault_path, app.today, contacts, problems, progress)
    _report(source.name, plan, result, quiet)
    return 1 if plan.refused > 0 or result.failed > 0 else 0


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _report(name: str, plan: ImportPlan, result: ImportResult | None, quiet: bool) -> None:
    from vaultnet.actions.imports import tally

    if result is None:
        created = {t.path for t in plan.to_create}
        updated = {t.path for t in plan.to_update}
        problems = list(plan.problems)
        verbs = ("would create", "would update", "to create", "to update")
    else:
        created, updated = set(result.created), set(result.updated)
        problems = plan.problems + result.problems
        verbs = ("created", "updated", "created", "updated")
    if not quiet:
        for target in plan.targets:
            if target.path in created:
                click.echo(f"{verbs[0]} {target.path}")
            elif target.path in updated:
                click.echo(f"{verbs[1]} {target.path}: {', '.join(target.changes)}")
    for conflict in plan.conflicts:
        click.echo(f"conflict: {conflict} (kept yours)")
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        click.echo(problem_line(problem), err=True)
    counts = tally(plan, result)
    # The parts add up to the contacts read; conflicts are about values, not contacts.
    parts = [
        f"{counts.created} {verbs[2]}",
        f"{counts.updated} {verbs[3]}",
        f"{counts.unchanged} unchanged",
    ]
    if counts.merged:
        parts.append(f"{counts.merged} merged into an earlier contact")
    parts.append(f"{counts.skipped} skipped")
    if counts.failed:
        parts.append(f"{counts.failed} not written")
    conflicts = f"{plural(len(plan.conflicts), 'conflict')} (your values kept)"
    head = "Dry run, nothing written. " if result is None else ""
    click.echo(
        f"{head}{name}: {plural(counts.read, 'contact')} read; {', '.join(parts)}; {conflicts}."
    )
