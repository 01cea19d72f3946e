"""Creating a new vault skeleton, without ever overwriting what is there; the git settings that
let two clones merge their Due.md (`git-setup`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from vaultnet.config import CONFIG_FILE, CONFIG_TEMPLATE, DEFAULTS
from vaultnet.errors import VaultnetError
from vaultnet.fs.atomic import TEMP_PATTERN

GITIGNORE_LINES = (".vaultnet/", TEMP_PATTERN)
"""The cache and state folder, and vaultnet's temp files (left only by a crash, removed by the
next run that writes in their folder)."""

MERGE_DRIVER = "vaultnet-due"
"""The git merge driver for Due.md: `vaultnet merge-due %O %A %B` keeps every tick of both
sides (see due/merge.py)."""


def gitattributes_line(due_note: str = "Due.md") -> str:
    """`Due.md merge=vaultnet-due` (a name with spaces quoted, as git reads it)."""
    pattern = due_note if " " not in due_note else '"' + due_note.replace('"', '\\"') + '"'
    return f"{pattern} merge={MERGE_DRIVER}"


def _add_lines(path: Path, lines: tuple[str, ...], done: list[str]) -> None:
    """Create `path` with `lines`, or add the ones it lacks at its end: the only change vaultnet
    ever makes to an existing .gitignore or .gitattributes. Added lines end the way the file's
    lines end."""
    if not path.exists():
        with open(path, "x", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))
        done.append(f"created {path.name}")
        return
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        text = handle.read()
    present = {" ".join(line.strip().lstrip("/").rstrip("/").split()) for line in text.splitlines()}
    patterns = {p.split()[0] for p in present if " merge=" in f" {p}"}
    missing = [
        line
        for line in lines
        if line.rstrip("/") not in present
        # a merge setting of the user's own for that file is theirs to keep
        and not (" merge=" in line and line.split()[0] in patterns)
    ]
    if not missing:
        done.append(f"kept    {path.name}")
        return
    eol = "\r\n" if "\r\n" in text else "\n"
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(
            ("" if text.endswith("\n") or not text else eol)
            + "".join(line + eol for line in missing)
        )
    done.extend(f"added   {line} to {path.name}" for line in missing)


def create_vault(root: Path) -> list[str]:
    """Create folders, vaultnet.toml, .gitignore and .gitattributes under root; return what was
    done, line by line."""
    done: list[str] = []
    if root.exists() and not root.is_dir():
        raise VaultnetError(f"{root} exists and is not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
        folders = DEFAULTS["folders"]
        for key in ("people", "interactions", "groups", "templates"):
            folder = root / folders[key]
            if folder.is_dir():
                done.append(f"kept    {folders[key]}/")
            else:
                folder.mkdir(parents=True)
                done.append(f"created {folders[key]}/")
        config = root / CONFIG_FILE
        if config.exists():
            done.append(f"kept    {CONFIG_FILE}")
        else:
            with open(config, "x", encoding="utf-8") as handle:
                handle.write(CONFIG_TEMPLATE)
            done.append(f"created {CONFIG_FILE}")
        _add_lines(root / ".gitignore", GITIGNORE_LINES, done)
        _add_lines(root / ".gitattributes", (gitattributes_line(),), done)
    except OSError as exc:
        raise VaultnetError(f"cannot create the vault in {root}: {exc.strerror or exc}") from None
    return done


def driver_command() -> str:
    """The command git runs to merge Due.md: this very vaultnet, whatever PATH git sees."""
    python = sys.executable.replace("'", "'\\''")
    return f"'{python}' -m vaultnet merge-due %O %A %B"


def git_setup(root: Path, due_note: str = "Due.md") -> list[str]:
    """Register the Due.md merge driver in the git repository holding the vault, and make sure
    the vault's .gitattributes names it; return what was done, line by line."""
    done: list[str] = []

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise VaultnetError(f"cannot run git: {exc}") from None

    if git("rev-parse", "--git-dir").returncode != 0:
        raise VaultnetError(f"{root} is not in a git repository (run git init first)")
    for key, value in (
        (f"merge.{MERGE_DRIVER}.name", "vaultnet: keep every tick of both sides of Due.md"),
        (f"merge.{MERGE_DRIVER}.driver", driver_command()),
    ):
        result = git("config", "--local", key, value)
        if result.returncode != 0:
            raise VaultnetError(f"git config {key} failed: {result.stderr.strip()}")
        done.append(f"set     git config {key}")
    try:
        _add_lines(root / ".gitattributes", (gitattributes_line(due_note),), done)
    except OSError as exc:
        raise VaultnetError(f"cannot write .gitattributes: {exc.strerror or exc}") from None
    return done
