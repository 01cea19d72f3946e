"""A deterministic synthetic vault for the insights' goldens (tests/test_insights_golden.py):
a few hundred people and meetings carrying everything the insights read (companies, locations,
industries, statuses, stages, circles, interests, asks and offers that share words, `knows` and
`introduced_by` links, groups with cadences and aliases, #give/#ask/#intro log lines with links and
thank-yous, plans after today, drafts, tasks done and open, #feedback notes and lines, a share
list), so that a change made for speed is shown to move no output."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 22)


def _split(text: str) -> list[str]:
    return text.split()


FIRST = _split(
    "Ada Ben Cara Dev Eli Fay Gus Hal Ivy Jon Kai Lea Max Nia Oto Pia Quin Rex Sia Tom Uma Vic "
    "Wes Xia Yan Zoë José Åsa"
)
LAST = _split("Abbot Brandt Cole Diaz Ekberg Frost Gallo Hart Ito Jones Kowal Lund Moss Núñez")
COMPANIES = ["Globex", "Initech", "Acme Robotics", "Hooli", "Northwind Labs", "Umbrella", ""]
CITIES = ["Denver, CO", "Boulder, CO", "Austin, TX", "Berlin", "Remote", "Lisbon (PT)", ""]
INDUSTRIES = ["robotics", "fintech", "Fintech", "health", "education", ""]
STATUSES = ["seeking", "employed", "employed", "founder", "freelance", "student", ""]
INTERESTS = [
    "kubernetes",
    "climbing",
    "SRE",
    "hiring",
    "robotics",
    "jazz",
    "chess",
    "platform engineering",
    "Go",
    "writing",
]
ASKS = [
    "An intro to a kubernetes consultant",
    "Feedback on my pitch deck",
    "Advice on hiring a first designer",
    "Someone who knows robotics startups",
    "",
    "",
]
OFFERS = [
    "Kubernetes consulting and migration notes",
    "Pitch deck reviews",
    "Hiring advice for designers",
    "Intros to robotics founders",
    "Resume review",
    "",
]
KINDS = ["coffee", "call", "email", "lunch", "message", "intro"]
TYPES = ["coffee", "call", "meeting", "event", "draft"]
GROUPS = {
    "Denver Tech Meetup": "---\ntype: group\ncadence: 30d\naliases: [DTM]\n---\n# Denver Tech Meetup\n"
    "\n## Log\n- 2026-10-21 event: October meetup #feedback they said I was a clear speaker\n",
    "Climbing Club": "---\ncadence: 14d\nlast_contact: 2026-11-01\n---\n# Climbing Club\n",
    "Founders Dinner": "---\ncadence: 3m\n---\n# Founders Dinner\n",
    "Book Circle": "---\n---\n# Book Circle\n",
}
WORDS = _split(
    "the team plan roadmap launch hiring budget design review data growth funding market trip "
    "kids podcast conference talk migration cloud security calm presence great teacher clear "
    "writer connects people thoughtful mentor"
)


def _sentence(rng: random.Random, low: int = 3, high: int = 9) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _link(name: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.1:
        return f"[[{name.lower()}]]"
    if r < 0.2:
        return f"[[{name}|{name.split()[0]}]]"
    return f"[[{name}]]"


def _names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name.casefold() in seen:
            name = f"{name} {len(names)}"
        seen.add(name.casefold())
        names.append(name)
    return names


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _person(rng: random.Random, name: str, names: list[str]) -> str:
    fm = []
    if rng.random() < 0.15:
        fm.append(f"aliases: [{name.split()[0]}{len(name)}]")
    for key, values in (
        ("company", COMPANIES),
        ("location", CITIES),
        ("industry", INDUSTRIES),
        ("status", STATUSES),
    ):
        value = rng.choice(values)
        if value:
            fm.append(f'{key}: "{value}"')
    if rng.random() < 0.5:
        fm.append(f"role: {rng.choice(['Engineer', 'VP Engineering', 'Founder', 'Recruiter'])}")
    r = rng.random()
    if r < 0.15:
        fm.append("circle: core")
    elif r < 0.25:
        fm.append("circle: friend")
    if rng.random() < 0.08:
        fm.append(f"stage: {rng.choice(['want', 'pending'])}")
    if rng.random() < 0.6:
        fm.append(f"cadence: {rng.choice(['30d', '90d', '6w', '1y', 'never'])}")
    if rng.random() < 0.4:
        fm.append(f"last_contact: {_day(rng, date(2024, 1, 1), TODAY + timedelta(days=5))}")
    if rng.random() < 0.7:
        chosen = rng.sample(INTERESTS, rng.randint(1, 3))
        fm.append("interests: [" + ", ".join(chosen) + "]")
    ask, offer = rng.choice(ASKS), rng.choice(OFFERS)
    if ask:
        fm.append(f"ask: {ask}")
    if offer:
        fm.append(f"offer: {offer}")
    if rng.random() < 0.4:
        fm.append(f'introduced_by: "{_link(rng.choice(names), rng)}"')
    if rng.random() < 0.3:
        known = rng.sample(names, rng.randint(1, 3))
        fm.append("knows: [" + ", ".join(f'"{_link(k, rng)}"' for k in known) + "]")
    if rng.random() < 0.35:
        joined = rng.sample([*GROUPS, "DTM"], rng.randint(1, 2))
        fm.append("groups: [" + ", ".join(f'"[[{g}]]"' for g in joined) + "]")
    if rng.random() < 0.05:
        fm.append("tags: [feedback]")
    body = [f"# {name}", "", "## Notes"]
    for _ in range(rng.randint(0, 2)):
        tag = " #feedback" if rng.random() < 0.15 else ""
        body.append(f"- {_sentence(rng)}{tag}")
    body += ["", "## Follow-ups"]
    for _ in range(rng.randint(0, 3)):
        box = "x" if rng.random() < 0.3 else " "
        due = f" 📅 {_day(rng, TODAY - timedelta(days=60), TODAY + timedelta(days=20))}"
        body.append(f"- [{box}] {_sentence(rng, 2, 5)}{due if rng.random() < 0.8 else ''}")
    body += ["", "## Log"]
    days = sorted(
        (_day(rng, date(2024, 6, 1), TODAY + timedelta(days=10)) for _ in range(rng.randint(0, 9))),
        reverse=True,
    )
    for day in days:
        kind = rng.choice(KINDS)
        text = _sentence(rng)
        r = rng.random()
        if r < 0.12:
            other = rng.choice(names)
            text = f"introduced to {_link(other, rng)}: {_sentence(rng, 2, 4)} #intro #give"
        elif r < 0.2:
            text = f"thanks for the intro to {_link(rng.choice(names), rng)}"
        elif r < 0.26:
            text = "thanked me for the intro, very kind"
        elif r < 0.4:
            text += f" with {_link(rng.choice(names), rng)}"
        if rng.random() < 0.2:
            text += rng.choice([" #give", " #ask", " #feedback", " #referral"])
        if rng.random() < 0.1:
            text += " shared: the kubernetes migration write-up"
        body.append(f"- {day.isoformat()} {kind}: {text}")
    return "---\n" + "\n".join(fm) + "\n---\n" + "\n".join(body) + "\n"


def _meeting(rng: random.Random, names: list[str], day: date, number: int) -> tuple[str, str]:
    who = rng.sample(names, rng.choice([1, 1, 2, 2, 3, 4]))
    if rng.random() < 0.05:
        who.append("Nobody Known")
    group = rng.choice([*GROUPS, "", "", "", "", "", ""])
    title = f"{day.isoformat()} {group or 'Coffee with ' + who[0]} {number}"
    fm = [f"date: {day.isoformat()}", f"type: {rng.choice(TYPES)}", "with:"]
    fm += [f'  - "{_link(w, rng)}"' for w in who]
    if group and rng.random() < 0.5:
        fm.append(f'groups: ["[[{group}]]"]')
        title = f"{day.isoformat()} Meeting {number}"
    body = [f"# {title}", "", "## Notes", f"- {_sentence(rng)}"]
    if rng.random() < 0.1:
        body.append(f"- {_sentence(rng)} #feedback")
    if rng.random() < 0.4:
        box = "x" if rng.random() < 0.3 else " "
        due = _day(rng, day, day + timedelta(days=14))
        body.append(f"- [{box}] send {who[0].split()[0]} {_sentence(rng, 2, 4)} 📅 {due}")
    return title, "---\n" + "\n".join(fm) + "\n---\n" + "\n".join(body) + "\n"


_RETURNS = [
    ("2025-01-10", "2026-11-17"),
    ("2024-09-02", "2026-11-20"),
    ("", "2026-11-18"),
    ("2025-06-01", "2026-10-01"),
    ("", "2026-09-30"),
    ("2023-03-03", "2026-05-12"),
    ("", "2026-11-23"),
]

SHARE = """# Share list

