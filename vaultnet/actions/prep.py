"""Preparing for people: the plain data (dicts, lists, strings) the `prep`, `informational`,
`followup`, `intro` and `newsletter` templates get, built purely from the model; and the two
writes these commands make, through `vaultnet.notes.editor`: the meeting note of `prep --note` and
the log lines of `intro --log`.

The context keys are a contract with every user's template overrides: they are documented in
the README and only ever added to, never renamed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultnet.network.model import CONTACT_FIELDS
from vaultnet.text.dates import next_birthday
from vaultnet.text.links import fold
from vaultnet.text.wording import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from vaultnet.network.model import HistoryItem, Person
    from vaultnet.network.vault import Vault
    from vaultnet.notes.parse import Task


# A task the other person owes you: tagged #waiting (or #them), or written "Waiting for ...".
_THEIRS = re.compile(r"(?:^|\s)#(?:waiting|them|theirs)\b|^\s*wait(?:ing)?\s+(?:for|on)\b", re.I)


def owed_by(task_text: str) -> str:
    """Who owes a follow-up: "them" for `#waiting` / "Waiting for ..." tasks, else "you"."""
    return "them" if _THEIRS.search(task_text) else "you"


def headline(person: Person) -> str:
    """`VP Engineering at Acme Robotics`, or whichever half is known, or ''."""
    if person.role and person.company:
        return f"{person.role} at {person.company}"
    return person.role or person.company


def first_name(person: Person) -> str:
    parts = person.display_name.split()
    return parts[0] if parts else person.name


def brief(person: Person) -> dict[str, Any]:
    """The few facts every mention of a person carries (mutuals, newsletter lists)."""
    return {
        "name": person.name,
        "display_name": person.display_name,
        "first_name": first_name(person),
        "link": f"[[{person.name}]]",
        "company": person.company,
        "role": person.role,
        "headline": headline(person),
        "email": person.email,
        "circle": person.circle,
        "stage": person.stage,
        "tags": list(person.tags),
    }


def _history_item(item: HistoryItem, person: Person) -> dict[str, Any]:
    return {
        "date": item.date.isoformat(),
        "kind": item.kind,
        "text": item.text,
        "source": item.path,
        "tags": list(item.tags),
        # an interaction note (its text is the link to it), not a log line in their note
        "meeting_note": item.path != person.path,
    }


def _birthday(person: Person, today: date) -> tuple[str, str, int | None]:
    """(`April 2` or `April 2, 1984`, next occurrence as ISO, days until it)."""
    if person.birthday is None:
        return "", "", None
    year, month, day = person.birthday
    text = f"{MONTHS[month - 1]} {day}" + (f", {year}" if year else "")
    upcoming = next_birthday(month, day, today)
    return text, upcoming.isoformat(), (upcoming - today).days


def _task(task: Task, source: str, person: Person, today: date) -> dict[str, Any]:
    due = date.fromisoformat(task.due) if task.due else None
    return {
        "text": task.text,
        "due": task.due or "",
        "days": (due - today).days if due else None,
        "overdue": due is not None and due < today,
        "owed_by": owed_by(task.text),
        "source": source,
        "source_title": source.rsplit("/", 1)[-1].removesuffix(".md"),
        "in_their_note": source == person.path,
    }


def person_data(person: Person, vault: Vault, history_limit: int = 5) -> dict[str, Any]:
    """Everything a template may say about one person (see the README for each key)."""
    from vaultnet.network.cadence import effective_cadence, next_due

    today = vault.today
    past = [h for h in person.history if h.date <= today]
    upcoming = sorted((h for h in person.history if h.date > today), key=lambda h: h.date)
    birthday, birthday_next, birthday_days = _birthday(person, today)
    due = next_due(person, vault.config, today)
    open_tasks = [_task(t, path, person, today) for t, path in person.open_tasks()]
    follow_ups = sorted(
        (t for t in open_tasks if t["due"]),
        key=lambda t: (t["owed_by"] != "you", t["due"], t["source"]),
    )
    open_loops = [t for t in open_tasks if not t["due"]]
    open_loops.sort(key=lambda t: t["owed_by"] != "you")  # stable: keeps note order
    data = brief(person)
    data.update({fact: person.fact(fact) for fact in CONTACT_FIELDS})
    data.update(
        {
            "path": person.path,
            "aliases": list(person.aliases),
            "status": person.status,
            "emails": list(person.emails),
            "ask": person.ask,
            "offer": person.offer,
            "interests": list(person.interests),
            "introduced_by": list(person.introduced_by),
            "knows": list(person.knows),
            "groups": list(person.groups),
            "birthday": birthday,
            "next_birthday": birthday_next,
            "days_to_birthday": birthday_days,
            "last_contact": person.last_contact.isoformat() if person.last_contact else "",
            "days_since_contact": (today - person.last_contact).days
            if person.last_contact
            else None,
            "cadence_days": effective_cadence(person, vault.config),
            "next_due": due.isoformat() if due else "",
            "due": due is not None and due <= today,
            "first_contact": _history_item(past[-1], person) if past else None,
            "recent": [_history_item(h, person) for h in past[: max(history_limit, 0)]],
            "history_count": len(past),
            "upcoming": [_history_item(h, person) for h in upcoming],
            "details": list(person.details),
            "follow_ups": follow_ups,
            "open_loops": open_loops,
            "gives": person.gives,
            "asks": person.asks,
            "balance": person.balance,
        }
    )
    return data


# Who connects to whom ------------------------------------------------------------------------
def connections(vault: Vault, person: Person) -> list[tuple[Person, list[str]]]:
    """Everyone linked to `person` and how: a shared company or group, `introduced_by` or
    `knows` either way, a log line linking one from the other's note, a meeting with both.
    Most reasons first, then by name."""
    reasons: dict[str, list[str]] = {}
    by_path: dict[str, Person] = {}
    first = first_name(person)

    def add(other: Person | None, reason: str) -> None:
        if other is None or other.path == person.path:
            return
        by_path[other.path] = other
        found = reasons.setdefault(other.path, [])
        if reason not in found:
            found.append(reason)

    for name in person.introduced_by:
        add(vault.person_by_link(name), f"introduced you to {first}")
    for name in person.knows:
        add(vault.person_by_link(name), f"knows {first}")
    for entry in person.log:
        for target in entry.links:
            add(vault.person_by_link(target), f"in your log with {first}")
    company = fold(person.company)
    groups = {fold(g): g for g in person.groups}
    their_keys = {fold(person.name), *(fold(a) for a in person.aliases)}

    def names(other: Person, field: str, wanted: Iterable[str]) -> list[str]:
        """The names in a link field, parsed only when one of `wanted` appears in it at all."""
        if not other.mentions(field, wanted):
            return []
        names_in: list[str] = getattr(other, field)
        return names_in

    for other in vault.people:
        if other.path == person.path:
            continue
        if company and fold(other.company) == company:
            add(other, f"also at {person.company}")
        for group in names(other, "groups", groups):
            if fold(group) in groups:
                add(other, f"also in [[{groups[fold(group)]}]]")
        if any(fold(n) in their_keys for n in names(other, "introduced_by", their_keys)):
            add(other, f"{first} introduced you")
        if any(fold(n) in their_keys for n in names(other, "knows", their_keys)):
            add(other, f"knows {first}")
        if any(fold(t) in their_keys for entry in other.log for t in entry.links):
            add(other, f"{first} is in your log with them")
    for interaction in person.interactions:
        for other in interaction.people:
            add(other, f"met together: [[{interaction.title}]]")
    found = [(by_path[path], why) for path, why in reasons.items()]
    found.sort(key=lambda item: (-len(item[1]), fold(item[0].name), item[0].path))
    return found


def _linked(pairs: Iterable[tuple[Person, list[str]]]) -> list[dict[str, Any]]:
    return [{**brief(p), "how": list(why)} for p, why in pairs]


# The contexts ---------------------------------------------------------------------------------
def _day(vault: Vault) -> dict[str, Any]:
    today = vault.today
    return {
        "today": today.isoformat(),
        "weekday": WEEKDAYS[today.weekday()],
        "month": f"{MONTHS[today.month - 1]} {today.year}",
    }


def prep_context(
    vault: Vault,
    person: Person,
    template: str = "prep",
    meeting_type: str = "meeting",
    meeting_date: date | None = None,
    history_limit: int = 5,
) -> dict[str, Any]:
    """The context of `prep`, `informational`, `followup` and any person template of the user's."""
    linked = connections(vault, person)
    return {
        **_day(vault),
        "template": template,
        "meeting": {
            "date": (meeting_date or vault.today).isoformat(),
            "type": meeting_type,
        },
        "person": person_data(person, vault, history_limit),
        # people you know who know them; `stage: want` people they could introduce you to
        "mutuals": _linked((p, why) for p, why in linked if p.stage != "want"),
        "could_introduce": _linked((p, why) for p, why in linked if p.stage == "want"),
    }


