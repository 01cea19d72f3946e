"""`digest`: harvest the ticks of the current Due.md, then write the fresh due list, keeping the
user's notes below the keep marker and a copy of any other hand edit under `.vaultnet/`."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.config import CONFIG_FILE, Config, load_config
from vaultnet.errors import FileChangedOnDisk, Problem, RefusedEdit, WriteFailed
from vaultnet.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable

    from vaultnet.due.harvest import HarvestReport
    from vaultnet.due.schedule import DueList
    from vaultnet.index.store import NoteIndex

BACKUP_DIR = ".vaultnet/due-backups"
MEMO = "digest"  # the digest's memo in the index


@dataclass
class DigestResult:
    path: Path  # where the due list was (or would have been) written
    counts: dict[str, int]  # items per section (see `section_counts`)
    problems: list[Problem]  # the vault's problems
    written: bool = False
    backup: Path | None = None
    edited: bool = False  # the old file had hand edits other than ticks
    harvest: HarvestReport | None = None  # None when there was nothing to harvest
    unchanged_inputs: bool = False  # nothing changed since the last digest: nothing was computed


def section_counts(due: DueList) -> dict[str, int]:
    """How many items each part of the due list has, for the one-line summary."""
    return {
        "follow_ups": len(due.follow_ups),
        "reconnected": due.reconnect.reconnected,
        "reconnect_picks": len(due.reconnect.picks),
        "due_by_cadence": len(due.due_by_cadence),
        "pipeline": len(due.want_to_meet) + len(due.waiting),
        "dates": len(due.dates),
        "favor": len(due.favor),
    }


def write_digest(
    root: Path,
    today: date,
    out: Path | None = None,
    index: NoteIndex | None = None,
    changed_notes: Iterable[str] | None = None,
) -> DigestResult:
    """Harvest ticks from the due note (or `out`), then write the new list there. The file is
    not touched at all when its content would not change, so editors and git stay quiet.
    `index`: the vault's index kept open (by `watch`), brought up to date here with the paths
    `changed_notes` since its last refresh (None: not known, the vault is scanned)."""
    from vaultnet.fs.atomic import atomic_write
    from vaultnet.fs.lock import vault_lock
    from vaultnet.index.store import open_vault_index

    with vault_lock(root):
        config = load_config(root)
        target = out if out is not None else _due_note_path(root, config.due_note)
        old_bytes = _read(target)
        if index is None:
            index = open_vault_index(root, config)
        else:
            index.update(changed_notes)
        key = _inputs_key(root, config, today, target, index.token, old_bytes)
        memo = _read_memo(index, key)
        if memo is not None:
            # Nothing the due list depends on changed since the last digest wrote this very
            # file (the index's rows carry a token that every change renews): no ticks to
            # harvest and the same list to write. Skip the work.
            return DigestResult(
                target,
                memo["counts"],
                [Problem(*p) for p in memo["problems"]],
                unchanged_inputs=True,
            )
        # Imported here: a digest with nothing changed (the common case, and every `watch` echo)
        # never needs the model, the scheduler, the harvester or Jinja.
        from vaultnet.due.firsts import load_firsts, save_firsts
        from vaultnet.due.harvest import harvest
        from vaultnet.due.note import compose_due_note, read_due_note
        from vaultnet.due.render import render_due
        from vaultnet.due.schedule import schedule_vault
        from vaultnet.due.week import save_week, week_before_writes
        from vaultnet.network.vault import Vault

        vault = Vault.open(root, today, index=index)
        week = week_before_writes(vault)  # before harvesting moves anyone's last contact
        old_text = None if old_bytes is None else old_bytes.decode("utf-8", errors="replace")
        old = read_due_note(old_text)
        if old_bytes is not None and old_text is not None and "\ufffd" in old_text:
            old.edited = True  # not UTF-8: not ours; keep a copy of the bytes
        report = harvest(vault, old, shown_path(target, root)) if old.ticks else None
        if report is not None and report.changed_meanwhile:
            # Writing the new list now would drop those ticks: leave them in the due list for
            # the next run (watch retries by itself), which records them, and the rest once.
            raise FileChangedOnDisk(
                f"{', '.join(report.changed_meanwhile)} changed while its ticks were being "
                f"recorded; {shown_path(target, root)} is left as it is: run digest again"
            )
        if report is not None and report.changed_paths:
            # The harvest's writes updated the index as they were made (else: open it again).
            vault = Vault.open(root, today, index=index if index.answers else None)
        due = schedule_vault(vault, week, load_firsts(root))
        save_week(root, due.week_state)
        save_firsts(root, due.firsts_state)
        generated = render_due(due, root, vault.config.templates_folder)
        text = compose_due_note(generated, today, old.user_notes)
        result = DigestResult(
            target, section_counts(due), vault.problems, edited=old.edited, harvest=report
        )
        data = text.encode("utf-8")
        if report is None or not report.changed_paths:
            # The next digest with the same notes, config, day and this due list can skip the work.
            new_key = _inputs_key(root, config, today, target, index.token, data)
            _write_memo(index, new_key, result)
        if old_bytes == data:
            return result
        changed = FileChangedOnDisk(
            f"{shown_path(target, root)} changed while the due list was being made; "
            "run digest again"
        )
        if _read(target) != old_bytes:
            # Saved while this list was being made (a new tick, a note below the marker, typed
            # in an open editor under `watch`): writing now would drop it. What was harvested is
            # recorded, and harvesting again records it once, so running again is safe.
            raise changed
        if old_bytes is not None and (old.edited or (report is not None and report.not_recorded)):
            result.backup = _backup(root, target, old_bytes, today)
        if out is None:
            _make_folder(target.parent)  # a due_note like "Daily/Due.md" in a fresh vault
        try:
            # Compared once more right before the rename (and after an atomic exchange).
            atomic_write(target, data, shown_path(target, root), expected=old_bytes)
        except FileChangedOnDisk:
            raise changed from None
        result.written = True
        return result


def _inputs_key(
    root: Path,
    config: Config,
    today: date,
    target: Path,
    token: str | None,
    due_bytes: bytes | None,
) -> str | None:
    """A digest of everything the due list depends on: the index's token (renewed by every
    change to a note), vaultnet.toml, the vault's template overrides, the day, and the due list's
    bytes. None when the index could not be kept (nothing to compare with)."""
    if token is None:
        return None
    h = hashlib.sha256()
    h.update(f"{__version__}\0{today.isoformat()}\0{target}\0{token}\0".encode())
    try:
        h.update((root / CONFIG_FILE).read_bytes())
    except OSError:
        h.update(b"\0no config\0")
    templates = root / config.templates_folder
    if templates.is_dir():
        for entry in sorted(os.scandir(templates), key=lambda e: e.name):
            st = entry.stat()
            h.update(f"{entry.name}\0{st.st_mtime_ns}\0{st.st_size}\0".encode())
    h.update(hashlib.sha256(due_bytes).digest() if due_bytes is not None else b"\0none\0")
    return h.hexdigest()


def _read_memo(index: NoteIndex, key: str | None) -> dict[str, Any] | None:
    """What the last digest remembered, if it was made from these very inputs."""
    text = index.memo(MEMO) if key is not None else None
    if text is None:
        return None
    try:
        memo = json.loads(text)
    except ValueError:
        return None
    return memo if isinstance(memo, dict) and memo.get("key") == key else None


def _write_memo(index: NoteIndex, key: str | None, result: DigestResult) -> None:
    """Remember what this digest depended on and found, in the index (any change to the index's
    rows renews its token, so a memo never outlives what it describes)."""
    if key is None:
        return
    problems = [[p.path, p.line, p.message, p.severity] for p in result.problems]
    memo = {"key": key, "counts": result.counts, "problems": problems}
    index.remember(MEMO, json.dumps(memo, ensure_ascii=False))


def shown_path(path: Path, root: Path) -> str:
    """`path` as the user knows it: relative to the vault (with `/`) when inside it, else as is."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def backup_message(result: DigestResult, root: Path) -> str | None:
    """What to tell the user about the copy of the old due list kept this run, if any."""
    if result.backup is None:
        return None
    shown, kept = shown_path(result.path, root), shown_path(result.backup, root)
    if result.edited:
        return f"{shown} had edits other than ticks; the old version is kept in {kept}"
    return f"Some ticks could not be recorded; the old {shown} is kept in {kept}"


