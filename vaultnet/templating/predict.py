"""What a call will cost, worked out from its arguments before it runs: the size of what a string
method, a filter or a format string would build, and the items a filter would walk through. The
sandbox refuses a call whose prediction is over a limit, so nothing big is ever allocated.

Predictions are upper bounds (a replace assumes every match grows), cheap to compute (counting
characters is done in C), and exact enough that no real template comes near a limit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from vaultnet.templating.limits import (
    MAX_INT,
    MAX_ITEMS,
    MAX_SIZE,
    MAX_VOLUME,
    charge_iterations,
    refuse,
    trusted,
)

# Every character str.split() and textwrap treat as white space.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Methods that build text or bytes no prediction covers, and that no template needs.
REFUSED_METHODS = frozenset({"encode", "translate", "maketrans", "fromkeys"})


def text_length(value: Any, repr_factor: int = 1) -> int:
    """An upper bound on len(str(value)), counted without building it. `repr_factor` is what a
    character may become inside a container's repr (`\\x00` is four)."""
    total = 0
    stack = [(value, 1)]
    while stack:
        item, factor = stack.pop()
        if isinstance(item, (str, bytes)):
            total += len(item) * factor + 2
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 2
        elif isinstance(item, float):
            total += 24
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend((part, repr_factor) for pair in item.items() for part in pair)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend((part, repr_factor) for part in item)
        else:
            total += 64
        if total > 4 * MAX_SIZE:
            break
    return total


def _shape(value: Any) -> tuple[int, int]:
    """(items, depth) of a nest of containers."""
    items = depth = 0
    stack = [(value, 1)]
    while stack and items <= MAX_ITEMS:
        item, level = stack.pop()
        if isinstance(item, dict):
            items += len(item)
            depth = max(depth, level)
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, (list, tuple)):
            items += len(item)
            depth = max(depth, level)
            stack.extend((v, level + 1) for v in item)
    return items, depth


def need(characters: int, what: str) -> None:
    """Refuse a value of more than MAX_SIZE characters before it is built."""
    if characters > MAX_SIZE:
        refuse(f"{what} would build more than {MAX_SIZE:,} characters")


def need_items(items: int, what: str) -> None:
    if items > MAX_ITEMS:
        refuse(f"{what} would build more than {MAX_ITEMS:,} items")


def whitespace_count(text: str) -> int:
    return sum(text.count(c) for c in WHITESPACE)


