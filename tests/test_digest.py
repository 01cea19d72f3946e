"""`vaultnet digest` end to end: golden due lists of the sample vault, harvesting ticks, keeping
the user's text, never touching an unchanged Due.md."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.golden import assert_golden, in_another_process

Run = Callable[..., Result]


def digest(run: Run, *args: str, today: str = "2026-11-22") -> Result:
    result = run("digest", *args, today=today)
    assert result.exit_code == 0, result.output
    return result


# Golden due lists -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today",
    [
        "2026-11-22",  # Sunday: every section
        "2026-11-23",  # Monday: a new ISO week, new reconnect picks
        "2026-12-01",  # a week later: follow-ups have moved on
        "2027-03-15",  # months later: many people due again
    ],
)
def test_golden_due_list(run: Run, vault_dir: Path, today: str) -> None:
    digest(run, today=today)
    assert_golden(f"due-{today}.md", (vault_dir / "Due.md").read_text(encoding="utf-8"))


def test_sample_vault_shows_every_section(run: Run, vault_dir: Path) -> None:
    digest(run)
    headings = [
        line
        for line in (vault_dir / "Due.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    ]
    assert headings == [
        "## Follow-ups",
        "## Reconnect this week",
        "## Due by cadence",
        "## Groups and events",
        "## Pipeline",
        "## Birthdays and dates",
        "## Favor balance",
        "## This week",
    ]


def test_golden_json(run: Run) -> None:
    result = digest(run, "--json")
    assert_golden("due-2026-11-22.json", result.stdout)
    data = json.loads(result.stdout)
    assert list(data) == [
        "today",
        "week",
        "start_here",
        "follow_ups",
        "reconnect",
        "due_by_cadence",
        "first_contacts",
        "groups",
        "pipeline",
        "dates",
        "favor_balance",
        "this_week",
    ]


def test_stdout_prints_without_markers_and_writes_nothing(run: Run, vault_dir: Path) -> None:
    result = digest(run, "--stdout")
    assert_golden("due-2026-11-22-stdout.md", result.stdout)
    assert "<!--" not in result.stdout
    assert not (vault_dir / "Due.md").exists()
    assert result.stderr == (
        "12 follow-ups, 0/2 reconnects, 5 due by cadence, 3 in the pipeline, 4 dates, "
        "2 favor balance\n"
    )


def test_summary_line(run: Run) -> None:
    result = digest(run)
    assert result.stderr == (
        "Due.md written: 12 follow-ups, 0/2 reconnects, 5 due by cadence, 3 in the pipeline, "
        "4 dates, 2 favor balance.\n"
    )
    assert result.stdout == ""


def test_out_writes_elsewhere(run: Run, vault_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "today.md"
    out.parent.mkdir()
    result = digest(run, "--out", str(out))
    assert out.read_text(encoding="utf-8").startswith("# Due 2026-11-22\n")
    assert not (vault_dir / "Due.md").exists()
    assert result.stderr.startswith(f"{out} written: ")


def test_conflicting_options_are_usage_errors(run: Run) -> None:
    result = run("digest", "--stdout", "--json")
    assert (result.exit_code, result.stderr) == (2, "Error: use --stdout or --json, not both\n")
    result = run("digest", "--json", "--out", "x.md")
    assert result.exit_code == 2


# Writing only when something changed --------------------------------------------------------


def test_second_digest_does_not_touch_due_md(run: Run, vault_dir: Path) -> None:
    digest(run)
    due = vault_dir / "Due.md"
    os.utime(due, ns=(1_000_000_000, 1_000_000_000))
    before = due.read_bytes()
    result = digest(run)
    assert due.read_bytes() == before
    assert due.stat().st_mtime_ns == 1_000_000_000
    assert result.stderr.startswith("Due.md unchanged: ")


def check_digest_bytes(run: Run, vault_dir: Path) -> None:
    """The same vault and day give the golden bytes, here and in a fresh process (no cache,
    another hash seed)."""
    digest(run)
    due = vault_dir / "Due.md"
    assert_golden("due-2026-11-22.md", due.read_bytes())
    due.unlink()
    shutil.rmtree(vault_dir / ".vaultnet")
    in_another_process(
        "-m", "vaultnet", "--vault", str(vault_dir), "--today", "2026-11-22", "digest"
    )
    assert_golden("due-2026-11-22.md", due.read_bytes())


def test_same_vault_and_day_give_the_same_bytes(run: Run, vault_dir: Path) -> None:
    check_digest_bytes(run, vault_dir)


def test_a_wall_clock_value_in_the_due_list_fails_that_check(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultnet.due.render as due_module

    monkeypatch.delenv("VAULTNET_REGEN", raising=False)  # never write the clock into a golden
    real = due_module.render_due

    def with_the_time(*args: Any, **kwargs: Any) -> str:
        return real(*args, **kwargs) + f"made at {datetime.now():%H:%M:%S.%f}\n"

    monkeypatch.setattr(due_module, "render_due", with_the_time)
    with pytest.raises(AssertionError, match=r"due-2026-11-22\.md differs"):
        check_digest_bytes(run, vault_dir)


# Harvesting ticks -----------------------------------------------------------------------------


def tick(due: Path, start: str, suffix: str = "") -> None:
    """Tick the item whose line starts with `start`, the way Obsidian does."""
    text = due.read_bytes().decode("utf-8")
    lines = text.split("\n")
    matches = [i for i, line in enumerate(lines) if line.startswith(start)]
    assert len(matches) == 1, f"{len(matches)} lines start with {start!r}"
    i = matches[0]
    lines[i] = lines[i].replace("- [ ]", "- [x]", 1) + suffix
    due.write_bytes("\n".join(lines).encode("utf-8"))


def snapshot(vault_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(vault_dir).as_posix(): p.read_bytes()
        for p in sorted(vault_dir.rglob("*.md"))
        if ".vaultnet" not in p.parts and p.name != "Due.md"
    }


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(k for k in after if before.get(k) != after[k])


def test_ticked_cadence_item_logs_and_moves_last_contact(run: Run, vault_dir: Path) -> None:
    digest(run)
    before = snapshot(vault_dir)
    tick(vault_dir / "Due.md", "- [ ] [[Zoë Müller]]: 135 days")
    result = digest(run)
    after = snapshot(vault_dir)
    assert changed(before, after) == ["People/Zoë Müller.md"]
    old = before["People/Zoë Müller.md"].decode()
    expected = old.replace("last_contact: 2026-07-10", "last_contact: 2026-11-22").replace(
        "## Log\n", "## Log\n- 2026-11-22 message: reached out (due list)\n"
    )
    assert after["People/Zoë Müller.md"].decode() == expected
    assert "Recorded: Zoë Müller: reached out (due list) on 2026-11-22\n" in result.stderr
    assert "Harvested 1 tick." in result.stderr
    assert "[[Zoë Müller]]: 135 days" not in (vault_dir / "Due.md").read_text(encoding="utf-8")


def test_ticked_reconnect_shows_progress_and_stays_picked(run: Run, vault_dir: Path) -> None:
    digest(run, today="2026-11-23")
    due = vault_dir / "Due.md"
    first_pick = next(
        line for line in due.read_text(encoding="utf-8").splitlines() if "vn:reconnect" in line
    )
    name = first_pick.split("[[", 1)[1].split("]]", 1)[0]
    tick(due, f"- [ ] [[{name}]]")
    digest(run, today="2026-11-24")
    text = due.read_text(encoding="utf-8")
    assert "Reconnected this week: 1/2." in text
    assert f"- [x] [[{name}]]: reconnected 2026-11-24\n" in text
    note = (vault_dir / "People" / f"{name}.md").read_text(encoding="utf-8")
    logged = "- 2026-11-24 message: reconnected (due list)"
    if "Something to share: " in first_pick:  # the item that was the reason is shared now
        logged += f"; shared: {first_pick.split('share: ', 1)[1].split(' <!--')[0]} #give"
    assert logged + "\n" in note
    assert "last_contact: 2026-11-24\n" in note
    # the rest of the week: same picks, still 1/2, nothing recorded again
    before = snapshot(vault_dir)
    result = digest(run, today="2026-11-26")
    assert "Reconnected this week: 1/2." in due.read_text(encoding="utf-8")
    assert snapshot(vault_dir) == before
    assert "Recorded" not in result.stderr


def test_ticked_follow_up_checks_off_its_source_task(run: Run, vault_dir: Path) -> None:
    digest(run)
    before = snapshot(vault_dir)
    tick(vault_dir / "Due.md", "- [ ] [[Frank Moreau]], [[Bob Smith]]: Send Bob and Frank")
    tick(vault_dir / "Due.md", "- [ ] [[Jane Doe]]: Send the Kubernetes notes", " ✅ 2026-11-21")
    result = digest(run)
    after = snapshot(vault_dir)
    meeting = "Meetings/2026-11-10 Lunch with Frank Moreau and Bob Smith.md"
    assert changed(before, after) == [meeting, "People/Jane Doe.md"]
    assert after[meeting].decode() == before[meeting].decode().replace(
        "- [ ] Send Bob and Frank the platform-openings spreadsheet [due:: 2026-11-17]",
        "- [x] Send Bob and Frank the platform-openings spreadsheet [due:: 2026-11-17] ✅ 2026-11-22",
    )
    # a Tasks-plugin done date before the day the list was made cannot be right: today is used
    assert after["People/Jane Doe.md"].decode() == before["People/Jane Doe.md"].decode().replace(
        "- [ ] Send the Kubernetes notes 📅 2026-11-25",
        "- [x] Send the Kubernetes notes 📅 2026-11-25 ✅ 2026-11-22",
    )
    assert "Harvested 2 ticks." in result.stderr


def test_tasks_plugin_done_date_is_used(run: Run, vault_dir: Path) -> None:
    digest(run, today="2026-11-20")
    tick(vault_dir / "Due.md", "- [ ] [[Zoë Müller]]: Send her the Lisbon", " ✅ 2026-11-21")
    digest(run, today="2026-11-22")
    assert "- [x] Send her the Lisbon coworking list 📅 2026-11-27 ✅ 2026-11-21\n" in (
        vault_dir / "People" / "Zoë Müller.md"
    ).read_text(encoding="utf-8")


def test_follow_up_found_by_text_after_the_note_moved_on(run: Run, vault_dir: Path) -> None:
    digest(run)
    jane = vault_dir / "People" / "Jane Doe.md"
    text = jane.read_text(encoding="utf-8")
    text = text.replace(
        "## Follow-ups\n", "## Follow-ups\n- [ ] A new task added since\n- [ ] Another one\n"
    )
    jane.write_text(text, encoding="utf-8")
    tick(vault_dir / "Due.md", "- [ ] [[Jane Doe]]: Send the Kubernetes notes")
    digest(run)
    assert jane.read_text(encoding="utf-8") == text.replace(
        "- [ ] Send the Kubernetes notes 📅 2026-11-25",
        "- [x] Send the Kubernetes notes 📅 2026-11-25 ✅ 2026-11-22",
    )


def test_follow_up_found_after_its_meeting_note_was_renamed(run: Run, vault_dir: Path) -> None:
    digest(run)
    old = vault_dir / "Meetings" / "2026-11-18 Call with Carlos Diaz.md"
    new = vault_dir / "Meetings" / "2026-11-18 Carlos call.md"
    old.rename(new)
    due = vault_dir / "Due.md"
    # Obsidian updates links on rename (not the hidden marker)
    due.write_text(
        due.read_text(encoding="utf-8").replace(
            "[[2026-11-18 Call with Carlos Diaz]]", "[[2026-11-18 Carlos call]]"
        ),
        encoding="utf-8",
    )
    tick(due, "- [ ] [[Carlos Diaz]]: Send the deck to Carlos")
    result = digest(run)
    assert "- [x] Send the deck to Carlos 📅 2026-11-24 ✅ 2026-11-22\n" in new.read_text(
        encoding="utf-8"
    )
    assert "Due.md had edits" not in result.stderr


def test_harvesting_the_same_ticks_twice_records_them_once(run: Run, vault_dir: Path) -> None:
    digest(run)
    due = vault_dir / "Due.md"
    tick(due, "- [ ] [[Zoë Müller]]: 135 days")
    tick(due, "- [ ] [[Leo Martins]]: birthday today")
    tick(due, "- [ ] [[Lena Fischer]]: want to meet")
    tick(due, "- [ ] [[Sofia Rossi]]: no reply")
    tick(due, "- [ ] [[Jane Doe]]: Send the Kubernetes notes")
    ticked = due.read_bytes()
    first = digest(run)
    assert "Harvested 5 ticks." in first.stderr
    once = snapshot(vault_dir)
    due.write_bytes(ticked)  # the same ticks again (a sync conflict, a restored file...)
    second = digest(run)
    assert snapshot(vault_dir) == once
    assert "Recorded" not in second.stderr
    assert second.stderr.count("Already recorded: ") == 5
    lena = once["People/Lena Fischer.md"].decode()
    assert (
        "stage: pending\n" in lena
        and "- 2026-11-22 message: reached out to meet (due list)\n" in lena
    )
    sofia = once["People/Sofia Rossi.md"].decode()
    assert "- 2026-11-22 message: followed up (due list)\n" in sofia
    leo = once["People/Leo Martins.md"].decode()
    assert "- 2026-11-22 message: birthday wishes (due list)\n" in leo
    assert "- [x] [[Leo Martins]]: birthday today (turns 35); wished 2026-11-22\n" in due.read_text(
        encoding="utf-8"
    )


def test_favor_tick_has_nothing_to_record(run: Run, vault_dir: Path) -> None:
    digest(run)
    before = snapshot(vault_dir)
    tick(vault_dir / "Due.md", "- [ ] [[José Álvarez]]: asked 4 times")
    result = digest(run)
    assert snapshot(vault_dir) == before
    assert (
        "Due.md:54: José Álvarez (favor balance) is ticked; nothing to record: log what you gave "
        'with `vaultnet log "José Álvarez" --give -m ...`\n'
    ) in result.stderr


# Never losing the user's text ------------------------------------------------------------------


def test_notes_below_the_marker_are_kept_verbatim(run: Run, vault_dir: Path) -> None:
    digest(run)
    due = vault_dir / "Due.md"
    mine = "## My notes\r\n\r\n- call mom   \n- [ ] [[Jane Doe]] not an item\n<!-- vn:cadence -->"
    due.write_text(due.read_text(encoding="utf-8") + mine, encoding="utf-8", newline="")
    tick(due, "- [ ] [[Zoë Müller]]: 135 days")
    result = digest(run, today="2026-11-23")
    with due.open(encoding="utf-8", newline="") as f:
        kept = f.read()
    assert kept.endswith("<!-- vaultnet: your notes below are kept -->\n" + mine)
    assert "kept in" not in result.stderr


def test_other_edits_are_saved_before_the_file_is_replaced(run: Run, vault_dir: Path) -> None:
    digest(run)
    due = vault_dir / "Due.md"
    edited = due.read_text(encoding="utf-8").replace(
        "## Pipeline\n", "## Pipeline\n\nCall Omar's assistant first!\n"
    )
    due.write_text(edited, encoding="utf-8")
    result = digest(run)
    backup = vault_dir / ".vaultnet" / "due-backups" / "Due-2026-11-22-1.md"
    assert backup.read_text(encoding="utf-8") == edited
    assert (
        "Due.md had edits other than ticks; the old version is kept in "
        ".vaultnet/due-backups/Due-2026-11-22-1.md\n"
    ) in result.stderr
    assert "Call Omar" not in due.read_text(encoding="utf-8")
    # a second edit the same day gets its own copy
    due.write_text(edited, encoding="utf-8")
    digest(run)
    assert (vault_dir / ".vaultnet" / "due-backups" / "Due-2026-11-22-2.md").exists()


def test_a_due_md_vaultnet_did_not_write_is_kept(run: Run, vault_dir: Path) -> None:
    (vault_dir / "Due.md").write_text("# My own due list\n- [ ] water plants\n", encoding="utf-8")
    result = digest(run)
    backup = vault_dir / ".vaultnet" / "due-backups" / "Due-2026-11-22-1.md"
    assert backup.read_text(encoding="utf-8") == "# My own due list\n- [ ] water plants\n"
    assert "kept in .vaultnet/due-backups/Due-2026-11-22-1.md" in result.stderr


def test_tick_for_a_person_who_no_longer_exists(run: Run, vault_dir: Path) -> None:
    digest(run)
    due = vault_dir / "Due.md"
    tick(due, "- [ ] [[Zoë Müller]]: 135 days")
    ticked = due.read_text(encoding="utf-8")
    (vault_dir / "People" / "Zoë Müller.md").unlink()
    before = snapshot(vault_dir)
    result = digest(run)
    assert snapshot(vault_dir) == before
    assert (
        "Due.md:28: [[Zoë Müller]] is ticked (due by cadence), but no person note by that name "
        "exists now; not recorded\n"
    ) in result.stderr
    assert (
        "Some ticks could not be recorded; the old Due.md is kept in "
        ".vaultnet/due-backups/Due-2026-11-22-1.md\n"
    ) in result.stderr
    backup = vault_dir / ".vaultnet" / "due-backups" / "Due-2026-11-22-1.md"
    assert backup.read_text(encoding="utf-8") == ticked


def test_tick_for_a_follow_up_whose_task_changed(run: Run, vault_dir: Path) -> None:
    digest(run)
    jane = vault_dir / "People" / "Jane Doe.md"
    jane.write_text(
        jane.read_text(encoding="utf-8").replace("Send the Kubernetes notes", "Send the K8s notes"),
        encoding="utf-8",
    )
    tick(vault_dir / "Due.md", "- [ ] [[Jane Doe]]: Send the Kubernetes notes")
    before = snapshot(vault_dir)
    result = digest(run)
    assert snapshot(vault_dir) == before
    assert (
        "Due.md:13: ticked follow-up, but its task is no longer in the vault (looked in "
        "People/Jane Doe.md:28); not recorded\n"
    ) in result.stderr
    assert (vault_dir / ".vaultnet" / "due-backups" / "Due-2026-11-22-1.md").exists()


def test_tick_in_a_note_vaultnet_refuses_to_edit(run: Run, vault_dir: Path) -> None:
    digest(run)
    zoe = vault_dir / "People" / "Zoë Müller.md"
    broken = zoe.read_text(encoding="utf-8").replace("cadence: 3m\n", "cadence: 3m\nbad: [\n")
    zoe.write_text(broken, encoding="utf-8")
    tick(vault_dir / "Due.md", "- [ ] [[Zoë Müller]]: Send her the Lisbon")
    result = digest(run)
    assert zoe.read_text(encoding="utf-8") == broken
    assert "Due.md:15: not recorded: People/Zoë Müller.md:" in result.stderr
    assert "kept in .vaultnet/due-backups/" in result.stderr


# A vault with problems ------------------------------------------------------------------------


def test_a_vault_with_problems_still_gets_its_due_list(run: Run, vault_dir: Path) -> None:
    (vault_dir / "People" / "Odd One.md").write_text(
        "---\ncadence: fortnightly\ncircle: core\n---\n- [ ] book it 📅 2026-02-30\n",
        encoding="utf-8",
    )
    (vault_dir / "People" / "Broken.md").write_text("---\nname: [oops\n---\n", encoding="utf-8")
    result = digest(run)
    text = (vault_dir / "Due.md").read_text(encoding="utf-8")
    assert (
        "- [ ] [[Odd One]]: book it (the due date 2026-02-30 is impossible: fix it in People/Odd One.md:5)"
        in text
    )
    assert "- Vault: 3 errors, 0 warnings: run `vaultnet check`\n" in text
    assert result.stderr.splitlines()[1:] == [
        "People/Broken.md:2: invalid YAML: while parsing a flow sequence, did not find "
        "expected ',' or ']'",
        "People/Odd One.md:2: unknown cadence 'fortnightly' (use a number of days, weeks, "
        "months or years like 14d, 6w, 3m, 1y, at most 100y, or never)",
        "People/Odd One.md:5: impossible date 2026-02-30",
        "3 problems in the vault (3 errors, 0 warnings); run `vaultnet check`",
    ]


def test_vault_template_override(run: Run, vault_dir: Path) -> None:
    folder = vault_dir / "Templates" / "vaultnet"
    folder.mkdir(parents=True)
    (folder / "due.md.j2").write_text(
        "Today {{ today }}\n{% for s in sections %}{% for i in s['items'] %}{{ i.line }}\n{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    digest(run)
    text = (vault_dir / "Due.md").read_text(encoding="utf-8")
    assert text.startswith("Today 2026-11-22\n- [ ] [[José Álvarez]]: Reply about the contract")


def test_broken_vault_template_is_an_error(run: Run, vault_dir: Path) -> None:
    folder = vault_dir / "Templates" / "vaultnet"
    folder.mkdir(parents=True)
    (folder / "due.md.j2").write_text("{{ sections | nosuchfilter }}\n", encoding="utf-8")
    result = run("digest")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Templates/vaultnet/due.md.j2:1: ")
    assert not (vault_dir / "Due.md").exists()


def test_due_note_in_a_folder_of_its_own(run: Run, vault_dir: Path) -> None:
    config = vault_dir / "vaultnet.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'due_note = "Due.md"', 'due_note = "Daily/Due.md"'
        ),
        encoding="utf-8",
    )
    result = digest(run)
    assert (vault_dir / "Daily" / "Due.md").read_text(encoding="utf-8").startswith("# Due ")
    assert result.stderr.startswith("Daily/Due.md written: ")


@pytest.mark.parametrize("link", ["folder", "file"])
def test_due_note_through_a_symlink_out_of_the_vault_is_refused(
    run: Run, vault_dir: Path, tmp_path: Path, link: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    config = vault_dir / "vaultnet.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'due_note = "Due.md"', 'due_note = "Daily/Due.md"'
        ),
        encoding="utf-8",
    )
    if link == "folder":
        (vault_dir / "Daily").symlink_to(outside, target_is_directory=True)
    else:
        (vault_dir / "Daily").mkdir()
        (vault_dir / "Daily" / "Due.md").symlink_to(outside / "Due.md")
    before = snapshot(vault_dir)
    result = run("digest")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: due_note in vaultnet.toml: Daily/Due.md is outside the vault; vaultnet only "
        f"writes inside {vault_dir.resolve()}\n"
    )
    assert list(outside.iterdir()) == []
    assert snapshot(vault_dir) == before
    # --out is the user's own choice of file, anywhere
    out = outside / "today.md"
    assert run("digest", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Due 2026-11-22\n")


def test_paths_are_shown_relative_to_the_vault(vault_dir: Path, tmp_path: Path) -> None:
    from vaultnet.due.digest import shown_path

    assert shown_path(vault_dir / "Daily" / "Due.md", vault_dir) == "Daily/Due.md"
    assert shown_path(tmp_path / "today.md", vault_dir) == str(tmp_path / "today.md")


def test_digest_help_and_registration(run: Run) -> None:
    result = run("--help")
    assert "digest" in result.output
    result = run("digest", "--help")
    assert result.exit_code == 0
    assert (
        "--stdout" in result.output and "--json" in result.output and "--out FILE" in result.output
    )


def test_due_md_saved_while_the_list_is_made_is_not_overwritten(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest(run)
    due = vault_dir / "Due.md"
    tick(due, "- [ ] [[Zoë Müller]]: 135 days")
    import vaultnet.due.schedule

    real = vaultnet.due.schedule.schedule_vault

    def schedule_then_save(vault, week=None, firsts=None):  # type: ignore[no-untyped-def]
        due.write_text(due.read_text(encoding="utf-8") + "typed meanwhile\n", encoding="utf-8")
        return real(vault, week, firsts)

    monkeypatch.setattr(vaultnet.due.schedule, "schedule_vault", schedule_then_save)
    result = run("digest")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Error: Due.md changed while the due list was being made; run digest again\n"
    )
    assert due.read_text(encoding="utf-8").endswith("typed meanwhile\n")
    monkeypatch.undo()
    again = digest(run)
    assert "Already recorded: Zoë Müller: due by cadence already recorded" in again.stderr
    assert "typed meanwhile" in due.read_text(encoding="utf-8")


def test_follow_up_and_cadence_ticks_in_the_same_note(run: Run, vault_dir: Path) -> None:
    digest(run)
    before = (vault_dir / "People" / "Jane Doe.md").read_text(encoding="utf-8")
    tick(vault_dir / "Due.md", "- [ ] [[Jane Doe]]: Send the Kubernetes notes")
    tick(vault_dir / "Due.md", "- [ ] [[Jane Doe]]: 50 days since last contact")
    digest(run)
    assert (vault_dir / "People" / "Jane Doe.md").read_text(encoding="utf-8") == (
        before.replace("last_contact: 2026-09-14", "last_contact: 2026-11-22")
        .replace(
            "- [ ] Send the Kubernetes notes 📅 2026-11-25",
            "- [x] Send the Kubernetes notes 📅 2026-11-25 ✅ 2026-11-22",
        )
        .replace("## Log\n", "## Log\n- 2026-11-22 message: reached out (due list)\n")
    )
