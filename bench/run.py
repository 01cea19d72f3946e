"""The vaultnet benchmark: vaultnet against the floors and a naive peer, side by side.

    python bench/run.py                 small and large vaults, 3 runs of each measure
    python bench/run.py --small         the small vault only (a quick check)
    python bench/run.py --repeat 5      more runs per measure (the median is reported)

Vaults are generated deterministically under bench/vaults/ (git-ignored) on first use. Every
measure runs as a child process; its wall time and its peak memory (from wait4) are recorded.
The table is printed and written to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.generate import TODAY, generate  # noqa: E402

SIZES = {"small": (1_000, 5_000), "large": (10_000, 50_000)}
PYTHON = sys.executable
DROP_CACHES = "/proc/sys/vm/drop_caches"


@dataclass
class Measure:
    """The runs of one measure: wall seconds and peak memory (MB) of each child."""

    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds of each child
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak(self) -> float:
        return max(self.peak_mb)


def run_child(argv: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB, CPU seconds) of one child process; fails loudly if it
    fails. The CPU time (user + system) moves less than the wall time on a shared machine."""
    # stderr goes to a file, not a pipe: a vault's thousands of problem lines would fill a pipe
    # that nobody reads until the child exits, and the child would wait forever.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=_child_env()
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):  # 1: vaultnet found problems in the vault, as expected
            errors.seek(0)
            text = errors.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n{text[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VAULTNET_VAULT", None)
    env["VAULTNET_TODAY"] = TODAY.isoformat()
    return env


def can_drop_caches() -> bool:
    try:
        with open(DROP_CACHES, "w") as handle:
            handle.write("3\n")
        return True
    except OSError:
        return False


def drop_caches() -> None:
    os.sync()
    with open(DROP_CACHES, "w") as handle:
        handle.write("3\n")


def vaultnet_command() -> list[str]:
    script = Path(PYTHON).parent / "vaultnet"
    return [str(script)] if script.exists() else [PYTHON, "-m", "vaultnet"]


def available_commands() -> set[str]:
    out = subprocess.run(
        [PYTHON, "-c", "from vaultnet.cli import COMMANDS; print(' '.join(COMMANDS))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def ensure_vault(folder: Path, people: int, meetings: int) -> dict[str, object]:
    """The generated vault in folder, regenerated when missing or made with other arguments."""
    manifest_path = folder / ".bench-manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest["people"] == people and manifest["meetings"] == meetings:
            return dict(manifest)
    if folder.exists():
        shutil.rmtree(folder)
    print(f"generating {folder.name}: {people} people, {meetings} meetings ...", flush=True)
    return generate(folder, people, meetings)


def first_person(vault: Path) -> tuple[str, Path]:
    """A person with a plain name (the first note in People/), and their note."""
    for path in sorted((vault / "People").glob("*.md")):
        if path.stem.isascii() and "'" not in path.stem:
            return path.stem, path
    raise SystemExit(f"no person in {vault}")


def repeat(times: int, measure: Callable[[], tuple[float, float, float]]) -> Measure:
    result = Measure()
    for _ in range(times):
        seconds, peak, cpu = measure()
        result.seconds.append(seconds)
        result.peak_mb.append(peak)
        result.cpu.append(cpu)
    return result


READS: dict[str, Callable[[str], list[str]]] = {
    "show NAME": lambda name: ["show", name],
    "list": lambda name: ["list"],
    "list --due": lambda name: ["list", "--due"],
    "check": lambda name: ["check"],
    "digest --stdout": lambda name: ["digest", "--stdout"],
    "digest --json": lambda name: ["digest", "--json"],
    "prep NAME": lambda name: ["prep", name],
    "report": lambda name: ["report"],
    "path COMPANY": lambda name: ["path", "Acme Robotics"],
    "suggest intros": lambda name: ["suggest", "intros"],
}
"""Read commands measured warm (label -> arguments, given the benchmark's person)."""
INSIGHTS = ("report", "path COMPANY", "suggest intros")  # issue 17: <= 2x stat floor + 0.2 s
CHECKOUT = 200  # notes a `git checkout` changes, for the proportional-cost row
WATCH_TIMEOUT = 300.0


class VaultBench:
    """The measures on one vault. The vault is reused by later runs: the notes the measures
    change are put back afterwards."""

    def __init__(self, vault: Path, times: int, cold: bool, commands: set[str]) -> None:
        self.vault, self.times, self.cold = vault, times, cold
        self.commands = commands
        self.checkout: list[Path] = []
        self.vn = [*vaultnet_command(), "--vault", str(vault), "--today", TODAY.isoformat()]
        self.digest = ["digest"] if "digest" in commands else ["list"]
        name, self.note = first_person(vault)
        self.name = name
        self.log = ["log", name, "-m", "benchmark"] if "log" in commands else ["show", name]
        self.edits = 0
        # The read commands, each against the same warm index (see READS).
        self.reads = {
            label: argv(name) for label, argv in READS.items() if argv(name)[0] in commands
        }

    def floor(self, kind: str, drop: bool = False) -> tuple[float, float, float]:
        if drop:
            drop_caches()
        return run_child([PYTHON, str(HERE / "floors.py"), kind, str(self.vault)])

    def cold_index(self) -> tuple[float, float, float]:
        shutil.rmtree(self.vault / ".vaultnet", ignore_errors=True)
        if self.cold:
            drop_caches()
        return run_child([*self.vn, "index"])

    def changed_digest(self) -> tuple[float, float, float]:
        # A real edit: one more log line, so the size and the mtime both change.
        self.edits += 1
        with open(self.note, "a", encoding="utf-8") as handle:
            handle.write(f"- 2026-11-20 call: benchmark edit {self.edits}\n")
        return run_child([*self.vn, *self.digest])

    def checkout_digest(self) -> tuple[float, float, float]:
        """What a `git checkout` that changes CHECKOUT notes costs the next digest: each of
        those notes rewritten with one more line (new size, new mtime), then one digest."""
        self.edits += 1
        for path in self.checkout:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"\n- 2026-11-19 call: checkout {self.edits}\n")
        return run_child([*self.vn, *self.digest])

    def watch_reaction(self) -> tuple[float, float, float]:
        """(seconds from a save to the due list rewritten by a running `watch`, its peak MB,
        its CPU seconds): an overdue follow-up added to one note (the most overdue comes
        first), Due.md polled until it changes."""
        due = self.vault / "Due.md"
        due.unlink(missing_ok=True)
        with tempfile.TemporaryFile() as errors:
            child = subprocess.Popen(
                [*self.vn, "watch", "--debounce", "0.2"],
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=_child_env(),
            )
            try:
                _wait_for(due.exists, child)
                time.sleep(1.0)  # the echo of its own first write settled
                before = due.read_bytes()
                self.edits += 1
                start = time.perf_counter()
                with open(self.note, "a", encoding="utf-8") as handle:
                    handle.write(f"- [ ] bench watch {self.edits} 📅 2020-01-01\n")
                _wait_for(lambda: due.read_bytes() != before, child)
                seconds = time.perf_counter() - start
            finally:
                child.terminate()
                _, _, usage = os.wait4(child.pid, 0)
        return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime

    def run(self) -> dict[str, Measure]:
        original = self.note.read_bytes()
        self.checkout = sorted((self.vault / "Meetings").glob("*.md"))[:CHECKOUT]
        checked_out = {path: path.read_bytes() for path in self.checkout}
        try:
            return self._measures()
        finally:
            self.note.write_bytes(original)
            for path, data in checked_out.items():
                path.write_bytes(data)
            (self.vault / "Due.md").unlink(missing_ok=True)

    def _measures(self) -> dict[str, Measure]:
        times, name = self.times, self.vault.name
        res: dict[str, Measure] = {}
        print(f"  {name}: floors", flush=True)
        self.floor("read")  # warm the page cache
        res["stat floor"] = repeat(times, lambda: self.floor("stat"))
        res["read floor, warm"] = repeat(times, lambda: self.floor("read"))
        if self.cold:
            res["read floor, cold"] = repeat(times, lambda: self.floor("read", drop=True))
        print(f"  {name}: cold index", flush=True)
        res["vaultnet index, cold"] = repeat(times, self.cold_index)
        res["vaultnet index, cold"].note = "no cache" + (", empty page cache" if self.cold else "")
        print(f"  {name}: warm runs", flush=True)
        run_child([*self.vn, *self.digest])
        warm = repeat(times, lambda: run_child([*self.vn, *self.digest]))
        res["vaultnet digest, warm"] = warm
        res["vaultnet digest, one note changed"] = repeat(times, self.changed_digest)
        res[f"vaultnet digest, {CHECKOUT} notes changed"] = repeat(times, self.checkout_digest)
        res["vaultnet log, one person"] = repeat(times, lambda: run_child([*self.vn, *self.log]))
        run_child([*self.vn, "index"])  # the log's note, saved just now, checked once
        for label, args in self.reads.items():
            print(f"  {name}: {label}", flush=True)
            res[f"vaultnet {label}"] = repeat(
                times,
                lambda args=args: run_child([*self.vn, *args]),  # type: ignore[misc]
            )
        if "watch" in self.commands:
            print(f"  {name}: watch reaction", flush=True)
            try:
                res["vaultnet watch, save to Due.md"] = repeat(times, self.watch_reaction)
                res["vaultnet watch, save to Due.md"].note = "a running watch, one note saved"
            except WatchTimeout as exc:
                print(f"  {name}: watch reaction not measured: {exc}", flush=True)
        for key in (
            "vaultnet digest, warm",
            "vaultnet digest, one note changed",
            f"vaultnet digest, {CHECKOUT} notes changed",
        ):
            res[key].note = " ".join(self.digest)
        res["vaultnet log, one person"].note = " ".join(self.log[:2])
        print(f"  {name}: naive peer", flush=True)
        naive = [PYTHON, str(HERE / "naive.py"), str(self.vault)]
        res["naive peer (python-frontmatter)"] = repeat(times, lambda: run_child(naive))
        return res


class WatchTimeout(Exception):
    """A running watch did not do what the measure waits for in time."""


def _wait_for(condition: Callable[[], bool], child: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + WATCH_TIMEOUT
    while time.perf_counter() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        if child.poll() is not None:
            raise WatchTimeout(f"watch exited ({child.returncode})")
        time.sleep(0.01)
    raise WatchTimeout(f"no reaction within {WATCH_TIMEOUT:.0f} s")


def bench_startup(times: int) -> dict[str, Measure]:
    return {
        "python -c pass": repeat(times * 3, lambda: run_child([PYTHON, "-c", "pass"])),
        "vaultnet --version": repeat(
            times * 3, lambda: run_child([*vaultnet_command(), "--version"])
        ),
    }


# Report ------------------------------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def targets(res: dict[str, Measure], startup: dict[str, Measure], small: dict[str, Measure] | None):
    """(measure, target, actual, met) for the issue's targets, on the vault given."""
    out: list[tuple[str, str, str, bool]] = []
    stat = res["stat floor"].median
    warm = res["vaultnet digest, warm"].median
    out.append(("warm digest", "<= 2x stat floor", f"{warm / stat:.2f}x", warm <= 2 * stat))
    changed = res["vaultnet digest, one note changed"].median
    delta = (changed - warm) * 1000
    out.append(("digest, one note changed", "<= warm + 50 ms", f"+{delta:.0f} ms", delta <= 50))
    cold_floor = res.get("read floor, cold") or res["read floor, warm"]
    label = "cold" if "read floor, cold" in res else "warm (caches not dropped)"
    cold = res["vaultnet index, cold"].median
    ratio = cold / cold_floor.median
    out.append(("cold index", f"<= 2x {label} read floor", f"{ratio:.2f}x", ratio <= 2))
    naive = res["naive peer (python-frontmatter)"].median
    out.append(
        ("warm digest vs naive", ">= 15x faster", f"{naive / warm:.1f}x", naive / warm >= 15)
    )
    checkout = f"vaultnet digest, {CHECKOUT} notes changed"
    if checkout in res:
        per_note = (res[checkout].median - warm) / CHECKOUT * 1000
        one = (changed - warm) * 1000
        out.append(
            (
                f"digest, {CHECKOUT} notes changed",
                "proportional to the notes changed",
                f"+{per_note:.1f} ms a note (one note: +{one:.0f} ms)",
                per_note <= max(one, 1.0),
            )
        )
    limit = 2 * stat + 0.1
    for key in [k for k in res if k[9:] in READS] + ["vaultnet log, one person"]:
        if key[9:] in INSIGHTS:
            wanted = 2 * stat + 0.2
            seconds = res[key].median
            out.append(
                (
                    key[9:],
                    f"<= 2x stat floor + 0.2 s ({wanted:.2f} s; issue 17)",
                    f"{seconds:.2f} s",
                    seconds <= wanted,
                )
            )
            continue
        seconds = res[key].median
        out.append(
            (
                key[9:],
                f"<= 2x stat floor + 0.1 s ({limit:.2f} s)",
                f"{seconds:.2f} s",
                seconds <= limit,
            )
        )
    slowest = max(
        (k for k in res if k.startswith("vaultnet") and "cold" not in k),
        key=lambda k: res[k].median,
    )
    ratio = naive / res[slowest].median
    out.append(
        (
            f"every warm command vs naive (slowest: {slowest[9:]})",
            ">= 15x faster",
            f"{ratio:.1f}x",
            ratio >= 15,
        )
    )
    version = startup["vaultnet --version"].median - startup["python -c pass"].median
    out.append(("--version", "<= python + 50 ms", f"+{version * 1000:.0f} ms", version <= 0.05))
    peak = max(m.peak for k, m in res.items() if k.startswith("vaultnet"))
    out.append(("peak memory", "<= 100 MB", f"{peak:.0f} MB", peak <= 100))
    if small is not None:
        for key in ("vaultnet digest, warm", "vaultnet index, cold"):
            growth = res[key].median / small[key].median
            out.append((f"growth, {key[9:]}", "<= 11x for 10x", f"{growth:.1f}x", growth <= 11))
    return out


def report(
    results: dict[str, dict[str, Measure]], startup: dict[str, Measure], times: int, cold: bool
) -> str:
    sizes = list(results)
    lines = [
        "# vaultnet benchmark",
        "",
        f"Machine: {machine()}.  ",
        f"Run: {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}, median of {times} "
        f"runs per measure, each a child process (wall time; CPU = user + system and peak RSS from wait4).  ",
        f"Load average at the end (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} cores.  ",
        "Cold runs: "
        + (
            "page cache dropped before each run (`echo 3 > /proc/sys/vm/drop_caches`)."
            if cold
            else "the page cache could not be dropped (not root?): cold figures are warm."
        ),
        "",
    ]
    for size in sizes:
        res = results[size]
        people, meetings = SIZES[size]
        stat = res["stat floor"].median
        naive = res["naive peer (python-frontmatter)"].median
        lines += [
            f"## {size} vault: {people:,} people, {meetings:,} meetings",
            "",
            "| measure | median | CPU | peak MB | x stat floor | x read floor | naive / this | runs |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        read = res["read floor, warm"].median
        for key, m in res.items():
            floor_read = res["read floor, cold"].median if "cold" in key and cold else read
            lines.append(
                f"| {key}{f' ({m.note})' if m.note else ''} | {m.median:.3f} s "
                f"| {m.cpu_median:.2f} s | {m.peak:.0f} "
                f"| {m.median / stat:.2f} | {m.median / floor_read:.2f} | {naive / m.median:.1f} "
                f"| {', '.join(f'{s:.2f}' for s in m.seconds)} |"
            )
        lines.append("")
    lines += [
        "## start-up",
        "",
        "| measure | median | runs |",
        "|---|---:|---|",
    ]
    for key, m in startup.items():
        lines.append(
            f"| {key} | {m.median * 1000:.0f} ms | {', '.join(f'{s * 1000:.0f}' for s in m.seconds)} |"
        )
    main = "large" if "large" in results else "small"
    lines += [
        "",
        f"## targets ({main} vault)",
        "",
        "| target | wanted | measured | met |",
        "|---|---|---|---|",
    ]
    small = results.get("small") if main == "large" else None
    for name, wanted, actual, met in targets(results[main], startup, small):
        lines.append(f"| {name} | {wanted} | {actual} | {'yes' if met else '**no**'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="the small vault only")
    parser.add_argument("--large", action="store_true", help="the large vault only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (default 3)")
    parser.add_argument("--vaults", type=Path, default=HERE / "vaults", help="where vaults go")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.md")
    args = parser.parse_args(argv)
    cold = can_drop_caches()
    commands = available_commands()
    results: dict[str, dict[str, Measure]] = {}
    sizes = ["small"] if args.small else ["large"] if args.large else ["small", "large"]
    for size in sizes:
        people, meetings = SIZES[size]
        vault = args.vaults / size
        ensure_vault(vault, people, meetings)
        print(f"benchmarking the {size} vault", flush=True)
        results[size] = VaultBench(vault, args.repeat, cold, commands).run()
    startup = bench_startup(args.repeat)
    text = report(results, startup, args.repeat, cold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
