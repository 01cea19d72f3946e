"""A deterministic generator of realistic vaults for the benchmark (standard library only).

    python bench/generate.py OUT --people 1000 --meetings 5000 [--seed 1]

Same arguments, same bytes and same mtimes. The notes carry the irregularities real vaults have
(see DESIGN.md): CRLF, a UTF-8 BOM, no or empty frontmatter, `---` with trailing spaces, broken
YAML, accented and apostrophe names, an unquoted `[[link]]` in YAML, `with:` as a scalar, links by
alias, lower case, `|display` and `#heading`, links to people with no note, missing cadence and
last_contact, birthdays without a year, tasks in both the Tasks and the Dataview styles.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import unicodedata
from bisect import bisect_right
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 22)
FIRST_MEETING = date(2021, 1, 1)
EPOCH = date(1970, 1, 1)
LATEST_MTIME = date(2026, 1, 1)  # never in the future, where vaultnet would re-read a note as racy


def words(text: str, separator: str | None = None) -> list[str]:
    """A word list written as one string, to keep the tables below short."""
    return text.split(separator)


FIRST = words(
    "Aaron Abigail Adam Adrian Aisha Alan Alex Alice Amanda Amir Amy Ana Andrea Andrew Anna Arjun "
    "Arthur Ava Ben Beth Bianca Bob Brian Caleb Camila Carl Carlos Carmen Chen Chris Claire Colin "
    "Daniel David Derek Diana Diego Dmitri Dylan Elena Eli Emily Emma Eric Ethan Eva Farah Fatima "
    "Felix Fiona Frank Grace Hannah Harry Hassan Helen Henry Hiro Ian Igor Isaac Isabel Ivan Jack "
    "James Jane Jason Javier Jenna Jin John Jonah Jordan Julia Kai Karen Kate Kevin Kim Laura Leah "
    "Leo Liam Lily Lucas Lucy Luis Maria Mark Mary Matt Maya Mei Mia Michael Mila Nadia Nathan Nina "
    "Noah Nora Olga Oliver Omar Oscar Owen Pablo Paul Peter Priya Rachel Rahul Raj Rosa Ruby Ryan "
    "Sam Sara Sean Sergei Sofia Sophie Steve Susan Tara Thomas Tim Tom Uma Victor Vikram Wei Xavier "
    "Yara Yuki Yusuf Zach Zara"
)
FIRST_ACCENTED = words("José Zoë Chloé Renée Søren Björn Łukasz Zoltán Inés Mónica François Jürgen")
LAST = words(
    "Adams Ahmed Allen Baker Banerjee Bell Brooks Brown Campbell Carter Castro Chang Clark Cook "
    "Cruz Davis Diaz Dubois Evans Fischer Flores Garcia Gill Gordon Green Gupta Hall Harris Hill "
    "Hoffman Hughes Ito Jackson Jones Kaur Kelly Khan Kim King Klein Kowalski Kumar Lee Lewis Li "
    "Lin Liu Lopez Martin Meyer Miller Moore Morgan Murphy Nakamura Nelson Nguyen Novak Olsen "
    "Ortiz Park Patel Perry Price Reed Reyes Rivera Ross Santos Schmidt Scott Shah Silva Singh "
    "Smith Suzuki Tanaka Taylor Torres Turner Walker Wang Ward White Wilson Wood Wright Wu Yang "
    "Young Zhang"
)
LAST_ACCENTED = words("Müller García Núñez Pérez Ødegaard Dvořák Çelik Sørensen Öztürk Lefèvre")
LAST_APOSTROPHE = ["O'Brien", "O'Connor", "D'Angelo"]
COMPANIES = words(
    "Acme Robotics|Globex|Initech|Umbrella Labs|Hooli|Pied Piper|Vandelay Industries|Cyberdyne|"
    "Massive Dynamic|Aperture Science|Northwind|Contoso|Fabrikam|Litware|Woodgrove Bank|"
    "Fourth Coffee|Stealth startup|University of Somewhere|Open Source Collective",
    "|",
)
ROLES = words(
    "Engineer|Staff Engineer|Engineering Manager|VP Engineering|CTO|Founder|Product Manager|"
    "Designer|Data Scientist|Recruiter|Investor|Professor|Consultant|Writer",
    "|",
)
TAGS = words("friend work mentor mentee investor recruiter neighbor climbing alumni community")
CADENCES = ["14d", "30d", "60d", "90d", "90d", "180d", "365d", "2w", "3m", "6m", "1y"]
STATUSES = ["seeking", "employed", "employed", "founder", "freelance", "student", "retired"]
ASKS = ["Intro to someone hiring in data", "Feedback on my pitch deck", "Advice on Berlin", ""]
OFFERS = ["Review their resume", "Intro to VCs", "My Kubernetes migration notes", ""]
COMMENTS = ["# met at PyCon", "# prefers Signal over email", "# timezone: UTC-5"]
KINDS = ["coffee", "call", "email", "lunch", "message", "video", "meeting", "intro"]
MEETING_TYPES = ["coffee", "call", "meeting", "lunch", "video", "interview", "dinner"]
GROUPS = ["Denver Tech Meetup", "Rust Users", "Climbing Club", "Alumni Network", "Founders Dinner"]
WORDS = words(
    "the a to and of we about for on with project plan team idea next week launch hiring budget "
    "roadmap feedback design review data users growth funding market timeline move family trip "
    "kids book podcast conference talk migration cloud security pricing intro follow agreed "
    "discussed mentioned recommended asked shared wants needs considering soon later quarter "
    "offsite remote relocation promotion role career startup board demo metrics release"
)
GHOSTS = ["Taylor Newperson", "Morgan Fromconf", "Riley Unknown", "Casey Recruiter"]


class Writer:
    """The random source and the counts of every irregularity written, for the manifest."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def chance(self, p: float, what: str | None = None) -> bool:
        hit = self.rng.random() < p
        if hit and what:
            self.count(what)
        return hit

    def sentence(self, low: int = 5, high: int = 14) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def link(self, name: str, aliases: list[str]) -> str:
        r = self.rng.random()
        if r < 0.03 and aliases:
            self.count("link by alias")
            return f"[[{self.rng.choice(aliases)}]]"
        if r < 0.04:
            self.count("link in lower case")
            return f"[[{name.lower()}]]"
        if r < 0.07:
            return f"[[{name}|{name.split()[0]}]]"
        if r < 0.08:
            return f"[[{name}#Log]]"
        return f"[[{name}]]"

    def frontmatter(self, lines: list[str]) -> str:
        r = self.rng.random()
        if r < 0.02:
            self.count("no frontmatter")
            return ""
        if r < 0.025:
            self.count("empty frontmatter")
            return "---\n---\n"
        if r < 0.03:
            self.count("delimiters with trailing spaces")
            return "---  \n" + "\n".join(lines) + "\n---   \n"
        if r < 0.033:
            self.count("broken YAML")
            return (
                "---\n"
                + "\n".join([*lines[:2], "note: follow up: unclear", *lines[2:]])
                + "\n---\n"
            )
        return "---\n" + "\n".join(lines) + "\n---\n"

    def encode(self, text: str) -> bytes:
        if self.chance(0.03, "CRLF"):
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        if self.chance(0.02, "BOM"):
            data = b"\xef\xbb\xbf" + data
        return data


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ascii_name(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def make_names(w: Writer, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        first = w.rng.choice(FIRST_ACCENTED if w.rng.random() < 0.04 else FIRST)
        r = w.rng.random()
        last = w.rng.choice(LAST_ACCENTED if r < 0.04 else LAST_APOSTROPHE if r < 0.05 else LAST)
        name = f"{first} {last}"
        if name.casefold() in seen:
            name = f"{first} {chr(65 + w.rng.randrange(26))}. {last}"
        if name.casefold() in seen:
            name = f"{first} {last} {len(names)}"
        seen.add(name.casefold())
        names.append(name)
    return names


def person_note(w: Writer, name: str, aliases: list[str], names: list[str], index: int) -> str:
    rng = w.rng
    company = rng.choice(COMPANIES)
    fm = [f"name: {quoted(name)}" if "'" in name or rng.random() < 0.3 else f"name: {name}"]
    fm += ["aliases:", *(f"  - {quoted(a)}" for a in aliases)] if aliases else ["aliases: []"]
    mailbox = ascii_name(name).lower().replace(" ", ".").replace("'", "")
    fm.append(f"email: {mailbox}@example.com")
    fm += [f"company: {company}", f"role: {rng.choice(ROLES)}"]
    tags = rng.sample(TAGS, rng.randint(1, 3))
    fm.append("tags: [" + ", ".join(tags) + "]")
    if rng.random() < 0.01:
        fm.append("circle: core")
    if not w.chance(0.05, "missing cadence"):
        fm.append(f"cadence: {rng.choice(CADENCES)}")
    if not w.chance(0.05, "missing last_contact"):
        fm.append(f"last_contact: {w.day(date(2019, 1, 1), TODAY).isoformat()}")
    birthday = w.day(date(1950, 1, 1), date(2003, 12, 31))
    if w.chance(0.1, "birthday without year"):
        fm.append(f"birthday: {quoted(birthday.strftime('%m-%d'))}")
    else:
        fm.append(f"birthday: {birthday.isoformat()}")
    if rng.random() < 0.6:
        other = names[(index + 1 + rng.randrange(len(names) - 1)) % len(names)]
        if w.chance(0.01, "unquoted [[link]] in YAML"):
            fm.append(f"introduced_by: [[{other}]]")
        else:
            fm.append(f"introduced_by: {quoted(f'[[{other}]]')}")
    if rng.random() < 0.2:
        fm.append(f"groups: [{quoted(f'[[{rng.choice(GROUPS)}]]')}]")
    fm += [f"ask: {rng.choice(ASKS)}", f"offer: {rng.choice(OFFERS)}"]
    if rng.random() < 0.3:
        fm.append(f"status: {rng.choice(STATUSES)}")
    if rng.random() < 0.05:
        fm.append(f"stage: {rng.choice(['want', 'pending'])}")
    for comment in rng.sample(COMMENTS, rng.randint(0, 2)):
        fm.insert(rng.randrange(1, len(fm) + 1), comment)

    body = [f"# {name}", ""]
    body += [w.sentence() for _ in range(rng.randint(0, 12))]
    body += ["", "## Notes", *(f"- {w.sentence(4, 9)}" for _ in range(rng.randint(0, 3)))]
    if rng.random() < 0.2:
        body += ["", "## Follow-ups"]
        for _ in range(rng.randint(1, 3)):
            due = (TODAY + timedelta(days=rng.randint(-30, 60))).isoformat()
            style = rng.random()
            if style < 0.6:
                body.append(f"- [ ] {w.sentence(3, 8)} \U0001f4c5 {due}")
            elif style < 0.8:
                body.append(f"- [ ] {w.sentence(3, 8)} [due:: {due}]")
            else:
                body.append(f"- [x] {w.sentence(3, 8)} \U0001f4c5 {due}")
    body += ["", "## Log"]
    days = sorted((w.day(date(2018, 1, 1), TODAY) for _ in range(rng.randint(1, 15))), reverse=True)
    for day in days:
        text = w.sentence(4, 12)
        if rng.random() < 0.2:
            text = text[:-1] + " with " + w.link(rng.choice(names), []) + "."
        if rng.random() < 0.1:
            text += rng.choice([" #give", " #ask", " #intro"])
        body.append(f"- {day.isoformat()} {rng.choice(KINDS)}: {text}")
    return w.frontmatter(fm) + "\n".join(body) + "\n"


def meeting_note(w: Writer, day: date, title: str, links: list[str], others: list[str]) -> str:
    rng = w.rng
    fm = [f"date: {day.isoformat()}", f"type: {rng.choice(MEETING_TYPES)}"]
    if links and w.chance(0.02, "`with:` as a scalar"):
        fm.append(f"with: {quoted(links[0])}")
    else:
        fm.append("with:")
        for link in links:
            if w.chance(0.01, "unquoted [[link]] in YAML"):
                fm.append(f"  - {link}")
            else:
                fm.append(f"  - {quoted(link)}")
    if rng.random() < 0.5:
        fm.append("tags: [meeting]")
    body = [f"# {title}", "", "## Notes"]
    for _ in range(rng.randint(2, 30)):
        text = w.sentence()
        if rng.random() < 0.05 and others:
            text = text[:-1] + " (see " + rng.choice(others) + ")."
        body.append("- " + text)
    body += ["", "## Action items", f"- [ ] {w.sentence(3, 8)}"]
    if rng.random() < 0.2:
        due = (day + timedelta(days=rng.randint(1, 14))).isoformat()
        body.append(f"- [ ] {w.sentence(3, 8)} \U0001f4c5 {due}")
    return w.frontmatter(fm) + "\n".join(body) + "\n"


def _write(path: Path, data: bytes, day: date, salt: int) -> None:
    path.write_bytes(data)
    day = min(day, LATEST_MTIME)
    stamp = (day.toordinal() - EPOCH.toordinal()) * 86400 + 43200 + salt % 3600
    os.utime(path, (stamp, stamp))


def generate(out: Path, people: int, meetings: int, seed: int = 1) -> dict[str, object]:
    """Write a vault of `people` person notes and `meetings` interaction notes into `out`
    (which must be empty or absent); return its manifest (also written to .bench-manifest.json)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    for folder in ("People", "Meetings", "Groups", ".obsidian"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    w = Writer(seed)
    names = make_names(w, people)
    aliases: dict[str, list[str]] = {}
    for name in names:
        parts = name.split()
        found = [parts[0]] if w.rng.random() < 0.5 else []
        if w.rng.random() < 0.2:
            found.append(f"{parts[0][0]}. {parts[-1]}")
        if ascii_name(name) != name and w.rng.random() < 0.5:
            found.append(ascii_name(name))
        aliases[name] = found

    total = 0
    for i, name in enumerate(names):
        data = w.encode(person_note(w, name, aliases[name], names, i))
        _write(out / "People" / f"{name}.md", data, TODAY - timedelta(days=i % 700), i)
        total += len(data)
    for group in GROUPS:
        text = f"---\ntype: group\ncadence: 30d\n---\n# {group}\n"
        _write(out / "Groups" / f"{group}.md", text.encode(), TODAY, 0)

    # A few people get most meetings (Zipf-like), as in a real network.
    order = list(range(len(names)))
    w.rng.shuffle(order)
    cumulative: list[float] = []
    weight = 0.0
    for rank in order:
        weight += 1.0 / (rank + 20) ** 0.9
        cumulative.append(weight)
    used: set[str] = set()
    span = (TODAY - FIRST_MEETING).days
    for j in range(meetings):
        day = FIRST_MEETING + timedelta(days=w.rng.randrange(span + 1))
        wanted = w.rng.choice([1, 1, 1, 2, 2, 3, 4])
        chosen: list[str] = []
        for _ in range(wanted * 3):
            if len(chosen) == wanted or not names:
                break
            pick = names[min(bisect_right(cumulative, w.rng.random() * weight), len(names) - 1)]
            if pick not in chosen:
                chosen.append(pick)
        if w.chance(0.03, "link to a person with no note"):
            chosen.append(w.rng.choice(GHOSTS))
        who = chosen[0] if chosen else "the team"
        title = w.rng.choice(["Coffee with", "Call with", "Lunch with", "Catch-up with"])
        title = f"{day.isoformat()} {title} {who}"
        if title.casefold() in used:
            title = f"{title} ({j})"
        used.add(title.casefold())
        links = [w.link(n, aliases.get(n, [])) for n in chosen]
        others = [w.link(w.rng.choice(names), []) for _ in range(2)] if names else []
        data = w.encode(meeting_note(w, day, title, links, others))
        _write(out / "Meetings" / f"{title}.md", data, day, j)
        total += len(data)

    _write(out / ".obsidian" / "app.json", b'{"newFileFolderPath": "Meetings"}\n', TODAY, 0)
    manifest: dict[str, object] = {
        "people": people,
        "meetings": meetings,
        "seed": seed,
        "today": TODAY.isoformat(),
        "notes": people + meetings + len(GROUPS),
        "bytes": total,
        "irregularities": dict(sorted(w.counts.items())),
    }
    _write(out / ".bench-manifest.json", (json.dumps(manifest, indent=2) + "\n").encode(), TODAY, 0)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic benchmark vault.")
    parser.add_argument("out", type=Path, help="the vault folder to create (empty or absent)")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        manifest = generate(args.out, args.people, args.meetings, args.seed)
    except FileExistsError as exc:
        parser.error(str(exc))
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
