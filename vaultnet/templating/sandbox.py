"""The template sandbox: the locked-down Jinja2 environment whose calls, operators, filters, loops
and output are all checked against the render's limits (limits.py) before they run.

A vault's templates are untrusted code (see environment.py): ImmutableSandboxedEnvironment keeps
them from Python's internals; the checks below keep them from hanging the machine or filling its
memory. Sizes are predicted from the arguments (predict.py) and refused before anything is
allocated; loops and the items drawn from any iterable are counted; printed text is counted
wherever it goes (a macro's or a block's buffer too).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultnet.templating.guards import (
    bits,
    check_arguments,
    checked_result,
    collect_output,
    guarded_filter,
    is_int,
    items_of,
    safe_range,
    str_size,
    too_big,
)
from vaultnet.templating.limits import (
    MAX_BITS,
    charge_allocated,
    charge_call,
    charge_printed,
    charge_volume,
    counted,
    refuse,
    render_limits,
)
from vaultnet.templating.predict import (
    REFUSED_METHODS,
    format_field_size,
    need,
    need_items,
    printf_size,
    str_method,
    text_length,
)

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["collect_output", "render_limits", "sandboxed_environment"]


def sandboxed_environment(
    load: Callable[[str], tuple[str, str] | None],
    globals: Mapping[str, Any],
    filters: Mapping[str, Callable[..., Any]],
) -> Environment:
    """The locked-down Jinja2 environment: `load(name)` gives a template's (source, path shown in
    errors), or None when there is none of that name; `globals` and `filters` are added to
    Jinja's own (every filter is guarded: its arguments and result are weighed)."""
    import jinja2
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame
    from jinja2.runtime import LoopContext, Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
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
            problem = too_big(value) if not is_int(value) else None
            if is_int(value) and bits(value) > MAX_BITS:
                problem = "number too large"
            if problem:
                refuse(problem)
            super().__setitem__(name, value)

    class SizedFormatter(SandboxedFormatter):
        """str.format whose every field is weighed before it is formatted, and whose whole
        result is kept under MAX_SIZE (`'{0:>{1}}'.format('x', '900000000')`)."""

        def __init__(self, env: Environment, template: str) -> None:
            super().__init__(env)
            self.size = len(template)

        def format_field(self, value: Any, format_spec: str) -> Any:
            self.size += format_field_size(value, format_spec)
            need(self.size, "str.format()")
            return super().format_field(value, format_spec)

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if attr in REFUSED_METHODS:
                return False
            return bool(super().is_safe_attribute(obj, attr, value))

        def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
            # Jinja hands back an undefined value, which `map(attribute='__class__')` prints
            # as [Undefined]: refuse at once instead.
            refuse(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

        def getitem(self, obj: Any, argument: Any) -> Any:
            if isinstance(argument, slice) and isinstance(obj, (str, bytes, list, tuple)):
                charge_volume(len(range(*argument.indices(len(obj)))))
                result = obj[argument]
                charge_allocated(result)
                return result
            return super().getitem(obj, argument)

        def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
            charge_call()
            if op == "*":
                count, sequence = (right, left) if is_int(right) else (left, right)
                if is_int(count) and count > 0:
                    if isinstance(sequence, (str, bytes)):
                        need(len(sequence) * count, f"repeating a value {count} times")
                    elif isinstance(sequence, (list, tuple)):
                        need_items(len(sequence) * count, f"repeating a value {count} times")
                if is_int(left) and is_int(right) and bits(left) + bits(right) > MAX_BITS:
                    refuse("product too large")
            elif op == "**":
                if is_int(left) and is_int(right) and right > 0 and bits(left) * right > MAX_BITS:
                    refuse("power too large")
            elif op == "%":
                if isinstance(left, str):
                    need(printf_size(left, right), "the % operator")
                pieces = right if isinstance(right, tuple) else (right,)
                check_arguments(pieces, right if isinstance(right, dict) else {})
            elif op == "+":
                if isinstance(left, (str, bytes)) and isinstance(right, (str, bytes)):
                    need(str_size(left) + str_size(right), "joining two values")
                need_items(items_of(left) + items_of(right), "joining two lists")
            result = {
                "*": operator.mul,
                "**": operator.pow,
                "%": operator.mod,
                "+": operator.add,
            }[op](left, right)
            return checked_result(result)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            charge_call(macro=isinstance(__obj, (Macro, LoopContext)))
            named = {k: v for k, v in kwargs.items() if not k.startswith("_")}
            # Numbers are data (days until a follow-up in 5026): a number that sizes something
            # (a width, a count) is weighed where it does, by the prediction of what it builds.
            check_arguments(args, named)
            if isinstance(__obj, LoopContext) and args:
                args = (counted(args[0]), *args[1:])  # a recursive loop's next level
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str) and not isinstance(__obj, Macro):
                method = getattr(__obj, "__name__", "")
                if method == "join" and args and isinstance(args[0], Iterator):
                    args = (list(args[0]), *args[1:])
                str_method(method, owner, args, named)
                charge_volume(len(owner))
            return checked_result(super().call(__context, __obj, *args, **kwargs))

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            if getattr(value, "__name__", None) not in ("format", "format_map"):
                return None
            template = getattr(value, "__self__", None)
            if type(template) is not str:
                return super().wrap_str_format(value)  # Markup: not used (no autoescape)
            is_map = value.__name__ == "format_map"
            environment = self

            def formatted(*args: Any, **kwargs: Any) -> str:
                if is_map:
                    if kwargs or len(args) != 1:
                        raise TypeError("format_map() takes exactly one argument")
                    return str(SizedFormatter(environment, template).vformat(template, (), args[0]))
                return str(SizedFormatter(environment, template).vformat(template, args, kwargs))

            return formatted

    def printed(value: Any) -> Any:
        # `{{ value }}` turns containers into text in one go: weigh them first.
        if isinstance(value, (list, tuple, dict)):
            checked_result(value)
        charge_printed(len(value) if isinstance(value, str) else text_length(value, 10))
        return value

    def printed_text(text: str) -> str:
        charge_printed(len(text))
        return text

    class Generator(CodeGenerator):
        """Compiles `a ~ b` to a size-checked join, a for loop's iterable to a counted one, and
        every piece of literal text to a counted one (a loop may print it a million times)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._loop_iterables: set[int] = set()

        def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
            self.write("environment.guarded_concat((")
            for argument in node.nodes:
                self.visit(argument, frame)
                self.write(", ")
            self.write("))")

        def visit_For(self, node: nodes.For, frame: Frame) -> None:
            self._loop_iterables.add(id(node.iter))
            super().visit_For(node, frame)

        def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> None:
            if id(node) in self._loop_iterables:
                self._loop_iterables.discard(id(node))
                self.write("environment.counted(")
                super().visit(node, *args, **kwargs)
                self.write(")")
                return
            super().visit(node, *args, **kwargs)

        def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
            if not isinstance(node.arg, nodes.Slice):
                super().visit_Getitem(node, frame)
                return
            # Jinja compiles a slice to obj[a:b], past the sandbox: make it a counted getitem.
            self.write("environment.getitem(")
            self.visit(node.node, frame)
            self.write(", slice(")
            for index, part in enumerate((node.arg.start, node.arg.stop, node.arg.step)):
                if index:
                    self.write(", ")
                if part is None:
                    self.write("None")
                else:
                    self.visit(part, frame)
            self.write("))")

        def _output_const_repr(self, group: Any) -> str:
            return f"environment.printed_text({super()._output_const_repr(group)})"

    def guarded_concat(values: tuple[Any, ...]) -> str:
        check_arguments(values, {})
        need(sum(text_length(v) for v in values), "joining values with ~")
        return str(checked_result("".join(str(v) for v in values)))

    env = Sandbox(
        loader=Loader(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=printed,
    )
    env.code_generator_class = Generator
    env.guarded_concat = guarded_concat  # type: ignore[attr-defined]
    env.counted = counted  # type: ignore[attr-defined]
    env.printed_text = printed_text  # type: ignore[attr-defined]
    env.globals["range"] = safe_range
    env.globals["namespace"] = GuardedNamespace
    env.globals.pop("lipsum", None)
    env.globals.update(globals)
    env.filters.update(filters)
    for name, function in list(env.filters.items()):
        env.filters[name] = guarded_filter(function, name)
    return env
