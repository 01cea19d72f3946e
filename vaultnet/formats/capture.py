"""What the capture readers (calendar, mail, LinkedIn messages) turn a file into: one `Captured`
record per event or message that could be a contact, one `Skipped` per item that is not, with
why. Readers yield them one at a time, so a mailbox of any size is read in bounded memory."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from vaultnet.errors import UsageError
from vaultnet.formats.linkedin import linkedin_key

_HASHTAG_START = re.compile(r"#(?=[^\W\d_])")

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


def one_line(text: str) -> str:
    """Text as a log line can hold it: one line, tidy spaces, no Markdown that would turn it
    into something else (a task box, a link, a tag that classifies the contact)."""
    text = " ".join(text.split())
    # `#give` in a subject must not count as a favor given, nor `[[x]]` link someone: a
    # fullwidth ＃ reads the same and is a tag neither to vaultnet nor to Obsidian.
    text = _HASHTAG_START.sub("＃", text)
    return text.replace("[[", "[ [").replace("]]", "] ]")
