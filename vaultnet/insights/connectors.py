"""Power connectors: the people who introduced you to the most others, and who link the most
groups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault


@dataclass(frozen=True)
class Connector:
    name: str
    path: str
    introduced: int  # people whose `introduced_by` names them
    groups: int  # groups they belong to


def connector_counts(vault: Vault) -> dict[str, Connector]:
    """Every person's connector counts, by path."""
    introduced: Counter[str] = Counter()
    for person in vault.people:
        seen = set()
        for name in person.introduced_by:
            other = vault.person_by_link(name)
            if other is not None and other is not person and other.path not in seen:
                seen.add(other.path)
                introduced[other.path] += 1
    groups: Counter[str] = Counter()
    for group in vault.groups:
        for member in group.members:
            groups[member.path] += 1
    return {
        p.path: Connector(p.name, p.path, introduced[p.path], groups[p.path]) for p in vault.people
    }


def connector_key(connector: Connector) -> tuple[int, int, str, str]:
    """The order of `list --sort connector`: most introductions, then most groups, then name."""
    return (-connector.introduced, -connector.groups, fold(connector.name), connector.path)


def top_connectors(vault: Vault, limit: int = 5) -> list[Connector]:
    """The people who introduced you to someone or link two groups or more, best first."""
    found = [c for c in connector_counts(vault).values() if c.introduced or c.groups >= 2]
    return sorted(found, key=connector_key)[:limit]


def sort_by_connector(vault: Vault, people: list[Person]) -> list[Person]:
    counts = connector_counts(vault)
    return sorted(people, key=lambda p: connector_key(counts[p.path]))
