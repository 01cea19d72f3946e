"""The template environment: packaged `*.md.j2` templates, overridden by same-named files in the
vault's templates folder, rendered in a locked-down Jinja2 sandbox.

A vault can come from someone else (a shared team vault, a downloaded starter kit), so its
templates are untrusted code: they run in `ImmutableSandboxedEnvironment` (no attributes starting
with `_`, no mutating lists or dicts), with `StrictUndefined`, and with limits on ranges, calls,
sizes and output so that a template cannot hang the machine or fill its memory. Templates get
plain data (dicts, lists, strings, numbers), never live Python objects.

Blocks are trimmed (`trim_blocks`, `lstrip_blocks`): a line holding only `{% if %}` or
`{% endfor %}` leaves no blank line behind. A trailing newline is kept. This module finds, loads
and renders templates and holds vaultnet's filters; the sandbox (limits, guarded calls, the
environment factory) is sandbox.py.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vaultnet.errors import TemplateProblem
from vaultnet.notes.yamlio import yaml_value
from vaultnet.templating.sandbox import collect_output, render_limits, sandboxed_environment
from vaultnet.text.wording import plural

if TYPE_CHECKING:
    from jinja2 import Environment

SUFFIX = ".md.j2"
PACKAGE = "vaultnet.templates"
PACKAGE_FOLDER = "vaultnet/templates"
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\- ]*$")


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
        try:
            with render_limits(data):
                template = env.get_template(info.name + SUFFIX)
                return collect_output(template.generate(data))
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
    def load(name: str) -> tuple[str, str] | None:
        try:
            source, info = templates.source(template_file_name(name))
        except TemplateProblem as exc:
            if "no template named" in str(exc) or "bad template name" in str(exc):
                return None
            raise
        templates._loaded[info.path] = info
        return source, info.path

    return sandboxed_environment(
        load,
        globals={"plural": plural},
        filters={"yaml": yaml_value, "sentence": _sentence, "and_list": _and_list, "link": _link},
    )
