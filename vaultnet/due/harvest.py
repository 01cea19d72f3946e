"""Recording what the user ticked in Due.md: a dated log line (and `last_contact`) in the person's
note for a reach-out (naming the share-list item that was its reason, so it counts as shared),
the source task checked off for a follow-up. Each edit goes through
`NoteEditor`; a tick that is already recorded is recorded once, a tick that cannot be recorded is
reported (and the caller keeps a copy of the old Due.md), never dropped silently. A note saved
by someone else while its ticks were being recorded is left alone and listed, for the caller to
harvest again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from vaultnet.due.items import word_of
from vaultnet.due.note import Tick, task_hash
from vaultnet.errors import FileChangedOnDisk, VaultnetError
from vaultnet.network import contact
from vaultnet.network.shares import SHARE_NOTE, ShareItem, read_share_list, shared_with
from vaultnet.notes.parse import Task, parse_note
from vaultnet.text.links import fold, links_in

if TYPE_CHECKING:
    from vaultnet.due.note import OldDueNote
    from vaultnet.network.model import Person
    from vaultnet.network.vault import Vault
    from vaultnet.notes.editor import NoteEditor

LOG_KIND = "message"
LOG_TEXT = {
    "reconnect": "reconnected (due list)",
    "cadence": "reached out (due list)",
    "birthday": "birthday wishes (due list)",
    "want": "reached out to meet (due list)",
    "pending": "followed up (due list)",
    "date": "{label} wishes (due list)",  # an anniversary or another date of [dates] keys
}
MOVES_LAST_CONTACT = ("reconnect", "cadence", "birthday", "date")
SHARED = "shared: {title} #give"
"""What a ticked reach-out whose reason was an item of the share list adds to its log line: the
item's words, as `log --give -m "shared: ..."` writes them, so it is not offered to them again."""
SECTION_OF = {
    "fu": "follow-up",
    "reconnect": "reconnect",
    "cadence": "due by cadence",
    "want": "pipeline",
    "pending": "pipeline",
    "birthday": "birthday",
    "date": "date",
    "group": "groups and events",
    "favor": "favor balance",
}


@dataclass
class HarvestReport:
    """What harvesting did. `not_recorded` ticks make the caller keep the old Due.md."""

    recorded: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    nothing_to_record: list[str] = field(default_factory=list)
    not_recorded: list[str] = field(default_factory=list)
    changed_paths: list[str] = field(default_factory=list)
    # Notes saved by someone else while their ticks were being recorded: nothing was written to
    # them, and harvesting again (the ticks are still in Due.md) records their ticks.
    changed_meanwhile: list[str] = field(default_factory=list)


@dataclass
class _Edit:
    tick: Tick
    day: date
    person: Person | None = None  # reach-outs
    share: ShareItem | None = None  # the share-list item that was the reach-out's reason
    contact: bool = True  # False: the contact is on record already, the share is not
    task_hash: str = ""  # follow-ups
    task_line: int = 0
    task_due: str | None = None
    group: str = ""  # a group's attendance: its name


GROUP_LOG = ("event", "attended (due list)")
"""The log line a ticked group records in the group's note."""