def due_note_path(root: Path) -> Path | None:
    """The vault's configured due note, or None when it leads out of the vault."""
    try:
        return _due_note_path(root, load_config(root).due_note)
    except RefusedEdit:
        return None


def _due_note_path(root: Path, due_note: str) -> Path:
    """The configured due note's real path: like any note vaultnet writes, inside the vault, not
    through a symlink leading out of it (`--out` is the user's explicit choice instead)."""
    from vaultnet.fs.paths import vault_path
    from vaultnet.fs.state import check_no_links

    try:
        # Written whole: through a link it would replace whatever the link points to.
        path = vault_path(root, due_note)
        check_no_links(root, due_note)
        return path
    except RefusedEdit as exc:
        raise RefusedEdit(f"due_note in {CONFIG_FILE}: {exc}") from None


def _read(path: Path) -> bytes | None:
    """The due list's bytes, None when there is none; a folder, a FIFO or a device is refused
    (without blocking on it)."""
    from vaultnet.fs.atomic import read_regular

    return read_regular(path)


def _backup(root: Path, target: Path, data: bytes, today: date) -> Path:
    """Keep the old due list as `.vaultnet/due-backups/<stem>-<date>-<n>.md` (never overwritten,
    never through a link, with the permission bits of the file it backs up)."""
    import stat

    from vaultnet.errors import FileChangedOnDisk
    from vaultnet.fs.atomic import atomic_write
    from vaultnet.fs.state import state_folder

    folder = state_folder(root, BACKUP_DIR.removeprefix(".vaultnet/"))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o600
    n = 1
    while True:
        path = folder / f"{target.stem}-{today.isoformat()}-{n}{target.suffix or '.md'}"
        if not os.path.lexists(path):
            try:
                atomic_write(path, data, shown_path(path, root), expected=None, mode=mode)
                return path
            except FileChangedOnDisk:
                pass  # made meanwhile: the next number
        n += 1


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"could not create {folder}: {exc.strerror or exc}") from exc
