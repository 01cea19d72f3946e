"""The naive peer: each person's last contact, computed the way a user would script it
with python-frontmatter (load every note, then walk the people and the meetings).

    python bench/naive.py VAULT
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import frontmatter

LOG_LINE = re.compile(r"^- (\d{4}-\d{2}-\d{2})", re.MULTILINE)
LINK = re.compile(r"\[\[([^\]|#]+)")


def as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def last_contacts(root: Path) -> dict[str, date]:
    last: dict[str, date] = {}

    def saw(name: str, day: date | None) -> None:
        key = name.strip().lower()
        if day is not None and (key not in last or last[key] < day):
            last[key] = day

    for path in sorted(root.rglob("*.md")):
        try:
            post = frontmatter.load(path)
        except Exception:
            continue  # broken YAML: skip the note, as a quick script would
        if path.parent.name == "People":
            saw(path.stem, as_date(post.get("last_contact")))
            for day in LOG_LINE.findall(post.content):
                saw(path.stem, as_date(day))
        elif "date" in post.metadata and "with" in post.metadata:
            who = post["with"]
            for item in who if isinstance(who, list) else [who]:
                for name in LINK.findall(str(item)):
                    saw(name, as_date(post["date"]))
    return last


if __name__ == "__main__":
    found = last_contacts(Path(sys.argv[1]))
    print(f"{len(found)} people with a last contact")