def intro_context(vault: Vault, a: Person, b: Person, reason: str) -> dict[str, Any]:
    """The context of `intro`: both people, the reason, and what they have in common."""
    b_interests = {fold(i) for i in b.interests}
    b_groups = {fold(g) for g in b.groups}
    same_company = bool(a.company) and fold(a.company) == fold(b.company)
    return {
        **_day(vault),
        "a": person_data(a, vault),
        "b": person_data(b, vault),
        "reason": " ".join(reason.split()),
        "common": {
            "interests": [i for i in a.interests if fold(i) in b_interests],
            "groups": [g for g in a.groups if fold(g) in b_groups],
            "company": a.company if same_company else "",
        },
    }


def usable_email(address: str) -> bool:
    """Good enough to send to: one `@` with something on both sides, no spaces."""
    local, at, domain = address.strip().partition("@")
    return bool(
        at
        and local
        and domain
        and "@" not in domain
        and not any(c.isspace() for c in address.strip())
    )


def newsletter_context(vault: Vault, people: list[Person], segment: str) -> dict[str, Any]:
    """The context of `newsletter`: the people, the BCC list (unique emails, sorted) and the
    people with no usable email address."""
    bcc: dict[str, str] = {}
    missing: list[dict[str, Any]] = []
    for person in people:
        address = person.email.strip()
        if usable_email(address):
            bcc.setdefault(address.lower(), address)
        else:
            missing.append(brief(person))
    return {
        **_day(vault),
        "segment": segment,
        "people": [brief(p) for p in people],
        "count": len(people),
        "bcc": [bcc[key] for key in sorted(bcc)],
        "missing_email": missing,
    }


