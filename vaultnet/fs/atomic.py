"""Writing files so that a crash, a full disk or Ctrl-C at any moment leaves the old file or the
new one, never a torn mix: temp file in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from vaultnet.errors import RefusedEdit, WriteFailed


def atomic_write(path: Path, data: bytes, label: str | None = None) -> None:
    """Replace `path` with `data` so that a crash, a full disk or Ctrl-C at any moment leaves
    either the old file or the new one, never a torn mix: the bytes go to a temp file in the same
    folder (same file system, so the rename is atomic), are fsynced, then renamed over the
    original. The original's permission bits are kept; a read-only note is refused, because a
    rename would otherwise bypass the user's protection. `label` names the file in errors (its
    path in the vault, say); the default is the path itself."""
    path = Path(path)
    label = label or str(path)
    st = check_replaceable(path, label)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~umask()
    tmp_name: str | None = None
    try:
        tmp_name = write_temp(path, data, mode)
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_folder(path.parent)
    except OSError as exc:
        kept = "the original is untouched" if st is not None else "nothing written"
        raise WriteFailed(f"could not write {label}: {exc.strerror or exc}; {kept}") from exc
    finally:
        remove_temp(tmp_name)


def write_temp(path: Path, data: bytes, mode: int, durable: bool = True) -> str:
    """A new temp file beside `path` holding `data`, with permission bits `mode`: in the same
    folder, so renaming or linking it to `path` is atomic. Fsynced unless `durable` is False (a
    batch syncs once for all its files). Gone again if writing it fails."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            if durable:
                tmp.flush()
                os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
    except BaseException:
        remove_temp(tmp_name)
        raise
    return tmp_name


def remove_temp(tmp_name: str | None) -> None:
    if tmp_name is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


def link_new(tmp_name: str, path: Path) -> None:
    """Give the temp file the name `path` without ever replacing a file there
    (FileExistsError): a hard link fails if the name exists, so there is no window in which
    another writer's new note could be overwritten."""
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        raise
    except OSError:
        # File systems without hard links: check, then rename (a tiny window remains).
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp_name, path)


def check_replaceable(path: Path, label: str) -> os.stat_result | None:
    """RefusedEdit unless `atomic_write` may replace `path`: a regular file with write
    permission (or no file yet). Returns its stat, None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteFailed(f"could not read {label}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise RefusedEdit(f"{label} is not a regular file; not writing it")
    if not st.st_mode & stat.S_IWUSR:
        raise RefusedEdit(f"{label} is read-only; not changing it")
    return st


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sync_all(paths: list[str]) -> None:
    """Flush written data to disk: one `sync` where the system has it, else an fsync per file."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for name in paths:
        with contextlib.suppress(OSError), open(name, "rb+") as handle:
            os.fsync(handle.fileno())
