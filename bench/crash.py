"""The crash harness: SIGKILL `log`, `digest` (harvesting ticks) and `import csv` at random
moments while they write, then check the vault and run the command again.

    python bench/crash.py                 300 kills, 100 per command (the README's figure)
    python bench/crash.py --kills 30      a shorter run (tests/test_crash.py runs 18)

Each command starts from the same vault, so its finished result is known (a reference run
without a kill, which also counts the temp files the command writes and times how long it runs
on after each). The kill comes from inside the process: when vaultnet writes its Nth temp file
(N random, up to that count) a timer starts and fires after a random delay, wherever the process
is by then; the delay is at most 30 ms and less than the time the reference run went on for
after that write, so the kill falls before the command's end (unless this run is slower). Every
killed run and every rerun is a process of its own, forked from one that imported vaultnet once
and ran the setup and the reference runs itself (Python's start-up, the imports and their first
use would otherwise be most of the harness's time; the kill comes at a write, so they never
shifted it). After a kill, checked:

- every note is byte for byte its old or its new version (none torn, none half-updated);
- a rerun (of `digest` and `import`; of `log` when its line had not landed) ends in exactly the
  reference result: each tick recorded once, each contact imported once;
- no vaultnet temp file (`*.vaultnet-tmp`) is left anywhere in the vault after the rerun.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "sample-vault"
TODAY = "2026-11-22"

# Imports vaultnet once, then runs a job for each JSON line read from stdin (the write that arms
# the kill timer, 0 for none; the timer's delay; vaultnet's arguments; whether to fork) and
# answers with a JSON line (the return code, negative for a signal; stdout and stderr, which end
# with the count of temp files the command wrote when it was not killed). A job that may be
# killed runs in a child forked for it. The setup and reference runs (never killed) run in the
# zygote itself, which leaves its later children with vaultnet's lazy imports done and its
# patterns compiled; they run on vaults of their own, so nothing the zygote remembers per folder
# (the state-folder check, the temp-file sweep) is about a vault a child works on.
ZYGOTE = r"""
import importlib, json, os, pkgutil, signal, sys, tempfile, threading, time
import vaultnet
import vaultnet.fs.atomic as atomic
from vaultnet.cli import main

# every module, so that each one that took write_temp by name has it before it is patched
for found in pkgutil.walk_packages(vaultnet.__path__, "vaultnet."):
    importlib.import_module(found.name)
REAL = atomic.write_temp
USERS = [m for n, m in sys.modules.items() if n.startswith("vaultnet") and getattr(m, "write_temp", None) is REAL]

def command(at_write, delay, argv):
    signal.alarm(300)  # a hung command dies instead of hanging the harness
    writes = []
    def write_temp(*args, **kwargs):
        writes.append(time.perf_counter())
        if len(writes) == at_write:
            timer = threading.Timer(delay, lambda: os.kill(os.getpid(), signal.SIGKILL))
            timer.daemon = True
            timer.start()
        return REAL(*args, **kwargs)
    for module in USERS:
        module.write_temp = write_temp
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    finally:
        for module in USERS:
            module.write_temp = REAL
        signal.alarm(0)
    end = time.perf_counter()
    sys.stdout.flush()
    left = " ".join(f"{end - at:.4f}" for at in writes)
    print("writes", len(writes), "left", left, file=sys.stderr, flush=True)
    return code

def in_zygote(argv, out, err):
    sys.stdout.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    try:
        return command(0, 0.0, argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])

for line in sys.stdin:
    job = json.loads(line)
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    if job["fork"]:
        pid = os.fork()
        if pid == 0:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            os._exit(command(job["at_write"], job["delay"], job["argv"]))
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    else:
        code = in_zygote(job["argv"], out, err)
    out.seek(0)
    err.seek(0)
    answer = {"returncode": code, "stdout": out.read().decode(), "stderr": err.read().decode()}
    print(json.dumps(answer), flush=True)
