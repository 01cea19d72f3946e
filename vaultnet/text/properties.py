"""The frontmatter properties vaultnet reads, by their own names, and how a name written another
way is compared: `Company`, `E-mail` and `Last Contact` are `company`, `email` and
`last_contact` (`squash`). Config's `[keys]` checks its names against these; the parser reads
each under the name the note gives it (`vaultnet.notes.keys`)."""

from __future__ import annotations

PROPERTIES = (
    # every note
    "type",
    "aliases",
    "tags",
    "categories",
    "name",
    "cadence",
    "last_contact",
    "stage",
    # meetings
    "date",
    "with",
    # people
    "circle",
    "status",
    "ask",
    "offer",
    "interests",
    "introduced_by",
    "knows",
    "groups",
    "company",
    "role",
    "location",
    "industry",
    "email",
    "phone",
    "linkedin",
    "website",
    "birthday",
    "snooze_until",
    "connected",
    "given_name",
    "middle_name",
    "family_name",
    "name_prefix",
    "name_suffix",
    # groups
    "url",
)
"""The properties vaultnet reads, by the names it writes them under."""

OBSIDIAN_PROPERTIES = ("cssclasses", "cssclass", "publish", "permalink")
"""Obsidian's own properties: read by Obsidian, never a fact to map."""

DEFAULT_NAMES: dict[str, list[str]] = {
    "with": ["with", "people", "attendees", "participants", "contacts"],
    "last_contact": ["last_contact", "last_contacted"],
}
"""Other names people give properties (`[keys]`'s defaults): a meeting's people under
`attendees:`, a last contact under `last_contacted:`."""


def squash(key: str) -> str:
    """A property name as it is compared: lower case, without spaces, `-` and `_`."""
    return "".join(c for c in key.lower() if c not in " -_")
