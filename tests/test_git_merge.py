"""Two clones of one vault, each running `digest` and ticking Due.md, then merging (issue 16,
item 15): with the merge driver `init` names and `git-setup` registers, Due.md merges without a
conflict and the next digest harvests every tick of both sides. Real git, real clones, and the
merge driver a real process that git starts; vaultnet's own commands run in this process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.due.merge import MERGED_SECTION, merge_due
from vaultnet.due.note import KEEP_MARKER, read_due_note

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample-vault"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
ENV = {**os.environ, **GIT_ENV}


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same git identity and no user config for the git that vaultnet runs itself."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=ENV, check=check
    )


def vaultnet(repo: Path, *args: str, today: str = "2026-11-22") -> Result:
    return CliRunner().invoke(cli, ["--vault", str(repo), "--today", today, *args])


def tick(repo: Path, marker: str, nth: int = 0) -> str:
    """Tick the nth unticked line holding `marker`; return the line as it was."""
    due = repo / "Due.md"
    lines = due.read_text(encoding="utf-8").split("\n")
    found = [i for i, line in enumerate(lines) if line.startswith("- [ ] ") and marker in line]
    at = found[nth]
    original = lines[at]
    lines[at] = "- [x] " + lines[at][6:]
    due.write_text("\n".join(lines), encoding="utf-8")
    return original


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True, env=ENV)
    first = tmp_path / "laptop"
    shutil.copytree(SAMPLE, first, ignore=shutil.ignore_patterns(".vaultnet", "Due.md"))
    git(first, "init", "-q", "-b", "main")
    assert vaultnet(first, "init", str(first)).exit_code == 0  # .gitignore, .gitattributes
    assert vaultnet(first, "digest").exit_code == 0
    git(first, "add", "-A")
    git(first, "commit", "-qm", "start")
    git(first, "remote", "add", "origin", str(origin))
    git(first, "push", "-q", "origin", "main")
    second = tmp_path / "desktop"
    subprocess.run(["git", "clone", "-q", str(origin), str(second)], check=True, env=ENV)
    for clone in (first, second):
        setup = vaultnet(clone, "git-setup")
        assert setup.exit_code == 0, setup.output
        assert "set     git config merge.vaultnet-due.driver" in setup.stdout
    return first, second


def logs(repo: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((repo / "People").glob("*.md")))


def test_two_clones_that_digest_and_tick_merge_without_a_conflict(
    clones: tuple[Path, Path],
) -> None:
    laptop, desktop = clones
    # the laptop ticks two reach-outs and digests the next day (harvests, writes a new list)
    ticks_made = [tick(laptop, "<!-- vn:reconnect -->"), tick(laptop, "<!-- vn:cadence -->")]
    assert vaultnet(laptop, "digest", today="2026-11-23").exit_code == 0
    git(laptop, "commit", "-qam", "laptop")
    git(laptop, "push", "-q", "origin", "main")
    # the desktop ticks a follow-up and a different reach-out on its own (older) list, digests
    # nothing, commits, then ticks one more on a fresh digest of its own
    ticks_made += [tick(desktop, "<!-- vn:fu "), tick(desktop, "<!-- vn:cadence -->", nth=2)]
    git(desktop, "commit", "-qam", "desktop ticks")
    pulled = git(desktop, "pull", "-q", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    text = (desktop / "Due.md").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert git(desktop, "status", "--porcelain").stdout == ""
    assert len(read_due_note(text).ticks) == 2  # the desktop's two, the laptop's harvested
    assert not read_due_note(text).edited  # not taken for a hand edit

    result = vaultnet(desktop, "digest", today="2026-11-23")
    assert result.exit_code == 0, result.output
    # every tick of both sides is recorded: the laptop's by its digest (merged in with People/),
    # the desktop's by this one
    for line in ticks_made:
        assert_recorded(desktop, line)
    after = logs(desktop)
    again = vaultnet(desktop, "digest", today="2026-11-23")
    assert again.exit_code == 0
    assert logs(desktop) == after  # each once: a second digest records nothing more
    assert MERGED_SECTION not in (desktop / "Due.md").read_text(encoding="utf-8")


def assert_recorded(repo: Path, line: str) -> None:
    marker = re.search(r"<!-- vn:(\w+) ?(.*?) -->", line)
    assert marker is not None
    if marker[1] == "fu":
        path = marker[2].rsplit(":", 1)[0]
        what = re.search(r"\]\]: (.+?) \(due ", line)[1]  # type: ignore[index]
        lines = (repo / path).read_text(encoding="utf-8").split("\n")
        task = next(t for t in lines if what in t)  # the harvest finds it by its text
        assert task.lstrip().startswith("- [x]"), (line, task)
        return
    name = re.search(r"\[\[([^\]|]+)", line)[1]  # type: ignore[index]
    text = (repo / "People" / f"{name}.md").read_text(encoding="utf-8")
    expected = "reconnected (due list)" if marker[1] == "reconnect" else "reached out (due list)"
    assert expected in text, (name, text)


def test_both_clones_digest_on_different_days(clones: tuple[Path, Path]) -> None:
    laptop, desktop = clones
    assert vaultnet(laptop, "digest", today="2026-11-24").exit_code == 0
    git(laptop, "commit", "-qam", "laptop digest")
    git(laptop, "push", "-q", "origin", "main")
    assert vaultnet(desktop, "digest", today="2026-11-25").exit_code == 0
    tick(desktop, "<!-- vn:reconnect -->")
    git(desktop, "commit", "-qam", "desktop digest")
    pulled = git(desktop, "pull", "-q", "--no-rebase", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    due = (desktop / "Due.md").read_text(encoding="utf-8")
    assert "<<<<<<<" not in due
    assert len(read_due_note(due).ticks) == 1
    # with git's own text merge the same merge conflicts (the reason for the driver)
    git(desktop, "reset", "-q", "--hard", "HEAD~1")
    (desktop / ".git/info/attributes").write_text("Due.md merge=text\n", encoding="utf-8")
    conflicted = git(desktop, "merge", "-q", "origin/main", check=False)
    assert conflicted.returncode != 0
    assert "<<<<<<<" in (desktop / "Due.md").read_text(encoding="utf-8")


def due(lines: list[str], notes: str = "") -> str:
    from vaultnet.due.note import compose_due_note

    return compose_due_note(
        "# Due 2026-11-22\n\n## Due by cadence\n\n" + "\n".join(lines), _day(), notes
    )


def _day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2026, 11, 22)


A = "- [ ] [[Ann]]: 40 days <!-- vn:cadence -->"
B = "- [ ] [[Bob]]: 50 days <!-- vn:cadence -->"
C = "- [ ] [[Cy]]: 60 days <!-- vn:cadence -->"


def ticked(line: str) -> str:
    return "- [x] " + line[6:]


def test_a_tick_on_either_side_is_kept() -> None:
    base = due([A, B])
    merged = merge_due(base, due([ticked(A), B]), due([A, ticked(B)]))
    assert merged.conflicts == 0
    note = read_due_note(merged.text)
    assert [t.text for t in note.ticks] == [ticked(A), ticked(B)]
    assert not note.edited


def test_a_tick_their_list_has_and_ours_does_not_is_carried() -> None:
    merged = merge_due(due([A, B]), due([C]), due([A, ticked(B)]))
    note = read_due_note(merged.text)
    assert [t.text for t in note.ticks] == [ticked(B)]
    assert f"{MERGED_SECTION}\n\n{ticked(B)}" in merged.text
    assert not note.edited


def test_a_tick_our_side_already_harvested_is_not_carried_back() -> None:
    base = due([ticked(A), B])  # ticked, committed; then our digest harvested it
    merged = merge_due(base, due([C]), due([ticked(A), B]))
    assert read_due_note(merged.text).ticks == []


def test_notes_below_the_keep_marker_merge_and_conflict_only_when_both_change_a_line() -> None:
    base = due([A], "one\ntwo\nthree\n")
    clean = merge_due(
        base, due([A], "one\ntwo\nthree\nmine\n"), due([A], "zero\none\ntwo\nthree\n")
    )
    assert clean.conflicts == 0
    assert clean.text.endswith(f"{KEEP_MARKER}\nzero\none\ntwo\nthree\nmine\n")
    clash = merge_due(base, due([A], "one\nTWO\nthree\n"), due([A], "one\n2\nthree\n"))
    assert clash.conflicts == 1
    assert "<<<<<<< ours\nTWO\n=======\n2\n>>>>>>> theirs" in clash.text