"""


class Runner:
    """Runs vaultnet commands, each in a process of its own forked from the ZYGOTE."""

    def __init__(self) -> None:
        self.zygote = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def run(
        self, vault: Path, args: list[str], at_write: int = 0, delay: float = 0.0, fork: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """vaultnet on `vault`; SIGKILLed `delay` s after its `at_write`th temp file (0: never).
        `fork=False` runs it in the zygote itself (never killed: the setup and reference runs)."""
        assert fork or not at_write, "only a forked run is killed"
        argv = ["--vault", str(vault), "--today", TODAY, *args]
        assert self.zygote.stdin is not None and self.zygote.stdout is not None
        job = {"at_write": at_write, "delay": delay, "argv": argv, "fork": fork}
        self.zygote.stdin.write(json.dumps(job) + "\n")
        self.zygote.stdin.flush()
        answer = json.loads(self.zygote.stdout.readline())
        return subprocess.CompletedProcess(
            argv, answer["returncode"], answer["stdout"], answer["stderr"]
        )

    def close(self) -> None:
        assert self.zygote.stdin is not None
        self.zygote.stdin.close()
        self.zygote.wait(timeout=60)


@dataclass
class Kind:
    name: str
    args: list[str]
    rerun_always: bool  # idempotent: a rerun must finish the job once
    writes: int = 0  # temp files an uninterrupted run writes
    left: list[float] = field(default_factory=list)  # seconds it ran on after each of them


@dataclass
class CrashResult:
    kills: int = 0  # processes that died by the SIGKILL
    finished_first: int = 0  # the timer came after the command had finished
    torn: list[str] = field(default_factory=list)  # notes neither old nor new
    wrong_after_rerun: list[str] = field(default_factory=list)
    temp_files_left: list[str] = field(default_factory=list)
    per_kind: dict[str, int] = field(default_factory=dict)


def notes(vault: Path) -> dict[str, bytes]:
    """Every file of the vault outside .vaultnet/ (notes, Due.md), by relative path."""
    found = {}
    for path in sorted(vault.rglob("*")):
        rel = path.relative_to(vault).as_posix()
        if rel.startswith(".vaultnet") or not path.is_file():
            continue
        if path.name.endswith(".vaultnet-tmp"):
            continue
        found[rel] = path.read_bytes()
    return found


def temp_files(vault: Path) -> list[str]:
    return sorted(p.relative_to(vault).as_posix() for p in vault.rglob("*.vaultnet-tmp"))


def prepare(folder: Path, runner: Runner) -> tuple[Path, Path]:
    """The starting vault (sample, indexed, a digest with ticks in it) and an import file."""
    vault = folder / "start"
    shutil.copytree(SAMPLE, vault, ignore=shutil.ignore_patterns(".vaultnet", "Due.md"))
    assert runner.run(vault, ["digest"], fork=False).returncode == 0
    due = vault / "Due.md"
    lines = due.read_text(encoding="utf-8").split("\n")
    ticked = 0
    for i, line in enumerate(lines):
        if line.startswith("- [ ] ") and "<!-- vn:" in line and ticked < 12:
            lines[i] = "- [x] " + line[6:]
            ticked += 1
    due.write_text("\n".join(lines), encoding="utf-8")
    rows = ["name,email,company"]
    existing = sorted(p.stem for p in (vault / "People").glob("*.md"))[:15]
    rows += [f"{name},{name.split()[0].lower()}@imported.example,Imported Co" for name in existing]
    rows += [f"Crash Person {i:03d},crash{i}@example.com,Crash Corp {i % 7}" for i in range(80)]
    contacts = folder / "contacts.csv"
    contacts.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert runner.run(vault, ["index"], fork=False).returncode == 0
    return vault, contacts


def kinds(contacts: Path) -> list[Kind]:
    return [
        Kind("log", ["log", "Jane Doe", "-m", "coffee: crash test"], rerun_always=False),
        Kind("digest", ["digest"], rerun_always=True),
        Kind("import", ["import", "csv", str(contacts), "--quiet"], rerun_always=True),
    ]


def reference(start: Path, folder: Path, kind: Kind, runner: Runner) -> dict[str, bytes]:
    """The vault after the command ran to the end; how many temp files it wrote is kept in kind."""
    vault = folder / f"ref-{kind.name}"
    shutil.copytree(start, vault, symlinks=True)
    done = runner.run(vault, kind.args, fork=False)
    assert done.returncode == 0, done.stdout + done.stderr
    count, left = done.stderr.rsplit("writes ", 1)[1].split(" left ")
    kind.writes = int(count)
    kind.left = [float(seconds) for seconds in left.split()]
    return notes(vault)


def one_kill(
    start: Path,
    folder: Path,
    kind: Kind,
    expected: dict[str, bytes],
    rng: random.Random,
    runner: Runner,
) -> CrashResult:
    result = CrashResult()
    vault = folder / "run"
    if vault.exists():
        shutil.rmtree(vault)
    shutil.copytree(start, vault, symlinks=True)
    old = notes(vault)
    # the timer starts at a random one of the command's writes and fires within 30 ms, and
    # before the time the reference run went on for after that write
    at_write = rng.randint(1, max(kind.writes, 1))
    delay = rng.uniform(0.0, min([0.03, *kind.left[at_write - 1 : at_write]]))
    proc = runner.run(vault, kind.args, at_write, round(delay, 4))
    if proc.returncode == -9:
        result.kills = 1
    else:
        result.finished_first = 1
    after = notes(vault)
    for rel in sorted(set(old) | set(after) | set(expected)):
        now = after.get(rel)
        if now != old.get(rel) and now != expected.get(rel):
            result.torn.append(f"{kind.name}: {rel}")
    landed = after.get("People/Jane Doe.md") == expected.get("People/Jane Doe.md")
    if kind.rerun_always or not landed:
        rerun = runner.run(vault, kind.args)
        if rerun.returncode != 0:
            result.wrong_after_rerun.append(f"{kind.name}: exit {rerun.returncode} {rerun.stderr}")
        final = notes(vault)
        wrong = [
            rel
            for rel in sorted(set(final) | set(expected))
            if final.get(rel) != expected.get(rel) and not rel.startswith(".vaultnet")
        ]
        # Due.md after a rerun of an interrupted digest is the same list; its harvest was the
        # first run's, so compare the notes only for it
        wrong = [rel for rel in wrong if not (kind.name == "digest" and rel == "Due.md")]
        result.wrong_after_rerun += [f"{kind.name}: {rel}" for rel in wrong]
        result.temp_files_left += [f"{kind.name}: {rel}" for rel in temp_files(vault)]
    return result


def run(kills: int, seed: int = 1, under: Path | None = None) -> CrashResult:
    """`kills` runs killed at random (from `seed`), in a temporary folder (inside `under`)."""
    rng = random.Random(seed)
    total = CrashResult()
    with tempfile.TemporaryDirectory(prefix="vaultnet-crash-", dir=under) as name:
        folder = Path(name)
        runner = Runner()
        try:
            start, contacts = prepare(folder, runner)
            chosen = kinds(contacts)
            expected = {kind.name: reference(start, folder, kind, runner) for kind in chosen}
            for i in range(kills):
                kind = chosen[i % len(chosen)]
                one = one_kill(start, folder, kind, expected[kind.name], rng, runner)
                total.kills += one.kills
                total.finished_first += one.finished_first
                total.torn += one.torn
                total.wrong_after_rerun += one.wrong_after_rerun
                total.temp_files_left += one.temp_files_left
                total.per_kind[kind.name] = total.per_kind.get(kind.name, 0) + one.kills
        finally:
            runner.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    started = time.perf_counter()
    result = run(options.kills, options.seed)
    print(
        f"{options.kills} runs: {result.kills} killed mid-command {result.per_kind}, "
        f"{result.finished_first} finished before the kill"
    )
    print(f"torn or half-updated notes: {len(result.torn)} {result.torn[:5]}")
    print(f"wrong after the rerun: {len(result.wrong_after_rerun)} {result.wrong_after_rerun[:5]}")
    print(f"temp files left after the rerun: {len(result.temp_files_left)}")
    print(f"{time.perf_counter() - started:.0f} s")
    if result.torn or result.wrong_after_rerun or result.temp_files_left:
        sys.exit(1)


if __name__ == "__main__":
    main()