def _int(value: Any, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return value


def replaced_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    matches = text.count(old) if old else len(text) + 1
    limit = _int(count, -1)
    if limit >= 0:
        matches = min(matches, limit)
    return len(text) + matches * max(len(new) - len(old), 0)


def joined_size(separator: str, items: Any) -> int:
    if isinstance(items, (str, bytes)):
        count = len(items)
        need_items(count, "join")
        return count + max(count - 1, 0) * len(separator)
    count = len(items)
    need_items(count, "join")
    return sum(text_length(item) for item in items) + max(count - 1, 0) * len(separator)


def str_method(name: str, text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call of `text.name(*args)` that would build too much."""
    what = f"str.{name}()"
    first = args[0] if args else None
    if name == "replace":
        need(replaced_size(text, *args[:3], **kwargs), what)
    elif name == "join" and args:
        need(joined_size(text, first), what)
    elif name == "expandtabs":
        tabsize = _int(kwargs.get("tabsize", first), 8)
        need(len(text) + text.count("\t") * max(tabsize, 0), what)
    elif name in ("center", "ljust", "rjust", "zfill"):
        need(max(len(text), _int(kwargs.get("width", first), 0)), what)
    elif name in ("upper", "lower", "title", "capitalize", "swapcase", "casefold"):
        need(3 * len(text), what)  # 'ﬃ'.upper() is 'FFI'
    elif name in ("split", "rsplit"):
        separator = kwargs.get("sep", first)
        pieces = (
            text.count(separator) + 1
            if isinstance(separator, str) and separator
            else whitespace_count(text) + 1
        )
        limit = _int(kwargs.get("maxsplit", args[1] if len(args) > 1 else -1), -1)
        need_items(min(pieces, limit + 1) if limit >= 0 else pieces, what)
    elif name == "splitlines":
        need_items(sum(text.count(c) for c in LINE_BREAKS) + 1, what)


# printf-style conversions: %(key)-08.3f, %*d, %%
_PRINTF = re.compile(r"%(?:\(([^)]*)\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def printf_size(template: str, values: Any) -> int:
    """An upper bound on the length of `template % values` (widths, precisions, the values)."""
    positional = list(values) if isinstance(values, tuple) else [values]
    mapping = values if isinstance(values, Mapping) else {}
    size = len(template)
    index = 0
    for match in _PRINTF.finditer(template):
        key, width, precision, kind = match.groups()
        if kind == "%":
            continue
        numbers = 0
        for part in (width, precision):
            if part == "*":
                star = positional[index] if index < len(positional) else 0
                index += 1
                numbers += abs(_int(star, 0))
            elif part:
                numbers += int(part)
        if key is not None:
            value = mapping.get(key, "")
        else:
            value = positional[index] if index < len(positional) else ""
            index += 1
        size += numbers + (330 if isinstance(value, float) else text_length(value, 4))
        if size > MAX_SIZE:
            break
    return size


_DIGITS = re.compile(r"\d+")


def format_field_size(value: Any, spec: str) -> int:
    """An upper bound on the length of format(value, spec): the value, its width, precision."""
    numbers = sum(int(n) for n in _DIGITS.findall(spec)) if spec else 0
    base = 330 if isinstance(value, float) else text_length(value, 4)
    return base * 4 // 3 + numbers + 1  # the 4/3: digit grouping (`{:,}`)


def _materialized(value: Any, what: str) -> None:
    """A filter that walks through `value` and keeps what it found: count the walk, refuse a
    value of more items than one may hold."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset, range)):
        need_items(len(value) if not trusted(value) else min(len(value), MAX_ITEMS), what)
        charge_iterations(len(value))


def _walked(value: Any) -> None:
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset, range)):
        charge_iterations(len(value))


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def filter_call(name: str, a: Mapping[str, Any]) -> None:
    """Refuse a filter call (its arguments bound to parameter names) that would build or walk
    through too much; count the items it walks through."""
    what = f"the {name} filter"
    value = a.get("value")
    text = _as_text(value)
    if name == "replace":
        need(replaced_size(text, a.get("old"), a.get("new"), a.get("count")), what)
    elif name in ("join", "and_list"):
        _materialized(value, what)
        separator = a.get("d", "") if name == "join" else ", "
        if isinstance(value, (str, list, tuple)):
            need(joined_size(str(separator), value), what)
    elif name == "indent":
        width = a.get("width", 4)
        prefix = len(width) if isinstance(width, str) else max(_int(width, 0), 0)
        need(len(text) + (text.count("\n") + 1) * prefix, what)
    elif name == "format":
        values = a.get("kwargs") or a.get("args", ())
        need(printf_size(text, values), what)
    elif name == "center":
        need(max(len(text), _int(a.get("width", 80), 0)), what)
    elif name == "batch":
        need_items(abs(_int(a.get("linecount"), 0)), what)
    elif name == "slice":
        need_items(abs(_int(a.get("slices"), 0)), what)
        _materialized(value, what)
    elif name == "wordwrap":
        width = max(_int(a.get("width", 79), 79), 1)
        chunks = whitespace_count(text) + text.count("-") + len(text) // width + 1
        need_items(chunks, what)
        charge_iterations(chunks)
        wrap = a.get("wrapstring")
        need(len(text) + chunks * (len(wrap) if isinstance(wrap, str) else 1), what)
    elif name == "urlize":
        words = whitespace_count(text) + 1
        need_items(words, what)
        charge_iterations(words)
        extra = sum(len(_as_text(a.get(k))) for k in ("target", "rel")) + 60
        need(10 * len(text) + words * extra, what)
    elif name in ("tojson", "pprint", "xmlattr", "yaml"):
        items, depth = _shape(value)
        need_items(items, what)
        charge_iterations(items)
        indent = max(_int(a.get("indent"), 0), 0) if name == "tojson" else 1
        need(6 * text_length(value, 6) + (items + 1) * (depth * indent + 2), what)
    elif name in ("string", "link", "sentence"):
        need(text_length(value, 10), what)
    elif name in ("e", "escape", "forceescape"):
        special = sum(text.count(c) for c in "&<>\"'")
        need(len(text) + 4 * special, what)
    elif name == "urlencode":
        need(12 * text_length(value), what)
    elif name in ("upper", "lower", "capitalize"):
        need(3 * len(text), what)
    elif name in ("title", "striptags", "wordcount"):
        # each splits the text into a list of words first
        pieces = 2 * (whitespace_count(text) + sum(text.count(c) for c in "-({[<")) + 1
        need_items(pieces if name != "wordcount" else (len(text) + 1) // 2, what)
        charge_iterations(pieces)
        need(3 * len(text), what)
    elif name == "sum":
        _materialized(value, what)
        start = a.get("start", 0)
        if isinstance(start, (list, tuple)) and isinstance(value, (list, tuple)):
            total = len(start) + sum(len(v) for v in value if isinstance(v, (list, tuple)))
            need_items(total, what)
            if len(value) * total > MAX_VOLUME:
                refuse(f"{what} would copy more than {MAX_VOLUME:,} items")
    elif name in ("list", "sort", "unique", "groupby", "dictsort", "reverse", "min", "max"):
        _materialized(value, what)
    elif name in ("map", "select", "reject", "selectattr", "rejectattr", "items"):
        _walked(value)


def check_int_arguments(values: tuple[Any, ...]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            refuse(f"number {value} is larger than {MAX_INT:,}")
