"""Small text-formatting helpers shared by commands."""

from __future__ import annotations

import io
import sys
import time
import unicodedata
from collections.abc import Sequence
from types import TracebackType
from typing import TextIO

import click

from vaultnet.text.wording import plural  # one wording helper for all of vaultnet

__all__ = ["ProgressLine", "guard_terminal", "plural", "table", "terminal_safe", "width"]


def width(text: str) -> int:
    """Terminal columns a string takes (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)  # no ASCII character is wide or combining: most cells, in one step
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], max_col: int = 32) -> str:
    """Rows as aligned columns. Written by hand rather than with rich (no longer a dependency):
    rich took 19 s to lay out the 10,000 rows a LinkedIn-sized vault lists, this takes well
    under a second, and its output is what the goldens and scripts read."""

    def clip(cell: str) -> str:
        cell = " ".join(cell.split())
        return cell if width(cell) <= max_col else cell[: max_col - 1] + "…"

    cells = [[clip(c) for c in row] for row in rows]
    widths = [width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))

    def line(row: Sequence[str]) -> str:
        padded = [c + " " * (widths[i] - width(c)) for i, c in enumerate(row)]
        return "  ".join(padded).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out)


class ProgressLine:
    """A progress line on stderr, `Importing  1200/5000  24%`, rewritten in place (at most ten
    times a second) and wiped at the end. Shown only on a terminal and for at least `least`
    items: a log file or a small import gets nothing. Called as `progress(done, total)`."""

    def __init__(self, label: str, least: int, terminal: bool) -> None:
        self.label = label
        self.least = least
        self.terminal = terminal
        self.shown = 0  # the width of the line on screen, 0 when nothing is
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.terminal or total < self.least:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        line = f"{self.label}  {done}/{total}  {done * 100 // max(total, 1)}%"
        click.echo("\r" + line.ljust(self.shown), nl=False, err=True)
        self.shown = len(line)

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.shown:
            click.echo("\r" + " " * self.shown + "\r", nl=False, err=True)
            self.shown = 0


# Terminal safety ------------------------------------------------------------------------------
# A note's text reaches the terminal in names, companies, log lines and rendered templates. A
# control character in it (ESC starts the sequences that clear the screen, retitle the window or
# write the clipboard: OSC 52) would be obeyed by the terminal, so everything printed to a
# terminal goes through `terminal_safe`. Files, pipes and --json keep the bytes as they are.
_KEEP = {"\n", "\t", "\r"}  # \r: the progress line rewrites itself
_NAMES = {"\x1b": "\\e", "\x07": "\\a", "\x08": "\\b"}
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(c: str) -> bool:
    o = ord(c)
    return (o < 32 and c not in _KEEP) or 0x7F <= o <= 0x9F or c in _BIDI


def terminal_safe(text: str) -> str:
    """`text` with every control character a terminal would act on shown as an escape
    (`\\e`, `\\a`, `\\x9b`, `\\u202e`...): C0 controls but newline, tab and carriage return,
    DEL, C1 controls and the bidirectional overrides that reorder what is shown."""
    if text.isprintable() or not any(_unsafe(c) for c in text):
        return text
    out = []
    for c in text:
        if not _unsafe(c):
            out.append(c)
        elif c in _NAMES:
            out.append(_NAMES[c])
        elif ord(c) <= 0xFF:
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(f"\\u{ord(c):04x}")
    return "".join(out)


class TerminalStream(io.TextIOBase):
    """A text stream that writes through `terminal_safe` to the terminal stream it wraps."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self._inner.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._inner.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._inner.errors


def guard_terminal() -> None:
    """Route stdout and stderr through `terminal_safe` where they are terminals (once)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, TerminalStream):
            continue
        try:
            tty = stream is not None and stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        if tty:
            setattr(sys, name, TerminalStream(stream))
