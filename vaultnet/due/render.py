"""The due list as text: Due.md rendered from a `DueList` through the `due` template, and its
JSON form. The file's own format (markers, ticks, the stamp) is `vaultnet.due.note`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from vaultnet.due.items import (
    DateItem,
    DueList,
    FavorFlag,
    FollowUp,
    GroupDue,
    ReachOut,
    Reason,
    ReconnectPick,
    Waiting,
    WantToMeet,
)
from vaultnet.due.note import FollowUpRef
from vaultnet.text.dates import format_days
from vaultnet.text.wording import coming_day, due_from_today, plural

T = TypeVar("T")

TEMPLATE = "due"
MAX_SHOWN = 25
"""Items shown per section at most (a line says how many more); `--json` has them all."""
MAX_INTRODUCERS = 3

SECTIONS = (
    ("follow_ups", "Follow-ups"),
    ("reconnect", "Reconnect this week"),
    ("cadence", "Due by cadence"),
    ("groups", "Groups and events"),
    ("pipeline", "Pipeline"),
    ("dates", "Birthdays and dates"),
    ("favor", "Favor balance"),
    ("this_week", "This week"),
)


# Building the lines ---------------------------------------------------------------------------


def _reason(reason: Reason | None) -> str:
    if reason is None:
        return "Nothing on file yet: say hello and ask what they are working on"
    if reason.kind == "follow_up":
        assert reason.due is not None
        return f"Follow-up due {reason.due.isoformat()}: {reason.text}"
    if reason.kind == "detail":
        return f"Remember: {reason.text}"
    if reason.kind == "share":
        return f"Something to share: {reason.text}"
    if reason.kind == "offer":
        return f"Offer: {reason.text}"
    return f"Last time, {reason.text}"


class _Lines:
    """Turns a DueList into item lines: links with display names, markers on or off."""

    def __init__(self, due: DueList, markers: bool) -> None:
        self.due = due
        self.today = due.today
        self.markers = markers

    def link(self, name: str) -> str:
        shown = self.due.display_names.get(name)
        return f"[[{name}|{shown}]]" if shown else f"[[{name}]]"

    def item(self, links: str, text: str, marker: str, done: bool = False) -> dict[str, Any]:
        marker_text = f"<!-- vn:{marker} -->" if marker and self.markers else ""
        line = f"- [{'x' if done else ' '}] {links}: {text}"
        if marker_text:
            line += f" {marker_text}"
        return {"line": line, "done": done, "link": links, "text": text, "marker": marker_text}

    def follow_up(self, task: FollowUp) -> dict[str, Any]:
        links = ", ".join(self.link(n) for n in task.people)
        if task.source is not None:
            source = f"[[{task.source}]]"
            links = links or source
        else:
            source = ""
        if task.due is None:
            when = f"the due date {task.bad_date} is impossible: fix it in {task.path}:{task.line}"
        else:
            when = f"due {due_from_today(task.due, self.today)}"
        if source and links != source:
            when += f"; from {source}"
        marker = f"fu {FollowUpRef.of(task.path, task.line, task.text, task.due).marker}"
        item = self.item(links, f"{task.text} ({when})", marker)
        item["people"] = list(task.people)
        return item

    def reconnect(self, pick: ReconnectPick) -> dict[str, Any]:
        if pick.contacted_on is not None:
            # Done: no marker, so harvesting never records it a second time.
            text = f"reconnected {pick.contacted_on.isoformat()}"
            item = self.item(self.link(pick.name), text, "", done=True)
        else:
            if pick.last_contact is None:
                head = "no contact on record"
            else:
                days = (self.today - pick.last_contact).days
                head = f"no contact for {days} days (last {pick.last_contact.isoformat()})"
            item = self.item(self.link(pick.name), f"{head}. {_reason(pick.reason)}", "reconnect")
        item["people"] = [pick.name]
        return item

    def group(self, group: GroupDue) -> dict[str, Any]:
        cadence = format_days(group.cadence_days)
        if group.last_attended is None:
            head = f"no attendance on record (cadence {cadence})"
        else:
            days = (self.today - group.last_attended).days
            head = f"last attended {group.last_attended.isoformat()}, {days} days ago (cadence {cadence})"
        if group.members:
            head += f"; {plural(group.members, 'member')}"
        item = self.item(f"[[{group.name}]]", head, "group")
        item["people"] = []
        return item

    def cadence(self, reach: ReachOut) -> dict[str, Any]:
        cadence = format_days(reach.cadence_days)
        if reach.last_contact is None:
            head = f"no contact on record (cadence {cadence})"
        else:
            days = (self.today - reach.last_contact).days
            head = f"{days} days since last contact (cadence {cadence})"
        item = self.item(self.link(reach.name), f"{head}. {_reason(reach.reason)}", "cadence")
        item["people"] = [reach.name]
        return item

    def want(self, want: WantToMeet) -> dict[str, Any]:
        if want.introducers:
            shown = [f"{self.link(i.name)} ({i.via})" for i in want.introducers[:MAX_INTRODUCERS]]
            more = len(want.introducers) - MAX_INTRODUCERS
            if more > 0:
                shown.append(f"{plural(more, 'other')}")
            text = f"want to meet. Ask for an intro: {', '.join(shown)}"
        else:
            text = "want to meet. No warm path yet: no shared company, group or link"
        item = self.item(self.link(want.name), text, "want")
        item["people"] = [want.name]
        return item

    def waiting(self, wait: Waiting) -> dict[str, Any]:
        if wait.last_outreach is None or wait.days_waiting is None:
            text = "pending, but no outreach on record: log it when you reach out"
        else:
            text = (
                f"no reply {wait.days_waiting} days after you reached out "
                f"({wait.last_outreach.isoformat()}): nudge them"
            )
        item = self.item(self.link(wait.name), text, "pending")
        item["people"] = [wait.name]
        return item

    def birthday(self, day: DateItem) -> dict[str, Any]:
        label = day.kind.replace("_", " ")
        text = f"{label} {coming_day(day.on, self.today)}"
        if day.age is not None:
            text += f" (turns {day.age})" if day.kind == "birthday" else f" ({day.age} years)"
        if day.done_on is not None:
            item = self.item(
                self.link(day.name), f"{text}; wished {day.done_on.isoformat()}", "", done=True
            )
        else:
            marker = "birthday" if day.kind == "birthday" else f"date {day.kind}"
            item = self.item(self.link(day.name), text, marker)
        item["people"] = [day.name]
        return item

    def favor(self, flag: FavorFlag) -> dict[str, Any]:
        if flag.asks_without_gives:
            text = f"asked {plural(flag.asks, 'time')}, gave nothing yet"
            if flag.offer:
                text += f". Give first: {flag.offer}"
            else:
                text += ", and no offer on file: work out what you can give them"
        else:
            text = f"an ask ({flag.ask}) but no offer: work out what you can give them first"
        item = self.item(self.link(flag.name), text, "favor")
        item["people"] = [flag.name]
        return item


def _section(
    key: str, items: list[dict[str, Any]], notes: list[str], more: str = ""
) -> dict[str, Any]:
    title = dict(SECTIONS)[key]
    lines = [*notes, *(i["line"] for i in items)]
    if more:
        lines.append(more)
    return {
        "key": key,
        "title": title,
        "notes": notes,
        "items": items,
        "more": more,
        "lines": lines,
    }


def _capped(
    facts: Sequence[T], make: Callable[[T], dict[str, Any]], hint: str = ""
) -> tuple[list[dict[str, Any]], str]:
    """The first MAX_SHOWN items (only those are rendered), and the "...and N more" line."""
    items = [make(fact) for fact in facts[:MAX_SHOWN]]
    more = f"- …and {len(facts) - MAX_SHOWN} more{hint}" if len(facts) > MAX_SHOWN else ""
    return items, more


def due_sections(due: DueList, markers: bool = True) -> list[dict[str, Any]]:
    """The non-empty sections, in order, as plain data for the template."""
    make = _Lines(due, markers)
    sections = []
    if due.follow_ups:
        items, more = _capped(due.follow_ups, make.follow_up)
        sections.append(_section("follow_ups", items, [], more))
    if due.reconnect.picks:
        progress = f"Reconnected this week: {due.reconnect.reconnected}/{len(due.reconnect.picks)}."
        items = [make.reconnect(p) for p in due.reconnect.picks]
        sections.append(_section("reconnect", items, [progress, ""]))
    if due.due_by_cadence:
        items, more = _capped(due.due_by_cadence, make.cadence, " (`vaultnet list --due`)")
        sections.append(_section("cadence", items, [], more))
    if due.groups:
        items, more = _capped(due.groups, make.group)
        sections.append(_section("groups", items, [], more))
    pipeline: list[Callable[[], dict[str, Any]]] = [
        *(partial(make.want, w) for w in due.want_to_meet),
        *(partial(make.waiting, w) for w in due.waiting),
    ]
    if pipeline:
        items, more = _capped(pipeline, lambda item: item())
        sections.append(_section("pipeline", items, [], more))
    if due.dates:
        items, more = _capped(due.dates, make.birthday)
        sections.append(_section("dates", items, [], more))
    if due.favor:
        items, more = _capped(due.favor, make.favor)
        sections.append(_section("favor", items, [], more))
    if due.this_week is not None:
        sections.append(_section("this_week", [], _week_lines(due, make)))
    return sections


def _week_lines(due: DueList, make: _Lines) -> list[str]:
    week = due.this_week
    assert week is not None
    touched = ", ".join(make.link(n) for n in week.touched[:10])
    if len(week.touched) > 10:
        touched += f" and {len(week.touched) - 10} more"
    lines = [
        f"- Touches since Monday {week.monday.isoformat()}: {len(week.touched)} of "
        f"{week.touches_goal}{': ' + touched if touched else ''}",
        f"- Reconnected: {week.reconnected} of {week.reconnect_target}",
        f"- Favors: gave {week.gives}, asked {week.asks}",
        f"- Follow-ups: {week.open_follow_ups} open, {week.overdue_follow_ups} overdue",
        f"- Core circle: {week.core} of {week.core_goal}",
    ]
    if week.errors or week.warnings:
        lines.append(
            f"- Vault: {plural(week.errors, 'error')}, {plural(week.warnings, 'warning')}: "
            "run `vaultnet check`"
        )
    return lines


# Rendering -------------------------------------------------------------------------------------


def render_due(
    due: DueList, root: Path | None = None, templates_folder: str = "", markers: bool = True
) -> str:
    """Due.md's generated text (without the stamp and the kept notes) through the `due`
    template: the vault's `<templates>/due.md.j2` if there is one, else the packaged one."""
    from vaultnet.templating.environment import Templates

    context = {
        "today": due.today.isoformat(),
        "week": due.week,
        "sections": due_sections(due, markers),
        "due": due_json(due),
    }
    templates = Templates(root, templates_folder) if root is not None else Templates()
    return templates.render(TEMPLATE, context).rstrip() + "\n"


