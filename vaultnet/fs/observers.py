"""How a watcher sees changes: the file system a vault is on (events from a network file system
cannot be trusted), and watchdog's observers, events or polling, behind a seam tests replace."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vaultnet.fs.scan import SKIPPED_DIRS

# File systems whose changes made elsewhere (another machine, the Windows side of WSL) raise no
# local events: watching them needs polling.
NETWORK_FILESYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "drvfs",
    "v9fs",
    "vboxsf",
    "vmhgfs",
    "fuse.vmhgfs-fuse",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.gcsfuse",
    "davfs",
    "fuse.davfs2",
    "afpfs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
}


def filesystem_type(path: Path, mountinfo: str | None = None) -> str | None:
    """The type of the file system holding `path`, from Linux's /proc/self/mountinfo (None
    elsewhere or if unknown)."""
    if mountinfo is None:
        try:
            with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as handle:
                mountinfo = handle.read()
        except OSError:
            return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in mountinfo.splitlines():
        # id parent major:minor root mount-point options [optional...] - type source super-options
        fields = line.split()
        if "-" not in fields or len(fields) < 5:
            continue
        mount_point = fields[4].replace("\\040", " ")
        fs_type = fields[fields.index("-") + 1]
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fs_type
    return best_type


def events_unavailable(root: Path) -> str | None:
    """Why file system events cannot be trusted for this vault, or None when they can."""
    fs_type = filesystem_type(root)
    if fs_type in NETWORK_FILESYSTEMS:
        return (
            f"the vault is on a {fs_type} file system, which does not report changes made elsewhere"
        )
    return None


def limit_hint(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        name = "max_user_watches"
        what = "the inotify watch limit is reached"
    elif exc.errno == errno.EMFILE:
        name = "max_user_instances"
        what = "the inotify instance limit is reached"
    else:
        return f"file system events are not available ({exc.strerror or exc})"
    try:
        current = Path(f"/proc/sys/fs/inotify/{name}").read_text().strip()
    except OSError:
        current = "?"
    return (
        f"{what} (fs.inotify.{name} = {current}); to raise it: "
        f"echo fs.inotify.{name}=524288 | sudo tee /etc/sysctl.d/90-inotify.conf "
        "&& sudo sysctl --system"
    )


def scandir_visible(path: str | None) -> Iterator[os.DirEntry[str]]:
    """os.scandir without the folders the watcher ignores, so polling never walks .git."""
    for entry in os.scandir(path):
        if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
            try:
                if entry.is_dir():
                    continue
            except OSError:
                continue
        yield entry


def event_observer() -> Any:
    from watchdog.observers import Observer

    return Observer()


def polling_observer(interval: float) -> Any:
    from watchdog.observers.polling import PollingObserverVFS

    return PollingObserverVFS(os.stat, scandir_visible, polling_interval=interval)


@dataclass(frozen=True)
class Observers:
    """Where a watcher's observers come from: watchdog's (events, else polling every `interval`
    seconds), unless a test brings its own. An observer has watchdog's `schedule`, `start`,
    `stop`, `is_alive`, `join` and `emitters`."""

    events: Callable[[], Any] = event_observer
    polling: Callable[[float], Any] = polling_observer


class OverflowAlarm(logging.Handler):
    """watchdog reports a kernel event queue overflow (events lost) only in its log."""

    def __init__(self, on_overflow: Callable[[], None]) -> None:
        super().__init__(logging.WARNING)
        self.on_overflow = on_overflow

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self.on_overflow()
