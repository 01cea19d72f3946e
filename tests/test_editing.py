"""The editing module: surgical edits, atomic writes, the lock, and every refusal."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from vaultnet.errors import FileChangedOnDisk, RefusedEdit, WriteFailed
from vaultnet.fs import atomic
from vaultnet.fs.atomic import atomic_write
from vaultnet.fs.lock import vault_lock
from vaultnet.fs.paths import check_file_name, vault_path
from vaultnet.notes import editor as editing
from vaultnet.notes.create import create_note, create_numbered_note
from vaultnet.notes.editor import NoteEditor, save_all

DAY = date(2026, 11, 22)

JANE = """\
---
aliases: [Janie]  # what her friends call her
# a comment between keys
company: "Acme: Robotics"
last_contact: 2026-09-14
interests:
  - robotics
  - hiring
---
# Jane Doe

## Follow-ups
- [ ] Send the Kubernetes notes 📅 2026-11-25

## Log
- 2026-09-14 coffee: her team is reorganizing
- 2026-06-02 email: congratulated her
"""


def note(tmp_path: Path, text: str | bytes, rel: str = "People/Jane Doe.md") -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def edit(tmp_path: Path, rel: str = "People/Jane Doe.md") -> NoteEditor:
    return NoteEditor.open(tmp_path, rel)


# atomic_write ---------------------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("old")
    os.chmod(path, 0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_atomic_write_failure_before_rename_leaves_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(editing.os, "replace", boom)
    with pytest.raises(WriteFailed, match="No space left on device; the original is untouched"):
        atomic_write(path, b"new")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]  # no temp file left behind


def test_atomic_write_interrupted_leaves_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_text("old")

    def interrupt(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(editing.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"new")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_atomic_write_refuses_read_only(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("old")
    os.chmod(path, 0o444)
    with pytest.raises(RefusedEdit, match="is read-only; not changing it"):
        atomic_write(path, b"new")
    assert path.read_text() == "old"


# vault_lock and paths --------------------------------------------------------------------------


def test_vault_lock_creates_lock_and_is_reentrant(tmp_path: Path) -> None:
    with vault_lock(tmp_path), vault_lock(tmp_path):
        assert (tmp_path / ".vaultnet" / "write.lock").exists()
    with vault_lock(tmp_path, timeout=0.1):  # released: can be taken again
        pass


def test_vault_lock_in_a_vault_it_cannot_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    def read_only(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(FileLock, "acquire", read_only)
    with pytest.raises(WriteFailed) as caught, vault_lock(tmp_path):
        pass
    assert str(caught.value) == (
        "cannot write in the vault: Permission denied (.vaultnet/write.lock)"
    )
    monkeypatch.undo()
    (tmp_path / ".vaultnet").rmdir()
    (tmp_path / ".vaultnet").write_text("a file where the folder should be")
    with pytest.raises(WriteFailed) as caught, vault_lock(tmp_path):
        pass
    assert str(caught.value) == ".vaultnet is not a folder; remove it and run the command again"


def test_vault_lock_excludes_other_threads_and_processes(tmp_path: Path) -> None:
    import threading

    from filelock import FileLock

    from vaultnet.errors import VaultBusy

    outcome: list[str] = []

    def other_thread() -> None:
        try:
            with vault_lock(tmp_path, timeout=0.1):
                outcome.append("got it")
        except VaultBusy as exc:
            outcome.append(str(exc))

    with vault_lock(tmp_path):
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert outcome == [
        "another vaultnet command is writing to this vault (lock .vaultnet/write.lock); try again"
    ]
    # held by "another process": a lock object of its own
    other = FileLock(str(tmp_path / ".vaultnet" / "write.lock"))
    with other, pytest.raises(VaultBusy), vault_lock(tmp_path, timeout=0.1):
        pass


def test_vault_path_refuses_outside(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "secret.md").write_text("x")
    (vault / "link.md").symlink_to(tmp_path / "secret.md")
    for rel in ("../secret.md", str(tmp_path / "secret.md"), "link.md", "."):
        with pytest.raises(RefusedEdit, match="is outside the vault"):
            vault_path(vault, rel)


def test_symlinked_note_inside_vault_is_edited_through_the_link(tmp_path: Path) -> None:
    target = note(tmp_path, "---\nx: 1\n---\n", "Archive/Jane.md")
    (tmp_path / "People").mkdir()
    (tmp_path / "People" / "Jane.md").symlink_to(target)
    editor = edit(tmp_path, "People/Jane.md")
    editor.set_key("x", "2")
    assert editor.save()
    assert (tmp_path / "People" / "Jane.md").is_symlink()
    assert target.read_text() == "---\nx: 2\n---\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "cannot be empty"),
        ("a/b", "contains /"),
        ("a\\b", "contains \\"),
        ("Jane: Doe", "contains :"),
        ('say "hi"', 'contains "'),
        ("[[x]]", "contains [ ]"),
        ("a#b^c|d*e<f>g?", "contains # * < > ? ^ |"),
        ("..", "contains '..'"),
        ("a\tb", "control characters"),
        (" Jane", "starts or ends with a space"),
        (".hidden", "starts or ends with a dot"),
        ("CON", "reserved on Windows"),
        ("x" * 300, "too long"),
    ],
)
def test_check_file_name_refuses(name: str, message: str) -> None:
    with pytest.raises(RefusedEdit, match=message.replace("\\", "\\\\").replace("[", r"\[")):
        check_file_name(name)


@pytest.mark.parametrize("name", ["Jane Doe", "Zoë Müller", "O'Brien", "Jean-Luc (work)", "李雷"])
def test_check_file_name_accepts(name: str) -> None:
    check_file_name(name)


# create_note -----------------------------------------------------------------------------------


def test_create_note_makes_folders_and_never_overwrites(tmp_path: Path) -> None:
    path = create_note(tmp_path, "People/New/Maria.md", "---\na: 1\n---\n")
    assert path.read_text() == "---\na: 1\n---\n"
    with pytest.raises(RefusedEdit, match=r"People/New/Maria.md already exists; not overwriting"):
        create_note(tmp_path, "People/New/Maria.md", "other")
    assert path.read_text() == "---\na: 1\n---\n"


def test_create_note_without_hard_links_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: str, dst: str) -> None:
        raise OSError(1, "Operation not permitted")  # e.g. FAT or some network drives

    monkeypatch.setattr(editing.os, "link", no_links)
    create_note(tmp_path, "People/A.md", "# A\n")
    assert (tmp_path / "People/A.md").read_text() == "# A\n"
    with pytest.raises(RefusedEdit, match="already exists"):
        create_note(tmp_path, "People/A.md", "# other\n")
    assert create_numbered_note(tmp_path, "People", "A", "# A2\n") == "People/A 2.md"
    assert sorted(p.name for p in (tmp_path / "People").iterdir()) == ["A 2.md", "A.md"]
    assert (tmp_path / "People/A.md").read_text() == "# A\n"


def test_create_note_refuses_bad_frontmatter_and_outside(tmp_path: Path) -> None:
    with pytest.raises(RefusedEdit, match="would have invalid frontmatter"):
        create_note(tmp_path, "x.md", "---\na: [\n---\n")
    with pytest.raises(RefusedEdit, match="outside the vault"):
        create_note(tmp_path / "v", "../x.md", "hi")
    assert not (tmp_path / "x.md").exists()


# Opening ---------------------------------------------------------------------------------------


def test_open_refuses_invalid_yaml_with_where(tmp_path: Path) -> None:
    note(tmp_path, "---\nname: Jane\ncompany: [Acme\n---\nbody\n")
    with pytest.raises(RefusedEdit) as err:
        edit(tmp_path)
    assert str(err.value).startswith("People/Jane Doe.md:3: invalid YAML: ")
    assert str(err.value).endswith(
        "Fix the frontmatter first; vaultnet does not edit a note it cannot read"
    )


def test_open_refuses_unclosed_frontmatter_non_utf8_and_missing(tmp_path: Path) -> None:
    note(tmp_path, "---\na: 1\nbody\n")
    with pytest.raises(RefusedEdit, match="frontmatter starts with --- but never closes"):
        edit(tmp_path)
    note(tmp_path, b"---\na: 1\n---\ncaf\xe9\n")
    with pytest.raises(RefusedEdit, match=r"People/Jane Doe.md:4: not UTF-8 text"):
        edit(tmp_path)
    with pytest.raises(RefusedEdit, match=r"People/Nobody.md does not exist"):
        edit(tmp_path, "People/Nobody.md")


def test_lines_are_a_copy_without_endings(tmp_path: Path) -> None:
    note(tmp_path, "\ufeff---\r\na: 1\r\n---\r\nbody")
    editor = edit(tmp_path)
    assert editor.lines == ["---", "a: 1", "---", "body"]
    editor.lines.append("ignored")
    assert editor.lines == ["---", "a: 1", "---", "body"]
    assert editor.save() is False


# Frontmatter edits -----------------------------------------------------------------------------


def test_set_key_replaces_only_its_line_and_keeps_comment(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    editor.set_key("aliases", "[Janie, JD]")
    editor.set_key("company", "'Globex'")
    assert editor.save()
    after = (tmp_path / "People/Jane Doe.md").read_text()
    assert after == JANE.replace(
        "aliases: [Janie]  # what", "aliases: [Janie, JD]  # what"
    ).replace('company: "Acme: Robotics"', "company: 'Globex'")


def test_set_key_replaces_a_block_list_and_appends_new_keys(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    editor.set_key("interests", "[chess]")
    editor.set_key("circle", "core")
    assert editor.get_key("interests") == ["chess"]
    editor.save()
    after = (tmp_path / "People/Jane Doe.md").read_text()
    assert after == JANE.replace(
        "interests:\n  - robotics\n  - hiring\n", "interests: [chess]\ncircle: core\n"
    )


def test_set_key_creates_frontmatter_and_keeps_crlf_bom_and_missing_newline(
    tmp_path: Path,
) -> None:
    note(tmp_path, "\ufeff# Jane\r\nbody")
    editor = edit(tmp_path)
    editor.set_key("circle", "core")
    editor.save()
    assert (tmp_path / "People/Jane Doe.md").read_bytes() == (
        "\ufeff---\r\ncircle: core\r\n---\r\n# Jane\r\nbody".encode()
    )


def test_set_key_refuses_values_that_are_not_one_yaml_value(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    for bad in ("[unclosed", "a\nb: c", "x: y"):
        with pytest.raises(RefusedEdit):
            editor.set_key("company", bad)
    with pytest.raises(RefusedEdit, match="is not a frontmatter key"):
        editor.set_key("a: b", "1")
    assert not editor.changed


def test_set_key_keeps_quoted_key_and_hash_inside_quotes(tmp_path: Path) -> None:
    note(tmp_path, "---\n\"last_contact\": '2026-01-01'\nnote: 'a # b'\n---\n")
    editor = edit(tmp_path)
    editor.set_key("note", "'c # d'  ")
    editor.move_last_contact(DAY)
    editor.save()
    assert (tmp_path / "People/Jane Doe.md").read_text() == (
        "---\n\"last_contact\": '2026-11-22'\nnote: 'c # d'  \n---\n"
    )


def test_move_last_contact_only_forward(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    assert not editor.move_last_contact(date(2026, 1, 1))
    assert not editor.move_last_contact(date(2026, 9, 14))
    assert editor.move_last_contact(DAY)
    assert editor.get_key("last_contact") == "2026-11-22"
    assert editor.lines[4] == "last_contact: 2026-11-22"


def test_move_last_contact_never_sets_a_date_older_than_the_log(tmp_path: Path) -> None:
    # no field, but a 2026 log line: a backdated contact must not write a stale field
    note(tmp_path, "# J\n\n## Log\n- 2026-09-14 coffee: second\n- 2027-01-10 dinner: planned\n")
    editor = edit(tmp_path)
    assert editor.add_log(date(2020, 1, 1), "note", "old")
    assert not editor.move_last_contact(date(2020, 1, 1), today=DAY)
    assert not editor.move_last_contact(date(2026, 9, 13), today=DAY)
    assert editor.get_key("last_contact") is None
    # a line dated after today is a plan, not a contact; without today every line counts
    assert not editor.move_last_contact(date(2026, 10, 1))
    assert editor.move_last_contact(date(2026, 10, 1), today=DAY)
    assert editor.get_key("last_contact") == "2026-10-01"


def test_move_last_contact_leaves_an_unreadable_value(tmp_path: Path) -> None:
    note(tmp_path, "---\nlast_contact: last spring\n---\n")
    editor = edit(tmp_path)
    assert not editor.move_last_contact(DAY)
    assert not editor.changed


# Body edits ------------------------------------------------------------------------------------


def test_add_log_newest_first(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    assert editor.add_log(DAY, "coffee", "talked about her reorg  #give")
    assert editor.add_log(date(2026, 7, 1), "call", "backdated")
    assert not editor.add_log(DAY, "coffee", "talked about her reorg #give")  # no duplicate
    assert editor.lines[14:19] == [
        "## Log",
        "- 2026-11-22 coffee: talked about her reorg #give",
        "- 2026-09-14 coffee: her team is reorganizing",
        "- 2026-07-01 call: backdated",
        "- 2026-06-02 email: congratulated her",
    ]


def test_add_log_oldest_first(tmp_path: Path) -> None:
    note(tmp_path, "# J\n\n## Log\n- 2026-01-01 call: a\n- 2026-03-01 call: b\n\n## Other\nx\n")
    editor = edit(tmp_path)
    editor.add_log(DAY, "note", "c")
    editor.add_log(date(2026, 2, 1), "note", "mid")
    editor.add_log(date(2025, 1, 1), "note", "first")
    editor.save()
    assert (tmp_path / "People/Jane Doe.md").read_text() == (
        "# J\n\n## Log\n- 2025-01-01 note: first\n- 2026-01-01 call: a\n"
        "- 2026-02-01 note: mid\n- 2026-03-01 call: b\n- 2026-11-22 note: c\n\n## Other\nx\n"
    )


def test_add_log_keeps_sub_bullets_with_their_entry(tmp_path: Path) -> None:
    # newest first, the new entry older than all: it goes after the last entry's sub-bullets
    note(
        tmp_path,
        "## Log\n- 2026-09-14 coffee: second\n  - she mentioned the reorg\n"
        "    - and a detail\n- 2026-06-02 email: first\n  - 2026-06-03 call: a dated sub-bullet\n"
        "lazy continuation of that sub-bullet\n\n  - after a blank, still hers\n\n## Other\n",
    )
    editor = edit(tmp_path)
    editor.add_log(date(2026, 1, 1), "note", "new")
    editor.add_log(date(2026, 6, 2), "note", "same day")
    assert editor.lines == [
        "## Log",
        "- 2026-09-14 coffee: second",
        "  - she mentioned the reorg",
        "    - and a detail",
        "- 2026-06-02 note: same day",
        "- 2026-06-02 email: first",
        "  - 2026-06-03 call: a dated sub-bullet",
        "lazy continuation of that sub-bullet",
        "",
        "  - after a blank, still hers",
        "- 2026-01-01 note: new",
        "",
        "## Other",
    ]


def test_add_log_oldest_first_goes_after_sub_bullets(tmp_path: Path) -> None:
    # the reviewer's case: the new line must not land between an entry and its sub-bullets
    note(
        tmp_path,
        "## Log\n- 2026-06-02 email: first\n- 2026-09-14 coffee: second\n"
        "  - she mentioned the reorg\n",
    )
    editor = edit(tmp_path)
    editor.add_log(DAY, "note", "new")
    editor.add_log(date(2026, 7, 1), "note", "between")
    assert editor.lines == [
        "## Log",
        "- 2026-06-02 email: first",
        "- 2026-07-01 note: between",
        "- 2026-09-14 coffee: second",
        "  - she mentioned the reorg",
        "- 2026-11-22 note: new",
    ]


def test_add_log_creates_section_at_the_end(tmp_path: Path) -> None:
    note(tmp_path, "---\r\na: 1\r\n---\r\n# Jane\r\n\r\n## Notes\r\n- likes tea")
    editor = edit(tmp_path)
    editor.add_log(DAY, "coffee", "hi")
    editor.save()
    assert (tmp_path / "People/Jane Doe.md").read_bytes() == (
        b"---\r\na: 1\r\n---\r\n# Jane\r\n\r\n## Notes\r\n- likes tea\r\n\r\n"
        b"## Log\r\n- 2026-11-22 coffee: hi"
    )


def test_add_log_into_an_empty_section_and_ignores_fenced_headings(tmp_path: Path) -> None:
    note(tmp_path, "```\n## Log\n```\n## Log\n\n## Next\n")
    editor = edit(tmp_path)
    editor.add_log(DAY, "call", "x")
    assert editor.lines == ["```", "## Log", "```", "## Log", "- 2026-11-22 call: x", "", "## Next"]


def test_add_log_refuses_a_bad_kind(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    with pytest.raises(RefusedEdit, match="a log kind is one word"):
        edit(tmp_path).add_log(DAY, "two words", "x")


def test_add_follow_up_appends_or_creates_before_log(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    assert editor.add_follow_up("Send the deck", date(2026, 11, 28))
    assert not editor.add_follow_up("Send the deck", date(2026, 11, 28))
    assert editor.lines[12:15] == [
        "- [ ] Send the Kubernetes notes 📅 2026-11-25",
        "- [ ] Send the deck 📅 2026-11-28",
        "",
    ]
    note(tmp_path, "# J\n\n## Log\n- 2026-01-01 call: a\n")
    editor = edit(tmp_path)
    editor.add_follow_up("Call back", DAY)
    assert editor.lines == [
        "# J",
        "",
        "## Follow-ups",
        "- [ ] Call back 📅 2026-11-22",
        "",
        "## Log",
        "- 2026-01-01 call: a",
    ]


def test_append_to_section(tmp_path: Path) -> None:
    note(tmp_path, "# J\n## Notes\n- a\n\n## Log\n")
    editor = edit(tmp_path)
    assert editor.append_to_section("## Notes", "- b")
    assert not editor.append_to_section("Notes", "- a")
    assert editor.append_to_section("Ideas", "- c")
    assert editor.lines == ["# J", "## Notes", "- a", "- b", "", "## Log", "", "## Ideas", "- c"]


def test_check_task(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    assert editor.check_task(12, DAY)
    assert editor.lines[12] == "- [x] Send the Kubernetes notes 📅 2026-11-25 ✅ 2026-11-22"
    assert not editor.check_task(12, DAY)
    with pytest.raises(RefusedEdit, match=r"People/Jane Doe.md:10: not a task: '# Jane Doe'"):
        editor.check_task(9, DAY)


# Saving ----------------------------------------------------------------------------------------


def test_save_refuses_a_file_changed_since_open(tmp_path: Path) -> None:
    path = note(tmp_path, JANE)
    editor = edit(tmp_path)
    editor.add_log(DAY, "coffee", "x")
    path.write_text(JANE + "- typed in Obsidian meanwhile\n")
    with pytest.raises(FileChangedOnDisk, match="changed on disk since vaultnet read it"):
        editor.save()
    assert path.read_text() == JANE + "- typed in Obsidian meanwhile\n"


def test_save_refuses_a_deleted_file(tmp_path: Path) -> None:
    path = note(tmp_path, JANE)
    editor = edit(tmp_path)
    editor.add_log(DAY, "coffee", "x")
    path.unlink()
    with pytest.raises(FileChangedOnDisk, match="was deleted while vaultnet was editing it"):
        editor.save()
    assert not path.exists()


def test_save_refuses_read_only_and_failed_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = note(tmp_path, JANE)
    editor = edit(tmp_path)
    editor.add_log(DAY, "coffee", "x")
    os.chmod(path, 0o444)
    with pytest.raises(RefusedEdit, match="is read-only"):
        editor.save()
    os.chmod(path, 0o644)

    def io_error(a: str, b: str) -> bool:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(editing.os, "replace", io_error)
    monkeypatch.setattr(atomic, "exchange", io_error)
    with pytest.raises(WriteFailed, match="I/O error"):
        editor.save()
    assert path.read_text() == JANE


def test_save_verifies_frontmatter_after_raw_edits(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    editor.replace_lines(3, 4, ['company: "Globex"'])  # a raw edit changing a value silently
    with pytest.raises(RefusedEdit, match="the edit would change company unexpectedly"):
        editor.save()
    editor.replace_lines(3, 4, ["company: [broken"])
    with pytest.raises(RefusedEdit, match="the edit would break the frontmatter"):
        editor.save()


def test_save_all_checks_every_note_first(tmp_path: Path) -> None:
    jane = note(tmp_path, JANE)
    bob = note(tmp_path, "# Bob\n", "People/Bob.md")
    editors = [edit(tmp_path), edit(tmp_path, "People/Bob.md")]
    for editor in editors:
        editor.add_log(DAY, "call", "x")
    bob.write_text("# Bob\ntyped meanwhile\n")
    with pytest.raises(FileChangedOnDisk, match=r"People/Bob\.md changed on disk"):
        save_all(editors)
    assert jane.read_text() == JANE
    editors[1] = edit(tmp_path, "People/Bob.md")
    editors[1].replace_lines(0, 0, ["---", "a: [broken", "---"])
    with pytest.raises(RefusedEdit, match=r"People/Bob\.md: the edit would break the frontmatter"):
        save_all(editors)
    assert jane.read_text() == JANE
    editors[1] = edit(tmp_path, "People/Bob.md")
    assert save_all(editors) == [True, False]
    assert "- 2026-11-22 call: x\n" in jane.read_text()
    assert save_all([]) == []


def test_save_returns_false_when_nothing_changed(tmp_path: Path) -> None:
    path = note(tmp_path, JANE)
    before = path.stat().st_mtime_ns
    editor = edit(tmp_path)
    editor.move_last_contact(date(2020, 1, 1))
    assert editor.save() is False
    assert path.stat().st_mtime_ns == before


def test_replace_lines_keeps_each_lines_own_ending(tmp_path: Path) -> None:
    note(tmp_path, "a\r\nb\nc")
    editor = edit(tmp_path)
    editor.replace_lines(1, 2, ["B"])
    editor.insert_lines(3, ["d"])
    assert editor.text == "a\r\nB\nc\nd"
    editor.replace_lines(2, 4, [])
    assert editor.text == "a\r\nB"


# The intended effect, read back (issue 16 items 3 and 13) ------------------------------------


def test_log_into_a_note_ending_in_an_open_code_fence_is_refused(tmp_path: Path) -> None:
    text = "---\ncompany: Acme\n---\n# Jane\n\nSome code:\n```python\nprint('hi')\n"
    path = note(tmp_path, text)
    editor = edit(tmp_path)
    assert editor.add_log(DAY, "coffee", "talked #give")
    with pytest.raises(RefusedEdit, match=r"People/Jane Doe\.md:7: this code fence never closes"):
        editor.save()
    assert path.read_text() == text


def test_a_follow_up_that_would_be_code_is_refused(tmp_path: Path) -> None:
    text = "# Jane\n\n~~~\nnotes\n"
    note(tmp_path, text)
    editor = edit(tmp_path)
    editor.add_follow_up("send the notes", DAY)
    with pytest.raises(RefusedEdit, match=r":3: this code fence never closes"):
        editor.save()


def test_a_closed_fence_is_fine_and_the_line_reads_back(tmp_path: Path) -> None:
    note(tmp_path, "# Jane\n\n```\n## Log\n- 2026-01-01 x: in code\n```\n")
    editor = edit(tmp_path)
    editor.add_log(DAY, "coffee", "real")
    assert editor.save()
    from vaultnet.notes.parse import parse_note

    parsed = parse_note("People/Jane Doe.md", (tmp_path / "People/Jane Doe.md").read_text())
    assert [(e.date, e.text) for e in parsed.log] == [("2026-11-22", "real")]


def test_a_tick_then_a_log_line_above_it_both_read_back(tmp_path: Path) -> None:
    note(tmp_path, JANE)
    editor = edit(tmp_path)
    task = next(i for i, line in enumerate(editor.lines) if line.startswith("- [ ]"))
    assert editor.check_task(task, DAY)
    editor.add_log(DAY, "call", "x")
    assert editor.save()


CONFLICTED = """\
---
company: Acme
---
# Jane

## Log
<<<<<<< HEAD
- 2026-11-20 call: mine
=======
- 2026-11-21 call: theirs
>>>>>>> other
"""


def test_a_note_with_merge_conflict_markers_is_not_edited(tmp_path: Path) -> None:
    path = note(tmp_path, CONFLICTED)
    with pytest.raises(RefusedEdit, match=r"People/Jane Doe\.md:7: unresolved merge conflict"):
        edit(tmp_path)
    assert path.read_text() == CONFLICTED


def test_merge_conflict_markers_are_problems_in_the_frontmatter_too() -> None:
    from vaultnet.notes.parse import parse_note

    text = "---\n<<<<<<< HEAD\ncompany: A\n=======\ncompany: B\n>>>>>>> b\n---\n" + CONFLICTED
    problems = [(p.line, p.message) for p in parse_note("x.md", text).problems]
    assert (2, "unresolved merge conflict") in problems
    assert (14, "unresolved merge conflict") in problems
    # a setext heading (text, then =======) is not a conflict
    assert not parse_note("y.md", "Title\n=======\n").problems
