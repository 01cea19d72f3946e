"""`.vaultnet/`, the vault's private state folder (the index, the write lock, due-list backups):
a real folder inside the vault, never a symbolic link, readable by the owner only.

A vault received from someone else may hold a `.vaultnet` that is a link to a folder elsewhere
(`~/.bashrc.d`, say), or links inside it: vaultnet would then write there. It refuses a linked
state folder with a clear line, removes links inside it (they are never vaultnet's: removing a
link leaves what it points to alone), and keeps the folder 0700 and its own files 0600.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from vaultnet.errors import RefusedEdit, WriteFailed

STATE_DIR = ".vaultnet"
FOLDER_MODE = 0o700
FILE_MODE = 0o600

_checked: set[tuple[Path, str]] = set()
_guard = threading.Lock()


def state_folder(root: Path, sub: str = "", create: bool = True) -> Path:
    """The real path of `.vaultnet/<sub>` in the vault at `root`, checked component by
    component: each is a real folder (created 0700 when missing and `create`), never a link
    (RefusedEdit, with what to do). Links directly inside a checked folder are removed, and the
    group and other permission bits of `.vaultnet/` and of its own files are dropped (once per
    folder and process)."""
    real_root = Path(root).resolve()
    parts = [STATE_DIR, *[p for p in Path(sub).parts if p not in ("", ".")]]
    if ".." in parts:
        raise RefusedEdit(f"{sub} is not a folder of {STATE_DIR}/")
    folder = real_root
    shown = ""
    for depth, part in enumerate(parts):
        folder = folder / part
        shown = f"{shown}/{part}" if shown else part
        try:
            st = os.lstat(folder)
        except FileNotFoundError:
            if not create:
                return real_root.joinpath(*parts)
            try:
                os.mkdir(folder, FOLDER_MODE)
            except FileExistsError:
                pass
            except OSError as exc:
                raise WriteFailed(f"cannot create {shown}/: {exc.strerror or exc}") from exc
            st = os.lstat(folder)
        except OSError as exc:
            raise WriteFailed(f"cannot read {shown}/: {exc.strerror or exc}") from exc
        if stat.S_ISLNK(st.st_mode):
            raise RefusedEdit(
                f"{shown} is a symbolic link; vaultnet keeps its state only in a real folder "
                f"inside the vault, never through a link. Remove the link ({shown}) and run "
                "the command again"
            )
        if not stat.S_ISDIR(st.st_mode):
            # Not a security matter (nothing is written through it): reading goes on without
            # the index, and a write says what to do.
            raise WriteFailed(f"{shown} is not a folder; remove it and run the command again")
        _tidy(folder, private_files=depth == 0, st=st)
    return folder


def _tidy(folder: Path, private_files: bool, st: os.stat_result) -> None:
    key = (folder, "tidy")
    with _guard:
        if key in _checked:
            return
        _checked.add(key)
    if stat.S_IMODE(st.st_mode) & 0o077 and st.st_uid == os.getuid():
        try:
            os.chmod(folder, stat.S_IMODE(st.st_mode) & ~0o077)
        except OSError:
            pass
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_symlink():
                os.unlink(entry.path)
            elif private_files and entry.is_file(follow_symlinks=False):
                mode = stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
                if mode & 0o077:
                    os.chmod(entry.path, mode & ~0o077)
        except OSError:
            continue


def forget() -> None:
    """Check every folder again (tests that rebuild a vault in the same place)."""
    with _guard:
        _checked.clear()


def check_no_links(root: Path, rel: str | Path) -> Path:
    """The path of `rel` under the vault at `root`, RefusedEdit when any part of it (the file
    itself included) is a symbolic link: for files vaultnet writes whole, like the due list,
    where following a link would replace whatever it points to."""
    real_root = Path(root).resolve()
    path = real_root
    shown = ""
    for part in Path(rel).parts:
        if part in ("", "."):
            continue
        if part == ".." or Path(part).is_absolute():
            raise RefusedEdit(
                f"{rel} is outside the vault; vaultnet only writes inside {real_root}"
            )
        path = path / part
        shown = f"{shown}/{part}" if shown else part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            break
        except OSError:
            break
        if stat.S_ISLNK(st.st_mode):
            raise RefusedEdit(
                f"{shown} is a symbolic link; vaultnet does not write {rel} through a link"
            )
    return real_root / rel
