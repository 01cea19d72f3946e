"""The template environment: packaged `*.md.j2` templates, overridden by same-named files in the
vault's templates folder, rendered in a locked-down Jinja2 sandbox.

A vault can come from someone else (a shared team vault, a downloaded starter kit), so its
templates are untrusted code: they run in `ImmutableSandboxedEnvironment` (no attributes starting
with `_`, no mutating lists or dicts), with `StrictUndefined`, and with limits on ranges, calls,
sizes and output so that a template cannot hang the machine or fill its memory. Templates get
plain data (dicts, lists, strings, numbers), never live Python objects.

Blocks are trimmed (`trim_blocks`, `lstrip_blocks`): a line holding only `{% if %}` or
`{% endfor %}` leaves no blank line behind. A trailing newline is kept.
"""

from __future__ import annotations

import contextvars
import importlib.resources
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vaultnet.errors import TemplateProblem
from vaultnet.notes.yamlio import yaml_value
from vaultnet.text.wording import plural

if TYPE_CHECKING:
    from jinja2 import Environment

SUFFIX = ".md.j2"
PACKAGE = "vaultnet.templates"
PACKAGE_FOLDER = "vaultnet/templates"

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

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\- ]*$")
# A printf or str.format width/precision of six digits or more: `%0999999999d`, `{:>999999}`.
_HUGE_WIDTH = re.compile(r"%[-#0 +]*(?:\d{6,}|\d*\.\d{6,})|\{[^{}]*:[^{}]*\d{6,}[^{}]*\}")


@dataclass(frozen=True)
class TemplateInfo:
    """Where a template comes from: `origin` is "vault" or "packaged"; `path` is what errors show
    (relative to the vault for an override); `overrides` is True when it hides a packaged one."""

    name: str
    origin: str
    path: str
    overrides: bool = False


def template_file_name(name: str) -> str:
    """`prep` or `prep.md.j2` -> `prep.md.j2`; a name that is not a plain file name is refused."""
    cleaned = name.strip()
    if cleaned.endswith(SUFFIX):
        cleaned = cleaned[: -len(SUFFIX)]
    if not cleaned or not _NAME.match(cleaned) or cleaned in (".", ".."):
        raise TemplateProblem(f"bad template name {name!r} (use a plain name like prep)")
    return cleaned + SUFFIX


def packaged_folder() -> Traversable:
    """The packaged templates. Installed, they are the package `vaultnet.templates`; in a source
    checkout (where the tests run) that package does not exist yet: setuptools maps the top-level
    templates/ folder into it only when building, so read that folder directly."""
    try:
        return importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "templates"


def _packaged_names() -> dict[str, str]:
    """file name -> source of every packaged template."""
    found: dict[str, str] = {}
    for entry in packaged_folder().iterdir():
        if entry.name.endswith(SUFFIX) and entry.is_file():
            found[entry.name] = entry.read_text(encoding="utf-8")
    return found


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


