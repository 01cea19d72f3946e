"""A digest with nothing changed since the last one skips the work, and anything that could change
the due list (a note, a tick, the config, a template, the day) makes it do the work again."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from pathlib import Path

from vaultnet.due.digest import write_digest

TODAY = date(2026, 11, 22)


def age(vault: Path) -> None:
    """Set every file an hour back, out of the racy window (see RACY_SECONDS)."""
    old = time.time() - 3600
    for folder, _, files in os.walk(vault):
        for name in files:
            os.utime(os.path.join(folder, name), (old, old))


def test_a_second_digest_with_nothing_changed_skips_the_work(vault_dir: Path) -> None:
    age(vault_dir)
    first = write_digest(vault_dir, TODAY)
    assert first.written and not first.unchanged_inputs
    due = vault_dir / "Due.md"
    before = (due.read_bytes(), due.stat().st_mtime_ns)
    second = write_digest(vault_dir, TODAY)
    assert second.unchanged_inputs and not second.written
    assert second.counts == first.counts
    assert second.problems == first.problems
    assert (due.read_bytes(), due.stat().st_mtime_ns) == before


def test_a_changed_note_is_seen(vault_dir: Path) -> None:
    age(vault_dir)
    write_digest(vault_dir, TODAY)
    note = vault_dir / "People" / "Wei Zhang.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("---\n", "---\ncadence: 7d\n", 1),
        encoding="utf-8",
    )
    again = write_digest(vault_dir, TODAY)
    assert not again.unchanged_inputs
    assert "[[Wei Zhang]]" in (vault_dir / "Due.md").read_text(encoding="utf-8")


def test_a_tick_is_harvested(vault_dir: Path) -> None:
    age(vault_dir)
    write_digest(vault_dir, TODAY)
    due = vault_dir / "Due.md"
    text = due.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("- [ ] [[Jane Doe]]: Send the"))
    due.write_text(text.replace(line, line.replace("- [ ]", "- [x]", 1)), encoding="utf-8")
    again = write_digest(vault_dir, TODAY)
    assert not again.unchanged_inputs
    assert again.harvest is not None and again.harvest.recorded
    jane = (vault_dir / "People" / "Jane Doe.md").read_text(encoding="utf-8")
    assert "- [x] Send the Kubernetes notes" in jane


def test_the_config_a_template_and_the_day_are_inputs(vault_dir: Path) -> None:
    age(vault_dir)
    write_digest(vault_dir, TODAY)
    assert write_digest(vault_dir, TODAY).unchanged_inputs
    assert not write_digest(vault_dir, TODAY + timedelta(days=1)).unchanged_inputs
    assert write_digest(vault_dir, TODAY + timedelta(days=1)).unchanged_inputs
    config = vault_dir / "vaultnet.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not write_digest(vault_dir, TODAY + timedelta(days=1)).unchanged_inputs
    override = vault_dir / "Templates" / "vaultnet" / "due.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# Mine {{ today }}\n", encoding="utf-8")
    assert not write_digest(vault_dir, TODAY + timedelta(days=1)).unchanged_inputs


def test_a_second_save_within_the_same_mtime_tick_is_seen(vault_dir: Path) -> None:
    """A note saved a moment ago may be saved again without its mtime or size moving (coarse
    timestamps): the index compares its bytes, so the digest still sees the change."""
    age(vault_dir)
    note = vault_dir / "People" / "Wei Zhang.md"
    note.touch()
    write_digest(vault_dir, TODAY)
    assert write_digest(vault_dir, TODAY).unchanged_inputs
    before = note.stat()
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("---\n", "---\ncadence: 7d\n", 1)[: len(text)], encoding="utf-8")
    os.utime(note, ns=(before.st_mtime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size
    again = write_digest(vault_dir, TODAY)
    assert not again.unchanged_inputs