# JSON ------------------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _reason_json(reason: Reason | None) -> dict[str, Any] | None:
    if reason is None:
        return None
    return {"kind": reason.kind, "text": reason.text, "due": _iso(reason.due)}


def due_json(due: DueList) -> dict[str, Any]:
    """Every fact of the due list as plain JSON data (the shape is documented in the README)."""
    today = due.today
    week = due.this_week
    return {
        "today": today.isoformat(),
        "week": due.week,
        "follow_ups": [
            {
                "text": t.text,
                "due": _iso(t.due),
                "days_overdue": (today - t.due).days if t.due else None,
                "bad_date": t.bad_date,
                "people": list(t.people),
                "path": t.path,
                "line": t.line,
                "source": t.source,
            }
            for t in due.follow_ups
        ],
        "reconnect": {
            "target": due.reconnect.target,
            "done": due.reconnect.done,
            "candidates": due.reconnect.candidates,
            "picks": [
                {
                    "name": p.name,
                    "path": p.path,
                    "tier": p.tier,
                    "last_contact": _iso(p.last_contact),
                    "contacted_on": _iso(p.contacted_on),
                    "reason": _reason_json(p.reason),
                }
                for p in due.reconnect.picks
            ],
        },
        "due_by_cadence": [
            {
                "name": r.name,
                "path": r.path,
                "last_contact": _iso(r.last_contact),
                "days_since": (today - r.last_contact).days if r.last_contact else None,
                "cadence_days": r.cadence_days,
                "reason": _reason_json(r.reason),
            }
            for r in due.due_by_cadence
        ],
        "groups": [
            {
                "name": g.name,
                "path": g.path,
                "last_attended": _iso(g.last_attended),
                "days_since": (today - g.last_attended).days if g.last_attended else None,
                "cadence_days": g.cadence_days,
                "members": g.members,
            }
            for g in due.groups
        ],
        "pipeline": {
            "want": [
                {
                    "name": w.name,
                    "path": w.path,
                    "ask": w.ask or None,
                    "introducers": [{"name": i.name, "via": i.via} for i in w.introducers],
                }
                for w in due.want_to_meet
            ],
            "pending": [
                {
                    "name": w.name,
                    "path": w.path,
                    "last_outreach": _iso(w.last_outreach),
                    "days_waiting": w.days_waiting,
                }
                for w in due.waiting
            ],
        },
        "dates": [
            {
                "name": d.name,
                "path": d.path,
                "kind": d.kind,
                "date": d.on.isoformat(),
                "days_until": (d.on - today).days,
                "age": d.age,
                "done_on": _iso(d.done_on),
            }
            for d in due.dates
        ],
        "favor_balance": [
            {
                "name": f.name,
                "path": f.path,
                "asks": f.asks,
                "gives": f.gives,
                "ask": f.ask or None,
                "offer": f.offer or None,
                "flag": "asks_without_gives" if f.asks_without_gives else "ask_without_offer",
            }
            for f in due.favor
        ],
        "this_week": None
        if week is None
        else {
            "monday": week.monday.isoformat(),
            "touched": list(week.touched),
            "touches_goal": week.touches_goal,
            "reconnected": week.reconnected,
            "reconnect_target": week.reconnect_target,
            "gives": week.gives,
            "asks": week.asks,
            "core": week.core,
            "core_goal": week.core_goal,
            "open_follow_ups": week.open_follow_ups,
            "overdue_follow_ups": week.overdue_follow_ups,
            "errors": week.errors,
            "warnings": week.warnings,
        },
    }
