"""Things to share: the share list's items (`vaultnet.network.shares`) matched to the people who
are due, in the due list's order, so every reach-out has something to say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultnet.network.shares import ShareItem, matches_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vaultnet.network.vault import Vault


@dataclass(frozen=True)
class ShareMatch:
    name: str
    why_due: str  # "reconnect", "due by cadence"
    item: ShareItem
    because: tuple[str, ...]  # the interests it fits, or "named in it"


def suggest_shares(
    vault: Vault, items: Sequence[ShareItem], due: Sequence[tuple[str, str]]
) -> list[ShareMatch]:
    """For each due person (name, why), in the due list's order, the share items that fit."""
    out: list[ShareMatch] = []
    for name, why in due:
        person = vault.person_by_link(name)
        if person is None:
            continue
        out.extend(
            ShareMatch(person.name, why, item, because)
            for item, because in matches_for(person, items)
        )
    return out
