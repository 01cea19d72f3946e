"""Due.md as a file: the hidden markers that say what a tick means, the stamp, the keep marker,
and reading an existing Due.md back (its ticks, the user's notes, whether it was edited).

Each item line ends with a hidden marker, invisible in Obsidian's reading view, that says what a
tick on it means: `<!-- vn:fu People/Jane Doe.md:28 1a2b3c4d 2026-11-21 -->` for a follow-up
(source note, line, a hash of the task's text and the due date the item showed; see
`FollowUpRef`), `<!-- vn:cadence -->`, `<!-- vn:reconnect -->`... for the
others, whose person is the item's first [[link]] (Obsidian keeps that link right when a note is
renamed). Above the keep marker, a stamp `<!-- vn:due DATE CHECKSUM -->` records the day the list
was made and a checksum of its text with the ticks undone, so any other edit is noticed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from vaultnet.notes.parse import first_wikilink
from vaultnet.text.links import WIKILINK

KEEP_MARKER = "<!-- vaultnet: your notes below are kept -->"
TICK_KINDS = ("fu", "reconnect", "cadence", "group", "want", "pending", "birthday", "date", "favor")

_STAMP = re.compile(r"^\s*<!-- vn:due (\d{4}-\d{2}-\d{2}) ([0-9a-f]{12}) -->\s*$")
_MARKER = re.compile(r"<!-- vn:([a-z]+)(?: (.*?))? -->")
_CHECKBOX = re.compile(r"^(\s*[-*+] \[)(.)(\] )")
_DONE_DATE = re.compile(r"\s*\u2705\ufe0f?\s*(\d{4}-\d{2}-\d{2})")


_FU_ARGS = re.compile(r"^(.+):(\d+) ([0-9a-f]{8})(?: (\d{4}-\d{2}-\d{2}))?$")
_SHARE_ARGS = re.compile(r"(?:^| )share ([0-9a-f]{8})(?: |$)")


def task_hash(text: str) -> str:
    """A short fingerprint of a task's text, so a tick finds its task after the note moved on."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def share_args(title: str) -> str:
    """What a reach-out's marker carries when its reason is an item of the share list:
    `share 1a2b3c4d`, a hash of the item's title, so that ticking it records the item as shared
    (Due.md shows the title; a custom template may not)."""
    return f"share {task_hash(title)}"


@dataclass(frozen=True)
class FollowUpRef:
    """What a follow-up's marker tells harvesting: where the task was, a hash of its text, and
    the due date the item showed (with the text, it tells a recurring task from its next
    occurrence). `due` is None for an impossible date, and in markers written before 0.2."""

    path: str
    line: int
    digest: str
    due: str | None = None

    @property
    def marker(self) -> str:
        """The marker's arguments: `People/Jane Doe.md:28 1a2b3c4d 2026-11-21`."""
        due = f" {self.due}" if self.due else ""
        return f"{self.path}:{self.line} {self.digest}{due}"

    @classmethod
    def of(cls, path: str, line: int, text: str, due: date | None) -> FollowUpRef:
        return cls(path, line, task_hash(text), due.isoformat() if due else None)

    @classmethod
    def parse(cls, args: str) -> FollowUpRef | None:
        m = _FU_ARGS.match(args)
        return cls(m[1], int(m[2]), m[3], m[4]) if m else None


# The Due.md file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """A ticked item in Due.md, to be recorded in the vault."""

    kind: str  # one of TICK_KINDS
    line: int  # 1-based, in Due.md
    text: str  # the whole line, for messages
    link: str | None  # the first [[link]]'s target: the person (or source note)
    args: str  # what the marker carries after its kind
    ticked_on: date | None  # the ✅ date the Obsidian Tasks plugin adds when ticking
    follow_up: FollowUpRef | None = None  # a follow-up's marker, read (None: unreadable)
    share: str | None = None  # a reach-out's share-list item: the hash of its title


@dataclass
class OldDueNote:
    """What an existing Due.md holds that matters before it is replaced."""

    text: str = ""
    exists: bool = False
    made_on: date | None = None  # the stamp's date: the day the list was made
    ticks: list[Tick] = field(default_factory=list)
    user_notes: str = ""  # everything after the keep marker line, verbatim
    edited: bool = False  # changed by hand other than by ticks since vaultnet wrote it


def _normalized(lines: list[str]) -> str:
    """The generated text with every tick undone, as it was when vaultnet wrote it. Link targets
    are left out: Obsidian rewrites links when a note is renamed, and that is not a user edit."""
    out = []
    for line in lines:
        if _MARKER.search(line):
            line = _CHECKBOX.sub(lambda m: m[1] + (" " if m[2] in "xX" else m[2]) + m[3], line)
            line = _DONE_DATE.sub("", line)
        out.append(WIKILINK.sub("[[]]", line).rstrip())
    return "\n".join(out).rstrip()


def checksum(generated: str) -> str:
    return hashlib.sha1(_normalized(generated.split("\n")).encode("utf-8")).hexdigest()[:12]


def compose_due_note(generated: str, today: date, user_notes: str = "") -> str:
    """The whole Due.md: the generated list, the stamp, the keep marker, the user's notes."""
    body = generated.rstrip()
    stamp = f"<!-- vn:due {today.isoformat()} {checksum(body)} -->"
    return f"{body}\n\n{stamp}\n{KEEP_MARKER}\n{user_notes}"


def read_due_note(text: str | None) -> OldDueNote:
    """Parse an existing Due.md (None when there is none)."""
    if text is None:
        return OldDueNote()
    if text.startswith("\ufeff"):
        text = text[1:]
    note = OldDueNote(text=text, exists=True)
    raw_lines = text.split("\n")
    keep_at = next((i for i, line in enumerate(raw_lines) if KEEP_MARKER in line), None)
    if keep_at is not None:
        note.user_notes = "\n".join(raw_lines[keep_at + 1 :])
        above = raw_lines[:keep_at]
    else:
        above = raw_lines
    above = [line[:-1] if line.endswith("\r") else line for line in above]
    region: list[str] = []
    stamp_sum: str | None = None
    for number, line in enumerate(above, start=1):
        stamp = _STAMP.match(line)
        if stamp:
            try:
                note.made_on = date.fromisoformat(stamp[1])
            except ValueError:
                note.made_on = None
            stamp_sum = stamp[2]
            continue
        region.append(line)
        tick = _tick(line, number)
        if tick is not None:
            note.ticks.append(tick)
    if stamp_sum is None:
        note.edited = bool(text.strip())
    else:
        note.edited = (
            hashlib.sha1(_normalized(region).encode("utf-8")).hexdigest()[:12] != stamp_sum
        )
    return note


def _tick(line: str, number: int) -> Tick | None:
    box = _CHECKBOX.match(line)
    marker = _MARKER.search(line)
    if box is None or marker is None or box[2] not in "xX" or marker[1] not in TICK_KINDS:
        return None
    done = _DONE_DATE.search(line[marker.end() :]) or _DONE_DATE.search(line)
    ticked_on = None
    if done:
        try:
            ticked_on = date.fromisoformat(done[1])
        except ValueError:
            ticked_on = None
    args = marker[2] or ""
    return Tick(
        kind=marker[1],
        line=number,
        text=line.strip(),
        link=first_wikilink(line[: marker.start()]),
        args=args,
        ticked_on=ticked_on,
        follow_up=FollowUpRef.parse(args) if marker[1] == "fu" else None,
        share=_share_of(args) if marker[1] in ("reconnect", "cadence") else None,
    )


def _share_of(args: str) -> str | None:
    found = _SHARE_ARGS.search(args)
    return found[1] if found else None
