"""What `vaultnet log` does to a vault: a log line (and follow-up) in each person's note, or one
interaction note for several. Every write goes through `vaultnet.notes.editor`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from vaultnet.due.week import week_before_writes
from vaultnet.errors import UsageError
from vaultnet.fs.lock import vault_lock
from vaultnet.notes.create import create_numbered_note
from vaultnet.notes.editor import NoteEditor, save_all
from vaultnet.notes.syntax import log_kind

if TYPE_CHECKING:
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault

DEFAULT_KIND = "note"
"""The kind of a log line when `--kind` is not given."""
DEFAULT_NOTE_KIND = "meeting"
"""The `type` of an interaction note (`log --note`) when `--kind` is not given."""
FOLLOW_UP_DAYS = 7
"""A follow-up without `--on` is due this many days after today."""


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
    checked = log_kind(kind)
    if checked is None:
        shown = kind.strip().lower()
        raise UsageError(f"--kind must be one word like coffee, call or email, not {shown!r}")
    return checked


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
        if vault.narrowed and not week_started(vault.root, vault.today):
            from vaultnet.network.vault import Vault

            vault = Vault.open(vault.root, vault.today)  # the week's first look needs everyone
        week_before_writes(vault)  # who was dormant on Monday, decided before this contact
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


def week_started(root: Path, today: date) -> bool:
    """Whether the reconnect state of `today`'s week is kept already (else the first look at
    the week decides who was dormant on Monday, from everyone)."""
    from vaultnet.due.week import load_week
    from vaultnet.text.dates import iso_week

    state = load_week(root)
    return state is not None and state.week == iso_week(today)


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
    from vaultnet.notes.yamlio import yaml_value

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
