"""Who hears of vaultnet's own writes to notes: the index, which stores the rows of a note as it
is written, so the next command need not parse it again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Listener = Callable[[list[tuple[str, bytes]]], None]  # (path in the vault, the bytes written)

_listeners: dict[Path, Listener] = {}


def _key(root: Path) -> Path:
    return Path(root).resolve()


def subscribe(root: Path, listener: Listener) -> None:
    """Call `listener` after each note vaultnet writes in the vault at `root` (one listener per
    vault: the index opened last)."""
    _listeners[_key(root)] = listener


def unsubscribe(root: Path, listener: Listener) -> None:
    key = _key(root)
    if _listeners.get(key) == listener:
        del _listeners[key]


def note_written(root: Path, rel: str, data: bytes) -> None:
    """Tell the listener that `data` is now the note at `rel` (called holding the vault lock)."""
    notes_written(root, [(rel, data)])


def notes_written(root: Path, notes: list[tuple[str, bytes]]) -> None:
    """Tell the listener about many notes written at once (an import), in one call: the index
    stores their rows in one transaction (called holding the vault lock)."""
    if not _listeners or not notes:
        return
    listener = _listeners.get(_key(root))
    if listener is not None:
        listener([(Path(rel).as_posix(), data) for rel, data in notes])
