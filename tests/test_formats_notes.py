"""The text of notes an import creates, and the batch creation of new notes (whole or absent,
never overwriting)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vaultnet.actions.imports import Target, note_text
from vaultnet.errors import RefusedEdit
from vaultnet.notes.create import create_notes
from vaultnet.notes.parse import parse_note


def test_new_note_text_without_values() -> None:
    target = Target("People/Ada.md", "Ada", {}, new=True)
    assert note_text(target) == "# Ada\n\n## Notes\n\n## Follow-ups\n\n## Log\n"


# create_notes ------------------------------------------------------------------------------------


def test_create_notes_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "People").mkdir()
    (tmp_path / "People/Old.md").write_text("mine\n")
    results = create_notes(
        tmp_path,
        [
            ("People/New.md", "# New\n"),
            ("People/Old.md", "# Old\n"),
            ("People/New.md", "# Twice\n"),
            ("../outside.md", "# Out\n"),
            ("People/Bad.md", "---\na: [\n---\n"),
            ("Deep/Folder/Made.md", "# Made\n"),
        ],
    )
    assert results[0] == (tmp_path / "People/New.md").resolve()
    assert [str(r) if isinstance(r, Exception) else "ok" for r in results[1:]] == [
        "People/Old.md already exists; not overwriting it",
        "People/New.md already exists; not overwriting it",
        f"../outside.md is outside the vault; vaultnet only writes inside {tmp_path.resolve()}",
        "the new note People/Bad.md would have invalid frontmatter; not written",
        "ok",
    ]
    assert (tmp_path / "People/Old.md").read_text() == "mine\n"
    assert (tmp_path / "People/New.md").read_text() == "# New\n"
    assert (tmp_path / "Deep/Folder/Made.md").read_text() == "# Made\n"
    assert not (tmp_path.parent / "outside.md").exists()
    leftovers = [p.name for p in tmp_path.rglob(".*.tmp")]
    assert leftovers == []


def test_create_notes_failure_leaves_others_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def flaky_link(src: str, dst: str | Path) -> None:
        if str(dst).endswith("B.md"):
            raise OSError(28, "No space left on device")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", flaky_link)
    monkeypatch.setattr("vaultnet.fs.atomic.exchange_available", False)
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "full")))
    results = create_notes(tmp_path, [("A.md", "# A\n"), ("B.md", "# B\n"), ("C.md", "# C\n")])
    assert str(results[1]) == "could not write B.md: full"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A.md", "C.md"]
    assert (tmp_path / "C.md").read_text() == "# C\n"


def test_create_notes_refuses_unsafe_names(tmp_path: Path) -> None:
    (result,) = create_notes(tmp_path, [("People/a:b.md", "# x\n")])
    assert isinstance(result, RefusedEdit)


@pytest.mark.parametrize(
    "text",
    [
        "# no frontmatter\n",
        "---\na: 1\n---\nbody\n",
        "---\r\na: 1\r\n---\r\n",
        "\ufeff---\na: [\n---\n",
        "---\na: [\n---\n",
        "---\na: 1\n",
        "---\n- a\n- b\n---\n",
        "---\n---\n",
        "---\nempty: \n...\n",
    ],
)
def test_batch_frontmatter_check_agrees_with_the_parser(text: str) -> None:
    from vaultnet.notes.create import frontmatter_loads

    assert frontmatter_loads(text) == parse_note("People/x.md", text).frontmatter_ok