- The Kubernetes migration write-up #kubernetes #platform-engineering
- A hiring rubric #hiring
- The robot fleet talk #robotics
- A climbing gym day pass #climbing
- [x] A retired item #jazz
- Notes for [[{first}]] on chess openings
- The SRE incident template #SRE
"""


def make_insights_vault(root: Path, people: int = 160, meetings: int = 500, seed: int = 17) -> Path:
    """Write the vault into `root` (created); same arguments, same bytes."""
    rng = random.Random(seed)
    names = _names(rng, people)
    for folder in ("People", "Meetings", "Groups", "Notes"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "vaultnet.toml").write_text(
        '[folders]\ninteractions = "Meetings"\n[cadence]\ncore = "90d"\nfriend = "60d"\n'
        "[goals]\ntouches_per_week = 8\ncore_size = 30\n",
        encoding="utf-8",
    )
    for name in names:
        (root / "People" / f"{name}.md").write_text(_person(rng, name, names), encoding="utf-8")
    for group, text in GROUPS.items():
        (root / "Groups" / f"{group}.md").write_text(text, encoding="utf-8")
    for number in range(meetings):
        day = _day(rng, date(2024, 6, 1), TODAY + timedelta(days=7))
        title, text = _meeting(rng, names, day, number)
        (root / "Meetings" / f"{title}.md").write_text(text, encoding="utf-8")
    for number, (old, back) in enumerate(_RETURNS):
        # dormant for a year and more, then back; or first met that week
        log = [f"- {back} call: back in touch #give with [[{names[number]}]]"]
        if old:
            log.append(f"- {old} email: hello")
        name = f"{'Old Friend' if old else 'New Face'} {number}"
        status = STATUSES[number % len(STATUSES)]
        text = f"---\nstatus: {status}\ncircle: core\n---\n## Log\n" + "\n".join(log) + "\n"
        (root / "People" / f"{name}.md").write_text(text, encoding="utf-8")
    (root / "People" / "Wendy Want.md").write_text(
        f"---\nstage: want\ncompany: Globex\nknows: ['[[{names[1]}]]']\n---\n", encoding="utf-8"
    )
    (root / "Notes" / "2026 survey.md").write_text(
        "---\ntags: [feedback]\n---\n# Survey\n\n- A calm presence and a great teacher.\n"
        "- Clear writer; connects people.\n- Calm presence under pressure.\n",
        encoding="utf-8",
    )
    (root / "Share.md").write_text(SHARE.format(first=names[0]), encoding="utf-8")
    return root
