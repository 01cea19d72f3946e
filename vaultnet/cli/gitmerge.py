"""`git-setup` (register the Due.md merge driver in the vault's git repository) and the driver
itself, `merge-due`, which git runs (hidden from the command list)."""

from __future__ import annotations

from pathlib import Path

import click

from vaultnet.cli import App, pass_app


@click.command("git-setup")
@pass_app
def git_setup(app: App) -> None:
    """Let two clones of the vault merge their Due.md without a conflict: registers vaultnet's
    merge driver in the git repository (git config, this clone only) and names it in
    .gitattributes."""
    from vaultnet.actions.init import git_setup as setup
    from vaultnet.config import load_config

    root = app.vault_path
    for line in setup(root, load_config(root).due_note):
        click.echo(line)
    click.echo("Due.md now merges by keeping every tick of both sides; run it in each clone.")


@click.command("merge-due", hidden=True)
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
def merge_due(base: Path, ours: Path, theirs: Path) -> int:
    """git's merge driver for Due.md (`vaultnet merge-due %O %A %B`): writes the merge into
    OURS; exits 1 when your notes below the keep marker conflict (left marked, as git does)."""
    from vaultnet.due.merge import merge_due as merge
    from vaultnet.errors import VaultnetError

    def read(path: Path) -> str:
        try:
            return path.read_bytes().decode("utf-8", errors="surrogateescape")
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise VaultnetError(f"cannot read {path}: {exc.strerror or exc}") from None

    merged = merge(read(base), read(ours), read(theirs))
    try:
        ours.write_bytes(merged.text.encode("utf-8", errors="surrogateescape"))
    except OSError as exc:
        raise VaultnetError(f"cannot write {ours}: {exc.strerror or exc}") from None
    if merged.conflicts:
        click.echo(
            f"Due.md: your notes below the keep marker conflict ({merged.conflicts}); "
            "resolve them by hand",
            err=True,
        )
        return 1
    return 0
