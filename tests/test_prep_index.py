"""`prep` and `intro` answered from the index: for an exact name they read the person, their
meetings, the people of those meetings and everyone they may be connected to (their own links,
the people linking them, in one of their groups or at their company), parse nothing, and say
byte for byte what they say from the whole vault."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import vaultnet.index.reads
import vaultnet.index.store
from tests.conftest import OLD, Reads, count_decodes
from vaultnet.network.vault import Vault

Run = Callable[..., Result]

PREPS = (
    [],
    ["--context"],
    ["--template", "informational"],
    ["--template", "followup", "--context"],
    ["--history", "1", "--template", "followup"],
)


def _preps(names: list[str]) -> list[list[str]]:
    """`prep` of every name with `--context` (every connection the index must find) and with
    one more of PREPS in turn, so that each variant meets a quarter of the names (the aliases,
    odd spellings and unknown names get every variant)."""
    others = [extra for extra in PREPS if extra != ["--context"]]
    return [
        ["prep", *extra, name]
        for i, name in enumerate(names)
        for extra in (["--context"], others[i % len(others)])
    ]


def _answers(run: Run, commands: list[list[str]], vault: Path | None = None) -> list[Result]:
    return [run(*command, vault=vault) for command in commands]


def _narrowed_answers_match_the_whole_vault(
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    commands: list[list[str]],
    vault: Path | None = None,
) -> int:
    """Run `commands` from the index and from the whole vault, assert the same exit code,
    stdout and stderr for each; return how many the index answered."""
    answered: list[object] = []
    real = Vault.open_around.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Vault], *args: object, **kwargs: object) -> object:
        found = real(cls, *args, **kwargs)
        answered.append(found)
        return found

    monkeypatch.setattr(Vault, "open_around", classmethod(counting))
    quick = _answers(run, commands, vault)
    monkeypatch.setattr(Vault, "open_around", classmethod(lambda cls, *args, **kw: None))
    whole = _answers(run, commands, vault)
    for command, a, b in zip(commands, quick, whole, strict=True):
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), command
    return sum(1 for found in answered if found is not None)


@pytest.mark.heavy
def test_prep_and_intro_from_the_index_say_what_the_whole_vault_says(
    vault_dir: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = sorted(p.stem for p in (vault_dir / "People").glob("*.md"))
    odd = ["janie", "JANE DOE", "jane", "Bjorn", "nobody at all", "Wei"]
    commands = _preps(people) + [["prep", *extra, name] for name in odd for extra in PREPS]
    pairs = list(zip(people, people[1:] + people[:1], strict=True))
    commands += [["intro", a, b, "--reason", "both  hiring"] for a, b in pairs]
    commands += [["intro", "--context", b, a] for a, b in pairs]
    commands += [["intro", "jane", "Bob Smith"], ["intro", "Jane Doe", "janie"]]
    answered = _narrowed_answers_match_the_whole_vault(run, monkeypatch, commands)
    assert answered >= len(people) * 2 + 2 * len(pairs)


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def tangled_vault(root: Path) -> Path:
    """People who share aliases (two Alexes; Sam's stem is Samuel's alias), one company spelt
    four ways, a group reached by its alias, links both ways (plain names too), meetings with
    several people (tasks naming one of them), a draft, a plan, and a bystander."""
    people = {
        "Alex Kim": "aliases: [Alex]\ncompany: Acme Robotics\ngroups: ['[[Denver Tech Meetup]]']\n"
        "introduced_by: '[[Bob Stone]]'\nknows: ['[[Chris Lee]]']\ncadence: 30d\n"
        "ask: an intro to Globex\n",
        "Alex Park": "aliases: [Alex, AP]\ncompany: ACME  robotics\nstage: want\n",
        "Bob Stone": "company: '[[Ácme Robotics]]'\nknows: Alex Kim\n",
        "Chris Lee": "groups: ['[[DTM]]']\nintroduced_by: '[[Alex]]'\ninterests: [climbing]\n",
        "Sam": "",
        "Samuel Lee": "aliases: [Sam]\ngroups: '[[Denver Tech Meetup]]'\ncompany: Globex\n",
        "Dana Cruz": "name: Dana C.\naliases: [DC]\ncompany: Globex\nstage: want\n"
        "introduced_by: '[[Samuel Lee]]'\ninterests: [climbing, jazz]\n",
        "Eve Stone": "company: Initech\n",
        "Zoë Müller": "aliases: [Zoe]\nknows: ['[[alex kim]]', '[[Dana Cruz]]']\n"
        "circle: core\nbirthday: 1990-12-01\n",
    }
    logs = {
        "Alex Kim": "- 2026-03-01 coffee: with [[Sam]] and [[Nobody Known]] #give\n",
        "Bob Stone": "- 2026-02-01 call: talked about [[alex]] #ask\n",
        "Zoë Müller": "## Notes\n- moving to Lisbon\n\n## Log\n- 2026-06-01 email: hello\n",
    }
    for name, fields in people.items():
        body = logs.get(name, "")
        _write(root, f"People/{name}.md", f"---\n{fields}---\n# {name}\n\n{body}")
    _write(root, "Groups/Denver Tech Meetup.md", "---\naliases: [DTM]\ncadence: 30d\n---\n")
    meetings = {
        "2026-01-05 Lunch": "date: 2026-01-05\nwith: ['[[Alex]]', '[[Sam]]', '[[Chris Lee]]']\n",
        "2026-02-10 Meetup": "date: 2026-02-10\ntype: event\n"
        "with: ['[[Denver Tech Meetup]]', '[[Alex Park]]', '[[Dana Cruz]]']\n",
        "2026-03-01 Thanks": "date: 2026-03-01\ntype: draft\nwith: '[[alex kim]]'\n",
        "2026-12-01 Plan": "date: 2026-12-01\nwith: ['[[Zoë Müller]]', '[[Alex Kim]]']\n",
        "2026-04-01 Call": "date: 2026-04-01\ntype: call\nwith: ['[[Nobody Here]]', '[[Bob Stone]]']\n",
    }
    tasks = (
        "- [ ] send Chris the deck 📅 2026-01-20\n- [ ] follow up with everyone\n"
        "- 2026-01-05 lunch: #give shared slides\n"
    )
    for title, fields in meetings.items():
        _write(root, f"Meetings/{title}.md", f"---\n{fields}---\n{tasks}")
    for path in root.rglob("*.md"):
        os.utime(path, (OLD, OLD))
    return root


@pytest.mark.heavy
def test_tangled_vault_from_the_index_says_what_the_whole_vault_says(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tangled_vault(tmp_path / "tangled")
    assert run("index", vault=root).exit_code == 0
    people = sorted(p.stem for p in (root / "People").glob("*.md"))
    odd = ["alex", "sam", "AP", "Dana C.", "dc", "zoe", "DTM", "Eve"]
    commands = _preps(people) + [["prep", *extra, name] for name in odd for extra in PREPS]
    commands += [
        ["intro", *extra, a, b]
        for extra in ([], ["--context"])
        for a, b in (
            ("Alex Kim", "Bob Stone"),
            ("Sam", "Samuel Lee"),
            ("Dana Cruz", "zoe"),
            ("Chris Lee", "Dana C."),
            ("alex", "Bob Stone"),
            ("Sam", "sam"),
        )
    ]
    answered = _narrowed_answers_match_the_whole_vault(run, monkeypatch, commands, root)
    assert answered >= len(people) * 2 + 8
    mutuals = run("prep", "Alex Kim", vault=root).stdout
    for reason in (
        "also at Acme Robotics",  # Alex Park (want) and Bob Stone, each spelt otherwise
        "also in [[Denver Tech Meetup]]",  # Samuel Lee, and Chris Lee through the alias DTM
        "knows Alex",  # Zoë (a link) and Bob Stone (a plain name)
        "Alex introduced you",  # Chris Lee's `[[Alex]]` reaches Alex Kim (first in name order)
        "Alex is in your log with them",
        "met together: [[2026-01-05 Lunch]]",
    ):
        assert reason in mutuals, reason


def test_prep_note_from_the_index_writes_what_the_whole_vault_writes(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = vault_dir / "Meetings" / "2026-11-22 Jane Doe.md"
    assert run("prep", "Jane Doe", "--note").stdout == "Wrote Meetings/2026-11-22 Jane Doe.md\n"
    quick = written.read_bytes()
    written.unlink()
    monkeypatch.setattr(Vault, "open_around", classmethod(lambda cls, *args, **kw: None))
    assert run("prep", "Jane Doe", "--note").exit_code == 0
    assert written.read_bytes() == quick


def test_intro_log_from_the_index_writes_what_the_whole_vault_writes(
    run: Run, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = [vault_dir / "People" / f"{name}.md" for name in ("Jane Doe", "Carlos Diaz")]
    before = [note.read_bytes() for note in notes]
    args = ["intro", "Jane Doe", "Carlos Diaz", "--reason", "both hiring", "--log"]
    quick = run(*args)
    assert quick.exit_code == 0, quick.output
    after = [note.read_bytes() for note in notes]
    assert after != before
    for note, old in zip(notes, before, strict=True):
        note.write_bytes(old)
    monkeypatch.setattr(Vault, "open_around", classmethod(lambda cls, *args, **kw: None))
    whole = run(*args)
    assert (quick.stdout, quick.stderr) == (whole.stdout, whole.stderr)
    assert [note.read_bytes() for note in notes] == after


def test_prep_of_one_person_decodes_their_notes_and_their_connections_only(
    big_vault: Path, run: Run, parses: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work-counting test of `prep` and `intro`: on a 5,000-note vault, `prep` of one
    person parses no note and decodes the records of that person, their 8 meetings, the 2
    people in them and the 19 others at their company; `intro` of two people, what each of
    them needs (no colleagues: an introduction names no mutual connections)."""
    root = big_vault
    parses.clear()
    decoded = count_decodes(monkeypatch, vaultnet.index.reads, "_decode")

    def own(i: int) -> list[str]:
        meetings = [
            f"Meetings/Meeting {m}.md" for m in range(4_000) if i in (m % 1000, (m + 1) % 1000)
        ]
        assert len(meetings) == 8
        return [*meetings, *(f"People/Person {j}.md" for j in (i - 1, i, i + 1))]

    prepared = run("prep", "Person 500", vault=root)
    assert prepared.exit_code == 0, prepared.output
    assert parses == []
    colleagues = [f"People/Person {j}.md" for j in range(0, 1_000, 50) if j != 500]
    assert len(colleagues) == 19
    assert sorted(decoded) == sorted(own(500) + colleagues)
    assert "[[Person 400]], C0: also at C0" in prepared.stdout
    assert "and 11 more" in prepared.stdout  # 21 mutual connections, 10 listed

    decoded.clear()
    introduced = run("intro", "--context", "Person 500", "P10", vault=root)
    assert introduced.exit_code == 0, introduced.output
    assert parses == []
    assert sorted(decoded) == sorted(own(500) + own(10))


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--circle", "core"],
        ["--tag", "mentor", "--bcc"],
        ["--company", "acme", "--context"],
        ["--circle", "nobody"],
    ],
)
def test_newsletter_from_the_people_rows_says_what_the_whole_vault_says(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    import vaultnet.network.answers

    quick = run("newsletter", *args)
    monkeypatch.setattr(vaultnet.network.answers, "open_people", lambda *a: None)
    whole = run("newsletter", *args)
    assert (quick.exit_code, quick.stdout, quick.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


def test_templates_reads_no_note(
    big_vault: Path, vault_dir: Path, run: Run, parses: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`templates` needs the vault's folder and settings only: on a 5,000-note vault it opens
    no index and parses nothing, and says what it said when it opened the whole vault; nor
    does `templates --copy` (on a copy of the sample vault: the big one is shared)."""
    import vaultnet.cli.prepare
    import vaultnet.network.vault

    root = big_vault
    commands = [["templates"], ["templates", "--json"], ["templates", "--show", "prep"]]
    whole = _answers(run, commands, root)
    parses.clear()
    with monkeypatch.context() as patched:
        patched.setattr(
            vaultnet.network.vault, "open_vault_index", lambda *a, **k: pytest.fail("opened")
        )
        quick = _answers(run, commands, root)
        copied = run("templates", "--copy", "prep")
    assert parses == []
    for command, a, b in zip(commands, quick, whole, strict=True):
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), command
    assert copied.stdout.startswith("Wrote Templates/vaultnet/prep.md.j2: edit it")
    assert (vault_dir / "Templates" / "vaultnet" / "prep.md.j2").is_file()