class Templates:
    """The templates a vault sees. `render(name, context)` is the one way vaultnet renders text."""

    def __init__(self, vault_root: Path | None = None, folder: str = "Templates/vaultnet") -> None:
        self.vault_root = vault_root
        self.folder = folder.strip("/")
        self._packaged: dict[str, str] | None = None
        self._env: Environment | None = None
        # display path -> info, for finding the template line in a traceback
        self._loaded: dict[str, TemplateInfo] = {}

    # Finding templates -------------------------------------------------------------------------
    @property
    def packaged(self) -> dict[str, str]:
        if self._packaged is None:
            self._packaged = _packaged_names()
        return self._packaged

    def _vault_folder(self) -> Path | None:
        if self.vault_root is None:
            return None
        return self.vault_root / self.folder

    def _vault_files(self) -> dict[str, Path]:
        folder = self._vault_folder()
        if folder is None or not folder.is_dir():
            return {}
        return {
            p.name: p
            for p in folder.iterdir()
            if p.name.endswith(SUFFIX) and p.is_file() and not p.name.startswith(".")
        }

    def available(self) -> list[TemplateInfo]:
        """Every template by name: a vault file wins over the packaged one of the same name."""
        vault_files = self._vault_files()
        infos: list[TemplateInfo] = []
        for file_name in sorted(set(vault_files) | set(self.packaged)):
            name = file_name[: -len(SUFFIX)]
            if file_name in vault_files:
                infos.append(
                    TemplateInfo(
                        name,
                        "vault",
                        f"{self.folder}/{file_name}",
                        overrides=file_name in self.packaged,
                    )
                )
            else:
                infos.append(TemplateInfo(name, "packaged", f"{PACKAGE_FOLDER}/{file_name}"))
        return infos

    def names(self) -> list[str]:
        return [info.name for info in self.available()]

    def source(self, name: str) -> tuple[str, TemplateInfo]:
        """The text of a template and where it came from; TemplateProblem when there is none."""
        file_name = template_file_name(name)
        folder = self._vault_folder()
        if folder is not None:
            path = folder / file_name
            if path.is_file():
                return self._read_vault_file(path, file_name)
        if file_name in self.packaged:
            info = TemplateInfo(
                file_name[: -len(SUFFIX)], "packaged", f"{PACKAGE_FOLDER}/{file_name}"
            )
            return self.packaged[file_name], info
        available = ", ".join(self.names()) or "none"
        raise TemplateProblem(f"no template named {name!r}. Available: {available}")

    def _read_vault_file(self, path: Path, file_name: str) -> tuple[str, TemplateInfo]:
        assert self.vault_root is not None
        shown = f"{self.folder}/{file_name}"
        root = self.vault_root.resolve()
        real = path.resolve()
        if not real.is_relative_to(root):
            raise TemplateProblem(f"{shown}: refused: it leads outside the vault (a symlink?)")
        try:
            text = real.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateProblem(f"{shown}: not UTF-8 text") from None
        except OSError as exc:
            raise TemplateProblem(f"{shown}: cannot read: {exc.strerror}") from None
        info = TemplateInfo(
            file_name[: -len(SUFFIX)], "vault", shown, overrides=file_name in self.packaged
        )
        return text, info

    # Rendering ---------------------------------------------------------------------------------
    def environment(self) -> Environment:
        if self._env is None:
            self._env = _make_environment(self)
        return self._env

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        """Render template `name` with `context` (plain data). Every failure is a TemplateProblem
        naming the template file and line."""
        import jinja2

        _, info = self.source(name)  # the unknown-name error comes first, with the list
        env = self.environment()
        data = dict(context)
        budget = _Budget()
        _container_ids(data, budget.trusted)
        token = _BUDGET.set(budget)
        try:
            template = env.get_template(info.name + SUFFIX)
            return _collect(template.generate(data))
        except TemplateProblem:
            raise
        except jinja2.TemplateSyntaxError as exc:
            where = exc.filename or info.path
            raise TemplateProblem(f"{where}:{exc.lineno}: syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            available = ", ".join(self.names())
            raise TemplateProblem(
                f"{self._where(exc.__traceback__, info)}: no template named {exc.name!r} "
                f"to include. Available: {available}"
            ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateProblem(
                f"{self._where(exc.__traceback__, info)}: refused by the template sandbox: {exc}"
            ) from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(
                f"{self._where(exc.__traceback__, info)}: {exc.message} "
                "(the variables each template gets are listed in the README, under Templates)"
            ) from None
        except RecursionError:
            raise TemplateProblem(
                f"{info.path}: refused by the template sandbox: recursion too deep"
            ) from None
        except MemoryError:
            raise TemplateProblem(f"{info.path}: refused: the template ran out of memory") from None
        except Exception as exc:
            message = str(exc) or type(exc).__name__
            raise TemplateProblem(
                f"{self._where(exc.__traceback__, info)}: {type(exc).__name__}: {message}"
            ) from None
        finally:
            _BUDGET.reset(token)

    def _where(self, tb: TracebackType | None, info: TemplateInfo) -> str:
        """`path:line` of the innermost template frame in a traceback (Jinja rewrites the
        traceback so template frames carry the template's file name and line)."""
        found = info.path
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename in self._loaded:
                found = f"{filename}:{tb.tb_lineno}"
            tb = tb.tb_next
        return found


def _collect(chunks: Iterator[str]) -> str:
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


# The sandbox -----------------------------------------------------------------------------------
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


def _sentence(text: Any) -> str:
    """`both hiring platform engineers` -> `Both hiring platform engineers.` ('' stays '')."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        return ""
    cleaned = cleaned[0].upper() + cleaned[1:]
    return cleaned if cleaned[-1] in ".!?…" else cleaned + "."


def _and_list(items: Any) -> str:
    """`[a, b, c]` -> `a, b and c`."""
    words = [str(i) for i in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _link(name: Any) -> str:
    """`Jane Doe` -> `[[Jane Doe]]` (a value that is already a link is kept)."""
    text = str(name).strip()
    return text if text.startswith("[[") else f"[[{text}]]"


def _make_environment(templates: Templates) -> Environment:
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
            try:
                file_name = template_file_name(template)
                source, info = templates.source(file_name)
            except TemplateProblem as exc:
                if "no template named" in str(exc) or "bad template name" in str(exc):
                    raise jinja2.TemplateNotFound(template) from None
                raise
            templates._loaded[info.path] = info
            return source, info.path, lambda: True

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
            _check_arguments(args, {k: v for k, v in kwargs.items() if not k.startswith("_")})
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
    env.globals["plural"] = plural
    env.globals.pop("lipsum", None)
    env.filters["yaml"] = yaml_value
    env.filters["sentence"] = _sentence
    env.filters["and_list"] = _and_list
    env.filters["link"] = _link
    for name, function in list(env.filters.items()):
        env.filters[name] = _guarded_filter(function, name)
    return env
