"""The longest whole number vaultnet reads, in a note's frontmatter or in `vaultnet.toml`."""

from __future__ import annotations

import re
from typing import Any

MAX_NUMBER_DIGITS = 4300
"""Python turns no longer run of digits into a number, nor such a number back into digits
(`sys.get_int_max_str_digits`): a longer one is reported where it is written instead of taking
the frontmatter, or a command that prints it, down with Python's own error."""
NUMBER_TOO_LONG = f"a number longer than {MAX_NUMBER_DIGITS} digits is too long to read"
_TOO_LONG = 10**MAX_NUMBER_DIGITS
_LONG_DIGITS = re.compile(rf"\d{{{MAX_NUMBER_DIGITS + 1}}}")


def too_long(value: int) -> bool:
    """Whether a number (read in any base) has more digits than MAX_NUMBER_DIGITS."""
    return abs(value) >= _TOO_LONG


def first_too_long(data: Any, where: str = "") -> str | None:
    """Where the first number in `data` (tables and lists, as TOML reads them) that is too long
    is (`[goals] core_size`), or None."""
    if isinstance(data, bool):
        return None
    if isinstance(data, int):
        return where if too_long(data) else None
    if isinstance(data, dict):
        items = [
            (f"[{k}]" if not where else f"{where} {k}" if "]" in where[-1:] else f"{where}.{k}", v)
            for k, v in data.items()
        ]
    elif isinstance(data, list):
        items = [(f"{where}[{i}]", v) for i, v in enumerate(data)]
    else:
        return None
    for key, value in items:
        found = first_too_long(value, key)
        if found is not None:
            return found
    return None


def line_of_long_digits(text: str) -> int | None:
    """The 1-based line of the first run of more than MAX_NUMBER_DIGITS digits in `text`."""
    found = _LONG_DIGITS.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1
