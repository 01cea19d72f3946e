"""Settings from `vaultnet.toml`: every key has a default; an unknown key or a bad value is an error."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultnet.errors import BadConfig, NoSuchVault
from vaultnet.text.dates import NEVER, parse_duration

CONFIG_FILE = "vaultnet.toml"


def find_vault(explicit: str | None, start: Path | None = None) -> Path:
    """The vault folder: `--vault`, else $VAULTNET_VAULT, else the nearest folder at or above
    `start` holding vaultnet.toml or .obsidian/, else `start` itself. (Here rather than in
    vault.py: finding the vault must not import the whole model.)"""
    given = explicit or os.environ.get("VAULTNET_VAULT")
    if given:
        path = Path(given).expanduser()
        if not path.exists():
            raise NoSuchVault(f"vault folder {given} does not exist")
        if not path.is_dir():
            raise NoSuchVault(f"vault {given} is not a folder")
        return path.resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() or (folder / ".obsidian").is_dir():
            return folder
    return here


DEFAULTS: dict[str, dict[str, Any]] = {
    "folders": {
        "people": "People",
        "groups": "Groups",
        "interactions": "Meetings",
        "due_note": "Due.md",
        "templates": "Templates/vaultnet",
    },
    "cadence": {"core": "90d"},
    "reconnect": {"per_week": 2, "dormant_after": "365d"},
    "lookahead": {"followups": "7d", "dates": "14d"},
    "goals": {"core_size": 100, "touches_per_week": 5},
    "me": {"emails": [], "linkedin": ""},
}


@dataclass(frozen=True)
class Config:
    """Resolved settings; durations are in days."""

    people_folder: str = "People"
    groups_folder: str = "Groups"
    interactions_folder: str = "Meetings"
    due_note: str = "Due.md"
    templates_folder: str = "Templates/vaultnet"
    circle_cadence: dict[str, int] = field(default_factory=lambda: {"core": 90})
    per_week: int = 2
    dormant_after: int = 365
    followups_lookahead: int = 7
    dates_lookahead: int = 14
    core_size: int = 100
    touches_per_week: int = 5
    me_emails: tuple[str, ...] = ()
    """Your own addresses: `import mail` and `import calendar` tell your mail and meetings by them."""
    me_linkedin: str = ""
    """Your LinkedIn profile URL: `import linkedin` tells your messages by it."""

    def fingerprint(self) -> str:
        """What parsing depends on; the cache is rebuilt when it changes."""
        return f"{self.people_folder}\0{self.groups_folder}"


def _folder(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadConfig(f"{where} must be a folder name (a non-empty string)")
    cleaned = value.strip().replace("\\", "/")
    if cleaned.startswith("/") or ".." in cleaned.split("/"):
        raise BadConfig(f"{where} must be a folder inside the vault, not {value!r}")
    return cleaned.strip("/")


def _days(value: Any, where: str, allow_never: bool = False) -> int:
    days = parse_duration(value)
    if days is None or (days == NEVER and not allow_never):
        raise BadConfig(
            f"{where} must be a duration like 14d, 6w, 3m or 1y (at most 100y), not {value!r}"
        )
    return days


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadConfig(f"{where} must be a whole number >= 0, not {value!r}")
    return value


def _emails(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and "@" in i for i in items):
        raise BadConfig(f'{where} must be a list of email addresses like ["you@example.com"]')
    return tuple(i.strip().lower() for i in items)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise BadConfig(f"{where} must be a string, not {value!r}")
    return value.strip()


def load_config(vault: Path) -> Config:
    """Read `vaultnet.toml` in the vault (absent means all defaults)."""
    path = vault / CONFIG_FILE
    if not path.is_file():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadConfig(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise BadConfig(f"{path}: cannot read: {exc.strerror}") from None
    return config_from_dict(data, str(path))


def config_from_dict(data: dict[str, Any], source: str = CONFIG_FILE) -> Config:
    """Validate a parsed TOML document against DEFAULTS, naming the file and key on any error."""
    for section, values in data.items():
        if section not in DEFAULTS:
            raise BadConfig(f"{source}: unknown section [{section}]")
        if not isinstance(values, dict):
            raise BadConfig(f"{source}: [{section}] must be a table")
        if section == "cadence":
            continue  # keys are circle names, free by design
        for key in values:
            if key not in DEFAULTS[section]:
                raise BadConfig(f"{source}: unknown key '{key}' in [{section}]")

    def get(section: str, key: str) -> Any:
        return data.get(section, {}).get(key, DEFAULTS[section][key])

    def where(section: str, key: str) -> str:
        return f"{source}: [{section}] {key}"

    circles = {"core": "90d", **data.get("cadence", {})}
    return Config(
        people_folder=_folder(get("folders", "people"), where("folders", "people")),
        groups_folder=_folder(get("folders", "groups"), where("folders", "groups")),
        interactions_folder=_folder(
            get("folders", "interactions"), where("folders", "interactions")
        ),
        due_note=_folder(get("folders", "due_note"), where("folders", "due_note")),
        templates_folder=_folder(get("folders", "templates"), where("folders", "templates")),
        circle_cadence={
            str(circle): _days(value, where("cadence", str(circle)), allow_never=True)
            for circle, value in circles.items()
        },
        per_week=_count(get("reconnect", "per_week"), where("reconnect", "per_week")),
        dormant_after=_days(get("reconnect", "dormant_after"), where("reconnect", "dormant_after")),
        followups_lookahead=_days(get("lookahead", "followups"), where("lookahead", "followups")),
        dates_lookahead=_days(get("lookahead", "dates"), where("lookahead", "dates")),
        core_size=_count(get("goals", "core_size"), where("goals", "core_size")),
        touches_per_week=_count(
            get("goals", "touches_per_week"), where("goals", "touches_per_week")
        ),
        me_emails=_emails(get("me", "emails"), where("me", "emails")),
        me_linkedin=_text(get("me", "linkedin"), where("me", "linkedin")),
    )


CONFIG_TEMPLATE = """\
# vaultnet settings. Every key is optional; these are the defaults.

[folders]
people = "People"              # one note per person
groups = "Groups"              # hubs, groups, communities, events
interactions = "Meetings"      # where `log --note` and `prep --note` write meeting notes
due_note = "Due.md"            # the due list `vaultnet digest` writes
templates = "Templates/vaultnet"  # your overrides of the packaged templates

[cadence]          # how often to be in touch, by circle (14d, 6w, 3m, 1y, never)
core = "90d"

[reconnect]
per_week = 2             # dormant people to reconnect with each week
dormant_after = "365d"   # silent this long = dormant

[lookahead]
followups = "7d"   # follow-ups due within this window are listed
dates = "14d"      # birthdays within this window are listed

[goals]
core_size = 100
touches_per_week = 5

[me]               # you, so `import mail|calendar|linkedin` can tell your mail and meetings
emails = []        # your addresses, e.g. ["you@example.com", "you@work.example"]
linkedin = ""      # your profile, e.g. "https://www.linkedin.com/in/you"
"""
