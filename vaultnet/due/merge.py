"""Merging two clones' Due.md (the git merge driver): every tick from both sides is kept, so the
next `digest` harvests them all and writes a fresh list; your notes below the keep marker merge
line by line. Two lists made on different days always differed line by line, and git's own
merge made that a conflict every time.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vaultnet.due.note import KEEP_MARKER, checksum, read_due_note

MERGED_SECTION = "## Ticked in another copy"
_CHECKBOX = re.compile(r"^(\s*[-*+] \[)(.)(\] )")
_DONE_DATE = re.compile(r"\s*\u2705\ufe0f?\s*\d{4}-\d{2}-\d{2}")
_STAMP = re.compile(r"^\s*<!-- vn:due (\d{4}-\d{2}-\d{2}) ([0-9a-f]{12}) -->\s*$")


@dataclass(frozen=True)
class MergedDue:
    """The merged Due.md text; `conflicts` counts the places in your notes (below the keep
    marker) that both sides changed, left between git's conflict markers."""

    text: str
    conflicts: int


def _key(line: str) -> str:
    """A due-list line with its tick undone and its done date left out: the same item."""
    line = _CHECKBOX.sub(lambda m: m[1] + " " + m[3], line.rstrip("\r"))
    return _DONE_DATE.sub("", line).rstrip()


def _split(text: str) -> tuple[list[str], str | None, str | None]:
    """(the list's lines, the stamp line, the notes below the keep marker or None)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    keep_at = next((i for i, line in enumerate(lines) if KEEP_MARKER in line), None)
    notes = "\n".join(lines[keep_at + 1 :]) if keep_at is not None else None
    above = lines[:keep_at] if keep_at is not None else lines
    stamp = next((line for line in above if _STAMP.match(line)), None)
    body = [line for line in above if not _STAMP.match(line)]
    while body and not body[-1].strip():
        body.pop()
    return body, stamp, notes


def _merge_notes(base: str, ours: str, theirs: str) -> tuple[str, int]:
    """Three-way merge of the notes below the keep marker, with `git merge-file` (the same
    line-by-line merge git uses), or by whole text when git cannot be run."""
    if ours == theirs or theirs == base:
        return ours, 0
    if ours == base:
        return theirs, 0
    with tempfile.TemporaryDirectory(prefix="vaultnet-merge-") as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        try:
            done = subprocess.run(
                ["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", *paths],
                capture_output=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            done = None
    if done is not None and done.returncode >= 0:
        return done.stdout.decode("utf-8", errors="surrogateescape"), min(done.returncode, 127)
    return f"<<<<<<< ours\n{ours}\n=======\n{theirs}\n>>>>>>> theirs\n", 1


def merge_due(base: str, ours: str, theirs: str) -> MergedDue:
    """Our list with every tick of theirs: a line ticked there is ticked here too; a ticked line
    that our list no longer has (their list was older or newer) is copied into a section of its
    own, unless our side already harvested it (it was ticked in the common ancestor and is gone
    from ours). The stamp is made anew when neither side was edited by hand, so the next digest
    harvests every tick without taking the merge for a hand edit."""
    ours_body, ours_stamp, ours_notes = _split(ours)
    _, _, theirs_notes = _split(theirs)
    _, _, base_notes = _split(base)
    theirs_ticks = {_key(t.text): t for t in read_due_note(theirs).ticks}
    base_ticked = {_key(t.text) for t in read_due_note(base).ticks}
    ours_keys = {_key(line): i for i, line in enumerate(ours_body)}

    merged = list(ours_body)
    carried: list[str] = []
    for key, tick in theirs_ticks.items():
        if key in ours_keys:
            at = ours_keys[key]
            box = _CHECKBOX.match(merged[at])
            if box and box[2] not in "xX":
                indent = merged[at][: len(merged[at]) - len(merged[at].lstrip())]
                merged[at] = indent + tick.text  # theirs, with its done date if it has one
        elif key not in base_ticked:
            carried.append(tick.text)
    if carried:
        merged += ["", MERGED_SECTION, "", *carried]

    ours_note, theirs_note = read_due_note(ours), read_due_note(theirs)
    made_on = ours_note.made_on or theirs_note.made_on
    hand_edited = ours_note.edited or theirs_note.edited
    body = "\n".join(merged).rstrip()
    stamp: str | None
    if ours_stamp is not None and hand_edited:
        stamp = ours_stamp  # the next digest treats it as edited by hand, as before the merge
    elif made_on is not None:
        stamp = f"<!-- vn:due {made_on.isoformat()} {checksum(body)} -->"
    else:
        stamp = ours_stamp
    notes, conflicts = _merge_notes(base_notes or "", ours_notes or "", theirs_notes or "")
    parts = [body, ""]
    if stamp is not None:
        parts.append(stamp)
    if ours_notes is not None or theirs_notes is not None or stamp is not None:
        parts += [KEEP_MARKER, notes]
    text = "\n".join(parts)
    if "\r\n" in ours:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return MergedDue(text, conflicts)
