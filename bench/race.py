"""Racing writers: `vaultnet log` against an editor that keeps saving the same note.

    python bench/race.py                   2,000 editor saves (the README's figure)
    python bench/race.py --saves 300       a shorter run
    python bench/race.py --slow-fsync      every fsync in vaultnet takes 20 ms (a slow disk)
    python bench/race.py --no-exchange     without the atomic exchange (the fallback)

The editor is a separate process saving the way Obsidian and vim do: read the note, add a line
of its own (`- editor save N`), write a temp file, rename it over the note, every 2-30 ms.
Meanwhile `log` runs again and again in this process. A lost save is an editor line missing from
the final note: vaultnet's write replaced a save it had not read. An editor save that replaces
a log line vaultnet had just written is the editor's doing (it saved its own buffer); that is
counted too, apart.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SAMPLE = HERE.parent / "sample-vault"
NOTE = "People/Jane Doe.md"

EDITOR = r"""
import os, random, sys, time
path, stop, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(int(sys.argv[4]))
saves = 0
folder, name = os.path.split(path)
while saves < limit and not os.path.exists(stop):
    with open(path, "rb") as handle:
        data = handle.read()
    saves += 1
    data += b"- editor save %d\n" % saves
    tmp = os.path.join(folder, "." + name + ".editor-swp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    time.sleep(rng.uniform(0.002, 0.03))
print(saves)
"""


@dataclass
class RaceResult:
    saves: int  # editor saves made
    lost_saves: int  # editor saves missing from the final note
    logs: int  # `log` runs
    logged: int  # of which said "Logged"
    refused: int  # of which refused: the note changed on disk
    overwritten_logs: int  # "Logged" lines a later editor save replaced (the editor's doing)
    seconds: float


def race(
    vault: Path,
    saves: int,
    seed: int = 1,
    slow_fsync: bool = False,
    exchange: bool = True,
) -> RaceResult:
    """Run the editor for `saves` saves while `log` runs in this process; count the losses."""
    from click.testing import CliRunner

    import vaultnet.fs.atomic as atomic
    from vaultnet.cli import cli

    path = vault / NOTE
    stop = vault / ".race-stop"
    real_fsync = os.fsync
    saved_exchange = getattr(atomic, "exchange_available", True)
    if slow_fsync:

        def fsync(fd: int) -> None:
            time.sleep(0.02)
            real_fsync(fd)

        os.fsync = fsync
    atomic.exchange_available = exchange
    runner = CliRunner()
    started = time.perf_counter()
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(path), str(stop), str(saves), str(seed)],
        stdout=subprocess.PIPE,
        text=True,
    )
    logs = logged = refused = 0
    try:
        while editor.poll() is None:
            logs += 1
            result = runner.invoke(
                cli, ["--vault", str(vault), "log", "Jane Doe", "-m", f"race {logs}"]
            )
            if result.exit_code == 0 and "Logged" in result.output:
                logged += 1
            elif "changed on disk" in result.output or "changed while" in result.output:
                refused += 1
            else:
                raise AssertionError(f"log failed: {result.output}")
    finally:
        stop.touch()
        out, _ = editor.communicate(timeout=60)
        os.fsync = real_fsync
        atomic.exchange_available = saved_exchange
    seconds = time.perf_counter() - started
    made = int(out.strip())
    text = path.read_text(encoding="utf-8")
    present = {int(n) for n in re.findall(r"^- editor save (\d+)$", text, re.M)}
    lost = sum(1 for n in range(1, made + 1) if n not in present)
    in_note = len(re.findall(r": race \d+$", text, re.M))
    return RaceResult(made, lost, logs, logged, refused, logged - in_note, seconds)


def fresh_vault(folder: Path) -> Path:
    target = folder / "vault"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".vaultnet", "Due.md"))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow-fsync", action="store_true")
    parser.add_argument("--no-exchange", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = race(
            fresh_vault(Path(folder)),
            args.saves,
            args.seed,
            slow_fsync=args.slow_fsync,
            exchange=not args.no_exchange,
        )
    print(
        f"{result.saves} editor saves, {result.lost_saves} lost; {result.logs} logs: "
        f"{result.logged} logged, {result.refused} refused (changed on disk), "
        f"{result.overwritten_logs} logged lines replaced by a later editor save; "
        f"{result.seconds:.1f} s"
    )
    if result.lost_saves:
        sys.exit(1)


if __name__ == "__main__":
    main()
