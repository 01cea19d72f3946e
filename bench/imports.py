"""Import speed: a LinkedIn Connections.csv of 5,000 rows into an empty vault, then again.

    python bench/imports.py               5,000 rows, 3 runs of each measure
    python bench/imports.py --rows 500    a quick check

The CSV is generated deterministically, as LinkedIn exports it (the `Notes:` preamble, a BOM,
CRLF, `Connected On` like `12 Mar 2024`, one row in five with an email). Each run starts from a
fresh `vaultnet init`; the re-imports run on the vault the first import made. Medians of wall
time, printed and written to bench/results/imports.md.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = [
    "Aisha",
    "Ben",
    "Carla",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Mei",
    "Nora",
    "Omar",
]
LAST = [
    "Adams",
    "Brown",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Müller",
]
COMPANIES = ["Acme Robotics", "Globex", "Initech", "Hooli", "Brightline Cloud", "Northwind Labs"]
ROLES = ["Engineer", "Staff Engineer", "Engineering Manager", "Designer", "Recruiter", "CTO"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def connections_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses '
        'are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
        slug = f"{first}-{last}".lower()
        email = f"{slug}@example.com" if i % 5 == 0 else ""
        day = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2012, 2026)}"
        company, role = rng.choice(COMPANIES), rng.choice(ROLES)
        lines.append(
            f"{first},{last},https://www.linkedin.com/in/{slug},{email},{company},{role},{day}"
        )
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    vaultnet = [sys.executable, "-m", "vaultnet"]
    runs: dict[str, list[float]] = {"first": [], "again, cold cache": [], "again, warm": []}
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "Connections.csv"
        csv.write_bytes(connections_csv(args.rows))
        for _ in range(args.repeat):
            vault = Path(tmp) / "vault"
            shutil.rmtree(vault, ignore_errors=True)
            subprocess.run([*vaultnet, "init", str(vault)], check=True, capture_output=True)
            command = [*vaultnet, "--vault", str(vault), "import", "linkedin", str(csv), "-q"]
            runs["first"].append(timed(command))
            shutil.rmtree(vault / ".vaultnet" / "notes", ignore_errors=True)
            runs["again, cold cache"].append(timed(command))
            runs["again, warm"].append(timed(command))
    lines = [
        f"# Import of {args.rows:,} LinkedIn rows (median of {args.repeat})",
        "",
        "| run | median | runs |",
        "|---|---:|---|",
    ]
    for name, times in runs.items():
        shown = ", ".join(f"{t:.2f}" for t in times)
        lines.append(f"| {name} | {statistics.median(times):.2f} s | {shown} |")
    table = "\n".join(lines) + "\n"
    print(table)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "imports.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
