"""Reading a mailbox (an mbox file, a Gmail Takeout .mbox, or a Maildir folder) into the emails
it records between me and others: the headers only, streamed, so a mailbox of any size takes
little memory and no message body is ever read into vaultnet.

Only From, To, Cc, Delivered-To, Date, Subject, Message-ID and the headers that mark list and
automated mail (List-Id, Precedence, Auto-Submitted) are kept; every other line is passed over."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from email.errors import MessageError
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from vaultnet.formats.capture import (
    EMAIL,
    Captured,
    CaptureItem,
    Me,
    Party,
    Skip,
    Skipped,
    one_line,
)
from vaultnet.formats.source import BadImportFile

MAX_HEADER_BYTES = 256 * 1024
"""Header bytes kept per message; a message whose headers run on further is read up to here."""
_WANTED = frozenset(
    {
        "from",
        "to",
        "cc",
        "delivered-to",
        "date",
        "subject",
        "message-id",
        "list-id",
        "precedence",
        "auto-submitted",
    }
)
_AUTOMATED_SENDER = re.compile(
    r"^(no-?reply|do-?not-?reply|noreply-.*|.*-noreply|mailer-daemon|postmaster|bounces?|"
    r"notifications?|automated)([+.-].*)?$"
)
_BLANK = (b"\n", b"\r\n")
_SEPARATOR = re.compile(rb"From \S+ +\S.*\d:\d\d")
"""`From sender date`: a body line `From what I hear...` that a writer failed to escape is not a
new message (it has no time of day in it)."""

Progress = Callable[[int, int], None]
"""Called as a mailbox is read, with (done, total): bytes of an mbox file, messages of a
Maildir."""


# Headers -----------------------------------------------------------------------------------------


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def header_fields(lines: list[bytes]) -> dict[str, str]:
    """The wanted header fields of a message (the first of each), unfolded, as text. A line
    that is no header and no continuation is passed over."""
    fields: dict[str, list[bytes]] = {}
    current: list[bytes] | None = None
    for raw in lines:
        if raw[:1] in (b" ", b"\t"):
            if current is not None:
                current.append(raw.strip())
            continue
        name, colon, value = raw.partition(b":")
        key = name.strip().lower().decode("ascii", "replace") if colon else ""
        if key in _WANTED and key not in fields:
            current = fields[key] = [value.strip()]
        else:
            current = None
    return {key: _text(b" ".join(parts)) for key, parts in fields.items()}


def decode_words(text: str) -> str:
    """A header value with its RFC 2047 encoded words (`=?utf-8?q?...?=`) decoded; a charset
    Python does not know is read as UTF-8, else as Latin-1."""
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except (MessageError, LookupError, UnicodeError, ValueError):
        pass  # a charset name Python does not know, or a broken encoded word
    try:
        parts = decode_header(text)
    except (MessageError, ValueError):
        return text
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        try:
            out.append(chunk.decode(charset or "ascii"))
        except (LookupError, UnicodeError):
            out.append(_text(chunk))
    return "".join(out)


# The usual forms of an address, read without the email package's general parser (which costs
# most of an import's time): `Name <a@b>`, `"Doe, Jane" <a@b>`, `a@b`. Anything else (comments,
# groups, encoded words around a bracket) goes to `getaddresses`.
_ADDRESS_ITEM = re.compile(r'(?:"(?:[^"\\]|\\.)*"|<[^>]*>|\([^)]*\)|[^,"<(])+')
_NAMED = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|([^"<>()]*?))\s*<([^<>\s"()]+@[^<>\s"()]+)>\s*')
_BARE = re.compile(r'\s*([^\s<>"(),;:@]+@[^\s<>"(),;:@]+)\s*')
_QUOTED_PAIR = re.compile(r"\\(.)")


def _pairs(value: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for item in _ADDRESS_ITEM.findall(value):
        named = _NAMED.fullmatch(item)
        if named:
            quoted, plain, address = named.groups()
            name = _QUOTED_PAIR.sub(r"\1", quoted) if quoted is not None else plain
            pairs.append((name, address))
            continue
        bare = _BARE.fullmatch(item)
        if bare:
            pairs.append(("", bare[1]))
        elif item.strip():
            pairs.extend(getaddresses([item]))
    return pairs


def _addresses(value: str) -> list[Party]:
    parties = []
    for name, address in _pairs(value):
        email = address.strip().lower()
        if "@" not in email:
            continue
        shown = " ".join(decode_words(name).split()).strip("'\" ")
        parties.append(Party(name="" if shown.lower() == email else shown, email=email))
    return parties


def _automated(address: str) -> bool:
    return bool(_AUTOMATED_SENDER.match(address.split("@", 1)[0]))


def message_item(path: str, line: int, lines: list[bytes], me: Me, seen: set[str]) -> CaptureItem:
    """One message, from its header lines: an email with the people it was between, or why
    it is not one. `seen` holds the Message-IDs read so far (a copy is counted once). Headers
    the email package cannot make sense of make the message unreadable, never an error."""
    try:
        return _message_item(path, line, lines, me, seen)
    except Exception as exc:  # the email package's parsers on hostile input
        return Skipped(path, line, Skip.UNREADABLE, f"unreadable headers ({exc})")


def _message_item(path: str, line: int, lines: list[bytes], me: Me, seen: set[str]) -> CaptureItem:
    fields = header_fields(lines)
    message_id = fields.get("message-id", "").strip()
    if message_id:
        if message_id in seen:
            return Skipped(path, line, Skip.COPY)
        seen.add(message_id)
    if fields.get("list-id"):
        return Skipped(path, line, Skip.MAILING_LIST)
    precedence = fields.get("precedence", "").strip().lower()
    if precedence == "list":
        return Skipped(path, line, Skip.MAILING_LIST)
    if precedence in ("bulk", "junk"):
        return Skipped(path, line, Skip.AUTOMATED)
    auto = fields.get("auto-submitted", "").strip().lower()
    if auto and auto != "no":
        return Skipped(path, line, Skip.AUTOMATED)
    senders = _addresses(fields.get("from", ""))
    if not senders:
        return Skipped(path, line, Skip.UNREADABLE, "no sender address in From")
    try:
        sent = parsedate_to_datetime(fields.get("date", ""))
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is None:
        return Skipped(path, line, Skip.UNREADABLE, "no readable Date header")
    sender = senders[0]
    recipients = _addresses(fields.get("to", "")) + _addresses(fields.get("cc", ""))
    if me.is_me(sender.email):
        others: list[Party] = []
        for party in recipients:
            if not me.is_me(party.email) and all(p.email != party.email for p in others):
                others.append(party)
        if not others:
            return Skipped(path, line, Skip.NO_ONE_ELSE)
    else:
        delivered = _addresses(fields.get("delivered-to", ""))
        if not any(me.is_me(p.email) for p in recipients + delivered):
            return Skipped(path, line, Skip.NOT_MINE)
        if _automated(sender.email):
            return Skipped(path, line, Skip.AUTOMATED)
        # Mail to me is a contact with whoever wrote it, not with everyone else it went to.
        others = [sender]
    subject = one_line(decode_words(fields.get("subject", ""))) or "(no subject)"
    return Captured(
        f"{path}:{line}", message_id or f"{path}:{line}", sent.date(), EMAIL, subject, tuple(others)
    )


# mbox --------------------------------------------------------------------------------------------


def read_mbox(path: Path, me: Me, progress: Progress | None = None) -> Iterator[CaptureItem]:
    """Every message of an mbox file (mboxo, mboxrd, Gmail Takeout), streamed: a message starts
    at a `From ` line at the top of the file or after a blank line; only its header lines are
    kept, and only until the blank line that ends them."""
    name = str(path)
    seen: set[str] = set()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise BadImportFile(f"cannot read {name}: {exc.strerror or exc}") from None
    with handle:
        first = handle.readline()
        if not first.strip():
            raise BadImportFile(f"{name}: the file is empty")
        if not first.startswith(b"From "):
            raise BadImportFile(f"{name}: not an mbox file (it does not start with a 'From ' line)")
        headers: list[bytes] | None = []
        size = 0
        start = number = 1
        previous_blank = False
        total = os.fstat(handle.fileno()).st_size
        for raw in handle:
            number += 1
            if previous_blank and raw.startswith(b"From ") and _SEPARATOR.match(raw):
                if headers is not None:  # the previous message's headers never ended
                    yield Skipped(name, start, Skip.UNREADABLE, "no end to its headers")
                headers, size, start = [], 0, number
                previous_blank = False
                if progress is not None:
                    progress(min(handle.tell(), total), total)
                continue
            previous_blank = raw in _BLANK
            if headers is None:
                continue  # the body: never kept
            if previous_blank:
                yield message_item(name, start, headers, me, seen)
                headers = None
            elif size < MAX_HEADER_BYTES:
                headers.append(raw)
                size += len(raw)
        if headers is not None:
            yield Skipped(name, start, Skip.UNREADABLE, "the file ends in its headers (cut short?)")
        if progress is not None:
            progress(total, total)


# Maildir -----------------------------------------------------------------------------------------


def _maildir_files(root: Path) -> list[Path]:
    """The messages of a Maildir (its `cur` and `new`) and of its Maildir++ subfolders
    (`.Sent`, `.Archive`...), in a stable order; `tmp` holds mail still being delivered."""
    folders = [
        root,
        *sorted(
            p
            for p in root.iterdir()
            if p.name.startswith(".") and p.is_dir() and not p.is_symlink()
        ),
    ]
    files: list[Path] = []
    for folder in folders:
        for part in ("cur", "new"):
            where = folder / part
            if where.is_dir() and not where.is_symlink():
                files.extend(
                    sorted(p for p in where.iterdir() if p.is_file() and not p.is_symlink())
                )
    return files


def is_maildir(path: Path) -> bool:
    return path.is_dir() and ((path / "cur").is_dir() or (path / "new").is_dir())


def read_maildir(path: Path, me: Me, progress: Progress | None = None) -> Iterator[CaptureItem]:
    """Every message of a Maildir folder: of each file, the header lines only."""
    if not is_maildir(path):
        raise BadImportFile(f"{path}: not a Maildir (no cur/ or new/ folder in it)")
    seen: set[str] = set()
    files = _maildir_files(path)
    for done, file in enumerate(files, start=1):
        name = str(file)
        headers: list[bytes] = []
        size = 0
        ended = False
        try:
            with file.open("rb") as handle:
                for raw in handle:
                    if raw in _BLANK:
                        ended = True
                        break
                    if size < MAX_HEADER_BYTES:
                        headers.append(raw)
                        size += len(raw)
        except OSError as exc:
            yield Skipped(name, 1, Skip.UNREADABLE, f"cannot read it: {exc.strerror or exc}")
            if progress is not None:
                progress(done, len(files))
            continue
        if not ended and not headers:
            yield Skipped(name, 1, Skip.UNREADABLE, "an empty file")
        else:
            yield message_item(name, 1, headers, me, seen)
        if progress is not None:
            progress(done, len(files))


def read_mail(path: Path, me: Me, progress: Progress | None = None) -> Iterator[CaptureItem]:
    """An mbox file or a Maildir folder, whichever `path` is."""
    if path.is_dir():
        return read_maildir(path, me, progress)
    return read_mbox(path, me, progress)
