"""Small text-formatting helpers shared by commands."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Sequence
from types import TracebackType

import click

from vaultnet.text.wording import plural  # one wording helper for all of vaultnet

__all__ = ["ProgressLine", "plural", "table", "width"]


def width(text: str) -> int:
    """Terminal columns a string takes (wide East Asian characters take two)."""
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
