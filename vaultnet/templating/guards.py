"""The checks every guarded call runs: weighing arguments and results, counting what a call
returns, range(), and the guarded version of every filter (its cost predicted before it runs)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache, wraps
from typing import Any

from vaultnet.templating.limits import (
    MAX_ITEMS,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_RANGE_TOTAL,
    MAX_SIZE,
    Drawn,
    charge_allocated,
    charge_call,
    charge_volume,
    current,
    refuse,
)
from vaultnet.templating.predict import check_int_arguments, filter_call


def collect_output(chunks: Iterator[str]) -> str:
    """Join rendered chunks, stopping a render whose output grows past MAX_OUTPUT."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            refuse(f"output longer than {MAX_OUTPUT:,} characters")
        out.append(chunk)
    return "".join(out)


def too_big(value: Any) -> str | None:
    """Why a value a template built is too big to go on with, or None. Containers are weighed
    whole (strings by length, one per item), shared parts once per use, up to MAX_SIZE: a list
    that holds itself twice, nested forty deep, is small in memory and immense as text."""
    if isinstance(value, bool) or not isinstance(value, (str, bytes, list, tuple, dict)):
        return None
    budget = current()
    trusted = budget.trusted if budget is not None else set()
    characters = items = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes)):
            characters += len(item)
            if characters > MAX_SIZE:
                return f"a value of more than {MAX_SIZE:,} characters"
        elif isinstance(item, (list, tuple, dict)) and id(item) not in trusted:
            items += len(item)
            if items > MAX_ITEMS:
                return f"a value of more than {MAX_ITEMS:,} items"
            stack.extend(item.values() if isinstance(item, dict) else item)
    return None


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def bits(number: int) -> int:
    return max(abs(number), 1).bit_length()


def check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any], ints: bool = False) -> None:
    values = (*args, *kwargs.values())
    if ints:
        check_int_arguments(values)
    characters = 0
    for value in values:
        if is_int(value):
            continue
        problem = too_big(value)
        if problem:
            refuse(problem)
        if isinstance(value, (str, bytes)):
            characters += len(value)
    charge_volume(characters)


def checked_result(value: Any) -> Any:
    """A call's result: weighed, its memory counted, an iterator counted as it is drawn."""
    if isinstance(value, int):
        return value  # arithmetic may make big numbers; only arguments are limited
    problem = too_big(value)
    if problem:
        refuse(f"result too large: {problem}")
    if isinstance(value, (str, bytes)):
        charge_volume(len(value))
    charge_allocated(value)
    if isinstance(value, Iterator) and not isinstance(value, Drawn):
        return Drawn(value)
    return value


def safe_range(*args: int) -> range:
    check_arguments(args, {}, ints=True)
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        refuse(f"range() of {len(rng):,} items is larger than {MAX_RANGE:,}")
    budget = current()
    if budget is not None:
        budget.range_items += len(rng)
        if budget.range_items > MAX_RANGE_TOTAL:
            refuse(f"more than {MAX_RANGE_TOTAL:,} range() items in one render")
    return rng


_PASSED = ("environment", "env", "eval_ctx", "context")


def _bound_arguments(
    function: Callable[..., Any],
    signature: inspect.Signature | None,
    args: tuple[Any, ...],
    kwargs: Mapping[str, Any],
) -> dict[str, Any]:
    """A filter's arguments by parameter name, without what Jinja passes first (the
    environment, eval context or context); {} when they do not fit (the call will say so)."""
    if signature is None:
        return {}
    parameters = list(signature.parameters)
    passes = getattr(function, "jinja_pass_arg", None) is not None
    if passes and (not parameters or parameters[0] not in _PASSED):
        args = args[1:]  # an async variant's signature leaves the passed argument out
    try:
        named = dict(signature.bind(*args, **kwargs).arguments)
    except TypeError:
        return {}
    for name, parameter in signature.parameters.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD and name in named:
            named["kwargs"] = named.pop(name)
        elif parameter.kind is inspect.Parameter.VAR_POSITIONAL and name in named:
            named["args"] = named.pop(name)
    if parameters and parameters[0] in _PASSED:
        named.pop(parameters[0], None)
    if "value" not in named:
        for alias in ("s", "seq", "iterable", "d", "obj", "x"):
            if alias in named:
                named["value"] = named[alias]
                break
    return named


@lru_cache(maxsize=256)
def _signature(function: Callable[..., Any]) -> inspect.Signature | None:
    """The filter's signature, worked out once per function (it was most of what making an
    environment cost); bounded, as every cache that lives as long as `watch` must be."""
    try:
        return inspect.signature(function)
    except (TypeError, ValueError):
        return None


def guarded_filter(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A filter whose cost is predicted from its arguments before it runs."""
    signature = _signature(function)

    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        charge_call()
        # the first arguments may be the environment or context (pass_environment filters)
        check_arguments(args, kwargs)
        named = _bound_arguments(function, signature, args, kwargs)
        value = named.get("value")
        if name in ("join", "and_list", "list", "sort", "sum") and isinstance(value, Iterator):
            value = list(value)  # drawn (and counted) here, so its size is known below
            args = tuple(value if a is named["value"] else a for a in args)
            named["value"] = value
        filter_call(name, named)
        return checked_result(function(*args, **kwargs))

    return guarded


def str_size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes)) else 0


def items_of(value: Any) -> int:
    return len(value) if isinstance(value, (list, tuple)) else 0
