"""Capture speed: `vaultnet import mail` of a 1 GB mbox of 100,000 messages into a vault of
1,000 people, then the same mbox again (nothing to add).

    python bench/capture.py                       100,000 messages of ~10 KB (about 1 GB)
    python bench/capture.py --messages 10000      a quick check

The mbox is generated deterministically, as mail clients write it: `From ` separators, folded
headers, bodies with `>From` escapes and long lines, one message in five from a mailing list or
an automated sender, a third with people not in the vault. Wall time, CPU time and peak RSS of
the child process (from wait4), printed and written to bench/results/capture.md. The issue's
target: under a minute and under 100 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEOPLE = 1000
WORDS = [
    "meeting",
    "intro",
    "platform",
    "hiring",
    "coffee",
    "roadmap",
    "draft",
    "review",
    "offer",
    "thanks",
    "next",
    "week",
]


def _person(i: int) -> tuple[str, str]:
    return f"Person {i:04d}", f"person{i:04d}@example.com"


def make_vault(root: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "vaultnet", "init", str(root)], check=True, capture_output=True
    )
    config = root / "vaultnet.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("emails = []", 'emails = ["me@mine.example"]'), "utf-8")
    for i in range(PEOPLE):
        name, email = _person(i)
        (root / "People" / f"{name}.md").write_text(
            f"---\nemail: {email}\n---\n# {name}\n\n## Log\n", encoding="utf-8"
        )


def make_mbox(path: Path, messages: int, body_bytes: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    line = " ".join(rng.choice(WORDS) for _ in range(12)) + "\n"
    body = (line * (body_bytes // len(line) + 1))[:body_bytes].rstrip("\n") + "\n"
    body = body.replace("\n", "\n>From the escaped body line\n", 1)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for n in range(messages):
            day = 1 + n * 700 // messages
            stamp = f"{1 + day % 28:02d} {['Jan', 'Mar', 'Jun', 'Sep', 'Nov'][day % 5]} 2026"
            kind = n % 10
            person = _person(rng.randrange(PEOPLE * 3 // 2))  # a third are not in the vault
            if person[0] >= _person(PEOPLE)[0]:
                person = (f"Stranger {n % 5000}", f"stranger{n % 5000}@elsewhere.example")
            extra = ""
            if kind == 0:
                extra = "List-Id: Team list <team.lists.example>\n"
            elif kind == 1:
                extra = "Precedence: bulk\n"
            if kind % 2:
                sender, to = "Me <me@mine.example>", f"{person[0]} <{person[1]}>"
            else:
                sender, to = f"{person[0]} <{person[1]}>", "Me <me@mine.example>"
            out.write(
                f"From {person[1]} Mon {stamp} 10:00:00\n"
                f"Message-ID: <m{n}@bench.example>\n"
                f"Date: Mon, {stamp} 10:{n % 60:02d}:00 +0000\n"
                f"From: {sender}\nTo: {to}\n"
                f"Cc: a-very-long-list@example.com,\n another@example.com\n"
                f"Subject: {rng.choice(WORDS)} {n}\n{extra}"
                "Content-Type: text/plain; charset=utf-8\n\n"
                f"{body}\n"
            )
    return path.stat().st_size


def timed(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS in MB of a child process. On a
    shared machine the CPU time is the fair figure: wall time there is mostly waiting."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--body", type=int, default=10_000, help="body bytes per message")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vault, mbox = Path(tmp) / "vault", Path(tmp) / "archive.mbox"
        make_vault(vault)
        size = make_mbox(mbox, args.messages, args.body)
        command = [sys.executable, "-m", "vaultnet", "--vault", str(vault), "--today"]
        command += ["2026-12-31", "import", "mail", str(mbox), "-q"]
        load = os.getloadavg()[0]
        first = timed(command)
        again = timed(command)
    lines = [
        f"# Import of an mbox of {args.messages:,} messages ({size / 1e9:.2f} GB) into "
        f"{PEOPLE:,} people",
        "",
        f"Load average at the start: {load:.1f} on {os.cpu_count()} cores.",
        "",
        "| run | wall | CPU | peak RSS |",
        "|---|---:|---:|---:|",
        f"| first | {first[0]:.1f} s | {first[1]:.1f} s | {first[2]:.0f} MB |",
        f"| again (nothing to add) | {again[0]:.1f} s | {again[1]:.1f} s | {again[2]:.0f} MB |",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "capture.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
