"""Where the week's reconnect state is kept: `.vaultnet/week.json` (see `vaultnet.due.reconnect`).

It is derived state, like the cache: the week's picks, who was dormant on Monday, and the
rotation (the last week each person was picked). Deleting it (or all of `.vaultnet/`) is safe:
the week then starts again from the notes as they are, and the rotation from scratch. Reading
or writing it never fails a command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.due.items import WeekState
from vaultnet.due.reconnect import current_week
from vaultnet.errors import VaultnetError

if TYPE_CHECKING:
    from vaultnet.network.vault import Vault

WEEK_FILE = ".vaultnet/week.json"


def load_week(root: Path) -> WeekState | None:
    return WeekState.from_json(read_state(root, WEEK_FILE))


def save_week(root: Path, state: WeekState | None) -> None:
    """Keep `state` (nothing is written when it is already what the file holds)."""
    if state is not None:
        write_state(root, WEEK_FILE, state.to_json())


def read_state(root: Path, name: str) -> Any:
    """The JSON value kept in `name` (a file of `.vaultnet/`), None when there is none."""
    try:
        return json.loads((Path(root) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_state(root: Path, name: str, value: Any) -> None:
    """Keep the JSON `value` in `name` (a file of `.vaultnet/`): not written when the file
    already holds it; never fails (a read-only vault decides again from the notes next time)."""
    from vaultnet.fs.atomic import atomic_write
    from vaultnet.fs.state import FILE_MODE, state_folder

    data = (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    try:
        if (Path(root) / name).read_bytes() == data:
            return
    except OSError:
        pass
    try:
        path = state_folder(Path(root)) / Path(name).name  # private, never through a link
        atomic_write(path, data, name, mode=FILE_MODE)
    except (OSError, VaultnetError):
        pass


def week_before_writes(vault: Vault) -> WeekState:
    """The week's state, started (and kept) now if this is the week's first look: call it
    before a write that may move `last_contact`, so that who was dormant on Monday is decided
    from what was known before the write."""
    active = [p for p in vault.people if not p.never]
    stored = load_week(vault.root)
    state = current_week(active, vault.config, vault.today, stored)
    if state is not stored:
        save_week(vault.root, state)
    return state
