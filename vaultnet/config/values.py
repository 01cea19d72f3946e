"""How each value of `vaultnet.toml` is read and checked: a folder inside the vault, a duration,
a count, a list of emails or words, a table of key names. Each returns the clean value or raises
BadConfig naming the key (`where`)."""

from __future__ import annotations

from typing import Any

from vaultnet.errors import BadConfig
from vaultnet.text.dates import NEVER, parse_duration
from vaultnet.text.properties import PROPERTIES, squash


def folder(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadConfig(f"{where} must be a folder name (a non-empty string)")
    cleaned = value.strip().replace("\\", "/")
    if cleaned.startswith("/") or ".." in cleaned.split("/"):
        raise BadConfig(f"{where} must be a folder inside the vault, not {value!r}")
    return cleaned.strip("/")


def folders(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise BadConfig(f'{where} must be a list of folders like ["Archive", "Templates"]')
    return tuple(folder(item, where) for item in value)


def days(value: Any, where: str, allow_never: bool = False) -> int:
    days = parse_duration(value)
    if days is None or (days == NEVER and not allow_never):
        raise BadConfig(
            f"{where} must be a duration like 14d, 6w, 3m or 1y (at most 100y), not {value!r}"
        )
    return days


def cadence_text(value: Any, where: str) -> str:
    """A duration kept as written (it is written into notes as a `cadence:`), once checked."""
    days(value, where)
    return str(value).strip()


def cadences(value: Any, where: str) -> dict[str, int]:
    """`where` names the section: each circle is a key of its own."""
    return {str(c): days(v, f"{where} {c}", allow_never=True) for c, v in value.items()}


def count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadConfig(f"{where} must be a whole number >= 0, not {value!r}")
    return value


def emails(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and "@" in i for i in items):
        raise BadConfig(f'{where} must be a list of email addresses like ["you@example.com"]')
    return tuple(i.strip().lower() for i in items)


def keys(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(
        isinstance(i, str) and i.strip() and ":" not in i for i in items
    ):
        raise BadConfig(f'{where} must be a list of frontmatter keys like ["anniversary"]')
    return tuple(dict.fromkeys(i.strip() for i in items if i.strip() != "birthday"))


def key_names(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`[keys]`: for each property vaultnet reads, the other names a vault gives it, in order
    (the property's own name always first, whether listed or not)."""
    own = {squash(p): p for p in PROPERTIES}
    claimed: dict[str, str] = {}
    out: list[tuple[str, tuple[str, ...]]] = []
    for key, names in sorted(value.items()):
        if key not in PROPERTIES:
            raise BadConfig(
                f"{where} {key}: not a property vaultnet reads (one of {', '.join(PROPERTIES)})"
            )
        items = [names] if isinstance(names, str) else names
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise BadConfig(f'{where} {key} must be a list of property names like ["{key}"]')
        for name in items:
            squashed = squash(name)
            owner = own.get(squashed, claimed.setdefault(squashed, key))
            if owner != key:
                raise BadConfig(f"{where} {key}: {name.strip()!r} is the name of {owner}")
        out.append((key, tuple(dict.fromkeys([key, *(i.strip() for i in items)]))))
    return tuple(out)


def words(value: Any, where: str) -> tuple[str, ...]:
    """Tags or link targets, without their `#` or brackets."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise BadConfig(f'{where} must be a list of words like ["person"]')
    bare = (i.strip().lstrip("#").removeprefix("[[").removesuffix("]]").strip() for i in items)
    return tuple(dict.fromkeys(bare))


def text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise BadConfig(f"{where} must be a string, not {value!r}")
    return value.strip()
