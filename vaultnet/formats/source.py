"""Reading an import file: its text whatever the encoding, its CSV rows with line numbers, and the
`Contact` every reader turns a row or a card into.

A reader returns the contacts and the problems it found; each error among them is one row or card
skipped (warnings are kept apart), which the import summary counts on."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vaultnet.errors import Problem, VaultnetError
from vaultnet.network.model import CONTACT_FIELDS

Value = str | list[str]

MAX_IMPORT_BYTES = 50 * 1024 * 1024
_SPACES = re.compile(r"\s+")
_TAG_JUNK = re.compile(r"[^\w/-]+")


class BadImportFile(VaultnetError):
    """An import file cannot be read at all (missing, empty, no header, not a vCard)."""


@dataclass
class Contact:
    """One person as an import file describes them, before matching: a name and frontmatter
    values (a string, or a list for several emails, phones, tags or aliases)."""

    source: str
    name: str
    values: dict[str, Value] = field(default_factory=dict)
    note: str = ""
    """The file name (stem) of the person's note, when the file says (a vaultnet vCard export):
    a new note gets it, and `name` goes to `name:` when it differs."""
    details: list[str] = field(default_factory=list)
    """Free text the file has about the person (a vCard NOTE, a CSV Notes column), one item a
    line: a new note lists them under `## Notes`."""

    def set_name_parts(
        self, given: str, family: str, middle: str = "", prefix: str = "", suffix: str = ""
    ) -> None:
        """Keep the structured name a file gives when the display name alone would not give it
        back (`N:ロイド;安藤` for 安藤ロイド, a `Dr.` prefix): exports split the display name
        (last word = family name) only when a note has none of these keys."""
        given, family = one_line(given), one_line(family)
        if (given or family) and (family, given) != split_name(self.name):
            self.set("given_name", given)
            self.set("family_name", family)
        self.set("middle_name", middle)
        self.set("name_prefix", prefix)
        self.set("name_suffix", suffix)

    def set(self, key: str, value: Value | None) -> None:
        """Keep a value unless it is empty; lists lose empty and repeated items."""
        if value is None:
            return
        if isinstance(value, list):
            items = list(dict.fromkeys(v for v in (one_line(x) for x in value) if v))
            if items:
                self.values[key] = items if len(items) > 1 or key in LIST_KEYS else items[0]
            return
        text = one_line(value)
        if text:
            self.values[key] = [text] if key in LIST_KEYS else text


def split_name(name: str) -> tuple[str, str]:
    """(family, given) from a display name: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return words[-1], " ".join(words[:-1])


NAME_PART_KEYS = ("given_name", "middle_name", "family_name", "name_prefix", "name_suffix")
"""The parts of a structured name (vCard N, Outlook's and Google's name columns) a note keeps."""

PERSON_KEYS = (
    "aliases",
    "tags",
    "circle",
    *CONTACT_FIELDS,
    "birthday",
    "connected",
    "cadence",
    "last_contact",
    "snooze_until",
    "status",
    "stage",
    "ask",
    "offer",
    "interests",
    "introduced_by",
    "knows",
    "groups",
)
"""The person note keys an import reads and writes besides the name, in the order a new note
lists them (after the name's parts): the keys a CSV column may map to, and a new note's."""


@dataclass(frozen=True, order=True)
class Skipped(Problem):
    """Entries of a file left out on purpose, not by a fault (a group card, rows LinkedIn hides
    the names of): the summary counts them as skipped, and they do not fail the import."""

    count: int = 1
    severity: str = "warning"


def entries_left_out(problems: Iterable[Problem]) -> int:
    """The rows or cards a reader did not turn into contacts: one per error, `count` per Skipped."""
    return sum(
        p.count if isinstance(p, Skipped) else 1
        for p in problems
        if isinstance(p, Skipped) or p.severity == "error"
    )