def harvest(vault: Vault, old: OldDueNote, due_name: str = "Due.md") -> HarvestReport:
    """Record the ticks of `old` in the vault's notes. Call it holding `vault_lock`."""
    report = HarvestReport()
    today = vault.today
    made_on = min(old.made_on or today, today)
    edits: dict[str, list[_Edit]] = defaultdict(list)
    seen: set[str] = set()
    shares = read_share_list(vault.root, retired=True) if any(t.share for t in old.ticks) else []
    for tick in old.ticks:
        if tick.text.strip() in seen:
            continue  # the same ticked line twice (pasted, merged) is one tick
        seen.add(tick.text.strip())
        where = f"{due_name}:{tick.line}"
        day = tick.ticked_on if tick.ticked_on and made_on <= tick.ticked_on <= today else today
        if tick.kind == "fu":
            path, line, digest = _follow_up_target(vault, tick)
            ref = tick.follow_up
            if path is None:
                looked = f"{ref.path}:{ref.line}" if ref else tick.args.rsplit(" ", 1)[0]
                report.not_recorded.append(
                    f"{where}: ticked follow-up, but its task is no longer in the vault "
                    f"(looked in {looked or 'the linked notes'}); not recorded"
                )
                continue
            due = ref.due if ref else None
            edits[path].append(_Edit(tick, day, task_hash=digest, task_line=line, task_due=due))
            continue
        if tick.kind == "group":
            group = vault.group_by_link(tick.link) if tick.link else None
            if group is None:
                who = f"[[{tick.link}]]" if tick.link else "an item without a [[link]]"
                report.not_recorded.append(
                    f"{where}: {who} is ticked (groups and events), but no group note by that "
                    "name exists now; not recorded"
                )
            elif (group.last_attended or date.min) >= made_on:
                report.already.append(f"{group.name}: attendance already recorded")
            else:
                edits[group.path].append(_Edit(tick, day, group=group.name))
            continue
        person = vault.person_by_link(tick.link) if tick.link else None
        if person is None:
            who = f"[[{tick.link}]]" if tick.link else "an item without a [[link]]"
            report.not_recorded.append(
                f"{where}: {who} is ticked ({SECTION_OF[tick.kind]}), but no person note "
                "by that name exists now; not recorded"
            )
            continue
        if tick.kind == "favor":
            report.nothing_to_record.append(
                f"{where}: {person.name} (favor balance) is ticked; nothing to record: log what "
                f'you gave with `vaultnet log "{person.name}" --give -m ...`'
            )
            continue
        share = next((i for i in shares if task_hash(i.title) == tick.share), None)
        if tick.share and share is None:
            report.nothing_to_record.append(
                f"{where}: {person.name}: the item to share is no longer in {SHARE_NOTE} as "
                "the list showed it; not recorded as shared"
            )
        if share is not None and shared_with(person, share):
            share = None  # logged by hand as shared already: one give, not two
        if _already(person, tick, made_on, today):
            if share is not None:
                edits[person.path].append(_Edit(tick, day, person, share, contact=False))
                continue
            report.already.append(f"{person.name}: {SECTION_OF[tick.kind]} already recorded")
            continue
        edits[person.path].append(_Edit(tick, day, person, share))
    for path in sorted(edits):
        _apply(vault, path, edits[path], due_name, report)
    return report


def _log_text(tick: Tick) -> str:
    """The log line a tick records: `anniversary wishes (due list)` for a `date` tick."""
    return LOG_TEXT[tick.kind].format(label=tick.args.replace("_", " ") or "date")


def _already(person: Person, tick: Tick, made_on: date, today: date) -> bool:
    """Whether this tick is on record (harvested by an earlier run, or logged by hand): a
    contact dated on or after the day the list was made; for a birthday, a history line from
    then on that mentions the birthday (an anniversary: "anniversary"), the rule the due list
    uses to show it as wished."""
    if tick.kind == "want":
        return person.stage != "want"
    if tick.kind in ("birthday", "date"):
        word = word_of(tick.args) if tick.kind == "date" else "birthday"
        return contact.birthday_wished(person, made_on, today, word) is not None
    return contact.contacted_since(person, made_on, today) is not None


def _follow_up_target(vault: Vault, tick: Tick) -> tuple[str | None, int, str]:
    """(path, line, task hash) of the note holding a ticked follow-up's task: the marker's path,
    else a note the item links to (Obsidian updates links when a note is renamed)."""
    ref = tick.follow_up
    if ref is None:
        return None, 0, ""
    path, line, digest = ref.path, ref.line, ref.digest
    candidates = [path]
    stems: dict[str, str] | None = None
    for target in links_in(tick.text.split("<!--", 1)[0]):
        person = vault.person_by_link(target)
        if person is not None:
            candidates.append(person.path)
            continue
        if stems is None:
            stems = {fold(n.stem): p for p, n in sorted(vault.notes.items(), reverse=True)}
        if fold(target) in stems:
            candidates.append(stems[fold(target)])
    for candidate in candidates:
        note = vault.notes.get(candidate)
        if note is not None and any(task_hash(t.text) == digest for t in note.tasks):
            return candidate, line if candidate == path else 0, digest
    return None, 0, digest


