"""Creating a new vault skeleton, without ever overwriting what is there."""

from __future__ import annotations

from pathlib import Path

from vaultnet.config import CONFIG_FILE, CONFIG_TEMPLATE, DEFAULTS
from vaultnet.errors import VaultnetError
from vaultnet.fs.atomic import TEMP_PATTERN

GITIGNORE_LINES = (".vaultnet/", TEMP_PATTERN)
"""The cache and state folder, and vaultnet's temp files (left only by a crash, removed by the
next run that writes in their folder)."""


def create_vault(root: Path) -> list[str]:
    """Create folders, vaultnet.toml and .gitignore under root; return what was done, line by line."""
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
        gitignore = root / ".gitignore"
        if not gitignore.exists():
            with open(gitignore, "x", encoding="utf-8") as handle:
                handle.write("".join(line + "\n" for line in GITIGNORE_LINES))
            done.append("created .gitignore")
        else:
            with open(gitignore, encoding="utf-8", errors="replace", newline="") as handle:
                text = handle.read()
            present = {line.strip().lstrip("/").rstrip("/") for line in text.splitlines()}
            missing = [line for line in GITIGNORE_LINES if line.rstrip("/") not in present]
            if not missing:
                done.append("kept    .gitignore")
            else:
                # Adding lines at the end is the only change init ever makes to an existing
                # file; they end the way the file's lines end.
                eol = "\r\n" if "\r\n" in text else "\n"
                with open(gitignore, "a", encoding="utf-8", newline="") as handle:
                    handle.write(
                        ("" if text.endswith("\n") or not text else eol)
                        + "".join(line + eol for line in missing)
                    )
                done.extend(f"added   {line} to .gitignore" for line in missing)
    except OSError as exc:
        raise VaultnetError(f"cannot create the vault in {root}: {exc.strerror or exc}") from None
    return done
