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
