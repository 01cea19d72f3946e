"""What `vaultnet add` does to a vault: a new person note from the `person` template, refused
when the name or an alias is already someone's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.errors import RefusedEdit, TemplateProblem
from vaultnet.fs.lock import vault_lock
from vaultnet.fs.paths import check_file_name
from vaultnet.notes.create import create_note
from vaultnet.notes.parse import parse_note
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

PERSON_TEMPLATE = "person.md.j2"


# Rendering the person template ------------------------------------------------------------------


def render_person(root: Path, templates_folder: str, values: dict[str, Any]) -> str:
    """The `person` template (the vault's `<templates_folder>/person.md.j2` when it exists, else
    the packaged one), rendered in the templates' sandbox."""
    from vaultnet.templating.environment import Templates

    return Templates(root, templates_folder).render("person", values)


# add ---------------------------------------------------------------------------------------------


@dataclass
class NewPerson:
    """The facts `vaultnet add` knows about someone new."""

    name: str
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    circle: str = ""
    company: str = ""
    role: str = ""
    location: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    cadence: str = ""
    stage: str = ""
    status: str = ""
    ask: str = ""
    offer: str = ""
    introduced_by: str = ""

    def template_values(self, today: date) -> dict[str, Any]:
        values: dict[str, Any] = {
            key: " ".join(value.split()) if isinstance(value, str) else value
            for key, value in self.__dict__.items()
        }
        values["aliases"] = [" ".join(a.split()) for a in self.aliases if a.strip()]
        values["tags"] = [t.strip().lstrip("#") for t in self.tags if t.strip().lstrip("#")]
        values["today"] = today.isoformat()
        return values


def existing_person(vault: Vault, names: list[str]) -> tuple[str, Person] | None:
    """(the clashing name, the person) if any of `names` is already someone's name or alias,
    ignoring case and accents."""
    wanted = {fold(n): n for n in names if n.strip()}
    for person in vault.people:
        for key in (person.name, person.display_name, *person.aliases):
            if fold(key) in wanted:
                return wanted[fold(key)], person
    return None


def add_person(vault: Vault, person: NewPerson) -> tuple[str, list[str]]:
    """Create the person's note; returns (its path in the vault, the given fields the template
    left out). Refuses an unsafe file name and a name or alias someone already has."""
    name = " ".join(person.name.split())
    check_file_name(name)
    person.name = name
    clash = existing_person(vault, [name, *person.aliases])
    if clash is not None:
        given, other = clash
        is_name = fold(given) in (fold(other.name), fold(other.display_name))
        what = "the name" if is_name else "an alias"
        raise RefusedEdit(
            f"{given!r} is already {what} of {other.name} ({other.path}); "
            "not creating a second note"
        )
    rel = f"{vault.config.people_folder}/{name}.md"
    values = person.template_values(vault.today)
    text = render_person(vault.root, vault.config.templates_folder, values)
    parsed = parse_note(rel, text)
    if not parsed.frontmatter_ok:
        problem = parsed.problems[0]
        raise TemplateProblem(
            f"{PERSON_TEMPLATE} made invalid frontmatter (line {problem.line}: "
            f"{problem.message}); nothing written"
        )
    left_out = []
    for key, value in values.items():
        if key in ("name", "today") or not value:
            continue
        if key not in parsed.frontmatter:
            left_out.append(key)
        elif parsed.frontmatter[key] != value:
            raise TemplateProblem(
                f"{PERSON_TEMPLATE} wrote {key} as {parsed.frontmatter[key]!r} instead of "
                f"{value!r}; pass it through the yaml filter. Nothing written"
            )
    with vault_lock(vault.root):
        create_note(vault.root, rel, text)
    return rel, left_out


# show ----------------------------------------------------------------------------------------

FACT_LABELS = {
    "aliases": "Aliases",
    "company": "Company",
    "role": "Role",
    "location": "Location",
    "industry": "Industry",
    "email": "Email",
    "phone": "Phone",
    "linkedin": "LinkedIn",
    "website": "Website",
    "circle": "Circle",
    "stage": "Stage",
    "status": "Status",
    "tags": "Tags",
    "interests": "Interests",
    "groups": "Groups",
    "knows": "Knows",
    "introduced_by": "Introduced by",
    "birthday": "Birthday",
    "connected": "Connected",
    "snooze_until": "Snoozed until",
}
"""The facts `show` prints first, in this order, labelled as people spell them ("LinkedIn")."""

SHOWN_APART = ("name", "cadence", "last_contact", "ask", "offer")
"""Keys `show` prints beside what vaultnet works out from them (the title, the cadence and next
due date, the effective last contact, the favor balance)."""

_LINK_KEYS = ("groups", "knows", "introduced_by")
_LIST_KEYS = ("aliases", "tags", "interests", "email", "phone")


@dataclass(frozen=True)
class Fact:
    """One fact of a note as `show` prints it: the key as written, its label, its value as text."""

    key: str
    label: str
    text: str


def fact_text(key: str, value: Any) -> str:
    """A frontmatter value as one line: lists joined, links as names, dates as ISO dates."""
    from vaultnet.formats.jsonout import format_birthday
    from vaultnet.text.dates import parse_birthday
    from vaultnet.text.links import as_list, names_in_value

    if value is None or value == "" or value == []:
        return ""
    if key in _LINK_KEYS:
        return ", ".join(names_in_value(value))
    if key in _LIST_KEYS:
        return ", ".join(as_list(value))
    if key == "birthday":
        return format_birthday(parse_birthday(value)) or str(value)
    if isinstance(value, list):
        return ", ".join(t for t in (fact_text(key, v) for v in value) if t)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {fact_text(str(k), v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def note_facts(person: Person) -> list[Fact]:
    """Every fact of the person's note `show` prints as a line: the known ones first (in
    FACT_LABELS' order, the stage always: `connected` when not written), then the others in the
    note's order, labelled by their key as written. Empty values are left out."""
    fm = person.fm
    found: list[Fact] = []
    for key, label in FACT_LABELS.items():
        text = person.stage if key == "stage" else fact_text(key, fm.get(key))
        if text:
            found.append(Fact(key, label, text))
    for key, value in fm.items():
        if key in FACT_LABELS or key in SHOWN_APART:
            continue
        text = fact_text(key, value)
        if text:
            found.append(Fact(key, str(key), text))
    return found


def facts_json(person: Person) -> dict[str, Any]:
    """Every fact of the note for `show --json`: each key as written, lists as lists, dates as
    ISO dates."""

    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value

    return {str(k): plain(v) for k, v in person.fm.items() if v not in (None, "", [])}
