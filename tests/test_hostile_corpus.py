"""A hostile corpus (issue 16): more than 60 malformed, extreme and booby-trapped files dropped
into a copy of the sample vault, then every command run over it. No traceback, every problem as
`path:line: message`, every good note still served, nothing written outside the vault.

The files are made at test time (a 50 MB note, binary, symlinks, a FIFO cannot live in git).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli

pytestmark = pytest.mark.heavy

TODAY = "2026-11-22"
FM = "---\n{}\n---\n# Hostile\n\n## Log\n- 2026-01-02 call: still read\n"

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(8)
)

# name -> text (str) or bytes; all under People/ unless the name has a folder
FRONTMATTER = {
    # invalid YAML of every kind
    "yaml-unclosed-quote": 'company: "Acme',
    "yaml-bad-indent": "company: Acme\n  role: x\n role: y",
    "yaml-tab-indent": "company:\n\t- Acme",
    "yaml-unclosed-flow": "tags: [a, b",
    "yaml-unclosed-map": "tags: {a: b",
    "yaml-mapping-in-value": "company: a: b",
    "yaml-duplicate-keys": "company: A\ncompany: B",
    "yaml-python-tag": "company: !!python/object/apply:os.system ['echo hi']",
    "yaml-unknown-tag": "company: !secret x",
    "yaml-undefined-alias": "company: *nope",
    "yaml-alias-bomb": BOMB.rstrip(),
    "yaml-deep-flow": "tags: " + "[" * 5000 + "]" * 5000,
    "yaml-deep-block": "\n".join(" " * i + f"k{i}:" for i in range(400)) + " x",
    "yaml-long-key": "k" * 100_000 + ": v",
    "yaml-control-char": 'company: "a\x01b"',
    "yaml-only-colon": ": value",
    "yaml-directive": "%YAML 9.9\n---\ncompany: x",
    # not a mapping
    "fm-list": "- a\n- b",
    "fm-scalar": "just words",
    "fm-number": "42",
    "fm-date": "2026-01-01",
    "fm-null": "~",
    # impossible and extreme values
    "date-feb-30": "last_contact: 2026-02-30",
    "date-month-13": "last_contact: 2026-13-01",
    "date-year-0": "last_contact: 0000-01-01",
    "date-year-10000": "last_contact: 10000-01-01",
    "date-negative": "last_contact: -0001-01-01",
    "date-first-day": "last_contact: 0001-01-01\nbirthday: 0001-01-01",
    "date-last-day": "snooze_until: 9999-12-31\nbirthday: 9999-12-31\nlast_contact: 9999-12-31",
    "date-as-number": "last_contact: 20260101",
    "date-as-bool": "last_contact: yes",
    "birthday-bad": "birthday: --13-45",
    "cadence-zero": "cadence: 0d",
    "cadence-negative": "cadence: -5d",
    "cadence-huge": "cadence: 99999y",
    "cadence-float": "cadence: 1e400",
    "cadence-words": "cadence: whenever",
    "cadence-list": "cadence: [1d, 2d]",
    "tags-mapping": "tags: {a: 1}",
    "aliases-nested": "aliases: [[a, [b]]]",
    "email-nested": "email: [[a@b.c]]",
    "int-keys": "1: x\ntrue: y\nnull: z",
    "proto-key": "__proto__: x\n__class__: y",
    "huge-number": "company: " + "9" * 5000,
    # links: cycles, traversal, odd targets
    "links-self": 'introduced_by: "[[links-self]]"\nknows: ["[[links-self]]"]',
    "links-traversal": 'introduced_by: "[[../../../etc/passwd]]"\ngroups: ["[[../outside]]"]',
    "links-absolute": 'knows: ["[[/etc/shadow]]", "[[C:\\\\Windows]]"]',
    "links-empty": 'knows: ["[[]]", "[[|]]", "[[#]]"]',
    # terminal escapes
    "escapes": 'company: "Evil\\e]52;c;ZWNobyBvd25lZA==\\a\\e[2J"\nrole: "\\u202eevil"',
}
CYCLE = {
    "cycle-a": 'knows: ["[[cycle-b]]"]\nintroduced_by: "[[cycle-b]]"',
    "cycle-b": 'knows: ["[[cycle-a]]"]\nintroduced_by: "[[cycle-a]]"',
}
RAW: dict[str, bytes | str] = {
    "binary": bytes(range(256)) * 64,
    "invalid-utf8": b"---\ncompany: \xff\xfe\xc3\x28\n---\n# x\n",
    "nul-body": "---\ncompany: X\n---\n# x\n\x00\x00\n- 2026-01-02 call: a\x00b\n",
    "nul-frontmatter": "---\ncompany: X\x00Y\n---\n",
    "utf16": "---\ncompany: X\n---\n".encode("utf-16"),
    "latin1": "---\ncompany: Caf\xe9\n---\n".encode("latin-1"),
    "unclosed-frontmatter": "---\ncompany: X\n# no end\n",
    "only-dashes": "---\n",
    "merge-conflict": "---\ncompany: X\n---\n<<<<<<< HEAD\n- 2026-01-02 call: a\n=======\n"
    "- 2026-01-03 call: b\n>>>>>>> other\n",
    "open-fence": "---\ncompany: X\n---\n# x\n```\n- 2026-01-02 call: in code\n",
    "long-line": "---\ncompany: X\n---\n" + "x" * 2_000_000 + "\n",
    "many-tasks": "---\ncompany: X\n---\n"
    + "".join(f"- [ ] task {i} 📅 2026-12-{1 + i % 28:02d}\n" for i in range(1000)),
    "task-extreme-dates": "---\ncompany: X\n---\n- [ ] a 📅 9999-12-31\n- [ ] b 📅 0001-01-01\n"
    "- [ ] c 📅 2026-02-30\n- 9999-12-31 call: far\n- 0001-01-01 call: early\n",
    "esc\x1b[2Jname": "---\ncompany: X\n---\n",
    "new\nline": "---\ncompany: X\n---\n",
    "n" * 240: "---\ncompany: X\n---\n",
    "Meetings/bad-meeting": "---\ndate: 2026-02-30\nwith: [[[nobody]]\n---\n",
    "Meetings/meeting-with-mapping": "---\ndate: 2026-01-01\nwith: {a: b}\n---\n",
    "Groups/group-cycle": '---\ntype: group\ngroups: ["[[group-cycle]]"]\ncadence: 0d\n---\n',
}


def build(vault: Path, outside: Path, big: bool) -> int:
    """Write the corpus into `vault`; return how many hostile files (and odd entries) it made."""
    people = vault / "People"
    count = 0
    for name, body in {**FRONTMATTER, **CYCLE}.items():
        (people / f"{name}.md").write_text(FM.format(body), encoding="utf-8")
        count += 1
    for name, content in RAW.items():
        path = (vault / f"{name}.md") if "/" in name else people / f"{name}.md"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        count += 1
    if big:  # 50 MB of ordinary log lines
        line = "- 2026-01-02 call: a perfectly ordinary but very long history line\n"
        with open(people / "fifty-megabytes.md", "w", encoding="utf-8") as handle:
            handle.write("---\ncompany: Big\n---\n")
            handle.write(line * (50_000_000 // len(line)))
        count += 1
    # what the file system can do
    (outside / "secret.md").write_text("---\ncompany: Outside\n---\n", encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "Outsider.md").write_text("---\ncompany: O\n---\n", encoding="utf-8")
    (people / "link-out.md").symlink_to(outside / "secret.md")
    (people / "link-out-folder").symlink_to(outside / "folder")
    (people / "dangling.md").symlink_to(vault / "nowhere.md")
    (people / "loop").mkdir()
    (people / "loop" / "again").symlink_to(people / "loop")
    (people / "self-link.md").symlink_to(people / "self-link.md")
    (people / "a-directory.md").mkdir()
    os.mkfifo(people / "fifo.md")
    locked = people / "unreadable.md"
    locked.write_text("---\ncompany: X\n---\n", encoding="utf-8")
    locked.chmod(0)
    count += 9
    return count


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


COMMANDS: list[list[str]] = [
    ["check"],
    ["check", "--json"],
    ["index"],
    ["list"],
    ["list", "--due"],
    ["show", "Jane Doe"],
    ["show", "escapes"],
    ["show", "cycle-a"],
    ["digest"],
    ["digest", "--stdout"],
    ["digest", "--json"],
    ["prep", "Jane Doe"],
    ["prep", "cycle-a"],
    ["intro", "Jane Doe", "Bob Smith"],
    ["newsletter"],
    ["stats"],
    ["report"],
    ["intros"],
    ["path", "Acme Robotics"],
    ["suggest", "intros"],
    ["suggest", "shares"],
    ["graph"],
    ["brand"],
    ["templates"],
    ["export", "csv"],
    ["export", "vcard"],
    ["export", "ics"],
    ["export", "json"],
    ["log", "Jane Doe", "-m", "coffee after the corpus"],
    ["set", "Bob Smith", "company=Corpus Inc"],
    ["snooze", "Ben Carter", "--until", "2027-01-01"],
    ["unsnooze", "Ben Carter"],
    ["log", "merge-conflict", "-m", "refused"],
    ["log", "open-fence", "-m", "refused"],
    ["log", "../../outside", "-m", "refused"],
    ["add", "../../escaped"],
    ["add", "New Corpus Person"],
]
PROBLEM = re.compile(r"^[^\n]+:\d+: ")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    base = tmp_path_factory.mktemp("corpus")
    vault, outside = base / "vault", base / "outside"
    shutil.copytree(
        Path(__file__).resolve().parent.parent / "sample-vault",
        vault,
        ignore=shutil.ignore_patterns(".vaultnet", "Due.md"),
    )
    outside.mkdir()
    count = build(vault, outside, big=True)
    return vault, outside, count


def run_in(vault: Path) -> Callable[..., Result]:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY, *args])

    return invoke


def test_the_corpus_is_large(corpus: tuple[Path, Path, int]) -> None:
    assert corpus[2] >= 60


def test_every_command_survives_the_corpus(corpus: tuple[Path, Path, int]) -> None:
    vault, outside, _ = corpus
    run = run_in(vault)
    before_outside = snapshot(outside)
    before_parent = sorted(p.name for p in vault.parent.iterdir())
    for args in COMMANDS:
        result = run(*args)
        text = result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            repr(result.exception),
        )
        assert "Traceback" not in text and "internal error" not in text, (args, text[-2000:])
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, text[-500:])
        if args[0] == "log" and args[1] != "Jane Doe":
            assert result.exit_code != 0 and text.startswith("Error: "), (args, text)
    assert snapshot(outside) == before_outside  # nothing written outside the vault
    assert sorted(p.name for p in vault.parent.iterdir()) == before_parent
    assert not (vault.parent / "escaped.md").exists()


def test_every_problem_is_a_path_and_a_line(corpus: tuple[Path, Path, int]) -> None:
    vault, _, _ = corpus
    result = run_in(vault)("check")
    lines = [line for line in result.output.splitlines() if line.strip()]
    summary = [line for line in lines if not PROBLEM.match(line)]
    assert len(summary) <= 2, summary  # the count line(s) only
    problems = "\n".join(lines)
    for name in ("yaml-unclosed-quote", "yaml-alias-bomb", "yaml-deep-flow", "fm-list", "binary"):
        assert re.search(rf"^People/{name}\.md:\d+: ", problems, re.MULTILINE), name
    assert "People/fifo.md:1: not a regular file" in problems
    assert re.search(r"^People/merge-conflict\.md:4: unresolved merge conflict", problems, re.M)
    if os.geteuid() != 0:  # root reads a chmod 000 file
        assert "People/unreadable.md:1: cannot read: Permission denied" in problems


def test_every_good_note_is_still_served(corpus: tuple[Path, Path, int]) -> None:
    vault, _, _ = corpus
    run = run_in(vault)
    listed = run("list").output
    for note in sorted((Path(__file__).resolve().parent.parent / "sample-vault/People").glob("*")):
        assert note.stem in listed, note.stem
    show = run("show", "Jane Doe")
    assert show.exit_code == 0 and "Acme Robotics" in show.output
