"""Parsing one note's text into what vaultnet needs: frontmatter, log lines, tasks, details, problems.

Pure: no file I/O. `parse_note(path, text, folders)` never raises, whatever the text; every
problem it finds becomes a `Problem` with the line number in the file.
"""

from __future__ import annotations

import marshal
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultnet.errors import Problem
from vaultnet.text.dates import parse_birthday, parse_date, parse_duration
from vaultnet.text.links import (
    WIKILINK,
    as_list,
    fold,
    is_unquoted_link,
    link_target,
    links_in,
    names_in_value,
)

if TYPE_CHECKING:
    import yaml

PERSON, INTERACTION, GROUP, OTHER = "person", "interaction", "group", "other"

LINK_FIELDS = ("introduced_by", "knows", "groups")
DATE_FIELDS = ("last_contact", "snooze_until")
STAGES = ("want", "pending", "connected")
STATUSES = ("seeking", "employed", "founder", "freelance", "student", "retired")

_LOG = re.compile(r"^\s*[-*+]\s+(\d{4}-\d{1,2}-\d{1,2})(?:\s+([^\s:\[\]]+))?\s*:\s?(.*)$")
_TASK = re.compile(r"^\s*[-*+]\s+\[(.)\]\s+(.*)$")
_TASKS_DUE = re.compile(r"\U0001F4C5\ufe0f?\s*(\d{4}-\d{1,2}-\d{1,2})")
_DATAVIEW_DUE = re.compile(r"\[due::\s*(\d{4}-\d{1,2}-\d{1,2})\s*\]")
# (?<!\s): start only at the first space of a run, or a long run of spaces costs quadratic time.
_DONE_MARK = re.compile(r"(?<!\s)\s*\u2705\ufe0f?\s*\d{4}-\d{1,2}-\d{1,2}")
_HASHTAG = re.compile(r"(?<![\w&/#])#([A-Za-z][\w/-]*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")  # closing #s are stripped in _heading_title
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
# No `\s*` after the bare key: `[^:]*` already takes the spaces, and overlapping runs backtrack
# quadratically on a long line without a colon.
_TOP_KEY = re.compile(r"""^("[^"]*"\s*|'[^']*'\s*|[^\s#\-?:'"][^:]*):(?:\s|$)""")
_DELIMITER = re.compile(r"^---[ \t]*$")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


class LogEntry(NamedTuple):
    """A dated line in a note: `- 2026-09-14 coffee: text #give [[Bob]]`."""

    line: int
    date: str
    kind: str
    text: str
    tags: tuple[str, ...]
    links: tuple[str, ...]


class Task(NamedTuple):
    """A Markdown task; `due` is set for follow-ups, None for open loops."""

    line: int
    done: bool
    text: str
    due: str | None
    section: str


class LinkRef(NamedTuple):
    """A link to another note, from a frontmatter field or a log line, for link checking."""

    line: int
    target: str
    field: str


