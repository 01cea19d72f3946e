"""Where things are in a note's lines: a frontmatter key's lines, the body's sections, a log
entry and its sub-bullets, the place a new log line belongs.

Pure functions over the list of lines (no endings, no BOM) that the editor holds; the editor
decides what to change, these say where. Line indexes are 0-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from vaultnet.notes.syntax import (
    BLOCK_START,
    FENCE,
    HEADING,
    LOG_LINE,
    TOP_KEY,
    heading_title,
    indent,
    split_frontmatter,
)
from vaultnet.text.dates import parse_date

_INLINE_COMMENT = re.compile(r"\s+#")


# Frontmatter -------------------------------------------------------------------------------------
def key_lines(lines: list[str], key: str) -> list[int]:
    """Every line where top-level `key` starts (YAML reads the last when it is repeated)."""
    bounds = split_frontmatter(lines)
    if bounds is None:
        return []
    first, close = bounds
    return [
        i
        for i in range(first, close)
        if (m := TOP_KEY.match(lines[i])) and m[1].strip("'\"") == key
    ]


def key_span(lines: list[str], key: str) -> tuple[int, int] | None:
    """Lines [start, stop) holding top-level `key` and its value (the last one if repeated, as
    YAML uses the last): its own line, then indented or list lines, without trailing blank or
    comment lines."""
    starts = key_lines(lines, key)
    if not starts:
        return None
    bounds = split_frontmatter(lines)
    assert bounds is not None  # a key line lies inside the frontmatter
    close = bounds[1]
    found = starts[-1]
    stop = found + 1
    while stop < close and (lines[stop][:1] in (" ", "\t", "-") or not lines[stop].strip()):
        stop += 1
    while stop > found + 1 and (
        not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")
    ):
        stop -= 1
    return found, stop


def trailing_comment(line: str) -> str:
    """The ` # comment` at the end of a one-line `key: value`, if it is one (a `#` inside quotes
    is not): it is a comment exactly when cutting it off leaves the same value."""
    import yaml

    key_match = TOP_KEY.match(line)
    if key_match is None:
        return ""
    try:
        whole = yaml.safe_load(line)
    except (yaml.YAMLError, ValueError):  # ValueError: too many digits
        return ""
    for m in _INLINE_COMMENT.finditer(line, key_match.end()):
        head = line[: m.start()]
        try:
            if yaml.safe_load(head) == whole:
                return line[m.start() :]
        except (yaml.YAMLError, ValueError):  # ValueError: too many digits
            continue
    return ""


# Body ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    """A heading and the line range its content covers (up to the next heading of the same or
    a higher level, or the end of the note)."""

    heading: int
    start: int
    stop: int


def body_start(lines: list[str]) -> int:
    """The first line after the frontmatter (0 when the note has none)."""
    bounds = split_frontmatter(lines)
    return bounds[1] + 1 if bounds else 0


def headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line, level, title) of every heading in the body, outside code fences."""
    found = []
    in_fence = False
    for i in range(body_start(lines), len(lines)):
        text = lines[i]
        if FENCE.match(text):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = HEADING.match(text)
        if m:
            found.append((i, len(m[1]), heading_title(m[2])))
    return found


def find_section(lines: list[str], heading: str) -> Section | None:
    """The first section titled `heading` (`## Log` or just `Log`; any level, any case)."""
    title = heading.lstrip("#").strip().casefold()
    found = headings(lines)
    for n, (line, level, text) in enumerate(found):
        if text.casefold() == title:
            stop = len(lines)
            for later, later_level, _ in found[n + 1 :]:
                if later_level <= level:
                    stop = later
                    break
            return Section(line, line + 1, stop)
    return None


def content_end(lines: list[str], section: Section) -> int:
    """The index just after the section's last non-blank line (or after its heading)."""
    end = section.stop
    while end > section.start and not lines[end - 1].strip():
        end -= 1
    return end


def entry_end(lines: list[str], index: int, section: Section) -> int:
    """The index just after the log entry on line `index` and the lines that belong to it: its
    sub-bullets and other more-indented lines (also after a blank line, as Markdown reads them),
    and unindented text running on without a blank line (a lazy continuation). A new entry must
    never land between an entry and its sub-bullets."""
    own = indent(lines[index])
    end = index + 1
    i = index + 1
    while i < section.stop:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        blank_before = i > end
        if indent(line) > own or (
            not blank_before and not BLOCK_START.match(line) and not LOG_LINE.match(line)
        ):
            end = i = i + 1
            continue
        break
    return end


def log_insert_at(lines: list[str], section: Section, day: date) -> int:
    """Where a log line dated `day` goes in `section`, in the order the section already uses:
    newest first unless its dated lines run oldest first; after the content when nothing in
    it is dated."""
    dated = []
    for i in range(section.start, section.stop):
        m = LOG_LINE.match(lines[i])
        known = parse_date(m[1]) if m else None
        if known is not None:
            dated.append((i, known, indent(lines[i])))
    # A dated sub-bullet belongs to the entry above it: only the outermost lines are entries.
    outermost = min((depth for *_, depth in dated), default=0)
    entries = [(i, d) for i, d, depth in dated if depth == outermost]
    if not entries:
        return content_end(lines, section)
    days = [d for _, d in entries]
    if days[0] < days[-1]:  # oldest first
        after = [i for i, d in entries if d <= day]
        return entry_end(lines, after[-1], section) if after else entries[0][0]
    before = [i for i, d in entries if d <= day]
    return before[0] if before else entry_end(lines, entries[-1][0], section)
