"""Parsing one note's text into what vaultnet needs: frontmatter, log lines, tasks, details, problems.

Pure: no file I/O. `parse_note(path, text, folders)` never raises, whatever the text; every
problem it finds becomes a `Problem` with the line number in the file.
"""

from __future__ import annotations

import sys
from typing import Any

from vaultnet.errors import Problem
from vaultnet.notes.keys import DEFAULT_RULES, NoteRules
from vaultnet.notes.record import (
    GROUP,
    INTERACTION,
    OTHER,
    PERSON,
    LinkRef,
    LogEntry,
    NoteRecord,
    NoteSummary,
    ParsedNote,
    Task,
    summarize,
)
from vaultnet.notes.syntax import (
    BULLET,
    CLOSED_MARKS,
    CONFLICT_MESSAGE,
    DELIMITER,
    HASHTAG,
    HEADING,
    LOG_LINE,
    OPEN_MARKS,
    TASK,
    TOP_KEY,
    conflict_lines,
    heading_title,
    split_frontmatter,
    task_date,
    task_done_date,
    task_label,
    task_start,
)
from vaultnet.notes.yamlio import (
    MAX_DEPTH,
    MAX_VALUES,
    TooBig,
    load_yaml,
    may_nest_deeply,
    plain_values,
    simple_yaml,
    yaml_problem,
)
from vaultnet.text.dates import parse_birthday, parse_date, parse_duration
from vaultnet.text.links import (
    WIKILINK,
    is_unquoted_link,
    link_target,
    links_in,
    names_in_value,
)

__all__ = [
    "GROUP",
    "INTERACTION",
    "OTHER",
    "PERSON",
    "LinkRef",
    "LogEntry",
    "NoteRecord",
    "NoteSummary",
    "ParsedNote",
    "Task",
    "parse_note",
    "summarize",
]
LINK_FIELDS = ("introduced_by", "knows", "groups")
DATE_FIELDS = ("last_contact", "snooze_until")
STAGES = ("want", "pending", "connected")
STATUSES = ("seeking", "employed", "founder", "freelance", "student", "retired")


def _read_frontmatter(note: ParsedNote, lines: list[str], start: int, end: int) -> None:
    """Fill note.frontmatter and note.key_lines from lines[start:end], salvaging what it can."""
    yaml_lines = lines[start:end]
    chunks: list[tuple[int, str]] = []  # (file line index of the key, key)
    for offset, text in enumerate(yaml_lines):
        m = TOP_KEY.match(text)
        if m:
            key = sys.intern(m[1].strip().strip("'\""))
            chunks.append((start + offset, key))
            if key in note.key_lines:
                note.problems.append(
                    Problem(
                        note.path,
                        start + offset + 1,
                        f"duplicate key '{key}' (first on line {note.key_lines[key]}); "
                        "the last one is used",
                    )
                )
            note.key_lines[key] = start + offset + 1
    yaml_text = "\n".join(yaml_lines)
    try:
        data = simple_yaml(yaml_lines)
        if data is None:
            data = load_yaml(yaml_text)
    except Exception as exc:  # any YAML failure: report it, then salvage key by key
        yaml_line, message = yaml_problem(exc, yaml_text)
        line = start + 1 + (yaml_line if yaml_line is not None else 0)
        note.problems.append(Problem(note.path, line, message))
        note.frontmatter_ok = False
        data = {}
        bounds = [c[0] for c in chunks] + [end]
        for (first, _key), stop in zip(chunks, bounds[1:], strict=False):
            # The key with its continuation lines, else the key's line alone (a bad line
            # below `company: Acme` must not take Acme down with it).
            for piece_end in dict.fromkeys((stop, first + 1)):
                piece_text = "\n".join(lines[first:piece_end])
                if may_nest_deeply(piece_text):
                    continue  # too slow to try again with the pure-Python loader
                try:
                    piece = load_yaml(piece_text)
                except Exception:
                    continue
                if isinstance(piece, dict):
                    data.update(piece)
                break
    if data is None:
        return
    if not isinstance(data, dict):
        note.problems.append(
            Problem(note.path, start + 1, "frontmatter is not a set of `key: value` properties")
        )
        note.frontmatter_ok = False
        return
    budget = [MAX_VALUES]
    try:
        note.frontmatter = {sys.intern(str(k)): plain_values(v, budget) for k, v in data.items()}
    except TooBig:
        note.problems.append(
            Problem(
                note.path,
                start + 1,
                f"frontmatter nested deeper than {MAX_DEPTH} levels or holding more than "
                f"{MAX_VALUES} values; read as no properties",
            )
        )
        note.frontmatter_ok = False


