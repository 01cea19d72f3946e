"""The share list: `Share.md` at the vault's root, one item per list line, about the `#topics`
and `[[links]]` it holds, and which items fit a person (their interests, or the item names them).
An item is shared with someone once one of their contacts holds its words (`log NAME --give -m
"shared: <the item>"`), and not offered to them again. The due list's reasons and `suggest
shares` both ask here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultnet.network.model import words
from vaultnet.text.links import fold, links_in, plain

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from vaultnet.network.model import Person

SHARE_NOTE = "Share.md"
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*\S)\s*$")
_TAG = re.compile(r"(?<![\w&])#([\w/-]+)")


def _topic(text: str) -> str:
    return words(text.replace("-", " ").replace("_", " ").replace("/", " "))


@dataclass(frozen=True)
class ShareItem:
    line: int
    text: str  # as written, without the bullet
    title: str  # plain: links as names, hashtags dropped
    topics: tuple[str, ...]  # folded hashtags and link targets
    people: tuple[str, ...]  # folded link targets (an item may name who it is for)


def parse_share_list(text: str, retired: bool = False) -> list[ShareItem]:
    """The list items of the share note (a checked item `- [x]` is retired and skipped, unless
    `retired`: a tick on an item shared before it was retired still records it)."""
    items = []
    in_front = False
    for number, raw in enumerate(text.splitlines(), 1):
        if number == 1 and raw.strip() == "---":
            in_front = True
            continue
        if in_front:
            in_front = raw.strip() != "---"
            continue
        match = _ITEM.match(raw)
        if match is None or (not retired and re.match(r"^\s*[-*+]\s+\[[xX]\]", raw)):
            continue
        body = match[1]
        targets = links_in(body)
        topics = [_topic(t) for t in _TAG.findall(body)] + [_topic(t) for t in targets]
        title = plain(body)
        if title:
            items.append(
                ShareItem(
                    number, body, title, tuple(t for t in topics if t), tuple(map(fold, targets))
                )
            )
    return items


def read_share_list(root: Path, retired: bool = False) -> list[ShareItem]:
    """The vault's share list; empty when there is none (or it is not a plain file)."""
    note = root / SHARE_NOTE
    if note.is_symlink() or not note.is_file():
        return []
    return parse_share_list(note.read_text(encoding="utf-8-sig", errors="replace"), retired)


def shared_with(person: Person, item: ShareItem) -> bool:
    """Whether a contact of theirs holds the item's words (a log line `shared: <the item>`)."""
    title = words(item.title)
    return bool(title) and any(title in words(h.text) for h in person.history)


def matches_for(
    person: Person, items: Sequence[ShareItem]
) -> list[tuple[ShareItem, tuple[str, ...]]]:
    """The items that fit `person`, in list order: one that names them, or whose topics or
    words hold one of their interests; never one already shared with them."""
    interests = [(i, _topic(i)) for i in person.interests if _topic(i)]
    keys = set(person.note.summary.keys)
    found = []
    for item in items:
        if keys & set(item.people):
            because: tuple[str, ...] = ("named in it",)
        else:
            text = f" {words(item.title)} "
            because = tuple(
                shown for shown, topic in interests if topic in item.topics or f" {topic} " in text
            )
        if because and not shared_with(person, item):
            found.append((item, because))
    return found
