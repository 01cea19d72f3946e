"""What parsing a note depends on in the settings (`NoteRules`): the people and groups folders,
the names a vault gives the properties vaultnet reads (`[keys]`, and any spelling of a
property's own name: `Company`, `E-mail`), and the tags and categories that mark a person.

`renamed` finds, in one note's frontmatter, the key each property is written under when that is
not its own name; `ignored_keys` lists what a person note holds that vaultnet does not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from vaultnet.text.links import fold, names_in_value
from vaultnet.text.properties import DEFAULT_NAMES, OBSIDIAN_PROPERTIES, PROPERTIES, squash

if TYPE_CHECKING:
    from vaultnet.config import Config

WITH = "with"
OWN = frozenset(PROPERTIES)
OWN_NAME = 1_000  # the rank of a spelling of a property's own name not listed in [keys]
SEEN_KEYS = 4096  # keys remembered per settings (a bound: a vault may use any number)


@dataclass(frozen=True)
class NoteRules:
    """The settings a parse depends on (`Config.fingerprint` names the same ones): picklable,
    for the index's worker processes."""

    people: str = "People"
    groups: str = "Groups"
    names: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
        (k, tuple(v)) for k, v in sorted(DEFAULT_NAMES.items())
    )
    person_tags: tuple[str, ...] = ("person",)
    person_categories: tuple[str, ...] = ("People",)

    @classmethod
    def of(cls, config: Config) -> NoteRules:
        return cls(
            config.people_folder,
            config.groups_folder,
            config.key_names,
            config.person_tags,
            config.person_categories,
        )

    @cached_property
    def by_name(self) -> dict[str, tuple[str, int]]:
        """Squashed name -> (the property it names, its rank: the lower, the more it counts)."""
        found = {squash(p): (p, OWN_NAME) for p in PROPERTIES}
        for prop, names in self.names:
            for rank, name in enumerate(names):
                found[squash(name)] = (prop, rank)
        return found

    @cached_property
    def folded_tags(self) -> frozenset[str]:
        return frozenset(fold(t) for t in self.person_tags)

    @cached_property
    def folded_categories(self) -> frozenset[str]:
        return frozenset(fold(c) for c in self.person_categories)

    @cached_property
    def _seen(self) -> dict[str, tuple[str, int] | None]:
        """Keys already looked up: a vault uses the same few keys in note after note."""
        return {}

    def lookup(self, key: str) -> tuple[str, int] | None:
        """(the property a key names, its rank), or None for a key vaultnet does not read."""
        seen = self._seen
        found = seen.get(key, seen)
        if found is seen:
            found = self.by_name.get(squash(key))
            if len(seen) < SEEN_KEYS:
                seen[key] = found
        return found  # type: ignore[return-value]

    def renamed(self, frontmatter: dict[str, Any]) -> dict[str, str]:
        """Property -> the key the note writes it under, for each property the note holds under
        another name than its own (usually none). Its own name wins, then `[keys]`' order (its
        own name written another way, `Company`, counts as the first of them)."""
        best: dict[str, tuple[int, str]] = {}
        for key in frontmatter:
            if key in OWN:
                best[key] = (-1, key)
                continue
            found = self.lookup(key)
            if found is None:
                continue
            prop, rank = found
            if prop not in best or rank < best[prop][0]:
                best[prop] = (rank, key)
        return {prop: key for prop, (_, key) in best.items() if key != prop}

    def with_keys(self, frontmatter: dict[str, Any]) -> list[str]:
        """Every key of the note that lists a meeting's people (`with`, `attendees`...)."""
        return [k for k in frontmatter if (self.lookup(k) or ("",))[0] == WITH]

    def marks_person(self, fields: dict[str, Any]) -> bool:
        """A configured tag in `tags:` or category in `categories:`."""
        from vaultnet.text.links import as_list

        if self.folded_tags and any(
            fold(t.lstrip("#")) in self.folded_tags for t in as_list(fields.get("tags"))
        ):
            return True
        return bool(self.folded_categories) and any(
            fold(c) in self.folded_categories for c in names_in_value(fields.get("categories"))
        )


DEFAULT_RULES = NoteRules()


def canonical(frontmatter: dict[str, Any], renamed: dict[str, str]) -> dict[str, Any]:
    """The frontmatter with each renamed property under its own name."""
    if not renamed:
        return frontmatter
    moved = set(renamed.values())
    fields = {k: v for k, v in frontmatter.items() if k not in moved}
    fields.update((prop, frontmatter[key]) for prop, key in renamed.items())
    return fields


def ignored_keys(
    frontmatter: dict[str, Any],
    renamed: dict[str, str],
    with_keys: Iterable[str] = (),
    also_read: Iterable[str] = (),
) -> list[str]:
    """The keys of a person note vaultnet does not read (beside Obsidian's own), in note order:
    what a user may want to map under `[keys]`."""
    read = {*PROPERTIES, *OBSIDIAN_PROPERTIES, *renamed.values(), *with_keys, *also_read}
    return [k for k in frontmatter if k not in read]
