"""The vault's notes as the index holds them, for building the network without decoding every
record: people and groups are decoded (the model reads their every fact), interactions come from
their stored facts (`vaultnet.index.rows.meeting_facts`), and any other note is decoded only when
something asks for it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from vaultnet.index.rows import read_meeting_facts
from vaultnet.network.model import Interaction
from vaultnet.notes.parse import GROUP, PERSON, ParsedNote

if TYPE_CHECKING:
    from vaultnet.index.store import NoteIndex

ONE_BY_ONE = 512
"""After this many notes asked for one at a time, `StoredNotes` decodes all the rest at once:
a caller walking every meeting's note (an export) pays one pass, not 50,000 look-ups."""


class StoredNotes(Mapping[str, ParsedNote]):
    """Every note of the vault by path, decoded from the index on first use."""

    def __init__(self, index: NoteIndex, paths: list[str], loaded: dict[str, ParsedNote]) -> None:
        self._index = index
        self._paths = paths  # sorted
        self._known = frozenset(paths)
        self._loaded = loaded
        self._one_by_one = 0
        self._complete = False

    def __getitem__(self, rel: str) -> ParsedNote:
        found = self._loaded.get(rel)
        if found is not None:
            return found
        if rel not in self._known:
            raise KeyError(rel)
        self._one_by_one += 1
        if self._one_by_one > ONE_BY_ONE:
            self._load_all()
            found = self._loaded.get(rel)
        else:
            found = self._index.note(rel)
            if found is not None:
                self._loaded[rel] = found
        if found is None:  # gone since the scan
            raise KeyError(rel)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, rel: object) -> bool:
        return rel in self._known

    def _load_all(self) -> None:
        if not self._complete:
            self._complete = True
            everything = self._index.notes()
            everything.update(self._loaded)
            self._loaded = everything

    def loaded(self) -> dict[str, ParsedNote]:
        """The notes decoded so far (people and groups at least)."""
        return self._loaded


def stored_network(index: NoteIndex) -> tuple[StoredNotes, list[Interaction]] | None:
    """The vault's notes and its interactions from the index's rows (people and groups decoded,
    meetings from their stored facts); None when the index cannot answer for the vault as
    scanned, or a stored row is damaged (the caller decodes every note then)."""
    if not index.answers:
        return None
    paths = sorted(index.scanned.files)
    notes = StoredNotes(index, paths, index.notes(kinds=(PERSON, GROUP)))
    interactions: list[Interaction] = []
    for rel, day, kind, line, blob in sorted(index.meeting_rows()):
        facts = read_meeting_facts(blob)
        if facts is None:
            return None
        interactions.append(Interaction.stored(rel, day, kind, line, facts, notes.__getitem__))
    return notes, interactions
