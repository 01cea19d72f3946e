"""Harvesting ticks from Due.md when it is harvested more than once (a retried digest, a restored
copy): each tick is recorded once, on the right task, and never dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.test_digest import digest, tick

Run = Callable[..., Result]

BOB = Path("People") / "Bob Smith.md"


def add_recurring_tasks(vault_dir: Path) -> Path:
    """Two open tasks with the same text in Bob's note, a month apart (a recurring task)."""
    note = vault_dir / BOB
    text = note.read_text(encoding="utf-8").replace(
        "- [ ] Return his camping stove\n",
        "- [ ] Return his camping stove\n"
        "- [ ] Send Bob the deck 📅 2026-11-21\n"
        "- [ ] Send Bob the deck 📅 2026-12-21\n",
    )
    note.write_text(text, encoding="utf-8")
    return note


def test_harvesting_a_follow_up_again_never_checks_off_its_twin(run: Run, vault_dir: Path) -> None:
    note = add_recurring_tasks(vault_dir)
    digest(run)
    due = vault_dir / "Due.md"
    tick(due, "- [ ] [[Bob Smith]]: Send Bob the deck")
    ticked = due.read_bytes()
    first = digest(run)
    assert "Recorded: checked off in People/Bob Smith.md: Send Bob the deck\n" in first.stderr
    once = note.read_text(encoding="utf-8")
    assert "- [x] Send Bob the deck 📅 2026-11-21 ✅ 2026-11-22\n" in once
    assert "- [ ] Send Bob the deck 📅 2026-12-21\n" in once
    due.write_bytes(ticked)  # the same tick again (a retried digest, a restored copy)
    second = digest(run)
    assert note.read_text(encoding="utf-8") == once
    assert "Recorded" not in second.stderr
    assert "Already recorded: People/Bob Smith.md: follow-up already checked off\n" in (
        second.stderr
    )


def test_the_twin_is_told_apart_by_its_due_date_after_the_note_moved_on(
    run: Run, vault_dir: Path
) -> None:
    note = add_recurring_tasks(vault_dir)
    digest(run)
    due = vault_dir / "Due.md"
    tick(due, "- [ ] [[Bob Smith]]: Send Bob the deck")
    ticked = due.read_bytes()
    digest(run)
    # lines added above shift every task: the marker's line number no longer points at it
    moved = note.read_text(encoding="utf-8").replace(
        "## Follow-ups\n", "## Follow-ups\n- [ ] A new task\n- [ ] Another new task\n"
    )
    note.write_text(moved, encoding="utf-8")
    due.write_bytes(ticked)
    result = digest(run)
    assert note.read_text(encoding="utf-8") == moved
    assert "Already recorded: People/Bob Smith.md: follow-up already checked off\n" in (
        result.stderr
    )


def test_a_shifted_follow_up_is_found_by_its_text_and_due_date(run: Run, vault_dir: Path) -> None:
    note = add_recurring_tasks(vault_dir)
    digest(run)
    text = note.read_text(encoding="utf-8")
    # the December twin moves above the November one, onto the line the marker names
    moved = text.replace(
        "- [ ] Send Bob the deck 📅 2026-11-21\n- [ ] Send Bob the deck 📅 2026-12-21\n",
        "- [ ] Send Bob the deck 📅 2026-12-21\n- [ ] Send Bob the deck 📅 2026-11-21\n",
    )
    note.write_text(moved, encoding="utf-8")
    tick(vault_dir / "Due.md", "- [ ] [[Bob Smith]]: Send Bob the deck")
    digest(run)
    assert note.read_text(encoding="utf-8") == moved.replace(
        "- [ ] Send Bob the deck 📅 2026-11-21\n",
        "- [x] Send Bob the deck 📅 2026-11-21 ✅ 2026-11-22\n",
    )


def test_identical_tasks_each_ticked_are_each_checked_off(run: Run, vault_dir: Path) -> None:
    note = vault_dir / BOB
    twice = "- [ ] Send Bob the deck 📅 2026-11-21\n" * 2
    text = note.read_text(encoding="utf-8").replace(
        "- [ ] Return his camping stove\n", f"- [ ] Return his camping stove\n{twice}"
    )
    note.write_text(text, encoding="utf-8")
    digest(run)
    due = vault_dir / "Due.md"
    items = due.read_text(encoding="utf-8")
    assert items.count("- [ ] [[Bob Smith]]: Send Bob the deck") == 2
    due.write_text(
        items.replace(
            "- [ ] [[Bob Smith]]: Send Bob the deck", "- [x] [[Bob Smith]]: Send Bob the deck"
        ),
        encoding="utf-8",
    )
    ticked = due.read_bytes()
    # lines added above: neither marker's line number points at its task any more
    moved = text.replace("## Follow-ups\n", "## Follow-ups\n- [ ] A new task\n- [ ] Another\n")
    note.write_text(moved, encoding="utf-8")
    first = digest(run)
    done = moved.replace(twice, "- [x] Send Bob the deck 📅 2026-11-21 ✅ 2026-11-22\n" * 2)
    assert note.read_text(encoding="utf-8") == done
    assert "Harvested 2 ticks." in first.stderr
    due.write_bytes(ticked)
    second = digest(run)
    assert note.read_text(encoding="utf-8") == done
    assert second.stderr.count("Already recorded: People/Bob Smith.md: follow-up") == 2
