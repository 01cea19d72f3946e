"""The due list as JSON data (`digest --json`, and the `due` template's `due`): every fact,
in the shape the README documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from vaultnet.due.items import DueList, Reason, Who


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _reason_json(reason: Reason | None) -> dict[str, Any] | None:
    if reason is None:
        return None
    return {"kind": reason.kind, "text": reason.text, "due": _iso(reason.due)}


def _who_json(who: Who) -> dict[str, Any]:
    return {
        "company": who.company or None,
        "role": who.role or None,
        "connected": _iso(who.connected),
        "introduced_by": list(who.introduced_by),
    }


def due_json(due: DueList) -> dict[str, Any]:
    """Every fact of the due list as plain JSON data (the shape is documented in the README)."""
    today = due.today
    week = due.this_week
    return {
        "today": today.isoformat(),
        "week": due.week,
        "start_here": None
        if due.start_here is None
        else {
            "people": due.start_here.people,
            "decided": due.start_here.decided,
            "suggestions": list(due.start_here.suggestions),
        },
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
                    "who": _who_json(p.who),
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
                "who": _who_json(r.who),
            }
            for r in due.due_by_cadence
        ],
        "first_contacts": {
            "per_day": due.first_contacts_per_day,
            "queued": due.first_contacts_queued,
        },
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
