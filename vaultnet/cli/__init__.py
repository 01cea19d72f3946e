"""The command line: parse arguments, call the library, print. The one place errors become exit codes."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vaultnet.errors import UsageError, VaultnetError
from vaultnet.version import __version__

if TYPE_CHECKING:
    from vaultnet.network.vault import Vault

# Commands live in modules by theme and are imported only when used, so `--help` and
# `--version` stay fast. name -> "module:attribute"
COMMANDS = {
    "init": "vaultnet.cli.read:init",
    "index": "vaultnet.cli.read:index",
    "check": "vaultnet.cli.read:check",
    "list": "vaultnet.cli.read:list_people",
    "show": "vaultnet.cli.read:show",
    "add": "vaultnet.cli.write:add",
    "log": "vaultnet.cli.write:log",
    "prep": "vaultnet.cli.prepare:prep",
    "intro": "vaultnet.cli.prepare:intro",
    "newsletter": "vaultnet.cli.prepare:newsletter",
    "templates": "vaultnet.cli.prepare:templates",
    "digest": "vaultnet.cli.digest:digest",
    "import": "vaultnet.cli.imports:import_group",
    "export": "vaultnet.cli.exports:export_group",
    "watch": "vaultnet.cli.watch:watch",
    "stats": "vaultnet.cli.insights:stats",
    "report": "vaultnet.cli.insights:report",
    "intros": "vaultnet.cli.insights:intros",
    "set": "vaultnet.cli.facts:set_facts",
    "snooze": "vaultnet.cli.facts:snooze",
    "unsnooze": "vaultnet.cli.facts:unsnooze",
    "path": "vaultnet.cli.insights:path",
    "suggest": "vaultnet.cli.insights:suggest",
    "graph": "vaultnet.cli.insights:graph",
    "brand": "vaultnet.cli.insights:brand",
    "triage": "vaultnet.cli.triage:triage",
    "git-setup": "vaultnet.cli.gitmerge:git_setup",
    "merge-due": "vaultnet.cli.gitmerge:merge_due",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """The single place where errors become `Error: ...` and an exit code. A command returns
        its exit status (None is 0): `check` and `import` return 1 when they found errors."""
        try:
            status = super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except VaultnetError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `vaultnet list | head`: the reader left early; nothing to say.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except Exception as exc:
            if isinstance(ctx.obj, App) and ctx.obj.debug:
                raise
            click.echo(
                f"Error: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback)",
                err=True,
            )
            ctx.exit(1)
        if status:
            ctx.exit(status)
        return None


@dataclass
class App:
    """What every command gets through the Click context: where the vault is and what day it is."""

    vault_option: str | None
    today: date
    debug: bool = False
    _vault: Vault | None = field(default=None, repr=False)

    @property
    def vault_path(self) -> Path:
        from vaultnet.config import find_vault

        return find_vault(self.vault_option)

    def vault(self) -> Vault:
        """The vault, opened (indexed) once per command."""
        if self._vault is None:
            from vaultnet.network.vault import Vault

            self._vault = Vault.open(self.vault_path, self.today)
        return self._vault


pass_app = click.make_pass_decorator(App)


def _parse_today(value: str | None, source: str = "--today") -> date:
    if not value:
        return date.today()
    try:
        today = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{source} must be a date like 2026-11-22, not {value!r}") from None
    if today > LAST_TODAY:
        # Cadences (up to 100 years), look-aheads and next birthdays count forward from today.
        raise UsageError(
            f"{source} must be on or before {LAST_TODAY.isoformat()}: vaultnet counts cadences "
            f"of up to 100 years forward from it, past the calendar's end (9999-12-31)"
        )
    return today


LAST_TODAY = date(9899, 12, 31)


# color=True: click would otherwise strip what looks like a terminal sequence (a note's ESC[2J)
# from output that is not a terminal, losing bytes of the note; terminals get terminal_safe.
@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "color": True})
@click.option(
    "--vault",
    "vault_option",
    metavar="DIR",
    help="The vault folder (default: $VAULTNET_VAULT, else the nearest folder up with "
    "vaultnet.toml or .obsidian/, else the current folder).",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    envvar="VAULTNET_TODAY",
    help="Pretend today is this date ($VAULTNET_TODAY), for reproducible output.",
)
@click.option("--debug", is_flag=True, help="Show the Python traceback of an internal error.")
@click.version_option(__version__, "-V", "--version", prog_name="vaultnet")
@click.pass_context
def cli(ctx: click.Context, vault_option: str | None, today: str | None, debug: bool) -> None:
    """vaultnet: a personal networking CRM that lives in plain Markdown.

    Run `vaultnet digest` every morning, open Due.md, reach out, tick what you did.
    """
    from_env = ctx.get_parameter_source("today") == click.core.ParameterSource.ENVIRONMENT
    ctx.obj = App(
        vault_option, _parse_today(today, "$VAULTNET_TODAY" if from_env else "--today"), debug
    )


def echo_json(data: Any) -> None:
    """JSON for scripts: stable key order, two-space indent, UTF-8."""
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def collect_garbage() -> None:
    """Free the vaults a long-running command is done with (see `main`): people and
    interactions point at each other, so only the cyclic collector can. `watch` calls it after
    every refresh."""
    gc.collect()


def main(argv: list[str] | None = None) -> None:
    """The console entry point."""
    # A command builds a vault (a few hundred thousand objects, none of them garbage) and exits:
    # the cyclic garbage collector would only walk them again and again (up to a second on a
    # large vault). The switch is the command line's, not the library's: `Vault.open` leaves
    # the interpreter as it found it. A command that opens vaults again and again (`watch`)
    # collects the earlier ones itself (`collect_garbage`), so it does not grow.
    gc.disable()
    from vaultnet.cli.output import guard_terminal

    guard_terminal()  # a note's control characters never reach a terminal raw
    cli.main(args=sys.argv[1:] if argv is None else argv, prog_name="vaultnet")
