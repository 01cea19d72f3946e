"""What `vaultnet add` and `vaultnet log` do to a vault: a new person note from the `person`
template, a log line (and follow-up) in each person's note, or one interaction note for several.
Every write goes through `vaultnet.notes.editor`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultnet.errors import RefusedEdit, TemplateProblem, UsageError
from vaultnet.fs.lock import vault_lock
from vaultnet.fs.paths import check_file_name
from vaultnet.notes.create import create_note, create_numbered_note
from vaultnet.notes.editor import NoteEditor, save_all
from vaultnet.notes.parse import parse_note
from vaultnet.text.links import fold

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

DEFAULT_KIND = "note"
"""The kind of a log line when `--kind` is not given."""
DEFAULT_NOTE_KIND = "meeting"
"""The `type` of an interaction note (`log --note`) when `--kind` is not given."""
FOLLOW_UP_DAYS = 7
"""A follow-up without `--on` is due this many days after today."""
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


# log ---------------------------------------------------------------------------------------------


@dataclass
class LogRequest:
    """One interaction to record: `- day kind: text`, with an optional follow-up."""

    day: date
    text: str
    kind: str = DEFAULT_KIND
    give: bool = False
    ask: bool = False
    follow_up: str | None = None
    follow_up_on: date | None = None

    def line_text(self) -> str:
        text = " ".join(self.text.split())
        present = {w.lower() for w in text.split()}
        for flag, tag in ((self.give, "#give"), (self.ask, "#ask")):
            if flag and tag not in present:
                text = f"{text} {tag}".strip()
        return text


@dataclass
class Logged:
    """What `log` did to one note."""

    person: Person
    path: str
    logged: bool
    moved_last_contact: bool
    follow_up: bool


def check_kind(kind: str) -> str:
    kind = kind.strip().lower()
    if not kind or any(c.isspace() or c in ":[]#" for c in kind):
        raise UsageError(f"--kind must be one word like coffee, call or email, not {kind!r}")
    return kind


def log_interaction(vault: Vault, people: list[Person], request: LogRequest) -> list[Logged]:
    """Add the log line (and follow-up) to each person's note and move `last_contact` forward
    (not for a date in the future: that is a plan, not a contact). Every note is read under the
    vault lock, and all of them are checked before any is written: a note that cannot be edited
    stops the command before anything changes."""
    kind = check_kind(request.kind)
    text = request.line_text()
    if not text:
        raise UsageError("the log text (-m) is empty")
    with vault_lock(vault.root):
        editors = [(p, NoteEditor.open(vault.root, p.path)) for p in people]
        results = []
        for person, editor in editors:
            logged = editor.add_log(request.day, kind, text)
            moved = request.day <= vault.today and editor.move_last_contact(
                request.day, vault.today
            )
            follow = bool(request.follow_up) and editor.add_follow_up(
                request.follow_up or "", request.follow_up_on or default_follow_up_day(vault.today)
            )
            results.append(Logged(person, person.path, logged, moved, follow))
        save_all([editor for _, editor in editors])
    return results


def _joined(names: list[str]) -> str:
    if len(names) > 3:
        return f"{', '.join(names[:2])} and {len(names) - 2} others"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def write_interaction_note(vault: Vault, people: list[Person], request: LogRequest) -> str:
    """One interaction note for a meeting with several people (`log --note`): `date`, `type` and
    `with` frontmatter, the text as a log line, the follow-up as a task. Returns its path; a name
    already taken gets ` 2`, ` 3`... rather than overwriting anything."""
    from vaultnet.templating.environment import yaml_value

    kind = check_kind(request.kind)
    text = request.line_text()
    names = [p.name for p in people]
    title = f"{kind.capitalize()} with {_joined(names)}"
    lines = [
        "---",
        f"date: {request.day.isoformat()}",
        f"type: {yaml_value(kind)}",
        f"with: {yaml_value([f'[[{n}]]' for n in names])}",  # names are safe: no quotes
        "---",
        f"# {title}",
        "",
        "## Log",
        f"- {request.day.isoformat()} {kind}: {text}".rstrip(),
    ]
    if request.follow_up:
        due = (request.follow_up_on or default_follow_up_day(vault.today)).isoformat()
        lines += ["", "## Follow-ups", f"- [ ] {' '.join(request.follow_up.split())} 📅 {due}"]
    body = "\n".join(lines) + "\n"
    stem = f"{request.day.isoformat()} {title}"
    return create_numbered_note(vault.root, vault.config.interactions_folder, stem, body)


def default_follow_up_day(today: date) -> date:
    return today + timedelta(days=FOLLOW_UP_DAYS)
