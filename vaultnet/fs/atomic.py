"""Writing files so that a crash, a full disk or Ctrl-C at any moment leaves the old file or the
new one, never a torn mix (temp file in the same folder, fsync, rename, fsync the folder), and so
that a save another program makes meanwhile is never lost: the file is compared with what was
read right before the rename, and where the system can swap two names atomically, the swapped-out
file is compared again and swapped back when it is not what was read."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path
from typing import Any, Final

from vaultnet.errors import FileChangedOnDisk, RefusedEdit, WriteFailed
from vaultnet.fs.flush import fsync_folder

TEMP_SUFFIX: Final = ".vaultnet-tmp"
"""Every temp file vaultnet makes ends so; the `.gitignore` that `init` writes ignores them."""

TEMP_PATTERN: Final = "*" + TEMP_SUFFIX
_TEMP_NAME = re.compile(r"^\..*\.(?P<pid>\d+)-[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")
_OLD_TEMP_NAME = re.compile(r"^\..+\.md\.[a-z0-9_]{8}\.tmp$")  # vaultnet 0.1: mkstemp names
STALE_TEMP_SECONDS: Final = 3600.0
"""A temp file older than this is stale even if its process number is in use again."""

_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


class _Any:
    """`expected=ANY`: replace whatever the file holds (files vaultnet alone writes)."""


ANY: Final = _Any()


def atomic_write(
    path: Path,
    data: bytes,
    label: str | None = None,
    *,
    expected: bytes | _Any | None = ANY,
    mode: int | None = None,
) -> None:
    """Replace `path` with `data` so that a crash, a full disk or Ctrl-C at any moment leaves
    either the old file or the new one, never a torn mix: the bytes go to a temp file in the same
    folder (same file system, so the rename is atomic), are fsynced, then renamed over the
    original. The original's permission bits are kept (a new file gets `mode`, default 0666 less
    the umask); a read-only note, a symbolic link and anything but a regular file are refused.

    `expected` is what the caller read: the bytes, or None for "no file there". The write is
    refused (FileChangedOnDisk) when the file holds anything else right before the rename, and,
    where the system has an atomic exchange, also when the file swapped out is not what was
    read: it is swapped back, so a save another program made in that instant is kept. A new
    file (`expected=None`) is linked into place, which fails rather than replace one that
    appeared meanwhile. `label` names the file in errors (its path in the vault, say)."""
    path = Path(path)
    label = label or str(path)
    st = check_replaceable(path, label)
    if not isinstance(expected, _Any):
        if expected is None and st is not None:
            raise _changed(label, "was created")
        if expected is not None and st is None:
            raise _changed(label, "was deleted")
    if st is not None:
        mode = stat.S_IMODE(st.st_mode)
    elif mode is None:
        mode = 0o666 & ~umask()
    tmp_name: str | None = None
    try:
        tmp_name = write_temp(path, data, mode)
        if expected is None:
            try:
                link_new(tmp_name, path)
            except FileExistsError:
                raise _changed(label, "was created") from None
        elif isinstance(expected, _Any):
            os.replace(tmp_name, path)
            tmp_name = None
        else:
            _replace_if_unchanged(tmp_name, path, expected, label)
        fsync_folder(path.parent)
    except OSError as exc:
        kept = "the original is untouched" if st is not None else "nothing written"
        raise WriteFailed(f"could not write {label}: {exc.strerror or exc}; {kept}") from exc
    finally:
        remove_temp(tmp_name)


def _replace_if_unchanged(tmp_name: str, path: Path, expected: bytes, label: str) -> None:
    """Rename `tmp_name` over `path` unless `path` no longer holds `expected`. The temp file is
    written and fsynced before this is called: the check comes as late as it can."""
    if read_regular(path, label) != expected:
        raise _changed(label, "changed")
    ours = os.lstat(tmp_name).st_ino
    if not exchange(tmp_name, str(path)):
        # No atomic exchange here: a save landing between the read above and this rename (a
        # few microseconds) would be replaced. See the README's Safety section.
        os.replace(tmp_name, path)
        return
    # `path` is now ours and `tmp_name` holds what `path` held an instant ago.
    if read_regular(Path(tmp_name), label) == expected:
        return  # the caller's finally removes the old file, now under the temp name
    # Another program saved between the check and the swap: put its file back. If it saved yet
    # again meanwhile (its rename replaced ours), the swap back brings that newer save to the
    # temp name instead of ours; one more swap puts the newest save in place.
    exchange(tmp_name, str(path))
    if os.lstat(tmp_name).st_ino != ours:
        exchange(tmp_name, str(path))
    raise _changed(label, "changed")


def _changed(label: str, how: str) -> FileChangedOnDisk:
    return FileChangedOnDisk(
        f"{label} {how} on disk since vaultnet read it; nothing written, run the command again"
    )


# The atomic exchange ---------------------------------------------------------------------------
# By hand through ctypes: the standard library has no exchange (os.rename and os.replace only
# replace the target, so the file they replace is gone before it can be compared).
_AT_FDCWD: Final = -100
_RENAME_EXCHANGE: Final = 2  # linux/fs.h
_RENAME_SWAP: Final = 2  # macOS sys/stdio.h, for renamex_np
_UNSUPPORTED: Final = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}

_exchange_function: tuple[str, Any] | bool | None = None  # None: not looked up; False: none
exchange_available = True
"""False once the system (or a file system) turned the exchange down; tests set it to force the
fallback."""


def _load_exchange() -> tuple[str, Any] | bool | None:
    global _exchange_function
    if _exchange_function is None:
        _exchange_function = False
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
                function = libc.renameat2
                function.argtypes = [
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_uint,
                ]
                function.restype = ctypes.c_int
                _exchange_function = ("renameat2", function)
            elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
                function = libc.renamex_np
                function.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
                function.restype = ctypes.c_int
                _exchange_function = ("renamex_np", function)
        except (OSError, AttributeError):
            _exchange_function = False
    return _exchange_function


def exchange(a: str, b: str) -> bool:
    """Swap the files named `a` and `b` in one atomic step (both must exist). False, with
    nothing done, where the system or the file system has no such operation."""
    global exchange_available
    if not exchange_available:
        return False
    found = _load_exchange()
    if not isinstance(found, tuple):
        exchange_available = False
        return False
    kind, function = found
    old, new = os.fsencode(a), os.fsencode(b)
    if kind == "renameat2":
        result = function(_AT_FDCWD, old, _AT_FDCWD, new, _RENAME_EXCHANGE)
    else:
        result = function(old, new, _RENAME_SWAP)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False  # this file system (FUSE, some network mounts) cannot: replace instead
    raise OSError(code, os.strerror(code), b)


# Temp files ------------------------------------------------------------------------------------
def temp_name(path: Path) -> str:
    """A fresh temp name beside `path`, hidden, with vaultnet's suffix and this process's
    number (so a later run can tell a stale one from one in use)."""
    base = path.name[:100]
    return str(path.parent / f".{base}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_temp(path: Path, data: bytes, mode: int, durable: bool = True) -> str:
    """A new temp file beside `path` holding `data`, with permission bits `mode`: in the same
    folder, so renaming or linking it to `path` is atomic. Created exclusively, never through a
    symlink, readable by the owner only until it is complete. Fsynced unless `durable` is False
    (a batch syncs once for all its files). Gone again if writing it fails."""
    sweep_once(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    for _ in range(10):
        tmp_name = temp_name(path)
        try:
            fd = os.open(tmp_name, flags, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temp file name", str(path))
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            if durable:
                tmp.flush()
                os.fsync(tmp.fileno())
            os.fchmod(tmp.fileno(), mode)
    except BaseException:
        remove_temp(tmp_name)
        raise
    return tmp_name


def remove_temp(tmp_name: str | None) -> None:
    if tmp_name is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)


def is_stale_temp(name: str, mtime: float, now: float | None = None) -> bool:
    """True for a temp file of vaultnet's naming that no running vaultnet is writing: its
    process is gone, or it is older than an hour."""
    now = time.time() if now is None else now
    m = _TEMP_NAME.match(name)
    if m is None:
        return _OLD_TEMP_NAME.match(name) is not None and now - mtime > STALE_TEMP_SECONDS
    if now - mtime > STALE_TEMP_SECONDS:
        return True
    pid = int(m["pid"])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError, OverflowError):
        return False
    return False


_swept: set[str] = set()


def sweep_once(folder: Path) -> None:
    """`remove_stale_temps(folder)` the first time this process writes in `folder`: a run after
    a crash (a killed import leaves up to one temp file per note) cleans up where it writes."""
    key = os.path.abspath(folder)
    if key in _swept:
        return
    _swept.add(key)
    remove_stale_temps(folder)


def remove_stale_temps(folder: Path) -> int:
    """Remove the stale temp files (`is_stale_temp`) directly in `folder`, left by a vaultnet
    that was killed mid-write; returns how many. Anything else is never touched."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.endswith((TEMP_SUFFIX, ".tmp")) or entry.name[:1] != ".":
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and is_stale_temp(entry.name, st.st_mtime, now):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


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
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(tmp_name, path)


