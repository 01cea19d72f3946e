"""The template sandbox: the limits a render runs under, the guarded calls, operators and
filters that enforce them, and the factory of the locked-down Jinja2 environment.

A vault's templates are untrusted code (see environment.py): ImmutableSandboxedEnvironment keeps
them from Python's internals; the limits below keep them from hanging the machine or filling its
memory (a range, a number, a string or list grown past a size, too many calls, too much output).
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

# Limits. Generous for any real template, small enough that a hostile one fails in a moment.
MAX_RANGE = 10_000  # items in one range()
MAX_RANGE_TOTAL = 100_000  # items over every range() of one render
MAX_CALLS = 500_000  # function, macro, method and filter calls in one render
MAX_INT = 1_000_000  # an integer argument to a call or a filter (a width, a count)
MAX_BITS = 4096  # binary digits of a number arithmetic may build (10**1233)
MAX_SIZE = 5_000_000  # characters in one value a template builds
MAX_ITEMS = 200_000  # items in one list or dict a template builds (nested ones counted in)
MAX_MACRO_CALLS = 50_000  # macro calls in one render (a macro call costs a hundred filter calls)
MAX_OUTPUT = 10_000_000  # characters a render may produce

# A printf or str.format width/precision of six digits or more: `%0999999999d`, `{:>999999}`.
_HUGE_WIDTH = re.compile(r"%[-#0 +]*(?:\d{6,}|\d*\.\d{6,})|\{[^{}]*:[^{}]*\d{6,}[^{}]*\}")


# Per-render budgets, so limits hold across every call of one render and reset for the next.
@dataclass
class _Budget:
    range_items: int = 0
    calls: int = 0
    macro_calls: int = 0
    # ids of the containers vaultnet passed in: their size is ours, not the template's doing,
    # so size checks skip them (a 10,000-person newsletter list is fine to pass to a filter).
    trusted: set[int] = field(default_factory=set)


_BUDGET: contextvars.ContextVar[_Budget] = contextvars.ContextVar("vaultnet_template_budget")


def _container_ids(value: Any, into: set[int]) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            into.add(id(item))
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            into.add(id(item))
            stack.extend(item)


@contextmanager
def render_limits(data: Any) -> Iterator[None]:
    """Fresh budgets for one render of `data`; the containers in it are vaultnet's, not the
    template's doing, so size checks skip them."""
    budget = _Budget()
    _container_ids(data, budget.trusted)
    token = _BUDGET.set(budget)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def collect_output(chunks: Iterator[str]) -> str:
    """Join rendered chunks, stopping a render whose output grows past MAX_OUTPUT."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            from jinja2.exceptions import SecurityError

            raise SecurityError(f"output longer than {MAX_OUTPUT:,} characters")
        out.append(chunk)
    return "".join(out)


def _too_big(value: Any) -> str | None:
    """Why a value a template built is too big to go on with, or None. Containers are weighed
    whole (strings by length, one per item), shared parts once per use, up to MAX_SIZE: a list
    that holds itself twice, nested forty deep, is small in memory and immense as text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"number {value} is larger than {MAX_INT:,}" if abs(value) > MAX_INT else None
    if not isinstance(value, (str, list, tuple, dict)):
        return None
    budget = _BUDGET.get(None)
    trusted = budget.trusted if budget is not None else set()
    characters = items = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            characters += len(item)
            if characters > MAX_SIZE:
                return f"a value of more than {MAX_SIZE:,} characters"
        elif isinstance(item, (list, tuple, dict)) and id(item) not in trusted:
            items += len(item)
            if items > MAX_ITEMS:
                return f"a value of more than {MAX_ITEMS:,} items"
            stack.extend(item.values() if isinstance(item, dict) else item)
    return None


def _own_helper(function: Any) -> bool:
    """A plain function of vaultnet's own that a template may call (a global the renderer
    provides), not a method of a value the template holds."""
    import types

    return isinstance(function, types.FunctionType) and (
        getattr(function, "__module__", "") or ""
    ).startswith("vaultnet.")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bits(number: int) -> int:
    return max(abs(number), 1).bit_length()


def _check_format(text: Any) -> None:
    from jinja2.exceptions import SecurityError

    if isinstance(text, str) and _HUGE_WIDTH.search(text):
        raise SecurityError("format width or precision too large")


def _check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    from jinja2.exceptions import SecurityError

    for value in (*args, *kwargs.values()):
        problem = _too_big(value)
        if problem:
            raise SecurityError(problem)


def _check_result(value: Any) -> None:
    from jinja2.exceptions import SecurityError

    if isinstance(value, int):
        return  # arithmetic may make big numbers; only arguments are limited
    problem = _too_big(value)
    if problem:
        raise SecurityError(f"result too large: {problem}")


def _charge_call(macro: bool = False) -> None:
    from jinja2.exceptions import SecurityError

    budget = _BUDGET.get(None)
    if budget is None:
        return
    budget.calls += 1
    if budget.calls > MAX_CALLS:
        raise SecurityError(f"more than {MAX_CALLS:,} calls in one render")
    if macro:
        budget.macro_calls += 1
        if budget.macro_calls > MAX_MACRO_CALLS:
            raise SecurityError(f"more than {MAX_MACRO_CALLS:,} macro calls in one render")


