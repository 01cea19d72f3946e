"""The weekly accountability report as a Markdown note: frontmatter, a summary table, a section
per theme, Mermaid charts for the trend and the mix. Same report, same bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultnet.insights.report import MIX_DAYS

if TYPE_CHECKING:
    from vaultnet.insights.report import Touch, WeekReport


def _mark(done: int, goal: int) -> str:
    return "✅" if done >= goal else "⬜"


def _touch_line(t: Touch) -> str:
    kind = f" {t.kind}" if t.kind else ""
    times = f", {t.contacts} times" if t.contacts > 1 else ""
    return f"- [[{t.name}]]: {t.on.isoformat()}{kind}{times}"


def _label(text: str) -> str:
    return text.replace('"', "'")


def is_report_of(text: bytes, week: str) -> bool:
    """Whether a file's bytes are a report `render_report` wrote for `week`."""
    return text.startswith(f"---\ntype: report\nweek: {week}\n".encode())


def render_report(report: WeekReport) -> str:
    """The report as a Markdown note: frontmatter, a summary table, one section per theme,
    Mermaid charts. Same vault and week, same bytes."""
    r = report
    out = [
        "---",
        "type: report",
        f"week: {r.week}",
        f"from: {r.monday.isoformat()}",
        f"to: {r.sunday.isoformat()}",
        "tags: [vaultnet/report]",
        "---",
        f"# Week {r.week}: {r.monday.isoformat()} to {r.sunday.isoformat()}",
        "",
    ]
    if r.as_of < r.sunday:
        out += [f"*The week so far, up to {r.as_of.isoformat()}.*", ""]
    followups = f"{len(r.follow_ups_done)} done, {len(r.follow_ups_slipped)} slipped"
    out += [
        "| | this week | goal |",
        "|---|---|---|",
        f"| People in touch | {len(r.touches)} | {r.touches_goal} {_mark(len(r.touches), r.touches_goal)} |",
        f"| Reconnects | {len(r.reconnected)} | {r.reconnect_goal} {_mark(len(r.reconnected), r.reconnect_goal)} |",
        f"| Core | {r.core} ({len(r.core_overdue)} overdue) | {r.core_goal} {_mark(r.core, r.core_goal)} |",
        f"| Gives / asks | {r.gives} / {r.asks} | gives ≥ asks {_mark(r.gives, r.asks)} |",
        f"| New people met | {len(r.new_people)} | |",
        f"| Follow-ups | {followups} | |",
        f"| Introductions made | {len(r.intros)} | |",
        "",
        "## People in touch",
        "",
    ]
    out += [_touch_line(t) for t in r.touches] or ["None this week."]
    out += ["", "## Reconnects", ""]
    out += [_touch_line(t) for t in r.reconnected] or ["None this week."]
    out += ["", "## New people", ""]
    out += [_touch_line(t) for t in r.new_people] or ["None this week."]
    out += ["", "## Core overdue", ""]
    out += [f"- [[{name}]]" for name in r.core_overdue] or ["No one: the core is warm."]
    out += ["", "## Follow-ups", ""]
    if not r.follow_ups_done and not r.follow_ups_slipped:
        out.append("None were due this week.")
    # plain bullets, not tasks: a report is not a to-do list (Obsidian's Tasks would list them)
    out += [f"- done: {f.text} ({f.path})" for f in r.follow_ups_done]
    out += [f"- slipped: {f.text}, due {f.due} ({f.path})" for f in r.follow_ups_slipped]
    out += ["", "## Introductions made", ""]
    out += [
        f"- {i.on.isoformat()} [[{i.first}]] and [[{i.second}]]"
        + (f": {i.reason}" if i.reason else "")
        for i in r.intros
    ] or ["None this week."]
    if r.groups:
        out += ["", "## Groups", ""]
        for g in r.groups:
            went = ", ".join(d.isoformat() for d in g.attended) or "not this week"
            last = g.last_attended.isoformat() if g.last_attended else "never"
            state = "due" if g.due else "on track"
            out.append(
                f"- [[{g.name}]] (every {g.cadence_days} days): {went}; last {last}, {state}"
            )
    out += ["", f"## The mix (people in touch, the {MIX_DAYS} days to {r.sunday.isoformat()})", ""]
    if r.mix:
        out += ["```mermaid", "pie showData", '    title "By status"']
        out += [f'    "{_label(status)}" : {count}' for status, count in r.mix]
        out += ["```", ""]
        network = ", ".join(f"{status} {count}" for status, count in r.mix_network)
        out.append(f"The whole network (people you have met): {network}.")
        if r.mix_warning:
            out += ["", f"> [!warning] {r.mix_warning}"]
    else:
        out.append("No one in these four weeks.")
    out += ["", "## Trend", ""]
    weeks = ", ".join(f'"{w.week[5:]}"' for w in r.trend)
    top = max([r.touches_goal, *(max(w.touches, w.gives, w.asks) for w in r.trend)])
    out += [
        "```mermaid",
        "xychart-beta",
        '    title "People in touch (bars) and gives (line) per week"',
        f"    x-axis [{weeks}]",
        f'    y-axis "People" 0 --> {top}',
        f"    bar [{', '.join(str(w.touches) for w in r.trend)}]",
        f"    line [{', '.join(str(w.gives) for w in r.trend)}]",
        "```",
        "",
        "| week | in touch | reconnects | gives | asks |",
        "|---|---|---|---|---|",
    ]
    out += [f"| {w.week} | {w.touches} | {w.reconnects} | {w.gives} | {w.asks} |" for w in r.trend]
    if r.connectors:
        out += ["", "## Power connectors", ""]
        out += [
            f"- [[{c.name}]]: introduced you to {c.introduced}, in {c.groups} groups"
            for c in r.connectors
        ]
    return "\n".join(out) + "\n"