@dataclass
class ParsedNote:
    """Everything vaultnet keeps of one note. Dates are ISO strings so the record caches cheaply."""

    path: str
    kind: str = OTHER
    frontmatter: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    frontmatter_ok: bool = True
    log: list[LogEntry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name[:-3] if name.lower().endswith(".md") else name

    @property
    def summary(self) -> NoteSummary:
        """What building the vault needs of this note (see NoteSummary)."""
        found = self.__dict__.get("_summary")
        if found is None:
            record = self.__dict__.get("_record")
            found = NoteSummary(*record[3]) if record is not None else summarize(self)
            self.__dict__["_summary"] = found
        return found

    def to_record(self) -> tuple[Any, ...]:
        """Plain values for the cache (marshal, the fastest decoder in the standard library).
        The path is the cache's key. What a warm run rarely reads (key lines, log, details,
        links) stays marshalled in one bytes object until a command asks for it."""
        body = (
            self.key_lines,
            [tuple(e) for e in self.log],
            self.details,
            [tuple(r) for r in self.links],
        )
        return (
            self.kind,
            self.frontmatter,
            self.frontmatter_ok,
            tuple(self.summary),
            [(p.line, p.message, p.severity) for p in self.problems],
            [tuple(t) for t in self.tasks],
            marshal.dumps(body),
        )

    @classmethod
    def from_record(cls, path: str, record: tuple[Any, ...]) -> ParsedNote:
        """The note a cached record holds. Its lists are decoded on first use (`__getattr__`):
        a warm run over 60,000 notes pays only for the fields it reads."""
        note = cls.__new__(cls)
        note.__dict__.update(
            path=path,
            kind=record[0],
            frontmatter=record[1],
            frontmatter_ok=record[2],
            problems=[Problem(path, line, msg, sev) for line, msg, sev in record[4]],
            _record=record,
        )
        return note

    def __getattr__(self, name: str) -> Any:
        # Reached only for an attribute not set yet: a lazy field of a note from the cache.
        record = self.__dict__.get("_record")
        if record is None or name not in _LAZY_FIELDS:
            raise AttributeError(name)
        if name == "tasks":
            self.tasks = [Task(*t) for t in record[5]]
        else:
            key_lines, log, details, links = marshal.loads(record[6])
            self.key_lines = key_lines
            self.log = [LogEntry(*e) for e in log]
            self.details = details
            self.links = [LinkRef(*r) for r in links]
        return self.__dict__[name]


_LAZY_FIELDS = frozenset({"tasks", "key_lines", "log", "details", "links"})


class NoteSummary(NamedTuple):
    """What building the vault needs of a note, worked out once when the note is parsed and
    cached with it, so that a warm run folds no name and parses no link."""

    keys: tuple[str, ...]  # the folded file name, then the folded aliases: names that reach it
    link_keys: tuple[str, ...]  # the folded target of each of the note's links, in order
    date: str | None  # an interaction's date (ISO)
    date_line: int  # the line of an interaction's `date` key
    type: str  # an interaction's type
    with_names: tuple[str, ...]  # the names an interaction's `with` holds
    log_dates: tuple[str, ...]  # the ISO date of each log line
    tags: tuple[str, ...]  # the hashtags of the log lines, sorted, once each
    gives: int  # log lines tagged #give
    asks: int  # log lines tagged #ask


def summarize(note: ParsedNote) -> NoteSummary:
    fm = note.frontmatter
    keys = (fold(note.stem), *(fold(a) for a in as_list(fm.get("aliases"))))
    when: str | None = None
    kind = ""
    with_names: tuple[str, ...] = ()
    if note.kind == INTERACTION:
        day = parse_date(fm.get("date"))
        when = day.isoformat() if day else None
        kind = str(fm.get("type") or "meeting").strip().lower()
        with_names = tuple(names_in_value(fm.get("with")))
    return NoteSummary(
        keys=keys,
        link_keys=tuple(fold(r.target) for r in note.links),
        date=when,
        date_line=note.key_lines.get("date", 1),
        type=kind,
        with_names=with_names,
        log_dates=tuple(e.date for e in note.log),
        tags=tuple(sorted({t for e in note.log for t in e.tags})),
        gives=sum(1 for e in note.log if "give" in e.tags),
        asks=sum(1 for e in note.log if "ask" in e.tags),
    )


_loaders: tuple[type[yaml.CSafeLoader], type[yaml.SafeLoader]] | None = None


def _yaml_loaders() -> tuple[type[yaml.CSafeLoader], type[yaml.SafeLoader]]:
    """The C loader, and the pure-Python one for text that may nest deeply (it raises
    RecursionError where libyaml's recursive composer overflows the C stack and kills the
    process). With both, an impossible date (`2026-02-30`) stays a string instead of aborting
    the whole frontmatter, so it can be reported on its own line. Built on first use: a warm
    run parses no YAML and should not pay for importing it."""
    global _loaders
    if _loaders is None:
        import yaml

        def lenient_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
            try:
                return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
            except ValueError:
                return loader.construct_scalar(node)  # type: ignore[arg-type]

        class Loader(yaml.CSafeLoader):
            pass

        class DeepLoader(yaml.SafeLoader):
            pass

        Loader.add_constructor("tag:yaml.org,2002:timestamp", lenient_timestamp)
        DeepLoader.add_constructor("tag:yaml.org,2002:timestamp", lenient_timestamp)
        _loaders = Loader, DeepLoader
    return _loaders


SAFE_NESTING = 1000
_INDICATORS = ("[", "{", "?", "- ", "-\t", "-\n", ": ", ":\t", ":\n")
_BRACKETS = re.compile(r"[\[\]{}]")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _may_nest_deeply(text: str) -> bool:
    """False when YAML text surely nests at most SAFE_NESTING levels: every level needs one
    of the indicators (a line may end in a last `-` or `:`, hence the + 1)."""
    return sum(text.count(s) for s in _INDICATORS) + 1 > SAFE_NESTING


MAX_DEPTH = 20
MAX_VALUES = 100_000


class _TooBig(ValueError):
    """Frontmatter nested deeper than MAX_DEPTH or holding more than MAX_VALUES values."""


def _plain(value: Any, budget: list[int], depth: int = 0) -> Any:
    """YAML values as plain, cacheable data: dates become ISO strings, odd scalars strings.

    `budget` ([values left]) stops a YAML alias bomb (`&a [*b, *b, ...]`), which PyYAML keeps
    small by sharing, from being expanded here into billions of values."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _TooBig
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        # Interned keys are stored once per cache file, and loaded once.
        return {sys.intern(str(k)): _plain(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, set):  # `!!set`: sorted, so output does not depend on hash seeds
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return [_plain(v, budget, depth + 1) for v in value]
    return str(value)


def _yaml_message(exc: Exception, text: str) -> tuple[int | None, str]:
    """(0-based line inside the YAML text, message) of a YAML error."""
    if isinstance(exc, RecursionError):
        return None, "invalid YAML: nested too deeply to read"

    def line(mark: Any) -> int:
        # Not mark.line: YAML also breaks lines at a lone CR, NEL, LS and PS; editors (and the
        # line numbers vaultnet reports) only at LF.
        return text.count("\n", 0, mark.index)

    context_mark = getattr(exc, "context_mark", None)
    mark = getattr(exc, "problem_mark", None) or context_mark
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    if context_mark is not None and ("quoted" in context or "flow" in context):
        # An unclosed quote or bracket is noticed lines later, at the next key or the end of
        # the block; the line that opened it is the one to fix.
        return line(context_mark), f"invalid YAML: {context}, {problem}"
    return (line(mark) if mark is not None else None), f"invalid YAML: {problem}"


# The fast path below reads the frontmatter most notes have (`key: value`, `key: [a, b]`, `key:`
# then `  - item` lines, comments) without PyYAML, whose constructors are half of a cold run. It
# gives up (None) on anything else, and PyYAML reads the note: quotes with escapes, anchors,
# tags, nesting, numbers other than plain integers, multi-line values, trailing comments...
# tests/test_simple_yaml.py checks it against PyYAML on every note it accepts.
_SIMPLE_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*")
_SIMPLE_ITEM = re.compile(r"([ ]*)-[ ]+(.*?)[ ]*")
_SIMPLE_INT = re.compile(r"0|[1-9][0-9]*")
_SIMPLE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_AND_UNIT = re.compile(r"[1-9][0-9]*[a-zA-Z]+")
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_INDICATOR_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NOT_IN_PLAIN = ("[", "]", "{", "}", "\t", " #")
_KEYWORDS: dict[str, Any] = {
    **dict.fromkeys(("~", "null", "Null", "NULL"), None),
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_GIVE_UP = object()


def _simple_scalar(text: str) -> Any:
    """A value as PyYAML's safe loader reads it (dates stay ISO text), or _GIVE_UP."""
    if not text:
        return _GIVE_UP
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        ok = len(text) > 1 and text[-1] == '"' and '"' not in inner and "\\" not in inner
        return inner if ok else _GIVE_UP
    if first == "'":
        inner = text[1:-1]
        return inner if len(text) > 1 and text[-1] == "'" and "'" not in inner else _GIVE_UP
    if first in _INDICATOR_START or ": " in text or text.endswith(":"):
        return _GIVE_UP
    if any(mark in text for mark in _NOT_IN_PLAIN):
        return _GIVE_UP
    if text in _KEYWORDS:
        return _KEYWORDS[text]
    if first.isdigit() or first in "+.<=":
        if _SIMPLE_INT.fullmatch(text):
            return int(text)
        if _SIMPLE_DATE.fullmatch(text):
            return text  # a date, kept as the ISO text _plain makes of it (or an impossible one)
        if _NUMBER_AND_UNIT.fullmatch(text):
            return text  # `14d`, `3m`: text to YAML too
        return _GIVE_UP  # a float, an octal, hex or sexagesimal number, a timestamp, `<<`...
    return text


def simple_yaml(lines: list[str]) -> dict[str, Any] | None:
    """The frontmatter as PyYAML would read it, for the simple shapes most notes have; None
    when it is anything else (PyYAML then reads it)."""
    data: dict[str, Any] = {}
    open_list: list[Any] | None = None  # the items of `key:` with no value on its line
    item_indent: int | None = None
    last_key = ""
    for line in lines:
        if _NOT_PRINTABLE.search(line):
            return None
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = _SIMPLE_KEY.fullmatch(line)
        if key is not None:
            name, raw = key[1], key[2]
            if name in _KEYWORDS:
                return None  # `yes:` or `null:` are not string keys in YAML 1.1
            if raw:
                value = _simple_flow_list(raw) if raw[0] == "[" else _simple_scalar(raw)
                if value is _GIVE_UP:
                    return None
                data[name] = value
                open_list = None
            else:
                data[name] = None  # a list if item lines follow
                open_list, item_indent = [], None
                last_key = name
            continue
        item = _SIMPLE_ITEM.fullmatch(line)
        if item is None or open_list is None:
            return None
        if item_indent is None:
            item_indent = len(item[1])
            data[last_key] = open_list
        elif len(item[1]) != item_indent:
            return None
        value = _simple_scalar(item[2])
        if value is _GIVE_UP:
            return None
        open_list.append(value)
    return data or None


def _simple_flow_list(text: str) -> Any:
    if not text.endswith("]") or any(c in text[1:-1] for c in "[]{}\"'#:"):
        return _GIVE_UP
    inner = text[1:-1].strip()
    if not inner:
        return []
    items = [_simple_scalar(part.strip()) for part in inner.split(",")]
    return _GIVE_UP if any(v is _GIVE_UP for v in items) else items


def _load_yaml(text: str) -> Any:
    import yaml

    loader, deep_loader = _yaml_loaders()
    if not _may_nest_deeply(text):
        return yaml.load(text, Loader=loader)
    # The pure-Python loader takes seconds on deeply nested [ and {: refuse those up front.
    steps = map(_BRACKET_STEP.__getitem__, _BRACKETS.findall(text))
    if max(accumulate(steps), default=0) > SAFE_NESTING:
        raise RecursionError("brackets nested too deeply")
    return yaml.load(text, Loader=deep_loader)


def split_frontmatter(lines: list[str]) -> tuple[int, int] | None:
    """(first, last) file-line indexes (0-based) of the YAML between the delimiters, or None.
    An unclosed block is None: Obsidian shows such a note as having no properties."""
    if not lines or not _DELIMITER.match(lines[0]):
        return None
    for i in range(1, len(lines)):
        if _CLOSING.match(lines[i]):
            return 1, i
    return None


def _read_frontmatter(note: ParsedNote, lines: list[str], start: int, end: int) -> None:
    """Fill note.frontmatter and note.key_lines from lines[start:end], salvaging what it can."""
    yaml_lines = lines[start:end]
    chunks: list[tuple[int, str]] = []  # (file line index of the key, key)
    for offset, text in enumerate(yaml_lines):
        m = _TOP_KEY.match(text)
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
            data = _load_yaml(yaml_text)
    except Exception as exc:  # any YAML failure: report it, then salvage key by key
        yaml_line, message = _yaml_message(exc, yaml_text)
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
                if _may_nest_deeply(piece_text):
                    continue  # too slow to try again with the pure-Python loader
                try:
                    piece = _load_yaml(piece_text)
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
        note.frontmatter = {sys.intern(str(k)): _plain(v, budget) for k, v in data.items()}
    except _TooBig:
        note.problems.append(
            Problem(
                note.path,
                start + 1,
                f"frontmatter nested deeper than {MAX_DEPTH} levels or holding more than "
                f"{MAX_VALUES} values; read as no properties",
            )
        )
        note.frontmatter_ok = False


def classify(path: str, frontmatter: dict[str, Any], people: str, groups: str) -> str:
    """What a note is: a person, an interaction, a group, or something else."""
    kind = str(frontmatter.get("type", "")).strip().lower()
    if kind == "person":
        return PERSON
    if kind == "group":
        return GROUP
    in_people = path.startswith(people + "/")
    if in_people:
        return PERSON
    if "date" in frontmatter and "with" in frontmatter:
        return INTERACTION
    if path.startswith(groups + "/"):
        return GROUP
    return OTHER


def _check_fields(note: ParsedNote) -> None:
    """Report values vaultnet cannot use, on the line of their key."""
    fm = note.frontmatter

    def report(key: str, message: str, severity: str = "error") -> None:
        note.problems.append(Problem(note.path, note.key_lines.get(key, 1), message, severity))

    for key, value in fm.items():
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


def _heading_title(text: str) -> str:
    """A heading's text without the optional closing #s (`## Log ##` -> `Log`)."""
    title = text.strip()
    bare = title.rstrip("#")
    if bare != title and (not bare or bare[-1].isspace()):
        title = bare.rstrip()
    return title


def _read_body(note: ParsedNote, lines: list[str], start: int) -> None:
    """Log lines, tasks, personal details (bullets under `## Notes`) and their links."""
    section = ""
    in_fence = False
    for index in range(start, len(lines)):
        text = lines[index]
        stripped = text.lstrip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_fence = not in_fence
            continue
        if in_fence or not stripped or stripped[0] not in "#-*+":
            continue  # prose: no heading, task, log line or bullet starts any other way
        line = index + 1
        heading = _HEADING.match(text)
        if heading:
            section = _heading_title(heading[2])
            continue
        task = _TASK.match(text)
        if task:
            mark, body = task[1], task[2]
            due_match = _TASKS_DUE.search(body) or _DATAVIEW_DUE.search(body)
            due = _check_date(note, line, due_match[1]) if due_match else None
            label = _DATAVIEW_DUE.sub("", _TASKS_DUE.sub("", _DONE_MARK.sub("", body))).strip()
            note.tasks.append(Task(line, mark.lower() in ("x", "-"), label, due, section))
            continue
        log = _LOG.match(text)
        if log:
            iso = _check_date(note, line, log[1])
            if iso is None:
                continue
            body = log[3].strip()
            tags = tuple(t.lower() for t in _HASHTAG.findall(body))
            targets = tuple(links_in(body))
            note.log.append(LogEntry(line, iso, (log[2] or "").lower(), body, tags, targets))
            note.links.extend(LinkRef(line, t, "log") for t in targets)
            continue
        if section.strip().lower() == "notes" and note.kind == PERSON:
            bullet = _BULLET.match(text)
            if bullet and bullet[1].strip():
                note.details.append(bullet[1].strip())


def parse_note(path: str, text: str, people: str = "People", groups: str = "Groups") -> ParsedNote:
    """Parse a note's text (BOM and CRLF allowed). `path` is relative to the vault, with `/`."""
    note = ParsedNote(path)
    if text.startswith("\ufeff"):
        # A BOM before `---` hides the frontmatter from python-frontmatter; strip it first.
        text = text[1:]
    # split("\n") and not splitlines(): editors count only \n as a line break, and line numbers
    # in problems must match the editor's.
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    body_start = 0
    bounds = split_frontmatter(lines)
    if bounds is None and lines and _DELIMITER.match(lines[0]):
        note.problems.append(
            Problem(path, 1, "frontmatter starts with --- but never closes; read as no properties")
        )
        note.frontmatter_ok = False
    elif bounds is not None:
        _read_frontmatter(note, lines, *bounds)
        body_start = bounds[1] + 1
    note.kind = classify(path, note.frontmatter, people, groups)
    _check_fields(note)
    for key in LINK_FIELDS + (("with",) if note.kind == INTERACTION else ()):
        if key in note.frontmatter:
            line = note.key_lines.get(key, 1)
            note.links.extend(
                LinkRef(line, t, key) for t in names_in_value(note.frontmatter[key]) if t
            )
    _read_body(note, lines, body_start)
    return note


def first_wikilink(text: str) -> str | None:
    """The target of the first wikilink in a line, if any (due-list items start with one)."""
    m = WIKILINK.search(text)
    return link_target(m[1]) if m else None
