"""`prep`, `intro`, `newsletter` and `templates` end to end on a copy of the sample vault, with
golden files for every packaged preparing template.

Golden files live in tests/golden/. After an intended change to a template, regenerate them with
`VAULTNET_REGEN=1 python -m pytest tests/test_prepare_cli.py` and review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.golden import assert_golden, in_another_process
from vaultnet.notes.parse import parse_note

Run = Callable[..., Result]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".vaultnet" not in p.parts
    }


def only_inserted(before: bytes, after: bytes) -> list[str]:
    """The lines `after` adds to `before`; fails if anything else changed."""
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added.extend(new[j1:j2])
    return added


# Golden files ----------------------------------------------------------------------------------
GOLDEN_CASES = [
    ("prep-jane.md", ["prep", "jane"]),
    ("prep-wei.md", ["prep", "Wei Zhang"]),
    ("informational-jane.md", ["prep", "jane", "--template", "informational"]),
    ("informational-wei.md", ["prep", "Wei Zhang", "--template", "informational"]),
    ("followup-jane.md", ["prep", "jane", "--template", "followup"]),
    ("followup-carlos.md", ["prep", "carlos", "--template", "followup"]),
    ("followup-wei.md", ["prep", "Wei Zhang", "--template", "followup"]),
    (
        "intro-jane-carlos.md",
        ["intro", "jane", "Carlos Diaz", "--reason", "both hiring platform engineers"],
    ),
    ("intro-wei-sam.md", ["intro", "Wei Zhang", "Sam Patterson"]),
    ("newsletter-core.md", ["newsletter", "--circle", "core"]),
    ("newsletter-brightline.md", ["newsletter", "--company", "brightline"]),
]


@pytest.mark.parametrize(("name", "args"), GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(run: Run, name: str, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert_golden(name, result.stdout)


def check_rendering(run: Run, vault_dir: Path) -> None:
    """A rendering gives its golden bytes, here and in a process with another hash seed."""
    assert_golden("prep-jane.md", run("prep", "jane").stdout)
    other = in_another_process(
        "-m", "vaultnet", "--vault", str(vault_dir), "--today", "2026-11-22", "prep", "jane"
    )
    assert_golden("prep-jane.md", other)


def test_rendering_is_deterministic(run: Run, vault_dir: Path) -> None:
    check_rendering(run, vault_dir)


def test_a_wall_clock_value_in_a_rendering_fails_that_check(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet.templating.environment import Templates

    monkeypatch.delenv("VAULTNET_REGEN", raising=False)  # never write the clock into a golden
    real = Templates.render

    def with_the_time(self: Templates, name: str, context: Any) -> str:
        return real(self, name, context) + f"made at {datetime.now():%H:%M:%S.%f}\n"

    monkeypatch.setattr(Templates, "render", with_the_time)
    with pytest.raises(AssertionError, match=r"prep-jane\.md differs"):
        check_rendering(run, vault_dir)


# prep --------------------------------------------------------------------------------------------
def test_prep_note_writes_a_meeting_note_and_nothing_else(run: Run, vault_dir: Path) -> None:
    before = snapshot(vault_dir)
    result = run("prep", "jane", "--template", "informational", "--note")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Wrote Meetings/2026-11-22 Jane Doe.md\n"
    after = snapshot(vault_dir)
    assert set(after) - set(before) == {"Meetings/2026-11-22 Jane Doe.md"}
    assert all(after[k] == v for k, v in before.items())
    text = after["Meetings/2026-11-22 Jane Doe.md"].decode("utf-8")
    assert text.startswith(
        '---\ndate: 2026-11-22\ntype: informational\nwith: ["[[Jane Doe]]"]\n---\n'
        "# Informational interview: Jane Doe — 2026-11-22\n"
    )
    # the body is the rendered template, byte for byte
    rendered = run("prep", "jane", "--template", "informational").stdout
    assert text.split("---\n", 2)[2] == rendered


def test_prep_note_is_a_meeting_record_without_new_follow_ups_or_gives(
    run: Run, vault_dir: Path
) -> None:
    shown_before = json.loads(run("show", "jane", "--json").stdout)
    assert run("prep", "jane", "--note").exit_code == 0
    note = parse_note(
        "Meetings/2026-11-22 Jane Doe.md",
        (vault_dir / "Meetings/2026-11-22 Jane Doe.md").read_text(encoding="utf-8"),
    )
    assert note.kind == "interaction"
    assert note.tasks == [] and note.log == [] and note.problems == []
    shown = json.loads(run("show", "jane", "--json").stdout)
    assert shown["last_contact"] == "2026-11-22"
    assert shown["history"][0]["text"] == "[[2026-11-22 Jane Doe]]"
    assert shown["history"][0]["kind"] == "meeting"
    assert shown["open_tasks"] == shown_before["open_tasks"]
    assert (shown["gives"], shown["asks"]) == (shown_before["gives"], shown_before["asks"])


def test_second_prep_note_gets_a_suffix(run: Run, vault_dir: Path) -> None:
    first = vault_dir / "Meetings/2026-11-22 Jane Doe.md"
    assert run("prep", "jane", "--note").exit_code == 0
    kept = first.read_bytes()
    result = run("prep", "jane", "--note", "--type", "coffee", "--date", "tomorrow")
    assert result.stdout == "Wrote Meetings/2026-11-23 Jane Doe.md\n"
    result = run("prep", "jane", "--note", "--type", "Coffee")
    assert result.stdout == "Wrote Meetings/2026-11-22 Jane Doe (2).md\n"
    assert run("prep", "jane", "--note").stdout == "Wrote Meetings/2026-11-22 Jane Doe (3).md\n"
    assert first.read_bytes() == kept
    second = (vault_dir / "Meetings/2026-11-22 Jane Doe (2).md").read_text(encoding="utf-8")
    assert "\ntype: coffee\n" in second


def test_prep_out_writes_a_file(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "prep.md"
    result = run("prep", "jane", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == run("prep", "jane").stdout


OUT_COMMANDS = [
    ["prep", "jane"],
    ["intro", "jane", "Carlos Diaz"],
    ["newsletter", "--circle", "core"],
    ["newsletter", "--circle", "core", "--bcc"],
]


@pytest.mark.parametrize("command", OUT_COMMANDS)
def test_out_replaces_an_existing_file_only_with_force(
    run: Run, tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / "draft.md"
    out.write_text("my own draft\n")
    refused = run(*command, "--out", str(out))
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {out} already exists; add --force to replace it\n"
    assert out.read_text() == "my own draft\n"
    forced = run(*command, "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert forced.stderr.startswith(f"Wrote {out}\n")
    assert out.read_text(encoding="utf-8") == run(*command).stdout


@pytest.mark.parametrize("command", OUT_COMMANDS)
def test_out_never_replaces_a_note_of_the_vault(
    run: Run, vault_dir: Path, tmp_path: Path, command: list[str]
) -> None:
    before = snapshot(vault_dir)
    jane = vault_dir / "People/Jane Doe.md"
    link = tmp_path / "link.md"
    link.symlink_to(jane)  # also not through a symlink from outside the vault
    for out in (jane, vault_dir / "Due.md", link):
        if out.name == "Due.md":
            out.write_text("# Due\n")
            before = snapshot(vault_dir)
        for force in ([], ["--force"]):
            result = run(*command, "--out", str(out), *force)
            assert result.exit_code == 1
            assert result.stderr == (
                f"Error: {out} is a note of the vault; --out never replaces a note "
                "(write it elsewhere)\n"
            )
    assert snapshot(vault_dir) == before


def test_out_write_failures_are_clear_errors(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet.notes import editor as editing

    missing = tmp_path / "no such folder" / "prep.md"
    result = run("prep", "jane", "--out", str(missing))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: could not write {missing}: No such file or directory; nothing written\n"
    )
    out = tmp_path / "prep.md"
    out.write_text("old\n")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("vaultnet.fs.atomic.exchange_available", False)
    monkeypatch.setattr(editing.os, "replace", full_disk)
    result = run("prep", "jane", "--out", str(out), "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: could not write {out}: No space left on device; the original is untouched\n"
    )
    assert out.read_text() == "old\n"
    fresh = tmp_path / "fresh.md"
    result = run("prep", "jane", "--out", str(fresh))
    assert result.stderr == (
        f"Error: could not write {fresh}: No space left on device; nothing written\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith((".md", ".tmp"))) == [
        "prep.md"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prep", "jane", "--note", "--out", "x.md"], "Error: use --note or --out, not both\n"),
        (["prep", "jane", "--force"], "Error: --force only goes with --out\n"),
        (["newsletter", "--force"], "Error: --force only goes with --out\n"),
        (["intro", "jane", "bob", "--force"], "Error: --force only goes with --out\n"),
        (
            ["prep", "jane", "--note", "--type", "long talk"],
            "Error: --type must be one word like coffee, call or meeting, not 'long talk'\n",
        ),
        (
            ["prep", "jane", "--date", "someday"],
            "Error: --date must be a date like 2026-11-20, today, yesterday, tomorrow or 3d ago "
            "(d, w, m or y), not 'someday'\n",
        ),
    ],
)
def test_prep_usage_errors(run: Run, vault_dir: Path, args: list[str], message: str) -> None:
    before = snapshot(vault_dir)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert snapshot(vault_dir) == before


def test_unknown_template_lists_the_available_ones(run: Run) -> None:
    result = run("prep", "jane", "--template", "coffee")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no template named 'coffee'. Available: due, followup, informational, intro, "
        "newsletter, person, prep\n"
    )


def test_context_is_json(run: Run) -> None:
    result = run("prep", "jane", "--context")
    context = json.loads(result.stdout)
    assert context["person"]["name"] == "Jane Doe"
    assert context["person"]["follow_ups"][0] == {
        "text": "Send the Kubernetes notes",
        "due": "2026-11-25",
        "days": 3,
        "overdue": False,
        "owed_by": "you",
        "source": "People/Jane Doe.md",
        "source_title": "Jane Doe",
        "in_their_note": True,
    }
    assert [m["name"] for m in context["could_introduce"]] == ["Lena Fischer"]


# A person with almost nothing on file ------------------------------------------------------------
BARE = "People/Solo.md"


@pytest.mark.parametrize("template", ["prep", "informational", "followup"])
def test_bare_person_renders_sensibly(run: Run, vault_dir: Path, template: str) -> None:
    (vault_dir / BARE).write_text("# Solo\n", encoding="utf-8")
    result = run("prep", "solo", "--template", template)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "None" not in text
    assert "[[]]" not in text and "()" not in text
    assert "\n\n\n" not in text
    lines = text.splitlines()
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        assert line.strip() not in ("-", "- [ ]", ":"), repr(line)
        if line.endswith(":") and not line.startswith("#"):
            assert following.strip(), f"nothing under {line!r}"
        if line.startswith("## ") and line != "## Meeting notes":
            assert following.strip() and not following.startswith("#"), f"empty {line!r}"


def test_bare_people_introduced(run: Run, vault_dir: Path) -> None:
    (vault_dir / BARE).write_text("# Solo\n", encoding="utf-8")
    (vault_dir / "People/Duo.md").write_text("", encoding="utf-8")
    result = run("intro", "solo", "duo")
    assert result.exit_code == 0, result.output
    assert "None" not in result.stdout
    assert (
        "I would like to introduce you to Duo. I think you would enjoy meeting each other.\n"
        in (result.stdout)
    )
    assert "- [[Solo]]: 0 gives, 0 asks; no email on file\n" in result.stdout


# intro -------------------------------------------------------------------------------------------
def test_intro_log_adds_one_line_to_each_note(run: Run, vault_dir: Path) -> None:
    before = snapshot(vault_dir)
    draft = run("intro", "jane", "Carlos Diaz", "--reason", "both hiring platform engineers").stdout
    result = run(
        "intro", "jane", "Carlos Diaz", "--reason", "both hiring  platform\nengineers", "--log"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "Logged in People/Jane Doe.md\nLogged in People/Carlos Diaz.md\n"
    assert result.stdout == draft  # the draft is printed too (before the log lines are added)
    after = snapshot(vault_dir)
    changed = {k for k in before if after[k] != before[k]}
    assert changed == {"People/Jane Doe.md", "People/Carlos Diaz.md"}
    assert set(after) == set(before)
    assert only_inserted(before["People/Jane Doe.md"], after["People/Jane Doe.md"]) == [
        "- 2026-11-22 intro: introduced to [[Carlos Diaz]]: both hiring platform engineers "
        "#intro #give\n"
    ]
    assert only_inserted(before["People/Carlos Diaz.md"], after["People/Carlos Diaz.md"]) == [
        "- 2026-11-22 intro: introduced to [[Jane Doe]]: both hiring platform engineers "
        "#intro #give\n"
    ]
    # again: nothing more
    again = run(
        "intro", "jane", "Carlos Diaz", "--reason", "both hiring platform engineers", "--log"
    )
    assert again.stderr == (
        "Already logged in People/Jane Doe.md\nAlready logged in People/Carlos Diaz.md\n"
    )
    assert snapshot(vault_dir) == after
    shown = json.loads(run("show", "jane", "--json").stdout)
    assert shown["gives"] == 2


def test_intro_log_checks_both_notes_before_writing_either(run: Run, vault_dir: Path) -> None:
    before = snapshot(vault_dir)
    os.chmod(vault_dir / "People/Carlos Diaz.md", 0o444)
    result = run("intro", "jane", "Carlos Diaz", "--log")
    assert result.exit_code == 1
    assert result.stderr == "Error: People/Carlos Diaz.md is read-only; not changing it\n"
    assert snapshot(vault_dir) == before


def test_intro_log_without_reason(run: Run, vault_dir: Path) -> None:
    before = (vault_dir / "People/Wei Zhang.md").read_bytes()
    assert run("intro", "wei", "sam", "--log").exit_code == 0
    after = (vault_dir / "People/Wei Zhang.md").read_bytes()
    assert only_inserted(before, after) == [
        "\n",
        "## Log\n",
        "- 2026-11-22 intro: introduced to [[Sam Patterson]] #intro #give\n",
    ]


def test_intro_with_themself(run: Run, vault_dir: Path) -> None:
    before = snapshot(vault_dir)
    result = run("intro", "jane", "Janie", "--log")
    assert result.exit_code == 2
    assert result.stderr == "Error: cannot introduce Jane Doe to themself ('jane' and 'Janie')\n"
    assert snapshot(vault_dir) == before


def test_intro_unknown_person(run: Run) -> None:
    result = run("intro", "jane", "Nobody Atall")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no person named 'Nobody Atall'")


# newsletter --------------------------------------------------------------------------------------
def test_newsletter_bcc_only(run: Run) -> None:
    result = run("newsletter", "--tag", "mentor", "--bcc")
    assert result.exit_code == 0
    assert result.stdout == (
        "bob.smith@summitdata.example, jane@acme.example, margaret.ellis@colorado.example, "
        "priya@lumenhealth.example\n"
    )
    assert result.stderr == "4 people in the segment (tag mentor): 4 emails, 0 without.\n"


def test_newsletter_unique_emails_and_bad_ones(run: Run, vault_dir: Path) -> None:
    (vault_dir / "People/Twin.md").write_text(
        "---\ncircle: core\nemail: JANE@acme.example\n---\n", encoding="utf-8"
    )
    (vault_dir / "People/Nomail.md").write_text(
        "---\ncircle: core\nemail: n/a\n---\n", encoding="utf-8"
    )
    context = json.loads(run("newsletter", "--circle", "core", "--context").stdout)
    assert context["bcc"].count("jane@acme.example") == 1
    assert "JANE@acme.example" not in context["bcc"]
    assert context["bcc"] == sorted(context["bcc"], key=str.lower)
    assert [(m["name"], m["email"]) for m in context["missing_email"]] == [("Nomail", "n/a")]
    text = run("newsletter", "--circle", "core").stdout
    assert text.endswith(
        "No usable email for 1 person; add `email:` to their notes:\n- [[Nomail]] (has n/a)\n"
    )


def test_newsletter_leaves_out_people_not_met_or_opted_out(run: Run) -> None:
    context = json.loads(run("newsletter", "--context").stdout)
    names = {p["name"] for p in context["people"]}
    assert "Greg Halvorsen" not in names  # cadence: never
    assert "Lena Fischer" not in names  # stage: want
    assert context["segment"] == "everyone"


def test_newsletter_empty_segment(run: Run) -> None:
    result = run("newsletter", "--company", "No Such Company")
    assert result.exit_code == 0
    assert "No one in this segment (company No Such Company) has an email address yet.\n" in (
        result.stdout
    )


# templates ---------------------------------------------------------------------------------------
def test_templates_lists_packaged_and_vault(run: Run, vault_dir: Path) -> None:
    folder = vault_dir / "Templates/vaultnet"
    folder.mkdir(parents=True)
    (folder / "prep.md.j2").write_text("My prep for {{ person.name }}\n", encoding="utf-8")
    (folder / "coffee.md.j2").write_text("Coffee with {{ person.first_name }}\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a template\n", encoding="utf-8")
    result = run("templates")
    assert result.stdout == (
        "Name           From                       File\n"
        "-------------  -------------------------  --------------------------------------\n"
        "coffee         vault                      Templates/vaultnet/coffee.md.j2\n"
        "due            packaged                   vaultnet/templates/due.md.j2\n"
        "followup       packaged                   vaultnet/templates/followup.md.j2\n"
        "informational  packaged                   vaultnet/templates/informational.md.j2\n"
        "intro          packaged                   vaultnet/templates/intro.md.j2\n"
        "newsletter     packaged                   vaultnet/templates/newsletter.md.j2\n"
        "person         packaged                   vaultnet/templates/person.md.j2\n"
        "prep           vault, overrides packaged  Templates/vaultnet/prep.md.j2\n"
    )
    # the vault override wins, and a vault-only template works with the prep context
    assert run("prep", "jane").stdout == "My prep for Jane Doe\n"
    assert run("prep", "jane", "--template", "coffee").stdout == "Coffee with Jane\n"
    listed = json.loads(run("templates", "--json").stdout)
    assert listed[-1] == {
        "name": "prep",
        "origin": "vault",
        "path": "Templates/vaultnet/prep.md.j2",
        "overrides": True,
    }


def test_templates_show_and_copy(run: Run, vault_dir: Path) -> None:
    from vaultnet.templating.environment import packaged_folder

    packaged = packaged_folder().joinpath("prep.md.j2").read_text(encoding="utf-8")
    assert run("templates", "--show", "prep").stdout == packaged
    result = run("templates", "--copy", "prep")
    assert result.exit_code == 0
    assert result.stdout == (
        "Wrote Templates/vaultnet/prep.md.j2: edit it; vaultnet now uses it instead of the "
        "packaged one.\n"
    )
    copied = vault_dir / "Templates/vaultnet/prep.md.j2"
    assert copied.read_text(encoding="utf-8") == packaged
    copied.write_text("edited\n", encoding="utf-8")
    again = run("templates", "--copy", "prep")
    assert again.exit_code == 1
    assert again.stderr == (
        "Error: Templates/vaultnet/prep.md.j2 already exists; edit it there (not overwriting it)\n"
    )
    assert copied.read_text(encoding="utf-8") == "edited\n"
    assert run("prep", "jane").stdout == "edited\n"
    missing = run("templates", "--copy", "coffee")
    assert missing.stderr.startswith("Error: no packaged template named 'coffee'. Packaged: ")


def test_a_broken_vault_template_is_a_clear_error(run: Run, vault_dir: Path) -> None:
    folder = vault_dir / "Templates/vaultnet"
    folder.mkdir(parents=True)
    (folder / "prep.md.j2").write_text("# {{ person.name }}\n{% for x in %}\n", encoding="utf-8")
    result = run("prep", "jane")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Templates/vaultnet/prep.md.j2:2: syntax error: Expected an expression, "
        "got 'end of statement block'\n"
    )
    (folder / "prep.md.j2").write_text("a\nb\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    result = run("prep", "jane", "--note")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Templates/vaultnet/prep.md.j2:3: refused by the template sandbox: access to "
        "attribute '__class__' of 'str' object is unsafe.\n"
    )
    assert not (vault_dir / "Meetings/2026-11-22 Jane Doe.md").exists()


@pytest.mark.parametrize("command", ["prep", "intro", "newsletter", "templates"])
def test_commands_have_help_and_a_readme_section(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and "--" in result.stdout
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"### `{command}" in readme


def test_intro_log_keeps_crlf_and_bom(run: Run, vault_dir: Path) -> None:
    jane = vault_dir / "People/Jane Doe.md"
    original = b"\xef\xbb\xbf" + jane.read_bytes().replace(b"\n", b"\r\n")
    jane.write_bytes(original)
    assert run("intro", "jane", "carlos", "--log").exit_code == 0
    assert only_inserted(original, jane.read_bytes()) == [
        "- 2026-11-22 intro: introduced to [[Carlos Diaz]] #intro #give\r\n"
    ]