def _safe_range(*args: int) -> range:
    from jinja2.exceptions import SecurityError

    _check_arguments(args, {})
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(f"range() of {len(rng):,} items is larger than {MAX_RANGE:,}")
    budget = _BUDGET.get(None)
    if budget is not None:
        budget.range_items += len(rng)
        if budget.range_items > MAX_RANGE_TOTAL:
            raise SecurityError(f"more than {MAX_RANGE_TOTAL:,} range() items in one render")
    return rng


def _guarded_filter(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A filter that first checks its arguments' sizes (`center(10**9)`, `format` widths)."""
    from functools import wraps

    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _charge_call()
        # the first arguments may be the environment or context (pass_environment filters)
        _check_arguments(args, kwargs)
        if name == "format":
            _check_format(next((a for a in args if isinstance(a, str)), None))
        result = function(*args, **kwargs)
        _check_result(result)
        return result

    return guarded


def sandboxed_environment(
    load: Callable[[str], tuple[str, str] | None],
    globals: Mapping[str, Any],
    filters: Mapping[str, Callable[..., Any]],
) -> Environment:
    """The locked-down Jinja2 environment: `load(name)` gives a template's (source, path shown in
    errors), or None when there is none of that name; `globals` and `filters` are added to
    Jinja's own (every filter is guarded: its arguments and result are weighed)."""
    import operator

    import jinja2
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame
    from jinja2.exceptions import SecurityError
    from jinja2.runtime import LoopContext, Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.utils import Namespace

    class Loader(jinja2.BaseLoader):
        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            found = load(template)
            if found is None:
                raise jinja2.TemplateNotFound(template)
            source, path = found
            return source, path, lambda: True

    class GuardedNamespace(Namespace):
        """`namespace()` whose attributes cannot be grown past MAX_SIZE (`ns.s = ns.s ~ ns.s`)."""

        def __setitem__(self, name: str, value: Any) -> None:
            problem = _too_big(value) if not _is_int(value) else None
            if _is_int(value) and _bits(value) > MAX_BITS:
                problem = "number too large"
            if problem:
                raise SecurityError(problem)
            super().__setitem__(name, value)

    def _size(value: Any) -> int:
        return len(value) if isinstance(value, (str, list, tuple)) else 0

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
            _charge_call()
            if op == "*":
                count, sequence = (right, left) if isinstance(right, int) else (left, right)
                if isinstance(count, int) and _size(sequence) * max(count, 0) > MAX_SIZE:
                    raise SecurityError(f"repeating a value {count} times makes it too large")
                if _is_int(left) and _is_int(right) and _bits(left) + _bits(right) > MAX_BITS:
                    raise SecurityError("product too large")
            elif op == "**":
                if (
                    _is_int(left)
                    and _is_int(right)
                    and right > 0
                    and _bits(left) * right > MAX_BITS
                ):
                    raise SecurityError("power too large")
            elif op == "%":
                _check_format(left)
                pieces = right if isinstance(right, tuple) else (right,)
                _check_arguments(pieces, right if isinstance(right, dict) else {})
            elif op == "+" and _size(left) + _size(right) > MAX_SIZE:
                raise SecurityError(f"joining values larger than {MAX_SIZE:,} characters or items")
            result = {
                "*": operator.mul,
                "**": operator.pow,
                "%": operator.mod,
                "+": operator.add,
            }[op](left, right)
            _check_result(result)
            return result

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            _charge_call(macro=isinstance(__obj, (Macro, LoopContext)))
            named = {k: v for k, v in kwargs.items() if not k.startswith("_")}
            if isinstance(__obj, Macro) or _own_helper(__obj):
                # A macro (the packaged prep's due_phrase) or one of vaultnet's own helpers
                # takes numbers as data (days until a follow-up in 5026), never as a width or a
                # count to allocate; what a macro does with them is checked where it does it.
                _check_arguments(
                    tuple(a for a in args if not _is_int(a)),
                    {k: v for k, v in named.items() if not _is_int(v)},
                )
            else:
                _check_arguments(args, named)
            result = super().call(__context, __obj, *args, **kwargs)
            _check_result(result)
            return result

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            wrapper = super().wrap_str_format(value)
            if wrapper is not None:
                _check_format(value.__self__)
            return wrapper

    class Generator(CodeGenerator):
        """Compiles `a ~ b` to a size-checked join: the one way to grow a string that does not
        go through an operator or a call the sandbox can intercept."""

        def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
            self.write("environment.guarded_concat((")
            for argument in node.nodes:
                self.visit(argument, frame)
                self.write(", ")
            self.write("))")

    def guarded_concat(values: tuple[Any, ...]) -> str:
        _check_arguments(values, {})
        result = "".join(str(v) for v in values)
        _check_result(result)
        return result

    def finalize(value: Any) -> Any:
        # `{{ value }}` turns containers into text in one go: weigh them first.
        if isinstance(value, (list, tuple, dict)):
            _check_result(value)
        return value

    env = Sandbox(
        loader=Loader(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=finalize,
    )
    env.code_generator_class = Generator
    env.guarded_concat = guarded_concat  # type: ignore[attr-defined]
    env.globals["range"] = _safe_range
    env.globals["namespace"] = GuardedNamespace
    env.globals.pop("lipsum", None)
    env.globals.update(globals)
    env.filters.update(filters)
    for name, function in list(env.filters.items()):
        env.filters[name] = _guarded_filter(function, name)
    return env
