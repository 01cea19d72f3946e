"""The note syntax that the parser and the editor share: each pattern of a note, written once.

Lines are split on \n only (a lone \r is text), as editors count them, so that line numbers in
problems match the user's editor.
"""

from __future__ import annotations

import re

BOM = "\ufeff"

LOG_LINE = re.compile(r"^\s*[-*+]\s+(\d{4}-\d{1,2}-\d{1,2})(?:\s+([^\s:\[\]]+))?\s*:\s?(.*)$")
"""`- 2026-09-14 coffee: text`: (date, kind or None, text)."""
_LOG_KIND = re.compile(r"[^\s:\[\]#]+")


def log_kind(text: str) -> str | None:
    """`text` as the kind of a log line (`coffee` in `- 2026-09-14 coffee: text`): one word in
    lower case, without `:`, brackets (LOG_LINE would not read it) or `#` (a tag); None if it
    cannot be one."""
    kind = text.strip().lower()
    return kind if _LOG_KIND.fullmatch(kind) else None


TASK = re.compile(r"^\s*[-*+]\s+\[(.)\]\s+(.*)$")
"""`- [ ] text`: (status character, text)."""
OPEN_MARKS = " /"
"""Statuses of an open task: to do, in progress."""
CLOSED_MARKS = "xX-"
"""Statuses of a done or cancelled task. Any other (`[>]`, `[?]`, `[!]`...) is no follow-up."""
TASKS_DUE = re.compile(r"\U0001F4C5\ufe0f?\s*(\d{4}-\d{1,2}-\d{1,2})")
TASKS_SCHEDULED = re.compile(r"\u23f3\ufe0f?\s*(\d{4}-\d{1,2}-\d{1,2})")
"""Tasks' scheduled date: a follow-up's date when it has no due date."""
DATAVIEW_DUE = re.compile(
    r"\[due::\s*(\d{4}-\d{1,2}-\d{1,2})\s*\]|\(due::\s*(\d{4}-\d{1,2}-\d{1,2})\s*\)"
)
"""Dataview's `[due:: 2026-11-25]` or `(due:: 2026-11-25)`: the date in group 1 or 2."""


TASKS_START = re.compile(r"\U0001F6EB\ufe0f?\s*(\d{4}-\d{1,2}-\d{1,2})")
"""Tasks' start date (`🛫 2026-11-20`): kept with the task; it does not make it due."""
TASKS_DONE = re.compile(r"\u2705\ufe0f?\s*(\d{4}-\d{1,2}-\d{1,2})")
"""Tasks' done date (`✅ 2026-10-02`)."""
TASKS_CREATED = re.compile(r"(?<!\s)\s*\u2795\ufe0f?\s*\d{4}-\d{1,2}-\d{1,2}")
"""Tasks' created date (`➕ 2026-10-01`): not part of the task's text."""
TASKS_CANCELLED = re.compile(r"(?<!\s)\s*\u274c\ufe0f?\s*\d{4}-\d{1,2}-\d{1,2}")
"""Tasks' cancelled date (`❌ 2026-10-03`): not part of the task's text. As with `✅`, the box
says whether the task is closed (`- [-]`), not the date."""


def task_start(body: str) -> str | None:
    """A task's start date as written (Tasks' `🛫`), or None."""
    found = TASKS_START.search(body)
    return None if found is None else found[1]


def task_done_date(body: str) -> str | None:
    """A done task's date as written (Tasks' `✅`), or None."""
    found = TASKS_DONE.search(body)
    return None if found is None else found[1]


def task_date(body: str) -> str | None:
    """A task's follow-up date as written: Tasks' due date, else Dataview's, else Tasks'
    scheduled date."""
    found = TASKS_DUE.search(body) or DATAVIEW_DUE.search(body) or TASKS_SCHEDULED.search(body)
    return None if found is None else found[1] or found[2]


def task_label(body: str) -> str:
    """A task's text without its dates."""
    for pattern in (
        DONE_MARK,
        TASKS_CANCELLED,
        TASKS_CREATED,
        TASKS_DUE,
        DATAVIEW_DUE,
        TASKS_SCHEDULED,
        TASKS_START,
    ):
        body = pattern.sub("", body)
    return body.strip()


# (?<!\s): start only at the first space of a run, or a long run of spaces costs quadratic time.
DONE_MARK = re.compile(r"(?<!\s)\s*\u2705\ufe0f?\s*\d{4}-\d{1,2}-\d{1,2}")
HASHTAG = re.compile(r"(?<![\w&/#])#([A-Za-z][\w/-]*)")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
"""A heading: (hashes, text with any closing #s: see `heading_title`)."""
FENCE = re.compile(r"^\s*(```|~~~)")
BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
# No `\s*` after the bare key: `[^:]*` already takes the spaces, and overlapping runs backtrack
# quadratically on a long line without a colon.
TOP_KEY = re.compile(r"""^("[^"]*"\s*|'[^']*'\s*|[^\s#\-?:'"][^:]*):(?:\s|$)""")
DELIMITER = re.compile(r"^---[ \t]*$")
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|>|```|~~~|\||$)")
"""A line that starts its own Markdown block rather than running on from the one above."""


CONFLICT_MESSAGE = "unresolved merge conflict"


def conflict_lines(lines: list[str]) -> list[int]:
    """The 0-based indexes of the `<<<<<<<` lines that open a git merge conflict: each followed,
    in order, by a `=======` line and a `>>>>>>>` line."""
    found: list[int] = []
    start: int | None = None
    middle = False
    for i, line in enumerate(lines):
        if line.startswith("<<<<<<<") and line[7:8] in ("", " "):
            start, middle = i, False
        elif start is not None and line.rstrip() == "=======":
            middle = True
        elif start is not None and middle and line.startswith(">>>>>>>"):
            found.append(start)
            start, middle = None, False
    return found


def heading_title(text: str) -> str:
    """A heading's text without the optional closing #s (`## Log ##` -> `Log`; `## C#` stays
    `C#`: closing #s need a space before them)."""
    title = text.strip()
    bare = title.rstrip("#")
    if bare != title and (not bare or bare[-1].isspace()):
        title = bare.rstrip()
    return title


def split_frontmatter(lines: list[str]) -> tuple[int, int] | None:
    """(first, last) file-line indexes (0-based) of the YAML between the delimiters, or None.
    An unclosed block is None: Obsidian shows such a note as having no properties."""
    if not lines or not DELIMITER.match(lines[0]):
        return None
    for i in range(1, len(lines)):
        if CLOSING.match(lines[i]):
            return 1, i
    return None


def unclosed_frontmatter(lines: list[str]) -> bool:
    """The note starts with `---` but the block never closes."""
    return (
        bool(lines) and DELIMITER.match(lines[0]) is not None and split_frontmatter(lines) is None
    )


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Lines and each line's own ending (`\\r\\n`, `\\n`, or `` for a last line without one)."""
    parts = text.split("\n")
    lines: list[str] = []
    ends: list[str] = []
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if last and not part:
            break
        if last:
            lines.append(part)
            ends.append("")
        elif part.endswith("\r"):
            lines.append(part[:-1])
            ends.append("\r\n")
        else:
            lines.append(part)
            ends.append("\n")
    return lines, ends


def indent(line: str) -> int:
    """The width of a line's leading whitespace (a tab counts as four spaces)."""
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))
