"""From an empty folder to a first due list, and `triage`'s step time (issue 15).

    python bench/first_list.py               5,000 LinkedIn rows
    python bench/first_list.py --rows 500    a quick check

Part 1 runs the commands a new user types, each in its own process, and times each: `init`,
`import linkedin` (the generated Connections.csv of bench/imports.py), `digest` (the first due
list, with "Start here"); then `set --company Globex circle=core --yes` (a sixth of them made
core at once) and `digest` again (their first contacts spread, 5 a day).

Part 2 times `triage` between people, in one process as the command runs it: the time from a
key to the next screen (the decision written through the editor, the progress line, the next
screen drawn), for `--steps` decisions, then as many `back` steps (each undoes one). The queue's
start (opening the vault, ranking the undecided) is timed apart. Written to
bench/results/first_list.md. On a shared machine the wall times swing with the load; the
CPU column is steadier.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.imports import connections_csv  # noqa: E402

TODAY = "2026-11-22"


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of the command in its own process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def commands(vault: Path, csv: Path) -> list[tuple[str, tuple[float, float]]]:
    vaultnet = [sys.executable, "-m", "vaultnet"]
    base = [*vaultnet, "--vault", str(vault), "--today", TODAY]
    steps = [
        ("vaultnet init DIR", [*vaultnet, "init", str(vault)]),
        ("vaultnet import linkedin Connections.csv", [*base, "import", "linkedin", str(csv), "-q"]),
        ("vaultnet digest (the first due list)", [*base, "digest"]),
        (
            "vaultnet set --company Globex circle=core --yes",
            [*base, "set", "--company", "Globex", "circle=core", "--yes"],
        ),
        ("vaultnet digest (first contacts spread)", [*base, "digest"]),
    ]
    return [(name, timed(args)) for name, args in steps]


def triage_steps(vault: Path, steps: int) -> tuple[float, list[float], list[float]]:
    from vaultnet.actions import triage as use_case
    from vaultnet.cli.triage import _screen
    from vaultnet.network.vault import Vault

    start = time.perf_counter()
    opened = Vault.open(vault, date.fromisoformat(TODAY))
    queue = use_case.triage_queue(opened)
    progress = use_case.progress(opened)
    offered = {c.key: c for c in use_case.choices(opened.config)}
    _screen(queue[0], 1, len(queue))
    queue_start = time.perf_counter() - start
    forward, back, decisions = [], [], []
    keys = "cmqyn"
    for at in range(steps):
        choice = offered[keys[at % len(keys)]]
        start = time.perf_counter()
        decisions.append(use_case.decide(opened, queue[at].person, choice))
        progress.decided += 1
        progress.line()
        _screen(queue[at + 1], at + 2, len(queue))
        forward.append(time.perf_counter() - start)
    for at in reversed(range(steps)):
        start = time.perf_counter()
        use_case.undo(opened, decisions[at])
        progress.decided -= 1
        progress.line()
        _screen(queue[at], at + 1, len(queue))
        back.append(time.perf_counter() - start)
    return queue_start, forward, back


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "Connections.csv"
        csv.write_bytes(connections_csv(args.rows))
        vault = Path(tmp) / "vault"
        timings = commands(vault, csv)
        due = (vault / "Due.md").read_text(encoding="utf-8")
        queued = next((line for line in due.splitlines() if "first contacts queued" in line), "")
        queue_start, forward, back = triage_steps(vault, args.steps)
    first = sum(t[0] for _, t in timings[:3])
    first_cpu = sum(t[1] for _, t in timings[:3])
    lines = [
        f"# From an empty folder to a first due list: {args.rows:,} LinkedIn rows",
        "",
        "| command | wall s | CPU s |",
        "|---|---:|---:|",
        *(f"| `{name}` | {wall:.2f} | {cpu:.2f} |" for name, (wall, cpu) in timings),
        "",
        f"Empty folder to the first due list (the first three commands): {first:.2f} s wall, "
        f"{first_cpu:.2f} s CPU.",
        f"After making Globex core, the due list says: `{queued.strip()}`.",
        "",
        f"# `triage` between people ({args.steps} decisions, then {args.steps} backs)",
        "",
        f"Queue start (open the vault, rank the undecided, first screen): {queue_start:.3f} s",
        "",
        "| step | median | max |",
        "|---|---:|---:|",
        f"| key to next screen | {statistics.median(forward) * 1000:.1f} ms "
        f"| {max(forward) * 1000:.1f} ms |",
        f"| back (undo) to screen | {statistics.median(back) * 1000:.1f} ms "
        f"| {max(back) * 1000:.1f} ms |",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "first_list.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
