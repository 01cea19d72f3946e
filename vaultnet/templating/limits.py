"""The limits one template render runs under and the per-render budget that enforces them.

A vault's templates are untrusted code. Each limit is checked before the work it limits is done
(sizes are predicted from the arguments, see predict.py), so a hostile template is refused before
it allocates the memory or spends the time it asks for. Every count is deterministic; a CPU-time
limit is the backstop for work that no count sees (comparing two huge strings in a loop).
"""

from __future__ import annotations

import contextvars
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn

# Generous for any real template, small enough that a hostile one fails in a moment.
MAX_RANGE = 10_000  # items in one range()
MAX_RANGE_TOTAL = 100_000  # items over every range() of one render
MAX_CALLS = 500_000  # function, macro, method and filter calls in one render
MAX_INT = 1_000_000  # an integer argument to a call or a filter (a width, a count)
MAX_BITS = 4096  # binary digits of a number arithmetic may build (10**1233)
MAX_SIZE = 5_000_000  # characters in one value a template builds
MAX_ITEMS = 200_000  # items in one list or dict a template builds (nested ones counted in)
MAX_MACRO_CALLS = 50_000  # macro calls in one render (a macro call costs a hundred filter calls)
MAX_OUTPUT = 10_000_000  # characters a render may produce
MAX_ITERATIONS = 1_000_000  # loop turns and items drawn from any iterable, in one render
MAX_PRINTED = 30_000_000  # characters printed into any buffer (macros, blocks), 50 per piece
MAX_VOLUME = 200_000_000  # characters passed to and returned by calls in one render
MAX_ALLOCATED = 50_000_000  # bytes of the values calls return, over one render
MAX_CPU_SECONDS = 0.5  # the backstop: CPU time of one render
_PIECE = 50  # what one printed piece costs besides its characters (a str object, a pointer)


@dataclass
class Budget:
    """What one render has used so far."""

    range_items: int = 0
    calls: int = 0
    macro_calls: int = 0
    iterations: int = 0
    printed: int = 0
    volume: int = 0
    allocated: int = 0
    ticks: int = 0
    started: float = field(default_factory=time.process_time)
    # ids of the containers vaultnet passed in: their size is ours, not the template's doing,
    # so size checks skip them (a 10,000-person newsletter list is fine to pass to a filter).
    trusted: set[int] = field(default_factory=set)


_BUDGET: contextvars.ContextVar[Budget] = contextvars.ContextVar("vaultnet_template_budget")


def refuse(why: str) -> NoReturn:
    from jinja2.exceptions import SecurityError

    raise SecurityError(why)


def current() -> Budget | None:
    return _BUDGET.get(None)


def _container_ids(value: Any, into: set[int]) -> None:
    """Add the id of every dict, list and tuple in `value` (a dict's values, not its keys)."""
    add = into.add
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str or kind is int or item is None:
            continue  # most of what vaultnet passes: skipped before the isinstance calls
        if isinstance(item, dict):
            add(id(item))
            push(item.values())
        elif isinstance(item, (list, tuple)):
            add(id(item))
            push(item)


@contextmanager
def render_limits(data: Any) -> Iterator[None]:
    """Fresh budgets for one render of `data`; the containers in it are vaultnet's, not the
    template's doing, so size checks skip them."""
    budget = Budget()
    _container_ids(data, budget.trusted)
    budget.started = time.process_time()  # the clock is the template's, not the walk's
    token = _BUDGET.set(budget)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _too_many_turns() -> str:
    return f"more than {MAX_ITERATIONS:,} loop turns and items in one render"


def _tick(budget: Budget) -> None:
    budget.ticks += 1
    if budget.ticks & 255 == 0 and time.process_time() - budget.started > MAX_CPU_SECONDS:
        refuse(f"the template used more than {MAX_CPU_SECONDS:g} s of CPU time")


def charge_call(macro: bool = False) -> None:
    budget = current()
    if budget is None:
        return
    budget.calls += 1
    if budget.calls > MAX_CALLS:
        refuse(f"more than {MAX_CALLS:,} calls in one render")
    if macro:
        budget.macro_calls += 1
        if budget.macro_calls > MAX_MACRO_CALLS:
            refuse(f"more than {MAX_MACRO_CALLS:,} macro calls in one render")
    _tick(budget)


def charge_iterations(count: int) -> None:
    budget = current()
    if budget is None:
        return
    budget.iterations += count
    if budget.iterations > MAX_ITERATIONS:
        refuse(_too_many_turns())
    _tick(budget)


def charge_volume(characters: int) -> None:
    budget = current()
    if budget is None:
        return
    budget.volume += characters
    if budget.volume > MAX_VOLUME:
        refuse(f"more than {MAX_VOLUME:,} characters handled in one render")


def charge_allocated(value: Any) -> None:
    """Count the memory of a value a call made (vaultnet's own containers are not counted)."""
    budget = current()
    if budget is None or not isinstance(value, (str, bytes, list, tuple, dict)):
        return
    if id(value) in budget.trusted:
        return
    budget.allocated += sys.getsizeof(value)
    if budget.allocated > MAX_ALLOCATED:
        refuse(f"the template built more than {MAX_ALLOCATED // 1_000_000} MB of values")


def charge_printed(text_length: int) -> None:
    budget = current()
    if budget is None:
        return
    budget.printed += text_length + _PIECE
    if budget.printed > MAX_PRINTED:
        refuse(f"more than {MAX_PRINTED:,} characters printed in one render")
    _tick(budget)


def trusted(value: Any) -> bool:
    budget = current()
    return budget is not None and id(value) in budget.trusted


def counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """The items of a for loop, each one counted as `charge_iterations(1)` counts it (the
    budget looked up once per loop: a loop turn is the commonest charge of all)."""
    budget = current()
    if budget is None:
        yield from iterable
        return
    for item in iterable:
        budget.iterations += 1
        if budget.iterations > MAX_ITERATIONS:
            refuse(_too_many_turns())
        _tick(budget)
        yield item


class Drawn:
    """An iterator a filter or a call returned (map, select, batch...), counted as it is drawn
    and capped at what one value may hold, since whatever consumes it may keep every item."""

    def __init__(self, iterator: Iterator[Any]) -> None:
        self._iterator = iterator
        self._items = 0
        self._characters = 0

    def __iter__(self) -> Drawn:
        return self

    def __next__(self) -> Any:
        item = next(self._iterator)
        charge_iterations(1)
        self._items += 1 + (len(item) if isinstance(item, (list, tuple, dict)) else 0)
        if isinstance(item, (str, bytes)):
            self._characters += len(item)
        if self._items > MAX_ITEMS:
            refuse(f"an iterable of more than {MAX_ITEMS:,} items")
        if self._characters > MAX_SIZE:
            refuse(f"an iterable of more than {MAX_SIZE:,} characters")
        return item

    def __repr__(self) -> str:
        return "<generator>"