def email_or_none(text: str) -> str:
    """An email address, or "" for what only sits in an email column: LinkedIn's
    `urn:li:member:...`, Exchange's `/o=ExchangeLabs/...`, a `-`."""
    text = text.strip().removeprefix("mailto:")
    local, at, domain = text.rpartition("@")
    return text if at and local and domain and " " not in text and "/" not in local else ""


def is_placeholder(text: str) -> bool:
    """A cell that holds no value: `-`, `--`, `n/a`, `–` (LinkedIn writes `-` for no company)."""
    stripped = text.strip()
    return bool(stripped) and (not any(c.isalnum() for c in stripped) or stripped.lower() == "n/a")


LIST_KEYS = ("tags", "aliases")
"""Keys always written as a YAML list; email and phone are a list only when there are several."""


@dataclass
class SourceText:
    """The decoded text of an import file, and a warning when it was not UTF-8."""

    name: str
    text: str
    problems: list[Problem] = field(default_factory=list)
    data: bytes | None = None
    """The bytes, when they are not UTF-8: a vCard reader decodes each value by its CHARSET."""


def one_line(text: str) -> str:
    """A value as a single tidy line: runs of whitespace (newlines too) become one space."""
    return _SPACES.sub(" ", text).strip()


def tag_name(label: str) -> str:
    """A label as an Obsidian tag: no `#`, no spaces (`Friends & Family` -> `Friends-Family`)."""
    cleaned = _TAG_JUNK.sub("-", label.strip().lstrip("#").strip())
    return re.sub(r"-{2,}", "-", cleaned).strip("-/")


def read_source(path: Path) -> SourceText:
    """An import file's text. UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as
    such; anything else is read as Windows-1252, which every byte decodes in, with a warning that
    names the line of the first byte that is not UTF-8."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise BadImportFile(f"{name}: larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise BadImportFile(f"cannot read {name}: {exc.strerror or exc}") from None
    return decode_source(name, data)


def decode_source(name: str, data: bytes) -> SourceText:
    """The text of an import file's bytes (read from disk or from a zip), decoded as
    `read_source` says."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return SourceText(name, data.decode("utf-16"))
        except UnicodeDecodeError:
            raise BadImportFile(f"{name}: starts like UTF-16 but is not valid UTF-16") from None
    try:
        return SourceText(name, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text = data.decode("latin-1").translate(_CP1252_FROM_LATIN1)
        warning = Problem(
            name, line, "not UTF-8; read the file as Windows-1252 (Latin-1)", "warning"
        )
        return SourceText(name, text, [warning], data)


def _cp1252_table() -> dict[int, str]:
    # Windows-1252 is Latin-1 with printable characters (curly quotes, the euro sign) where
    # Latin-1 has control codes; five bytes it leaves undefined keep their Latin-1 meaning.
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


_CP1252_FROM_LATIN1 = _cp1252_table()


def csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str] | Problem]]:
    """(first line of the record, its fields) for every record, or a Problem for one the CSV
    reader cannot read (a quote left open at the end of a truncated file, a NUL byte). Blank
    lines are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_end = 0
    while True:
        start = previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                message = "a quoted field never closes (is the file cut short?)"
            yield start, Problem(name, start, f"unreadable CSV: {message}")
            if reader.line_num == previous_end:
                return
            previous_end = reader.line_num
            continue
        previous_end = reader.line_num
        if row and any(cell.strip() for cell in row):
            yield start, row


_LOG_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}\b")


def detail_bullet(text: str) -> str:
    """A line of a contact's free text as a `## Notes` bullet that stays a note: a line that
    would read as a task (`[ ] call`) or a dated log line (`2024-05-01 call: ...`, which would
    count as a contact) is escaped, so an import never invents a follow-up or a contact."""
    text = one_line(text)
    if text.startswith("["):
        text = "\\" + text
    elif (m := _LOG_LIKE.match(text)) is not None:
        text = f"`{m[0]}`{text[m.end() :]}"
    return f"- {text}"
