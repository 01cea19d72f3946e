"""What the capture readers (calendar, mail, LinkedIn messages) turn a file into: one `Captured`
record per event or message that could be a contact, one `Skipped` per item that is not, with
why. Readers yield them one at a time, so a mailbox of any size is read in bounded memory."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from vaultnet.errors import Problem, UsageError
from vaultnet.formats.linkedin import linkedin_key
from vaultnet.formats.source import BadImportFile, SourceText, csv_rows

_HASHTAG_START = re.compile(r"#(?=[^\W\d_])")
_DOUBLE_BRACKET = re.compile(r"\[(?=\[)|\](?=\])")
_DOUBLE_COLON = re.compile(r":(?=:)")

MEETING, EMAIL, MESSAGE = "meeting", "email", "message"
"""The log-line kinds the captures write (`- 2026-11-02 email: Subject`)."""


def profile_key(url: str) -> str:
    """A LinkedIn profile URL as matched (`linkedin_key`); a URL that Python's parser refuses
    (a stray `[`) is compared as written, folded."""
    try:
        return linkedin_key(url)
    except ValueError:
        return url.strip().casefold()


class MeNotConfigured(UsageError):
    """An import needs to know who "me" is, and `[me]` in vaultnet.toml does not say."""


@dataclass(frozen=True)
class Me:
    """Who "me" is: the addresses and the LinkedIn profile a message or event must involve."""

    emails: frozenset[str] = frozenset()
    linkedin: str = ""

    @classmethod
    def of(cls, emails: Iterable[str], linkedin: str = "") -> Me:
        return cls(frozenset(e.strip().lower() for e in emails if e.strip()), linkedin.strip())

    def is_me(self, email: str) -> bool:
        return email.strip().lower() in self.emails

    def is_my_profile(self, url: str) -> bool:
        return (
            bool(self.linkedin)
            and bool(url.strip())
            and profile_key(url) == profile_key(self.linkedin)
        )

    def require_emails(self, what: str) -> None:
        if not self.emails:
            raise MeNotConfigured(
                f"{what} needs your own addresses, to tell your mail from the rest: add them to "
                'vaultnet.toml as [me] emails = ["you@example.com"]'
            )

    def require_linkedin(self, what: str) -> None:
        if not self.linkedin:
            raise MeNotConfigured(
                f"{what} needs your LinkedIn profile, to tell your messages from the rest: add "
                'it to vaultnet.toml as [me] linkedin = "https://www.linkedin.com/in/you"'
            )


@dataclass(frozen=True, slots=True)
class Party:
    """Someone other than me in an event or a message, as the file names them (any part may be
    empty)."""

    name: str = ""
    email: str = ""
    linkedin: str = ""

    def label(self) -> str:
        """How the summary names someone not in the vault."""
        return self.email or self.linkedin or self.name


@dataclass(frozen=True, slots=True)
class Captured:
    """An event or message with me and others: a contact on `day` with each party found in the
    vault, recorded as `- day kind: text`."""

    source: str
    """`path:line` of the item in the file (for a Maildir, the message's own file)."""
    ident: str
    """The item's identity in its source (event UID and date, Message-ID, LinkedIn row)."""
    day: date
    kind: str
    text: str
    parties: tuple[Party, ...]
    quote: str = ""
    """The message's own text, made safe (`quote_line`), only when asked for (`--with-text`)."""


class Skip(enum.Enum):
    """Why an item of the file is not a contact."""

    DECLINED = "declined"
    CANCELLED = "cancelled"
    FUTURE = "in the future"
    BEFORE_SINCE = "before --since"
    NO_ONE_ELSE = "without anyone else"
    NOT_MINE = "you are not in it"
    MAILING_LIST = "from a mailing list"
    AUTOMATED = "from an automated sender"
    COPY = "a copy of an earlier one"
    DRAFT = "a draft, never sent"
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item of the file that is not a contact; an unreadable one says why in `detail`."""

    path: str
    line: int
    reason: Skip
    detail: str = ""


CaptureItem = Captured | Skipped


def csv_records(
    source: SourceText, is_header: Callable[[list[str]], bool], missing: str
) -> tuple[list[str], Iterator[tuple[int, list[str]] | Skipped]]:
    """A CSV export's header (its first record) and then each (line, record) with as many
    fields, or why a record is not read (unreadable, cut short). Raises BadImportFile
    (`NAME: missing`) when the first record is not a header `is_header` knows."""
    name = source.name
    rows = csv_rows(source.text, name)
    header: list[str] | None = None
    for _, row in rows:
        if not isinstance(row, Problem) and is_header(row):
            header = row
        break
    if header is None:
        raise BadImportFile(f"{name}: {missing}")
    width = len(header)

    def records() -> Iterator[tuple[int, list[str]] | Skipped]:
        for line, row in rows:
            if isinstance(row, Problem):
                yield Skipped(name, line, Skip.UNREADABLE, row.message)
            elif len(row) != width:
                yield Skipped(
                    name, line, Skip.UNREADABLE, f"{len(row)} fields, the header has {width}"
                )
            else:
                yield line, row

    return header, records()


def one_line(text: str) -> str:
    """Text as a log line can hold it: one line, tidy spaces, no Markdown that would turn it
    into something else (a task box, a link, a tag that classifies the contact)."""
    text = " ".join(text.split())
    # `#give` in a subject must not count as a favor given, nor `[[x]]` link someone: a
    # fullwidth ＃ reads the same and is a tag neither to vaultnet nor to Obsidian.
    text = _HASHTAG_START.sub("＃", text)
    return _DOUBLE_BRACKET.sub(r"\g<0> ", text)


QUOTE_MAX = 280
"""Characters of a message's text a quoted sub-line keeps (the rest is cut at a word, with `…`)."""
_MARKDOWN_START = re.compile(r"^[-+*>#|=~`!\[]")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_ESCAPED = re.compile(r"[\\<$%]")


def quote_line(text: str) -> str:
    """A message's text as one quoted sub-line of its log line (`  > text`) can hold it and
    stay a quote: one line, at most QUOTE_MAX characters, and nothing Markdown, Obsidian or
    Dataview would read as something else. A leading `- [ ]`, `#`, `>` or `1.` is escaped (no
    task, heading or list inside the quote); `\\`, `<` (HTML, `<!--` hiding the rest of the
    note), `$` (math) and `%` (`%%` comments) are backslash-escaped; `::` (a Dataview field) is
    spaced, and tags and links are defused as in a log line (`one_line`)."""
    text = " ".join(text.split())
    if len(text) > QUOTE_MAX:
        cut = text[: QUOTE_MAX - 1]
        cut = cut.rsplit(" ", 1)[0] if " " in cut[QUOTE_MAX // 2 :] else cut
        text = cut.rstrip() + "…"
    text = _DOUBLE_COLON.sub(": ", one_line(text))
    text = _ESCAPED.sub(lambda m: "\\" + m[0], text)
    text = _NUMBERED.sub(r"\1\\\2", text)
    if _MARKDOWN_START.match(text):
        text = "\\" + text
    return text