def classify(
    path: str, fields: dict[str, Any], rules: NoteRules = DEFAULT_RULES, meets: bool | None = None
) -> str:
    """What a note is: a person, an interaction, a group, or something else. `fields`: the
    frontmatter with each property under its own name; `meets`: whether it lists people under
    one of the `with` keys (worked out from `fields` when not given)."""
    kind = str(fields.get("type", "")).strip().lower()
    if kind == "person":
        return PERSON
    if kind == "group":
        return GROUP
    if path.startswith(rules.people + "/") or rules.marks_person(fields):
        return PERSON
    if meets is None:
        meets = bool(rules.with_keys(fields))
    if "date" in fields and meets:
        return INTERACTION
    if path.startswith(rules.groups + "/"):
        return GROUP
    return OTHER


def _check_fields(note: ParsedNote) -> None:
    """Report values vaultnet cannot use, on the line of their key."""
    fm = note.fields

    def report(key: str, message: str, severity: str = "error") -> None:
        note.problems.append(Problem(note.path, note.key_lines.get(key, 1), message, severity))

    for key, value in note.frontmatter.items():
        if is_unquoted_link(value):
            report(key, f"'{key}' holds an unquoted [[link]]; quote it: \"[[...]]\"", "warning")
    date_keys = (
        DATE_FIELDS if note.kind == PERSON else ("date",) if note.kind == INTERACTION else ()
    )
    for key in date_keys:
        value = fm.get(key)
        if value not in (None, "") and parse_date(value) is None:
            report(key, f"bad date in '{key}': {value!r} (use YYYY-MM-DD)")
    if fm.get("cadence") not in (None, "") and parse_duration(fm["cadence"]) is None:
        report(
            "cadence",
            f"unknown cadence {fm['cadence']!r} (use a number of days, weeks, months or "
            "years like 14d, 6w, 3m, 1y, at most 100y, or never)",
        )
    if note.kind != PERSON:
        return
    birthday = fm.get("birthday")
    if birthday not in (None, "") and parse_birthday(birthday) is None:
        report("birthday", f"bad birthday {birthday!r} (use 1984-04-02, --04-02 or 04-02)")
    stage = fm.get("stage")
    if stage not in (None, "") and str(stage).lower() not in STAGES:
        report("stage", f"unknown stage {stage!r} (want, pending or connected)", "warning")
    status = fm.get("status")
    if status not in (None, "") and str(status).lower() not in STATUSES:
        report("status", f"unknown status {status!r} ({', '.join(STATUSES)})", "warning")


def _check_date(note: ParsedNote, line: int, text: str) -> str | None:
    parsed = parse_date(text)
    if parsed is None:
        note.problems.append(Problem(note.path, line, f"impossible date {text}"))
        return None
    return parsed.isoformat()


