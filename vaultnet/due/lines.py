"""The due list's item lines: each item is a task line that starts with the link of whom it is
about, says who they are where that helps, what is due, and ends with its marker."""

from __future__ import annotations

import shlex
from typing import Any

from vaultnet.due.items import (
    DateItem,
    DueList,
    FavorFlag,
    FollowUp,
    GroupDue,
    ReachOut,
    Reason,
    ReconnectPick,
    StartHere,
    Waiting,
    WantToMeet,
    Who,
)
from vaultnet.due.note import FollowUpRef, share_args
from vaultnet.text.dates import format_days
from vaultnet.text.wording import coming_day, due_from_today, plural

MAX_INTRODUCERS = 3
MAX_ROLE = 60
"""Characters of a role shown in an item (LinkedIn headlines run long)."""


def reach_out_marker(kind: str, reason: Reason | None) -> str:
    """`reconnect`, or `reconnect share 1a2b3c4d` when the reason is a share-list item."""
    return f"{kind} {share_args(reason.text)}" if reason and reason.kind == "share" else kind


def reason_text(reason: Reason | None) -> str:
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


class ItemLines:
    """Turns a DueList's facts into item lines: links with display names, markers on or off."""

    def __init__(self, due: DueList, markers: bool) -> None:
        self.due = due
        self.today = due.today
        self.markers = markers

    def link(self, name: str) -> str:
        shown = self.due.display_names.get(name)
        return f"[[{name}|{shown}]]" if shown else f"[[{name}]]"

    def who(self, who: Who) -> str:
        """`VP Engineering at Acme Robotics; introduced by [[Bob Smith]]; connected 2019`."""
        role = who.role if len(who.role) <= MAX_ROLE else who.role[: MAX_ROLE - 1].rstrip() + "…"
        work = " at ".join(x for x in (role, who.company) if x)
        parts = [work] if work else []
        if who.introduced_by:
            parts.append(f"introduced by {', '.join(map(self.link, who.introduced_by))}")
        if who.connected is not None:
            parts.append(f"connected {who.connected.year}")
        return "; ".join(parts)

    def item(
        self,
        links: str,
        text: str,
        marker: str,
        *,
        people: tuple[str, ...] | list[str] = (),
        who: Who | None = None,
        done: bool = False,
    ) -> dict[str, Any]:
        """The one shape of every item: `- [ ] LINKS: TEXT <!-- vn:MARKER -->`. The text may
        hold `{who}`: who they are (with its full stop), or nothing when that is not known."""
        marker_text = f"<!-- vn:{marker} -->" if marker and self.markers else ""
        who_text = self.who(who) if who is not None else ""
        text = text.replace("{who}", f"{who_text}. " if who_text else "")
        line = f"- [{'x' if done else ' '}] {links}: {text}"
        if marker_text:
            line += f" {marker_text}"
        return {
            "line": line,
            "done": done,
            "link": links,
            "who": who_text,
            "text": text,
            "marker": marker_text,
            "people": list(people),
        }

    def person(
        self, name: str, text: str, marker: str, who: Who | None = None, done: bool = False
    ) -> dict[str, Any]:
        """An item about one person."""
        return self.item(self.link(name), text, marker, people=(name,), who=who, done=done)

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
        return self.item(links, f"{task.text} ({when})", marker, people=task.people)

    def reconnect(self, pick: ReconnectPick) -> dict[str, Any]:
        if pick.contacted_on is not None:
            # Done: no marker, so harvesting never records it a second time.
            text = f"reconnected {pick.contacted_on.isoformat()}"
            return self.person(pick.name, text, "", done=True)
        if pick.last_contact is None:
            head = "no contact on record"
        else:
            days = (self.today - pick.last_contact).days
            head = f"no contact for {days} days (last {pick.last_contact.isoformat()})"
        text = f"{head}. {{who}}{reason_text(pick.reason)}"
        return self.person(pick.name, text, reach_out_marker("reconnect", pick.reason), pick.who)

    def group(self, group: GroupDue) -> dict[str, Any]:
        cadence = format_days(group.cadence_days)
        if group.last_attended is None:
            head = f"no attendance on record (cadence {cadence})"
        else:
            days = (self.today - group.last_attended).days
            head = f"last attended {group.last_attended.isoformat()}, {days} days ago (cadence {cadence})"
        if group.members:
            head += f"; {plural(group.members, 'member')}"
        return self.item(f"[[{group.name}]]", head, "group")

    def cadence(self, reach: ReachOut) -> dict[str, Any]:
        cadence = format_days(reach.cadence_days)
        if reach.last_contact is None:
            head = f"no contact on record (cadence {cadence})"
        else:
            days = (self.today - reach.last_contact).days
            head = f"{days} days since last contact (cadence {cadence})"
        text = f"{head}. {{who}}{reason_text(reach.reason)}"
        return self.person(reach.name, text, reach_out_marker("cadence", reach.reason), reach.who)

    def want(self, want: WantToMeet) -> dict[str, Any]:
        if want.introducers:
            shown = [f"{self.link(i.name)} ({i.via})" for i in want.introducers[:MAX_INTRODUCERS]]
            more = len(want.introducers) - MAX_INTRODUCERS
            if more > 0:
                shown.append(f"{plural(more, 'other')}")
            text = f"want to meet. Ask for an intro: {', '.join(shown)}"
        else:
            text = "want to meet. No warm path yet: no shared company, group or link"
        return self.person(want.name, text, "want")

    def waiting(self, wait: Waiting) -> dict[str, Any]:
        if wait.last_outreach is None or wait.days_waiting is None:
            text = "pending, but no outreach on record: log it when you reach out"
        else:
            text = (
                f"no reply {wait.days_waiting} days after you reached out "
                f"({wait.last_outreach.isoformat()}): nudge them"
            )
        return self.person(wait.name, text, "pending")

    def birthday(self, day: DateItem) -> dict[str, Any]:
        label = day.kind.replace("_", " ")
        text = f"{label} {coming_day(day.on, self.today)}"
        if day.age is not None:
            text += f" (turns {day.age})" if day.kind == "birthday" else f" ({day.age} years)"
        if day.done_on is not None:
            return self.person(day.name, f"{text}; wished {day.done_on.isoformat()}", "", done=True)
        marker = "birthday" if day.kind == "birthday" else f"date {day.kind}"
        return self.person(day.name, text, marker)

    def favor(self, flag: FavorFlag) -> dict[str, Any]:
        if flag.asks_without_gives:
            text = f"asked {plural(flag.asks, 'time')}, gave nothing yet"
            if flag.offer:
                text += f". Give first: {flag.offer}"
            else:
                text += ", and no offer on file: work out what you can give them"
        else:
            text = f"an ask ({flag.ask}) but no offer: work out what you can give them first"
        return self.person(flag.name, text, "favor")

    def start_here(self, start: StartHere) -> list[str]:
        """The lines of "Start here": where the vault stands and the next command."""
        lines = [
            f"- {plural(start.people, 'person', 'people')}, {start.decided} decided, "
            "no core circle yet.",
            "- Next: `vaultnet triage` walks you through them one key each, the most promising "
            "first.",
        ]
        name = shlex.quote(start.suggestions[0]) if start.suggestions else "NAME"
        lines.append(
            f"- Or mark your first core people yourself: `vaultnet set {name} circle=core`."
        )
        if start.suggestions:
            lines.append(f"- To look at first: {', '.join(map(self.link, start.suggestions))}.")
        return lines

    def first_contacts_queued(self) -> str:
        """`- …and 93 more first contacts queued, 5 a day`, or ""."""
        queued = self.due.first_contacts_queued
        if not queued:
            return ""
        what = plural(queued, "more first contact", "more first contacts")
        return f"- …and {what} queued, {self.due.first_contacts_per_day} a day"
