"""Creating a new vault skeleton, without ever overwriting what is there."""

from __future__ import annotations

from pathlib import Path

from vaultnet.config import CONFIG_FILE, CONFIG_TEMPLATE, DEFAULTS
from vaultnet.errors import VaultnetError

GITIGNORE_LINE = ".vaultnet/"


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
                handle.write(GITIGNORE_LINE + "\n")
            done.append("created .gitignore")
        else:
            with open(gitignore, encoding="utf-8", errors="replace", newline="") as handle:
                text = handle.read()
            if any(
                line.strip() in (".vaultnet", ".vaultnet/", "/.vaultnet/")
                for line in text.splitlines()
            ):
                done.append("kept    .gitignore")
            else:
                # Adding one line is the only change init ever makes to an existing file; it
                # ends the way the file's lines end.
                eol = "\r\n" if "\r\n" in text else "\n"
                with open(gitignore, "a", encoding="utf-8", newline="") as handle:
                    handle.write(
                        ("" if text.endswith("\n") or not text else eol) + GITIGNORE_LINE + eol
                    )
                done.append("added   .vaultnet/ to .gitignore")
    except OSError as exc:
        raise VaultnetError(f"cannot create the vault in {root}: {exc.strerror or exc}") from None
    return done