def select_segment(
    vault: Vault, circle: str = "", tag: str = "", company: str = ""
) -> tuple[list[Person], str]:
    """The people a newsletter goes to, and the segment in words. Only people you have met
    (not `stage: want` or `pending`) and who did not opt out (`cadence: never`)."""
    selected = vault.select(circle=circle, tag=tag, company=company, stage="connected")
    people = [p for p in selected if not p.never]
    described = []
    if circle:
        described.append(f"circle {circle.strip().lower()}")
    if tag:
        described.append(f"tag {tag.strip().lstrip('#')}")
    if company:
        described.append(f"company {company.strip()}")
    return people, ", ".join(described) or "everyone"


# Writing ---------------------------------------------------------------------------------------
def meeting_note_text(person: Person, day: date, meeting_type: str, body: str) -> str:
    """A meeting note: `date`, `type` and `with` frontmatter, then the rendered prep."""
    from vaultnet.notes.yamlio import yaml_value

    return (
        "---\n"
        f"date: {day.isoformat()}\n"
        f"type: {yaml_value(meeting_type)}\n"
        f"with: {yaml_value([f'[[{person.name}]]'])}\n"
        "---\n"
        f"{body.rstrip()}\n"
    )


def write_meeting_note(
    vault: Vault, person: Person, day: date, meeting_type: str, body: str
) -> str:
    """Create `<interactions folder>/<day> <Name>.md` (then ` (2)`, ` (3)`... : never overwrites)
    and return its path in the vault."""
    from vaultnet.notes.create import create_numbered_note

    text = meeting_note_text(person, day, meeting_type, body)
    return create_numbered_note(
        vault.root,
        vault.config.interactions_folder,
        f"{day.isoformat()} {person.name}",
        text,
        lambda stem, n: f"{stem} ({n})",
    )


def intro_log_text(other: Person, reason: str) -> str:
    """`introduced to [[Carlos Diaz]]: both hiring platform engineers #intro #give`."""
    reason = " ".join(reason.split())
    return f"introduced to [[{other.name}]]" + (f": {reason}" if reason else "") + " #intro #give"


def log_introduction(vault: Vault, a: Person, b: Person, reason: str) -> list[tuple[str, bool]]:
    """Add `- <today> intro: introduced to [[B]]: reason #intro #give` to A's note and the mirror
    line to B's, under the vault lock. Both notes are read (and checked editable) before either
    is written. Returns (path, whether a line was added) for each; running it twice adds nothing."""
    from vaultnet.fs.lock import vault_lock
    from vaultnet.notes.editor import NoteEditor, save_all

    with vault_lock(vault.root):
        editors = [
            (person, other, NoteEditor.open(vault.root, person.path))
            for person, other in ((a, b), (b, a))
        ]
        added = [
            (person.path, editor.add_log(vault.today, "intro", intro_log_text(other, reason)))
            for person, other, editor in editors
        ]
        save_all([editor for _, _, editor in editors])
    return added
