"""Harvesting ticks from Due.md when it is harvested more than once (a retried digest, a restored
copy): each tick is recorded once, on the right task, and never dropped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_digest import digest, snapshot, tick

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


def test_the_due_date_comes_from_the_marker_not_the_wording(run: Run, vault_dir: Path) -> None:
    """A template that words the item its own way (no "(due ...)") still tells the twins apart:
    the marker carries the due date."""
    note = add_recurring_tasks(vault_dir)
    digest(run)
    text = note.read_text(encoding="utf-8")
    moved = text.replace(
        "- [ ] Send Bob the deck 📅 2026-11-21\n- [ ] Send Bob the deck 📅 2026-12-21\n",
        "- [ ] Send Bob the deck 📅 2026-12-21\n- [ ] Send Bob the deck 📅 2026-11-21\n",
    )
    note.write_text(moved, encoding="utf-8")
    due = vault_dir / "Due.md"
    items = due.read_text(encoding="utf-8")
    line = next(x for x in items.split("\n") if x.startswith("- [ ] [[Bob Smith]]: Send Bob"))
    assert line.endswith(" 2026-11-21 -->")
    reworded = line.replace("(due 2026-11-21, 1 day overdue)", "(overdue)")
    assert reworded != line
    due.write_text(items.replace(line, reworded), encoding="utf-8")
    tick(due, "- [ ] [[Bob Smith]]: Send Bob the deck")
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


def test_a_ticked_birthday_is_recorded_after_another_contact(run: Run, vault_dir: Path) -> None:
    digest(run, today="2026-11-20")
    result = run("log", "priya", "-m", "call", today="2026-11-21")
    assert result.exit_code == 0, result.output
    due = vault_dir / "Due.md"
    tick(due, "- [ ] [[Priya Natarajan]]: birthday")
    before = snapshot(vault_dir)
    harvested = digest(run, today="2026-11-22")
    assert "Recorded: Priya Natarajan: birthday wishes (due list) on 2026-11-22\n" in (
        harvested.stderr
    )
    note = (vault_dir / "People" / "Priya Natarajan.md").read_bytes().decode()
    assert note == (
        before["People/Priya Natarajan.md"]
        .decode()
        .replace("last_contact: 2026-11-21", "last_contact: 2026-11-22")
        .replace("## Log\r\n", "## Log\r\n- 2026-11-22 message: birthday wishes (due list)\r\n")
    )
    assert (
        "- [x] [[Priya Natarajan]]: birthday on Saturday 2026-11-28, in 6 days (turns 36); "
        "wished 2026-11-22\n"
    ) in due.read_text(encoding="utf-8")


def test_a_birthday_wished_by_hand_is_already_recorded(run: Run, vault_dir: Path) -> None:
    digest(run, today="2026-11-20")
    result = run(
        "log", "priya", "-m", "happy birthday by text", "--kind", "message", today="2026-11-21"
    )
    assert result.exit_code == 0, result.output
    tick(vault_dir / "Due.md", "- [ ] [[Priya Natarajan]]: birthday")
    before = snapshot(vault_dir)
    harvested = digest(run, today="2026-11-22")
    assert snapshot(vault_dir) == before
    assert "Already recorded: Priya Natarajan: birthday already recorded\n" in harvested.stderr


def save_after_someone_else(
    monkeypatch: pytest.MonkeyPatch, note: Path, times: int = 1
) -> list[str]:
    """Make the next `times` saves of `note` by vaultnet find it changed on disk meanwhile."""
    from vaultnet.notes.editor import NoteEditor

    real = NoteEditor.save
    saves: list[str] = []

    def save(self: NoteEditor) -> bool:
        if self.path == note.resolve() and len(saves) < times:
            saves.append(self.rel)
            text = note.read_bytes().decode("utf-8")
            note.write_bytes(text.replace("## Notes\n", "## Notes\n- typed meanwhile\n").encode())
        return real(self)

    monkeypatch.setattr(NoteEditor, "save", save)
    return saves


def test_a_note_saved_while_its_tick_is_recorded_keeps_the_tick_for_the_next_run(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest(run)
    due = vault_dir / "Due.md"
    tick(due, "- [ ] [[Zoë Müller]]: 135 days")
    tick(due, "- [ ] [[Jane Doe]]: Send the Kubernetes notes")
    ticked = due.read_bytes()
    zoe = vault_dir / "People" / "Zoë Müller.md"
    saves = save_after_someone_else(monkeypatch, zoe)
    result = run("digest")
    assert saves == ["People/Zoë Müller.md"]
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: People/Zoë Müller.md changed while its ticks were being recorded; Due.md is "
        "left as it is: run digest again\n"
    )
    assert due.read_bytes() == ticked
    assert not (vault_dir / ".vaultnet" / "due-backups").exists()
    text = zoe.read_text(encoding="utf-8")
    assert "- typed meanwhile\n" in text and "(due list)" not in text
    # the other note's tick was recorded; running again records Zoë's, and Jane's once
    again = digest(run)
    assert "Recorded: Zoë Müller: reached out (due list) on 2026-11-22\n" in again.stderr
    assert "Already recorded: People/Jane Doe.md: follow-up already checked off\n" in again.stderr
    text = zoe.read_text(encoding="utf-8")
    assert "- typed meanwhile\n" in text
    assert "- 2026-11-22 message: reached out (due list)\n" in text
    jane = (vault_dir / "People" / "Jane Doe.md").read_text(encoding="utf-8")
    assert jane.count("✅ 2026-11-22") == 1


def test_a_planned_log_line_does_not_stop_a_tick_moving_last_contact(vault_dir: Path) -> None:
    from vaultnet.due.digest import write_digest

    note = vault_dir / "People" / "Elena Petrova.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(
        text.replace("## Log\n", "## Log\n- 2026-12-30 dinner: planned, her visit to Denver\n", 1),
        encoding="utf-8",
    )
    write_digest(vault_dir, date(2026, 11, 22))
    due = vault_dir / "Due.md"
    lines = due.read_text(encoding="utf-8")
    line = next(x for x in lines.splitlines() if x.startswith("- [ ] [[Elena Petrova]]"))
    due.write_text(lines.replace(line, line.replace("- [ ]", "- [x]", 1)), encoding="utf-8")
    write_digest(vault_dir, date(2026, 11, 22))
    assert "last_contact: 2026-11-22" in note.read_text(encoding="utf-8")
