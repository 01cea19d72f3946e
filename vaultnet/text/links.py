"""Wikilinks and names: `[[Target#Heading|alias]]`, and the folded form names are compared in."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WIKILINK = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
_SPACES = re.compile(r"\s+")


FOLD_CACHE_SIZE = 1 << 16
"""Names kept folded: more than a large vault's names, aliases and link targets, and a bound,
so a `watch` that runs for weeks does not keep every name it ever saw."""


@lru_cache(maxsize=FOLD_CACHE_SIZE)  # a vault folds the same names over and over
def fold(name: str) -> str:
    """A name as it is compared: case-folded, accents dropped, Latin letters transliterated,
    spaces collapsed ("Zoë  Müller" and "zoe muller" fold alike, "Bjørn" and "Bjorn" too)."""
    if name.isascii():  # the common case, without the Unicode round trip
        return " ".join(name.split()).lower()
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(_latin(c) for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().casefold()


def _latin(char: str) -> str:
    """A Latin letter that no accent-stripping reaches (ø, ł, æ, œ, ß, đ, þ, ı...) as ASCII, by
    anyascii's transliteration; other scripts stay as they are (two Chinese names that sound
    alike must not fold alike)."""
    if char.isascii() or not unicodedata.name(char, "").startswith("LATIN "):
        return char
    from anyascii import anyascii

    return anyascii(char) or char


def link_target(inner: str) -> str:
    """The note a link points at: `People/Jane Doe.md#Log|Janie` -> `Jane Doe`."""
    target = inner.split("|", 1)[0].split("#", 1)[0].strip()
    target = target.rsplit("/", 1)[-1]
    if target.lower().endswith(".md"):
        target = target[:-3]
    return target.strip()


def unlinked(text: str) -> str:
    """Text as Obsidian shows it: each wikilink as its alias, else its target
    (`[[Acme Inc]]` -> `Acme Inc`, `[[Companies/Acme Inc|Acme]]` -> `Acme`)."""
    if "[[" not in text:
        return text
    return WIKILINK.sub(lambda m: _shown(m[1]), text)


def _shown(inner: str) -> str:
    alias = inner.split("|", 1)[1].strip() if "|" in inner else ""
    return alias or link_target(inner)


def links_in(text: str) -> list[str]:
    """Targets of every wikilink in a piece of text, in order."""
    return [t for t in (link_target(m) for m in WIKILINK.findall(text)) if t]


def names_in_value(value: object) -> list[str]:
    """The names a frontmatter link field (`with`, `knows`, `introduced_by`, `groups`) points at.

    Accepts a link (`"[[Bob Smith]]"`), a plain name, a string holding several links, a list of
    any of those, and the nested list YAML makes of an unquoted `[[Bob Smith]]`.
    """
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(names_in_value(item))
        return out
    text = str(value).strip()
    if not text:
        return []
    found = links_in(text)
    if found:
        return found
    return [link_target(text)]


def is_unquoted_link(value: object) -> bool:
    """True for what YAML makes of an unquoted `[[Name]]`: a list holding one list of one string."""
    if not isinstance(value, list):
        return False
    return any(
        isinstance(item, list) and len(item) == 1 and isinstance(item[0], str) for item in value
    )


def as_list(value: object) -> list[str]:
    """`aliases`, `tags` and `interests` as Obsidian reads them: a list, each item whole (the
    alias `Elliot Sandvig, CFP®` is one alias), or a single string, split at its commas (as
    Obsidian read `aliases: Janie, J` before Properties)."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, list):
                out.extend(as_list(item))
            elif item is not None and not isinstance(item, bool) and str(item).strip():
                out.append(str(item).strip())
        return out
    return [part.strip() for part in str(value).split(",") if part.strip()]


_HASHTAG = re.compile(r"(?<![\w&])#[\w/-]+")
_WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]")


def plain(text: str) -> str:
    """Log text for reading: `[[Name|alias]]` as the alias (or the name), hashtags dropped."""
    text = _WIKILINK.sub(lambda m: (m[2] or m[1]).strip(), text)
    text = _HASHTAG.sub("", text)
    return " ".join(text.split()).rstrip(" .;:,")
