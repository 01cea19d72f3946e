"""Creating new notes: never over an existing file, only inside the vault, atomically, and only
with frontmatter that reads back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from vaultnet.errors import RefusedEdit, VaultnetError, WriteFailed
from vaultnet.fs import written
from vaultnet.fs.atomic import link_new, remove_temp, umask, write_temp
from vaultnet.fs.flush import fsync_files, fsync_folder
from vaultnet.fs.lock import vault_lock
from vaultnet.fs.paths import check_file_name, vault_path
from vaultnet.notes.parse import parse_note
from vaultnet.notes.syntax import BOM, CLOSING, DELIMITER
from vaultnet.notes.yamlio import load_yaml


def create_note(root: Path, rel: str | Path, text: str) -> Path:
    """Write a new note at `rel` (folders created as needed) and return its path. Never
    overwrites an existing file, writes atomically, only inside the vault, and refuses text whose
    frontmatter does not parse."""
    path = vault_path(root, rel)
    if path.exists() or path.is_symlink():
        raise RefusedEdit(f"{rel} already exists; not overwriting it")
    parsed = parse_note(str(rel), text)
    if not parsed.frontmatter_ok:
        first = parsed.problems[0] if parsed.problems else None
        why = f" ({first.message}, line {first.line})" if first else ""
        raise RefusedEdit(f"the new note {rel} would have invalid frontmatter{why}; not written")
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"could not create {path.parent}: {exc.strerror or exc}") from exc
    vault_path(root, path.parent.relative_to(Path(root).resolve()) / path.name)
    tmp_name: str | None = None
    try:
        tmp_name = write_temp(path, data, 0o666 & ~umask())
        try:
            link_new(tmp_name, path)
        except FileExistsError:
            raise RefusedEdit(f"{rel} already exists; not overwriting it") from None
        fsync_folder(path.parent)
    except OSError as exc:
        raise WriteFailed(f"could not write {rel}: {exc.strerror or exc}") from exc
    finally:
        remove_temp(tmp_name)  # after a link, the note keeps the data under its own name
    written.note_written(root, Path(rel).as_posix(), data)
    return path


def create_numbered_note(
    root: Path,
    folder: str,
    stem: str,
    text: str,
    numbered: Callable[[str, int], str] = lambda stem, n: f"{stem} {n}",
) -> str:
    """Create `<folder>/<stem>.md`, or, when that name is taken, the first free of `<stem> 2`,
    `<stem> 3`... (as `numbered` writes them), with the guarantees of `create_note`. Returns its
    path in the vault."""
    with vault_lock(root):
        for n in range(1, 1000):
            name = stem if n == 1 else numbered(stem, n)
            rel = f"{folder}/{name}.md"
            if not (Path(root) / rel).exists():
                check_file_name(name)
                create_note(root, rel, text)
                return rel
    raise RefusedEdit(f"too many notes named {stem!r} in {folder}")


def create_notes(
    root: Path,
    notes: Sequence[tuple[str, str]],
    progress: Callable[[int], None] | None = None,
) -> list[Path | VaultnetError]:
    """Create many new notes at once (an import of thousands of contacts), with the guarantees of
    `create_note` (never overwrites, inside the vault only, frontmatter checked), flushing to
    disk only what it wrote (`os.sync` would wait for every other program's writes too): every
    note's bytes go to a temp file, the temp files are fsynced together (several at a time),
    only then does each get its name (a hard link, which fails rather than overwrite), and an
    fsync of each folder (and of the one above a folder it made) makes the names durable. A crash
    at any moment leaves each note whole or absent. Returns, per note, its path or the error
    that kept it from being made (a note whose flush failed is not given its name)."""
    results: list[Path | VaultnetError] = []
    staged: list[tuple[int, str, Path, str]] = []  # (result index, rel, path, temp name)
    data_of: dict[int, bytes] = {}  # result index -> the bytes staged
    made: list[tuple[str, bytes]] = []  # (rel, bytes) of the notes created, for the index
    folders: dict[Path, Path] = {}
    made_folders: list[Path] = []  # created here: their own names must be made durable too
    mode = 0o666 & ~umask()
    try:
        for rel, text in notes:
            try:
                rel_path = Path(rel)
                check_file_name(rel_path.stem)
                parent = rel_path.parent
                if parent not in folders:
                    folder = vault_path(root, rel_path).parent
                    made_folders.extend(_missing_folders(folder))
                    folder.mkdir(parents=True, exist_ok=True)
                    # resolved again once it exists: a symlinked folder must not lead outside
                    folders[parent] = vault_path(root, rel_path).parent
                path = folders[parent] / rel_path.name
                if path.exists() or path.is_symlink():
                    raise RefusedEdit(f"{rel} already exists; not overwriting it")
                if not frontmatter_loads(text):
                    raise RefusedEdit(
                        f"the new note {rel} would have invalid frontmatter; not written"
                    )
                data = text.encode("utf-8")
                tmp_name = write_temp(path, data, mode, durable=False)
                data_of[len(results)] = data
                staged.append((len(results), str(rel), path, tmp_name))
                results.append(path)
            except VaultnetError as exc:
                results.append(exc)
            except OSError as exc:
                results.append(WriteFailed(f"could not write {rel}: {exc.strerror or exc}"))
        unflushed = fsync_files([tmp for *_, tmp in staged])
        for index, rel, path, tmp_name in staged:
            try:
                if tmp_name in unflushed:
                    raise unflushed[tmp_name]
                link_new(tmp_name, path)
                made.append((rel, data_of[index]))
            except FileExistsError:
                results[index] = RefusedEdit(f"{rel} already exists; not overwriting it")
            except OSError as exc:
                results[index] = WriteFailed(f"could not write {rel}: {exc.strerror or exc}")
            if progress is not None:
                progress(1)
        for folder in dict.fromkeys([*folders.values(), *(f.parent for f in made_folders)]):
            fsync_folder(folder)
    finally:
        for *_, tmp_name in staged:
            remove_temp(tmp_name)
    written.notes_written(root, made)  # the index stores their rows (one transaction)
    return results


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and those of the folders above it that do not exist yet."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing


def frontmatter_loads(text: str) -> bool:
    """What `parse_note(...).frontmatter_ok` says of a new note, at a third of the cost (the
    YAML alone, not the body): a batch of thousands of notes feels the difference."""
    lines = text.removeprefix(BOM).split("\n")
    if not lines or not DELIMITER.match(lines[0].removesuffix("\r")):
        return True
    for end in range(1, len(lines)):
        if CLOSING.match(lines[end].removesuffix("\r")):
            break
    else:
        return False
    try:
        data = load_yaml("\n".join(line.removesuffix("\r") for line in lines[1:end]))
    except Exception:  # any YAML failure means the note would not read back
        return False
    return data is None or isinstance(data, dict)
