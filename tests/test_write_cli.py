"""`vaultnet add` and `vaultnet log` end to end, on a copy of the sample vault."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests import forks
from vaultnet.notes.parse import parse_note

Run = Callable[..., Result]

JANE = "People/Jane Doe.md"


def read(vault_dir: Path, rel: str) -> str:
    return (vault_dir / rel).read_text(encoding="utf-8")


def lines_added(before: str, after: str) -> list[str]:
    """The lines of `after` not in `before` (the notes here have no repeated lines)."""
    old = before.splitlines()
    return [line for line in after.splitlines() if line not in old]


# add ---------------------------------------------------------------------------------------------


def test_add_from_the_issue(run: Run, vault_dir: Path) -> None:
    result = run(
        "add",
        "Maria Lopez",
        "--company",
        "Globex",
        "--role",
        "Design Lead",
        "--email",
        "maria@globex.example",
        "--circle",
        "core",
        "--tag",
        "design",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Created People/Maria Lopez.md\n"
    assert read(vault_dir, "People/Maria Lopez.md") == (
        "---\n"
        "tags: [design]\n"
        "circle: core\n"
        "company: Globex\n"
        "role: Design Lead\n"
        "email: maria@globex.example\n"
        "stage: connected\n"
        "---\n"
        "# Maria Lopez\n"
        "\n"
        "## Notes\n"
        "\n"
        "## Follow-ups\n"
        "\n"
        "## Log\n"
    )
    shown = run("show", "maria")
    assert shown.exit_code == 0
    assert "Globex" in shown.output


def test_add_quotes_values_so_they_round_trip(run: Run, vault_dir: Path) -> None:
    values = {
        "company": "Acme: Robotics",
        "role": '"quoted" #1, [lead]',
        "location": "yes",
        "phone": "0123",
        "ask": "a ' quote \\ and ☃",
        "offer": "- not a list",
    }
    args = [arg for key, value in values.items() for arg in (f"--{key}", value)]
    result = run(
        "add", "Ann O'Neil", *args, "--tag", "#a,b", "--alias", "Annie: A", "--status", "founder"
    )
    assert result.exit_code == 0, result.output
    note = parse_note("People/Ann O'Neil.md", read(vault_dir, "People/Ann O'Neil.md"))
    assert note.frontmatter_ok and not note.problems
    assert note.frontmatter == {
        "aliases": ["Annie: A"],
        "tags": ["a,b"],
        **values,
        "stage": "connected",
        "status": "founder",
    }


def test_add_links_introduced_by_and_checks_cadence(run: Run, vault_dir: Path) -> None:
    result = run("add", "Kim Lee", "--introduced-by", "janie", "--cadence", "6w")
    assert result.exit_code == 0, result.output
    text = read(vault_dir, "People/Kim Lee.md")
    assert 'introduced_by: "[[Jane Doe]]"\n' in text
    assert "cadence: 6w\n" in text
    bad = run("add", "Kim Two", "--cadence", "often")
    assert bad.exit_code == 2
    assert bad.output == "Error: --cadence must be like 14d, 6w, 3m, 1y or never, not 'often'\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "jane doe",
            "Error: 'jane doe' is already the name of Jane Doe (People/Jane Doe.md); "
            "not creating a second note\n",
        ),
        (
            "zoe muller",
            "Error: 'zoe muller' is already the name of Zoë Müller (People/Zoë Müller.md); "
            "not creating a second note\n",
        ),
        (
            "JANIE",
            "Error: 'JANIE' is already an alias of Jane Doe (People/Jane Doe.md); "
            "not creating a second note\n",
        ),
    ],
)
def test_add_refuses_an_existing_person(run: Run, name: str, message: str) -> None:
    result = run("add", name)
    assert result.exit_code == 1
    assert result.output == message


def test_add_refuses_an_alias_someone_has(run: Run, vault_dir: Path) -> None:
    result = run("add", "New Person", "--alias", "Bobby")
    assert result.exit_code == 1
    assert "'Bobby' is already an alias of Bob Smith (People/Bob Smith.md)" in result.output
    assert not (vault_dir / "People/New Person.md").exists()


@pytest.mark.parametrize(
    "name",
    [
        "a/b",
        "a\\b",
        "..",
        "../Evil",
        "x:y",
        "[[x]]",
        "a#b",
        "a^b",
        "a|b",
        "a*b",
        'a"b',
        "a<b",
        "a>b",
        "a?b",
        "a\x07b",
        "   ",
    ],
)
def test_add_refuses_unsafe_names(run: Run, vault_dir: Path, name: str) -> None:
    before = sorted(p.name for p in (vault_dir / "People").iterdir())
    result = run("add", name)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "file name" in result.output or "cannot be empty" in result.output
    assert sorted(p.name for p in (vault_dir / "People").iterdir()) == before
    assert not (vault_dir / "Evil.md").exists()


def test_add_uses_the_vault_template(run: Run, vault_dir: Path) -> None:
    folder = vault_dir / "Templates" / "vaultnet"
    folder.mkdir(parents=True)
    (folder / "person.md.j2").write_text(
        "---\ncompany: {{ company | yaml }}\nadded: {{ today }}\n---\n# {{ name }}\n"
    )
    result = run("add", "Tess Ng", "--company", "A: B", "--role", "CTO")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Warning: the person template does not write role; it was left out.\n"
        "Created People/Tess Ng.md\n"
    )
    assert read(vault_dir, "People/Tess Ng.md") == (
        '---\ncompany: "A: B"\nadded: 2026-11-22\n---\n# Tess Ng\n'
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{% if %}",
            "Error: Templates/vaultnet/person.md.j2:1: syntax error: Expected an expression",
        ),
        ("\n{{ nope }}", "Error: Templates/vaultnet/person.md.j2:2: 'nope' is undefined"),
        (
            "{{ ''.__class__.__mro__ }}",
            "Error: Templates/vaultnet/person.md.j2:1: refused by the template sandbox: "
            "access to attribute '__class__'",
        ),
        (
            '---\ncompany: "{{ company }}!"\n---\n',
            "Error: person.md.j2 wrote company as 'A: B!' instead of 'A: B'; pass it through "
            "the yaml filter. Nothing written\n",
        ),
        ("---\na: [\n---\n", "Error: person.md.j2 made invalid frontmatter (line 2"),
    ],
)
def test_add_reports_template_problems(
    run: Run, vault_dir: Path, template: str, message: str
) -> None:
    folder = vault_dir / "Templates" / "vaultnet"
    folder.mkdir(parents=True)
    (folder / "person.md.j2").write_text(template)
    result = run("add", "Tess Ng", "--company", "A: B")
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert not (vault_dir / "People/Tess Ng.md").exists()


# log ---------------------------------------------------------------------------------------------


def test_log_from_the_issue(run: Run, vault_dir: Path) -> None:
    before = read(vault_dir, JANE)
    bob_before = read(vault_dir, "People/Bob Smith.md")
    outputs = [
        run("log", "janie", "-m", "coffee, talked about her reorg", "--kind", "coffee"),
        run("log", "Jane Doe", "Bob Smith", "-m", "group lunch", "--date", "2026-11-20", "--give"),
        run(
            "log",
            "jane",
            "-m",
            "promised the Kubernetes notes",
            "--follow-up",
            "Send the Kubernetes notes",
            "--on",
            "2026-11-28",
        ),
        run("log", "jane", "-m", "asked for a referral", "--ask"),
    ]
    assert [r.exit_code for r in outputs] == [0, 0, 0, 0]
    assert "".join(r.output for r in outputs) == (
        "Logged for Jane Doe (People/Jane Doe.md)\n"
        "Logged for Jane Doe (People/Jane Doe.md)\n"
        "Logged for Bob Smith (People/Bob Smith.md)\n"
        "Logged for Jane Doe (People/Jane Doe.md); follow-up added\n"
        "Logged for Jane Doe (People/Jane Doe.md)\n"
    )
    after = read(vault_dir, JANE)
    expected = (
        before.replace("last_contact: 2026-09-14\n", "last_contact: 2026-11-22\n")
        .replace(
            "- [ ] Ask how the Costa Rica trip went 📅 2027-04-01\n",
            "- [ ] Ask how the Costa Rica trip went 📅 2027-04-01\n"
            "- [ ] Send the Kubernetes notes 📅 2026-11-28\n",
        )
        .replace(
            "## Log\n",
            "## Log\n"
            "- 2026-11-22 note: asked for a referral #ask\n"
            "- 2026-11-22 note: promised the Kubernetes notes\n"
            "- 2026-11-22 coffee: coffee, talked about her reorg\n"
            "- 2026-11-20 note: group lunch #give\n",
        )
    )
    assert after == expected
    bob = read(vault_dir, "People/Bob Smith.md")
    assert lines_added(bob_before, bob) == [
        "last_contact: 2026-11-20",
        "- 2026-11-20 note: group lunch #give",
    ]
    shown = run("show", "jane", "--json")
    assert '"last_contact": "2026-11-22"' in shown.output


def test_log_twice_is_idempotent(run: Run, vault_dir: Path) -> None:
    assert run("log", "jane", "-m", "hi").exit_code == 0
    once = read(vault_dir, JANE)
    again = run("log", "jane", "-m", "hi")
    assert again.exit_code == 0
    assert again.output == "Already logged for Jane Doe (People/Jane Doe.md)\n"
    assert read(vault_dir, JANE) == once


@pytest.mark.parametrize(
    ("when", "day"),
    [("yesterday", "2026-11-21"), ("3d ago", "2026-11-19"), ("1w ago", "2026-11-15")],
)
def test_log_relative_dates(run: Run, vault_dir: Path, when: str, day: str) -> None:
    assert run("log", "jane", "-m", "x", "--date", when).exit_code == 0
    text = read(vault_dir, JANE)
    assert f"## Log\n- {day} note: x\n" in text
    assert f"last_contact: {day}\n" in text


def test_log_never_moves_last_contact_backward_or_into_the_future(
    run: Run, vault_dir: Path
) -> None:
    assert run("log", "jane", "-m", "old", "--date", "2026-01-05").exit_code == 0
    assert run("log", "jane", "-m", "plan", "--date", "tomorrow").exit_code == 0
    text = read(vault_dir, JANE)
    assert "last_contact: 2026-09-14\n" in text
    assert "- 2026-11-23 note: plan\n- 2026-09-14 coffee:" in text
    assert (
        "- 2026-06-02 email: congratulated her on the promotion\n- 2026-01-05 note: old\n" in text
    )


def test_log_keeps_an_entry_with_its_sub_bullets(run: Run, vault_dir: Path) -> None:
    path = vault_dir / "People/Old First.md"
    path.write_text(
        "# Old First\n\n## Log\n- 2026-06-02 email: first\n- 2026-09-14 coffee: second\n"
        "  - she mentioned the reorg\n"
    )
    assert run("log", "Old First", "-m", "new").exit_code == 0
    assert path.read_text().endswith(
        "## Log\n- 2026-06-02 email: first\n- 2026-09-14 coffee: second\n"
        "  - she mentioned the reorg\n- 2026-11-22 note: new\n"
    )


def test_log_backdated_does_not_write_a_stale_last_contact(run: Run, vault_dir: Path) -> None:
    path = vault_dir / "People/No Field.md"
    path.write_text("# No Field\n\n## Log\n- 2026-03-01 call: spring\n")
    result = run("log", "no field", "-m", "long ago", "--date", "2020-01-01")
    assert result.exit_code == 0, result.output
    assert path.read_text() == (
        "# No Field\n\n## Log\n- 2026-03-01 call: spring\n- 2020-01-01 note: long ago\n"
    )
    assert run("log", "no field", "-m", "later", "--date", "2026-04-01").exit_code == 0
    assert path.read_text().startswith("---\nlast_contact: 2026-04-01\n---\n# No Field\n")


def test_log_follow_up_defaults_to_a_week(run: Run, vault_dir: Path) -> None:
    assert run("log", "jane", "-m", "x", "--follow-up", "Send deck").exit_code == 0
    assert "- [ ] Send deck 📅 2026-11-29\n" in read(vault_dir, JANE)


def test_log_note_writes_one_interaction_note(run: Run, vault_dir: Path) -> None:
    jane = read(vault_dir, JANE)
    args = ["log", "jane", "bob", "zoe muller", "-m", "planning dinner", "--note"]
    result = run(*args, "--give", "--follow-up", "Book a table", "--on", "2026-11-25")
    assert result.exit_code == 0, result.output
    rel = "Meetings/2026-11-22 Meeting with Jane Doe, Bob Smith and Zoë Müller.md"
    assert result.output == f"Wrote {rel} (with Jane Doe, Bob Smith, Zoë Müller)\n"
    assert read(vault_dir, rel) == (
        "---\n"
        "date: 2026-11-22\n"
        "type: meeting\n"
        'with: ["[[Jane Doe]]", "[[Bob Smith]]", "[[Zoë Müller]]"]\n'
        "---\n"
        "# Meeting with Jane Doe, Bob Smith and Zoë Müller\n"
        "\n"
        "## Log\n"
        "- 2026-11-22 meeting: planning dinner #give\n"
        "\n"
        "## Follow-ups\n"
        "- [ ] Book a table 📅 2026-11-25\n"
    )
    assert read(vault_dir, JANE) == jane  # the people's notes are not touched
    again = run(*args)
    assert again.output == f"Wrote {rel[:-3]} 2.md (with Jane Doe, Bob Smith, Zoë Müller)\n"
    shown = run("show", "zoe", "--json")
    assert '"last_contact": "2026-11-22"' in shown.output


def test_log_note_names_many_people_briefly(run: Run, vault_dir: Path) -> None:
    result = run("log", "jane", "bob", "zoe", "carlos", "-m", "x", "--note", "--kind", "Lunch")
    assert result.output.startswith(
        "Wrote Meetings/2026-11-22 Lunch with Jane Doe, Bob Smith and 2 others.md"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--date", "someday"],
            "Error: --date must be a date like 2026-11-20, today, yesterday, tomorrow or 3d ago "
            "(d, w, m or y), not 'someday'\n",
        ),
        (["--on", "2026-11-28"], "Error: --on needs --follow-up TEXT\n"),
        (
            ["--kind", "two words"],
            "Error: --kind must be one word like coffee, call or email, not 'two words'\n",
        ),
        (["--follow-up", "x", "--on", "2026-02-30"], "Error: --on must be a date like"),
    ],
)
def test_log_usage_errors(run: Run, vault_dir: Path, args: list[str], message: str) -> None:
    before = read(vault_dir, JANE)
    result = run("log", "jane", "-m", "x", *args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert read(vault_dir, JANE) == before


def test_log_needs_a_message(run: Run) -> None:
    result = run("log", "jane")
    assert result.exit_code == 2
    assert "Missing option '-m' / '--message'" in result.output
    assert run("log", "jane", "-m", "  ").output == "Error: the log text (-m) is empty\n"


def test_log_unknown_and_ambiguous_names(run: Run) -> None:
    unknown = run("log", "Maria Lopez", "-m", "x")
    assert unknown.exit_code == 1
    assert unknown.output == (
        "Error: no person named 'Maria Lopez'. Add them with: vaultnet add \"Maria Lopez\"\n"
    )
    ambiguous = run("log", "pat", "-m", "x")
    assert ambiguous.exit_code == 1
    assert ambiguous.output.startswith("Error: 'pat' matches several people: ")


def test_log_refuses_invalid_yaml_and_writes_nothing(run: Run, vault_dir: Path) -> None:
    bob = vault_dir / "People/Bob Smith.md"
    broken = bob.read_text().replace("circle: core\n", "circle: [core\n")
    bob.write_text(broken)
    jane = read(vault_dir, JANE)
    result = run("log", "jane", "bob", "-m", "lunch")
    assert result.exit_code == 1
    assert result.output.startswith("Error: People/Bob Smith.md:")
    assert ": invalid YAML: " in result.output
    assert result.output.endswith(
        "Fix the frontmatter first; vaultnet does not edit a note it cannot read\n"
    )
    assert bob.read_text() == broken
    assert read(vault_dir, JANE) == jane  # checked before anything was written


def test_log_refuses_a_read_only_note(run: Run, vault_dir: Path) -> None:
    path = vault_dir / JANE
    before = path.read_bytes()
    os.chmod(path, 0o444)
    result = run("log", "jane", "-m", "x")
    assert result.exit_code == 1
    assert result.output == "Error: People/Jane Doe.md is read-only; not changing it\n"
    assert path.read_bytes() == before


def test_log_checks_every_note_before_writing_any(run: Run, vault_dir: Path) -> None:
    jane = read(vault_dir, JANE)
    bob = vault_dir / "People/Bob Smith.md"
    os.chmod(bob, 0o444)
    result = run("log", "jane", "bob", "-m", "lunch")
    assert result.exit_code == 1
    assert result.output == "Error: People/Bob Smith.md is read-only; not changing it\n"
    assert read(vault_dir, JANE) == jane  # the first note was not written


def test_log_failing_midway_says_which_notes_were_written(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet.notes import editor as editing

    real_replace = os.replace
    calls: list[str] = []

    def full_disk_the_second_time(src: str, dst: str) -> None:
        if str(dst).endswith(".md"):  # not the index cache
            calls.append(dst)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("vaultnet.fs.atomic.exchange_available", False)
    monkeypatch.setattr(editing.os, "replace", full_disk_the_second_time)
    bob = read(vault_dir, "People/Bob Smith.md")
    result = run("log", "jane", "bob", "-m", "lunch")
    assert result.exit_code == 1
    assert result.output == (
        "Error: could not write People/Bob Smith.md: No space left on device; the original is "
        "untouched. Already written: People/Jane Doe.md\n"
    )
    assert "- 2026-11-22 note: lunch\n" in read(vault_dir, JANE)
    assert read(vault_dir, "People/Bob Smith.md") == bob


@pytest.mark.parametrize(
    "args",
    [
        ["log", "jane", "-m", "x"],
        ["add", "Maria Lopez"],
        ["log", "jane", "bob", "-m", "x", "--note"],
        ["prep", "jane", "--note"],
        ["intro", "jane", "bob", "--log"],
        ["digest"],
    ],
)
def test_writing_in_a_read_only_vault_is_a_clear_error(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from filelock import FileLock

    def read_only(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(FileLock, "acquire", read_only)
    before = {p: p.read_bytes() for p in vault_dir.rglob("*.md")}
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot write in the vault: Permission denied (.vaultnet/write.lock)\n"
    )
    assert {p: p.read_bytes() for p in vault_dir.rglob("*.md")} == before


def test_log_failure_before_rename_keeps_the_note(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet.notes import editor as editing

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("vaultnet.fs.atomic.exchange_available", False)
    monkeypatch.setattr(editing.os, "replace", full_disk)
    before = read(vault_dir, JANE)
    result = run("log", "jane", "-m", "x")
    assert result.exit_code == 1
    assert result.output.endswith("No space left on device; the original is untouched\n")
    assert read(vault_dir, JANE) == before
    assert sorted(p.name for p in (vault_dir / "People").iterdir() if p.name.startswith(".")) == []


def test_log_refuses_a_note_symlinked_outside_the_vault(
    run: Run, vault_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\nlast_contact: 2026-01-01\n---\n# Eve\n")
    (vault_dir / "People" / "Eve Outside.md").symlink_to(outside)
    result = run("log", "eve outside", "-m", "x")
    assert result.exit_code == 1
    assert "is outside the vault" in result.output
    assert outside.read_text() == "---\nlast_contact: 2026-01-01\n---\n# Eve\n"


def test_log_keeps_crlf_bom_and_missing_final_newline(run: Run, vault_dir: Path) -> None:
    path = vault_dir / "People/Crlf Person.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\nlast_contact: '2026-01-01'  # set by hand\r\n---\r\nbody")
    assert run("log", "crlf", "-m", "x", "--kind", "call").exit_code == 0
    assert path.read_bytes() == (
        b"\xef\xbb\xbf---\r\nlast_contact: '2026-11-22'  # set by hand\r\n---\r\nbody\r\n\r\n"
        b"## Log\r\n- 2026-11-22 call: x"
    )


def test_two_concurrent_log_processes_both_land(vault_dir: Path) -> None:
    base = ["--vault", str(vault_dir), "--today", "2026-11-22", "log", "jane"]
    # two processes, started at once
    for done in forks.run_all([*base, "-m", "writer 0"], [*base, "-m", "writer 1"]):
        assert done.returncode == 0, done.err
        assert done.out == "Logged for Jane Doe (People/Jane Doe.md)\n"
    text = read(vault_dir, JANE)
    assert "- 2026-11-22 note: writer 0\n" in text
    assert "- 2026-11-22 note: writer 1\n" in text


@pytest.mark.parametrize("command", ["add", "log"])
def test_help_and_readme(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"### `{command} NAME" in readme
