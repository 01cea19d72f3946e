"""A LinkedIn data export as LinkedIn delivers it: a zip (or the folder it unzips to) holding,
among dozens of other CSV files, `Connections.csv` (the people), `Invitations.csv` (the
invitations waiting for an answer) and `messages.csv` (who wrote to whom, when). Any one CSV of
it is read by its header."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from vaultnet.formats.linkedin_invitations import is_invitations_header
from vaultnet.formats.linkedin_messages import is_messages_header
from vaultnet.formats.source import (
    MAX_IMPORT_BYTES,
    BadImportFile,
    SourceText,
    csv_rows,
    decode_source,
    read_source,
)

CONNECTIONS, INVITATIONS, MESSAGES = "connections.csv", "invitations.csv", "messages.csv"
READ = (CONNECTIONS, INVITATIONS, MESSAGES)


@dataclass
class LinkedInExport:
    """The files of an export vaultnet reads; `other` counts those it leaves alone."""

    connections: SourceText | None = None
    invitations: SourceText | None = None
    messages: SourceText | None = None
    other: list[str] = field(default_factory=list)


def _pick(export: LinkedInExport, file_name: str, text: SourceText) -> None:
    if file_name == CONNECTIONS:
        export.connections = text
    elif file_name == INVITATIONS:
        export.invitations = text
    elif file_name == MESSAGES:
        export.messages = text


def _from_zip(path: Path) -> LinkedInExport:
    export = LinkedInExport()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadImportFile(f"{path}: not a readable zip file ({exc})") from None
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            file_name = PurePosixPath(info.filename).name.lower()
            if file_name not in READ:
                export.other.append(info.filename)
                continue
            where = f"{path}/{info.filename}"
            if info.flag_bits & 0x1:
                raise BadImportFile(
                    f"{where}: the zip is password-protected; unzip it yourself and import the "
                    "folder"
                )
            if info.file_size > MAX_IMPORT_BYTES:
                raise BadImportFile(f"{where}: larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB")
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_IMPORT_BYTES + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                raise BadImportFile(f"{where}: cannot be unzipped ({exc})") from None
            _pick(export, file_name, decode_source(where, data))
    return export


def _from_folder(path: Path) -> LinkedInExport:
    export = LinkedInExport()
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        file_name = file.name.lower()
        if file_name in READ:
            _pick(export, file_name, read_source(file))
        else:
            export.other.append(file.name)
    return export


def _header(text: SourceText) -> list[str]:
    for _, row in csv_rows(text.text, text.name):
        return row if isinstance(row, list) else []
    return []


def open_export(path: Path) -> LinkedInExport:
    """The export at `path`: a zip, a folder, or one CSV (messages or connections, by its
    header). Raises BadImportFile when there is nothing vaultnet reads in it."""
    if path.is_dir():
        export = _from_folder(path)
    elif zipfile.is_zipfile(path):
        export = _from_zip(path)
    else:
        text = read_source(path)
        export = LinkedInExport()
        header = _header(text)
        if is_messages_header(header):
            export.messages = text
        elif is_invitations_header(header):
            export.invitations = text
        else:
            export.connections = text
        return export
    if export.connections is None and export.messages is None and export.invitations is None:
        raise BadImportFile(
            f"{path}: no Connections.csv, Invitations.csv or messages.csv in it; is it a "
            "LinkedIn data export?"
        )
    return export
