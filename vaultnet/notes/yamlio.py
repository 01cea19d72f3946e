"""YAML in notes: the loaders (C where safe, pure Python for deep nesting), the fast path for the
simple frontmatter most notes have, plain cacheable values, and YAML errors as line numbers.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from vaultnet.text.numbers import MAX_NUMBER_DIGITS, NUMBER_TOO_LONG, too_long

if TYPE_CHECKING:
    import yaml

_loaders: tuple[type[yaml.CSafeLoader], type[yaml.SafeLoader]] | None = None


def yaml_loaders() -> tuple[type[yaml.CSafeLoader], type[yaml.SafeLoader]]:
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

        def bounded_int(loader: yaml.SafeLoader, node: yaml.Node) -> object:
            try:
                value = yaml.SafeLoader.construct_yaml_int(loader, node)  # type: ignore[arg-type]
            except ValueError:  # more digits than Python turns into a number
                value = None
            if not isinstance(value, int) or too_long(value):
                raise yaml.constructor.ConstructorError(
                    None, None, f"{NUMBER_TOO_LONG}; quote it to keep it as text", node.start_mark
                )
            return value

        for loader in (Loader, DeepLoader):
            loader.add_constructor("tag:yaml.org,2002:timestamp", lenient_timestamp)
            loader.add_constructor("tag:yaml.org,2002:int", bounded_int)
        _loaders = Loader, DeepLoader
    return _loaders


SAFE_NESTING = 1000
_INDICATORS = ("[", "{", "?", "- ", "-\t", "-\n", ": ", ":\t", ":\n")
_BRACKETS = re.compile(r"[\[\]{}]")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def may_nest_deeply(text: str) -> bool:
    """False when YAML text surely nests at most SAFE_NESTING levels: every level needs one
    of the indicators (a line may end in a last `-` or `:`, hence the + 1)."""
    return sum(text.count(s) for s in _INDICATORS) + 1 > SAFE_NESTING


MAX_DEPTH = 20
MAX_VALUES = 100_000


class TooBig(ValueError):
    """Frontmatter nested deeper than MAX_DEPTH or holding more than MAX_VALUES values."""


def plain_values(value: Any, budget: list[int], depth: int = 0) -> Any:
    """YAML values as plain, cacheable data: dates become ISO strings, odd scalars strings.

    `budget` ([values left]) stops a YAML alias bomb (`&a [*b, *b, ...]`), which PyYAML keeps
    small by sharing, from being expanded here into billions of values."""
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise TooBig
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        # Interned keys are stored once per cache file, and loaded once.
        return {sys.intern(str(k)): plain_values(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, set):  # `!!set`: sorted, so output does not depend on hash seeds
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return [plain_values(v, budget, depth + 1) for v in value]
    return str(value)


def yaml_problem(exc: Exception, text: str) -> tuple[int | None, str]:
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
_YAML_BREAK = re.compile("[\x85\u2028\u2029]")  # line breaks to YAML, not to an editor
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
            # a longer number is PyYAML's to report, with its line
            return int(text) if len(text) <= MAX_NUMBER_DIGITS else _GIVE_UP
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
        if _NOT_PRINTABLE.search(line) or _YAML_BREAK.search(line):
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


# One item of a one-line flow list and what follows it: a quoted string without escapes (the
# `with: ['[[Ann]]', "[[Bo]]"]` every meeting note has) or a plain scalar, then a comma or the end.
_ODD_IN_FLOW = re.compile(r"\?|[^\S ]")  # `?`, or a space other than " " (a tab, NBSP...)
_FLOW_ITEM = re.compile(r"""[ ]*('[^']*'|"[^"\\]*"|[^,'"\[\]{}#:]*?)[ ]*(,|$)""")


def _simple_flow_list(text: str) -> Any:
    if not text.endswith("]"):
        return _GIVE_UP
    inner = text[1:-1]
    if not inner.strip(" "):
        return []
    items: list[Any] = []
    position = 0
    while position <= len(inner):
        found = _FLOW_ITEM.match(inner, position)
        if found is None or not found[1]:
            return _GIVE_UP  # brackets, braces, `:` or `#` outside quotes, an empty item...
        raw = found[1]
        if raw[0] not in "'\"" and _ODD_IN_FLOW.search(raw):
            return _GIVE_UP  # `?` is a key to YAML; YAML strips " " around a plain item only
        value = _simple_scalar(raw)
        if value is _GIVE_UP:
            return _GIVE_UP
        items.append(value)
        if not found[2]:
            return items
        position = found.end()
    return _GIVE_UP  # a comma last: `[a, b,]`


def load_yaml(text: str) -> Any:
    import yaml

    loader, deep_loader = yaml_loaders()
    if not may_nest_deeply(text):
        return yaml.load(text, Loader=loader)
    # The pure-Python loader takes seconds on deeply nested [ and {: refuse those up front.
    steps = map(_BRACKET_STEP.__getitem__, _BRACKETS.findall(text))
    if max(accumulate(steps), default=0) > SAFE_NESTING:
        raise RecursionError("brackets nested too deeply")
    return yaml.load(text, Loader=deep_loader)


# Writing values as YAML: the one way vaultnet composes a value in a new note (`add`'s `yaml`
# filter, `import`, `log --note`, `prep --note`). Hand-written, not yaml.safe_dump: an import of
# 5,000 contacts writes some 75,000 values, and dumping each costs as much as parsing a note.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DURATION = re.compile(r"\d+[dwmy]")  # a number in no YAML version: `cadence: 6w` stays plain
_YAML_WORDS = frozenset(("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"))
_FLOW_CHARACTERS = frozenset(",[]{}:")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _double_quoted(text: str) -> str:
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # the usual case: nothing to escape
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable():  # NEL, LS, PS and BOM are not printable: escaped too
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def yaml_scalar(text: str, in_flow: bool = False) -> str:
    """A string as YAML that reads back as exactly that string: plain when it is safe to (a word
    or sentence starting with a letter), double-quoted (as Obsidian quotes) otherwise. ISO dates
    and durations stay plain on purpose: vaultnet and Obsidian read them as dates."""
    if _ISO_DATE.fullmatch(text) or _DURATION.fullmatch(text):
        from vaultnet.text.dates import parse_date

        if _DURATION.fullmatch(text) or parse_date(text) is not None:
            return text
    plain = (
        text
        and text[0].isalpha()
        and text[-1] not in " :"
        and text == text.strip()
        and text.lower() not in _YAML_WORDS
        and ": " not in text
        and " #" not in text
        and text.isprintable()
        and not (in_flow and not _FLOW_CHARACTERS.isdisjoint(text))
    )
    return text if plain else _double_quoted(text)


def yaml_value(value: Any) -> str:
    """`value` as YAML on one line that reads back as the same value: a string by yaml_scalar, a
    list as a flow list `[a, "b: c"]`, a mapping as `{key: value}`; other values (numbers, dates,
    booleans, None) as YAML writes them."""
    if isinstance(value, str):
        return yaml_scalar(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow_item(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_flow_item(str(k))}: {_flow_item(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    import yaml

    text: str = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n...\n").strip()


def _flow_item(value: Any) -> str:
    return yaml_scalar(value, in_flow=True) if isinstance(value, str) else yaml_value(value)
