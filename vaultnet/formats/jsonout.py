"""The JSON shape of a person, shared by `list --json`, `show --json` and `export json`.

The keys are documented in the README; add keys, never rename or drop one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

EXPORT_FORMAT = "vaultnet-people"
EXPORT_VERSION = 1


def person_summary(person: Person, vault: Vault) -> dict[str, Any]:
    """The stable JSON shape of a person in `list --json` (documented in the README)."""
    from vaultnet.network.cadence import effective_cadence, next_due

    due = next_due(person, vault.config, vault.today)
    cadence = effective_cadence(person, vault.config)
    return {
        "name": person.name,
        "display_name": person.display_name,
        "path": person.path,
        "aliases": person.aliases,
        "tags": person.tags,
        "circle": person.circle or None,
        "stage": person.stage,
        "status": person.status or None,
        "company": person.company or None,
        "role": person.role or None,
        "email": person.email or None,
        "cadence_days": cadence,
        "last_contact": person.last_contact.isoformat() if person.last_contact else None,
        "next_due": due.isoformat() if due else None,
        "due": due is not None and due <= vault.today,
        "ask": person.ask or None,
        "offer": person.offer or None,
        "gives": person.gives,
        "asks": person.asks,
    }


def format_birthday(birthday: tuple[int | None, int, int] | None) -> str | None:
    """`1984-04-02`, or `--04-02` when the year is unknown."""
    if birthday is None:
        return None
    year, month, day = birthday
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def person_record(person: Person, vault: Vault) -> dict[str, Any]:
    """A person with every fact and computed field, for `export json`: the summary plus more."""
    from vaultnet.network.model import CONTACT_FIELDS

    record = person_summary(person, vault)
    connected = person.connected
    open_tasks = sorted(
        person.open_tasks(), key=lambda item: (item[0].due or "9999", item[1], item[0].line)
    )
    record.update(
        {
            "emails": person.emails,
            "facts": {k: person.fact(k) for k in CONTACT_FIELDS if person.fact(k)},
            "birthday": format_birthday(person.birthday),
            "connected": connected.isoformat() if connected else None,
            "interests": person.interests,
            "introduced_by": person.introduced_by,
            "knows": person.knows,
            "groups": person.groups,
            "snooze_until": person.snooze_until.isoformat() if person.snooze_until else None,
            "never": person.never,
            "balance": person.balance,
            "interactions": len(person.history),
            "follow_ups": [
                {"text": t.text, "due": t.due, "start": t.start, "path": path, "line": t.line}
                for t, path in open_tasks
            ],
            "details": person.details,
        }
    )
    return record


def export_document(people: list[Person], vault: Vault) -> dict[str, Any]:
    """The whole `export json` document: a small header, then one record per person."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "today": vault.today.isoformat(),
        "people": [person_record(p, vault) for p in people],
    }
