"""The due list as text: Due.md's sections built from a `DueList` (the item lines are
`vaultnet.due.lines`) and rendered through the `due` template. Its JSON form is
`vaultnet.due.json_form`; the file's own format (markers, ticks, the stamp) `vaultnet.due.note`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from vaultnet.due.items import DueList
from vaultnet.due.json_form import due_json
from vaultnet.due.lines import ItemLines
from vaultnet.text.wording import plural

if TYPE_CHECKING:
    from vaultnet.templating.environment import Templates

__all__ = ["MAX_SHOWN", "SECTIONS", "due_json", "due_sections", "render_due"]

T = TypeVar("T")

TEMPLATE = "due"
MAX_SHOWN = 25
"""Items shown per section at most (a line says how many more); `--json` has them all."""

SECTIONS = (
    ("start_here", "Start here"),
    ("follow_ups", "Follow-ups"),
    ("reconnect", "Reconnect this week"),
    ("cadence", "Due by cadence"),
    ("groups", "Groups and events"),
    ("pipeline", "Pipeline"),
    ("dates", "Birthdays and dates"),
    ("favor", "Favor balance"),
    ("this_week", "This week"),
)


def _section(key: str, items: list[dict[str, Any]], notes: list[str], *more: str) -> dict[str, Any]:
    title = dict(SECTIONS)[key]
    after = [line for line in more if line]
    lines = [*notes, *(i["line"] for i in items), *after]
    return {
        "key": key,
        "title": title,
        "notes": notes,
        "items": items,
        "more": "\n".join(after),
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
    make = ItemLines(due, markers)
    sections = []
    if due.start_here is not None:
        sections.append(_section("start_here", [], make.start_here(due.start_here)))
    if due.follow_ups:
        items, more = _capped(due.follow_ups, make.follow_up)
        sections.append(_section("follow_ups", items, [], more))
    if due.reconnect.picks:
        progress = f"Reconnected this week: {due.reconnect.reconnected}/{len(due.reconnect.picks)}."
        items = [make.reconnect(p) for p in due.reconnect.picks]
        sections.append(_section("reconnect", items, [progress, ""]))
    if due.due_by_cadence or due.first_contacts_queued:
        items, more = _capped(due.due_by_cadence, make.cadence, " (`vaultnet list --due`)")
        sections.append(_section("cadence", items, [], more, make.first_contacts_queued()))
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


def _week_lines(due: DueList, make: ItemLines) -> list[str]:
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

    templates = Templates(root, templates_folder) if root is not None else Templates()
    context: dict[str, Any] = {
        "today": due.today.isoformat(),
        "week": due.week,
        "sections": due_sections(due, markers),
    }
    if _may_read(templates, TEMPLATE, "due"):
        # every fact of a large vault (every due person's reason): made only for a template
        # that asks for it (the packaged one does not)
        context["due"] = due_json(due)
    return templates.render(TEMPLATE, context).rstrip() + "\n"


def _may_read(templates: Templates, name: str, variable: str) -> bool:
    """Whether template `name` may read `variable` from its context: it names it, or it includes,
    imports or extends another template (which might). A template that does not parse may
    (rendering reports the error)."""
    from jinja2 import TemplateError, meta

    source, _ = templates.source(name)
    try:
        tree = templates.environment().parse(source)
        if any(True for _ in meta.find_referenced_templates(tree)):
            return True
        return variable in meta.find_undeclared_variables(tree)
    except TemplateError:
        return True
