"""The proof an edit gives before it is written: the edited note must read back as exactly what
the edit meant, and nothing else.

The frontmatter must hold the old values plus the ones set on purpose (no edit damaged a
neighbouring key), and every log line, follow-up and tick the edit added must be read back as
one (a line landing inside a code fence left open would be reported as done and never count).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vaultnet.errors import RefusedEdit
from vaultnet.notes.parse import ParsedNote, parse_note
from vaultnet.notes.syntax import split_frontmatter

_MISSING = object()


@dataclass
class Intent:
    """What an edit means: the keys it set (to their parsed values) and removed, the log lines
    (date, kind, text) and open follow-ups (text, due) it added, how many tasks it ticked."""

    set_values: dict[str, Any] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    logs: list[tuple[str, str, str]] = field(default_factory=list)
    tasks: list[tuple[str, str]] = field(default_factory=list)
    ticked: int = 0


def verify_edit(
    rel: str, read: ParsedNote, read_lines: list[str], text: str, intent: Intent
) -> None:
    """RefusedEdit unless `text` (the edited note) parses and reads back as `read` (the note as
    read, whose lines were `read_lines`) changed by exactly `intent`."""
    parsed = parse_note(rel, text)
    if not parsed.frontmatter_ok:
        problem = parsed.problems[0]
        raise RefusedEdit(
            f"{rel}: the edit would break the frontmatter ({problem.message}, line "
            f"{problem.line}); nothing written"
        )
    _verify_effects(rel, read, read_lines, parsed, intent)
    expected = {**read.frontmatter, **intent.set_values}
    for key in intent.removed:
        expected.pop(key, None)
    if parsed.frontmatter != expected:
        keys = sorted(
            k
            for k in set(expected) | set(parsed.frontmatter)
            if expected.get(k, _MISSING) != parsed.frontmatter.get(k, _MISSING)
        )
        raise RefusedEdit(
            f"{rel}: the edit would change {', '.join(keys)} unexpectedly; nothing written"
        )


def _verify_effects(
    rel: str, read: ParsedNote, read_lines: list[str], parsed: ParsedNote, intent: Intent
) -> None:
    def logs(note: ParsedNote) -> Counter[tuple[str, str, str]]:
        return Counter((e.date, e.kind, e.text) for e in note.log)

    def tasks(note: ParsedNote) -> Counter[tuple[str, str]]:
        return Counter((t.text, t.due or "") for t in note.tasks if not t.done)

    def short(after: Counter[Any], before: Counter[Any], added: Iterable[Any]) -> bool:
        return any(after[k] < before[k] + n for k, n in Counter(added).items())

    done_before = sum(1 for t in read.tasks if t.done)
    done_after = sum(1 for t in parsed.tasks if t.done)
    missing = (
        short(logs(parsed), logs(read), intent.logs)
        or short(tasks(parsed), tasks(read), intent.tasks)
        or done_after < done_before + intent.ticked
    )
    if not missing:
        return
    fence = unclosed_fence(read_lines)
    if fence is not None:
        raise RefusedEdit(
            f"{rel}:{fence + 1}: this code fence never closes, so the new line would be "
            "read as code, not as part of the note; nothing written. Close the fence and run "
            "the command again"
        )
    raise RefusedEdit(
        f"{rel}: the edit would not read back as what it means to add; nothing written"
    )


def unclosed_fence(lines: list[str]) -> int | None:
    """The line index of a code fence in the body that never closes, if any."""
    bounds = split_frontmatter(lines)
    opened: int | None = None
    for i in range(bounds[1] + 1 if bounds else 0, len(lines)):
        if lines[i].lstrip().startswith(("```", "~~~")):
            opened = i if opened is None else None
    return opened
