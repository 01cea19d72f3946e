"""The vault lock: one vaultnet writer at a time per vault (`.vaultnet/write.lock`)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from vaultnet.errors import VaultBusy, WriteFailed

LOCK_FILE = ".vaultnet/write.lock"
LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for another vaultnet writer before giving up."""

_held: dict[tuple[Path, int], int] = {}
_held_guard = threading.Lock()


@contextlib.contextmanager
def vault_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """One vaultnet writer at a time per vault (`.vaultnet/write.lock`). Re-entrant within a
    thread, so a command holding the lock can call code that takes it again; another thread
    waits as another process would. Read a note *after* taking the lock, so a writer that
    waited sees the previous writer's result."""
    from filelock import FileLock, Timeout

    real_root = Path(root).resolve()
    key = (real_root, threading.get_ident())
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    from vaultnet.fs.state import FILE_MODE, state_folder

    lock_path = state_folder(real_root) / Path(LOCK_FILE).name
    lock = FileLock(str(lock_path), timeout=timeout, mode=FILE_MODE)
    try:
        if lock_path.is_symlink():  # planted after the state folder was tidied
            lock_path.unlink()
        lock.acquire()
    except Timeout:
        raise VaultBusy(
            f"another vaultnet command is writing to this vault (lock {LOCK_FILE}); try again"
        ) from None
    except OSError as exc:
        # A read-only vault (or a `.vaultnet` that is not a folder) fails here, before any note.
        raise WriteFailed(
            f"cannot write in the vault: {exc.strerror or exc} ({LOCK_FILE})"
        ) from exc
    with _held_guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        lock.release()