def _find_task(
    tasks: list[Task], digest: str, line: int, due: str | None, claimed: set[int]
) -> Task | None:
    """The task a follow-up tick stands for, done or not: among the tasks with its text (and its
    due date, unless that was changed since), the one on the marker's line, else the nearest.
    A done one is never passed over for an open twin: that tick is already recorded. `claimed`
    are the lines other ticks of this harvest already took (identical tasks, each ticked)."""
    same = [t for t in tasks if task_hash(t.text) == digest and t.line not in claimed]
    dated = [t for t in same if due is not None and t.due == due]
    same = dated or same
    if not same:
        return None
    return min(same, key=lambda t: (abs(t.line - line) if line else 0, t.line))


def _apply(
    vault: Vault, path: str, edits: list[_Edit], due_name: str, report: HarvestReport
) -> None:
    from vaultnet.notes.editor import NoteEditor

    try:
        editor = NoteEditor.open(vault.root, path)
    except VaultnetError as exc:
        for edit in edits:
            report.not_recorded.append(f"{due_name}:{edit.tick.line}: not recorded: {exc}")
        return
    done: list[str] = []
    claimed: set[int] = set()
    # Follow-ups first: checking a task off rewrites one line in place, a log line shifts lines.
    for edit in sorted(edits, key=lambda e: e.tick.kind != "fu"):
        if edit.group:
            editor.add_log(edit.day, *GROUP_LOG)
            done.append(f"{edit.group}: {GROUP_LOG[1]} on {edit.day.isoformat()}")
            continue
        if edit.person is None:
            outcome, task = _check_off(editor, edit, claimed)
            if outcome is CheckOff.ALREADY:
                report.already.append(f"{path}: follow-up already checked off")
            elif outcome is CheckOff.MISSING:
                report.not_recorded.append(
                    f"{due_name}:{edit.tick.line}: ticked follow-up, but its task is no longer "
                    f"in {editor.rel}; not recorded"
                )
            else:
                assert task is not None
                done.append(f"checked off in {editor.rel}: {task.text}")
            continue
        kind = edit.tick.kind
        shared = SHARED.format(title=edit.share.title) if edit.share is not None else ""
        if not edit.contact:  # logged by hand already: the item is all there is to add
            editor.add_log(edit.day, LOG_KIND, shared)
            done.append(f"{edit.person.name}: {shared} on {edit.day.isoformat()}")
            continue
        text = f"{_log_text(edit.tick)}; {shared}" if shared else _log_text(edit.tick)
        editor.add_log(edit.day, LOG_KIND, text)
        if kind in MOVES_LAST_CONTACT:
            editor.move_last_contact(edit.day, vault.today)
        if kind == "want":
            editor.set_key("stage", "pending")
        done.append(f"{edit.person.name}: {text} on {edit.day.isoformat()}")
    try:
        saved = editor.save()
    except FileChangedOnDisk:
        report.changed_meanwhile.append(path)
        return
    except VaultnetError as exc:
        for edit in edits:
            report.not_recorded.append(f"{due_name}:{edit.tick.line}: not recorded: {exc}")
        return
    report.recorded.extend(done)
    if saved:
        report.changed_paths.append(path)


class CheckOff(Enum):
    """What checking off a ticked follow-up's task did."""

    CHECKED = "checked"
    ALREADY = "already done"
    MISSING = "no such task"


def _check_off(editor: NoteEditor, edit: _Edit, claimed: set[int]) -> tuple[CheckOff, Task | None]:
    """Check off the follow-up's task in the note as it is now, with the task it found."""
    tasks = parse_note(editor.rel, editor.text).tasks
    task = _find_task(tasks, edit.task_hash, edit.task_line, edit.task_due, claimed)
    if task is None:
        return CheckOff.MISSING, None
    claimed.add(task.line)
    if task.done:
        return CheckOff.ALREADY, task
    editor.check_task(task.line - 1, edit.day)
    return CheckOff.CHECKED, task