def _read_body(note: ParsedNote, lines: list[str], start: int) -> None:
    """Log lines, tasks, personal details (bullets under `## Notes`) and their links."""
    section = ""
    in_fence = False
    for index in range(start, len(lines)):
        text = lines[index]
        stripped = text.lstrip()
        if stripped.startswith(("```", "~~~")):  # FENCE, without a regex per line
            in_fence = not in_fence
            continue
        if in_fence or not stripped or stripped[0] not in "#-*+":
            continue  # prose: no heading, task, log line or bullet starts any other way
        line = index + 1
        heading = HEADING.match(text)
        if heading:
            section = heading_title(heading[2])
            continue
        task = TASK.match(text)
        if task:
            mark, body = task[1], task[2]
            if mark not in OPEN_MARKS and mark not in CLOSED_MARKS:
                continue  # forwarded, a question, important...: not a follow-up
            written = task_date(body)
            due = _check_date(note, line, written) if written else None
            bad = written if written and due is None else None
            label = task_label(body)
            done = mark in CLOSED_MARKS
            starts = task_start(body) if "\U0001f6eb" in body else None
            finished = task_done_date(body) if done and "\u2705" in body else None
            note.tasks.append(
                Task(
                    line,
                    done,
                    label,
                    due,
                    section,
                    bad,
                    _check_date(note, line, starts) if starts else None,
                    _check_date(note, line, finished) if finished else None,
                )
            )
            continue
        log = LOG_LINE.match(text)
        if log:
            iso = _check_date(note, line, log[1])
            if iso is None:
                continue
            body = log[3].strip()
            tags = tuple(t.lower() for t in HASHTAG.findall(body))
            targets = tuple(links_in(body))
            note.log.append(LogEntry(line, iso, (log[2] or "").lower(), body, tags, targets))
            note.links.extend(LinkRef(line, t, "log") for t in targets)
            continue
        if section.strip().lower() == "notes" and note.kind == PERSON:
            bullet = BULLET.match(text)
            if bullet and bullet[1].strip():
                note.details.append(bullet[1].strip())


def parse_note(path: str, text: str, rules: NoteRules = DEFAULT_RULES) -> ParsedNote:
    """Parse a note's text (BOM and CRLF allowed). `path` is relative to the vault, with `/`;
    `rules`: the settings that parsing depends on (the folders, `[keys]`, `[people]`)."""
    note = ParsedNote(path)
    if text.startswith("\ufeff"):
        # A BOM before `---` hides the frontmatter from python-frontmatter; strip it first.
        text = text[1:]
    # split("\n") and not splitlines(): editors count only \n as a line break, and line numbers
    # in problems must match the editor's.
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if "<<<<<<<" in text:  # a plain search first: the line scan costs only where it may find
        note.problems.extend(
            Problem(path, index + 1, CONFLICT_MESSAGE) for index in conflict_lines(lines)
        )
    body_start = 0
    bounds = split_frontmatter(lines)
    if bounds is None and lines and DELIMITER.match(lines[0]):
        note.problems.append(
            Problem(path, 1, "frontmatter starts with --- but never closes; read as no properties")
        )
        note.frontmatter_ok = False
    elif bounds is not None:
        _read_frontmatter(note, lines, *bounds)
        body_start = bounds[1] + 1
    fm = note.frontmatter
    with_keys: list[str] = []
    if fm:
        note.renamed = rules.renamed(fm)
        for prop, key in note.renamed.items():
            if key in note.key_lines:
                note.key_lines[prop] = note.key_lines[key]
        with_keys = rules.with_keys(fm)
    fields = note.fields
    note.kind = classify(path, fields, rules, bool(with_keys))
    _check_fields(note)
    for key in LINK_FIELDS:
        if key in fields:
            line = note.key_lines.get(key, 1)
            note.links.extend(LinkRef(line, t, key) for t in names_in_value(fields[key]) if t)
    if note.kind == INTERACTION:
        for key in with_keys:
            line = note.key_lines.get(key, 1)
            note.links.extend(LinkRef(line, t, "with") for t in names_in_value(fm[key]) if t)
    _read_body(note, lines, body_start)
    note.__dict__["_summary"] = summarize(note, with_keys)
    return note


def first_wikilink(text: str) -> str | None:
    """The target of the first wikilink in a line, if any (due-list items start with one)."""
    m = WIKILINK.search(text)
    return link_target(m[1]) if m else None