# Checks and reads ------------------------------------------------------------------------------
def check_replaceable(path: Path, label: str) -> os.stat_result | None:
    """RefusedEdit unless `atomic_write` may replace `path`: a regular file with write
    permission (or no file yet), not a symbolic link. Returns its stat, None when it does not
    exist."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WriteFailed(f"could not read {label}: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(st.st_mode):
        raise RefusedEdit(f"{label} is a symbolic link; vaultnet does not write through links")
    if not stat.S_ISREG(st.st_mode):
        raise RefusedEdit(f"{label} is not a regular file; not writing it")
    if not st.st_mode & stat.S_IWUSR:
        raise RefusedEdit(f"{label} is read-only; not changing it")
    return st


def read_regular(path: Path, label: str | None = None, limit: int | None = None) -> bytes | None:
    """The bytes of the regular file `path` (at most `limit` + 1 of them when `limit` is
    given), None when there is no file. A FIFO, a device, a socket or a folder is refused
    (RefusedEdit) without blocking: opening is non-blocking and the file is checked before a
    single byte is read."""
    label = label or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise RefusedEdit(f"{label} is a folder, not a file") from None
    except OSError as exc:
        raise WriteFailed(f"could not read {label}: {exc.strerror or exc}") from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise RefusedEdit(f"{label} is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise RefusedEdit(
                f"{label} is not a regular file (a pipe or a device?); not reading it"
            )
        chunks = []
        left = -1 if limit is None else limit + 1
        while left != 0:
            chunk = os.read(fd, 1 << 20 if left < 0 else min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            if left > 0:
                left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise WriteFailed(f"could not read {label}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
