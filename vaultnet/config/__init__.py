"""Settings from `vaultnet.toml`, declared once (SETTINGS): each key's default, how it is read
and checked, and the comment `init` writes; the defaults, the validation and the commented
template all come from that one list. An unknown key or a bad value is an error."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultnet.config import values as check
from vaultnet.errors import BadConfig, NoSuchVault
from vaultnet.text.numbers import NUMBER_TOO_LONG, first_too_long, line_of_long_digits
from vaultnet.text.properties import DEFAULT_NAMES

CONFIG_FILE = "vaultnet.toml"


def is_vault(folder: Path) -> bool:
    """A vault: a folder with vaultnet.toml, an Obsidian vault (.obsidian/), or one that already
    has the people folder."""
    return (
        (folder / CONFIG_FILE).is_file()
        or (folder / ".obsidian").is_dir()
        or (folder / DEFAULTS["folders"]["people"]).is_dir()
    )


def find_vault(explicit: str | None, start: Path | None = None) -> Path:
    """The vault folder: `--vault`, else $VAULTNET_VAULT, else the nearest folder at or above
    `start` holding vaultnet.toml or .obsidian/, else `start` itself if it has the people folder.
    Anything else is NoSuchVault, so that no command writes into a folder you did not name as a
    vault (`init` makes one), and a `--vault` inside a vault (its People/) says so. (Here
    rather than in vault.py: finding the vault must not import the whole model.)"""
    given = explicit or os.environ.get("VAULTNET_VAULT")
    if given:
        source = "--vault" if explicit else "$VAULTNET_VAULT"
        path = Path(given).expanduser()
        if not path.exists():
            raise NoSuchVault(f"vault folder {given} does not exist")
        if not path.is_dir():
            raise NoSuchVault(f"vault {given} is not a folder")
        path = path.resolve()
        if is_vault(path):
            return path
        outer = next((f for f in path.parents if _marked(f)), None)
        if outer is not None:
            raise NoSuchVault(
                f"{given} ({source}) is inside the vault {outer}: pass --vault {outer}"
            )
        return path  # a folder you name is the vault, even before `init`
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _marked(folder):
            return folder
    if is_vault(here):
        return here
    raise NoSuchVault(
        f"no vault here ({here} has no {CONFIG_FILE}, .obsidian/ or "
        f"{DEFAULTS['folders']['people']}/ folder, nor does any folder above it): run "
        "vaultnet init DIR, or pass --vault DIR"
    )


def _marked(folder: Path) -> bool:
    return (folder / CONFIG_FILE).is_file() or (folder / ".obsidian").is_dir()


# Reading values: each checks a value from the file and converts it, or raises BadConfig naming
# `where` (the file, the section and the key).


@dataclass(frozen=True)
class Setting:
    """One key of vaultnet.toml: its section and key, the Config field it fills, its default as
    written in TOML, how a value is read (checked and converted), and the comment `init` writes
    beside it. The key `*` is a whole table of free keys (the circles of [cadence])."""

    section: str
    key: str
    field: str
    default: Any
    read: Callable[[Any, str], Any]
    comment: str = ""


TABLE = "*"

SECTIONS: dict[str, str] = {
    "folders": "",
    "cadence": "how often to be in touch, by circle (14d, 6w, 3m, 1y, never)",
    "reconnect": "",
    "lookahead": "",
    "triage": "the cadences `vaultnet triage` offers on its m, q and y keys",
    "goals": "",
    "dates": "",
    "keys": "the names your notes give the properties vaultnet reads (its own name is always read)",
    "people": "a note anywhere is a person with `type: person`, or with",
    "me": "you, so `import mail|calendar|linkedin` can tell your mail and meetings",
}
"""The sections in the template's order, each with the comment on its header line."""

SETTINGS: tuple[Setting, ...] = (
    Setting("folders", "people", "people_folder", "People", check.folder, "one note per person"),
    Setting(
        "folders",
        "groups",
        "groups_folder",
        "Groups",
        check.folder,
        "hubs, groups, communities, events",
    ),
    Setting(
        "folders",
        "interactions",
        "interactions_folder",
        "Meetings",
        check.folder,
        "where `log --note` and `prep --note` write meeting notes",
    ),
    Setting(
        "folders",
        "due_note",
        "due_note",
        "Due.md",
        check.folder,
        "the due list `vaultnet digest` writes",
    ),
    Setting(
        "folders",
        "templates",
        "templates_folder",
        "Templates/vaultnet",
        check.folder,
        "your overrides of the packaged templates",
    ),
    Setting(
        "folders",
        "exclude",
        "exclude_folders",
        [],
        check.folders,
        'folders that hold no notes, e.g. ["Archive"]',
    ),
    Setting("cadence", TABLE, "circle_cadence", {"core": "90d"}, check.cadences),
    Setting(
        "reconnect",
        "per_week",
        "per_week",
        2,
        check.count,
        "dormant people to reconnect with each week",
    ),
    Setting(
        "reconnect",
        "dormant_after",
        "dormant_after",
        "365d",
        check.days,
        "silent this long = dormant",
    ),
    Setting(
        "reconnect",
        "first_contacts_per_day",
        "first_contacts_per_day",
        5,
        check.count,
        "never-contacted people due by cadence listed a day",
    ),
    Setting(
        "lookahead",
        "followups",
        "followups_lookahead",
        "7d",
        check.days,
        "follow-ups due within this window are listed",
    ),
    Setting(
        "lookahead",
        "dates",
        "dates_lookahead",
        "14d",
        check.days,
        "birthdays within this window are listed",
    ),
    Setting("triage", "monthly", "monthly_cadence", "1m", check.cadence_text),
    Setting("triage", "quarterly", "quarterly_cadence", "3m", check.cadence_text),
    Setting("triage", "yearly", "yearly_cadence", "1y", check.cadence_text),
    Setting("goals", "core_size", "core_size", 100, check.count),
    Setting("goals", "touches_per_week", "touches_per_week", 5, check.count),
    Setting(
        "dates",
        "keys",
        "date_keys",
        ["anniversary", "work_anniversary"],
        check.keys,
        "frontmatter dates listed like birthdays",
    ),
    Setting("keys", TABLE, "key_names", DEFAULT_NAMES, check.key_names),
    Setting("people", "tags", "person_tags", ["person"], check.words, "a tag in `tags:`"),
    Setting(
        "people",
        "categories",
        "person_categories",
        ["People"],
        check.words,
        'a link in `categories:` (`categories: ["[[People]]"]`)',
    ),
    Setting(
        "me",
        "emails",
        "me_emails",
        [],
        check.emails,
        'your addresses, e.g. ["you@example.com", "you@work.example"]',
    ),
    Setting(
        "me",
        "linkedin",
        "me_linkedin",
        "",
        check.text,
        'your profile, e.g. "https://www.linkedin.com/in/you"',
    ),
)

DEFAULTS: dict[str, dict[str, Any]] = {section: {} for section in SECTIONS}
"""The defaults as TOML reads them, by section (the circles of [cadence] as its keys)."""
for _setting in SETTINGS:
    if _setting.key == TABLE:
        DEFAULTS[_setting.section].update(_setting.default)
    else:
        DEFAULTS[_setting.section][_setting.key] = _setting.default
_BY_FIELD = {setting.field: setting for setting in SETTINGS}
_KEYS = {(setting.section, setting.key) for setting in SETTINGS}


def _default(name: str) -> Any:
    setting = _BY_FIELD[name]
    return setting.read(setting.default, f"the default of [{setting.section}] {setting.key}")


@dataclass(frozen=True)
class Config:
    """Resolved settings; durations are in days. The defaults are SETTINGS'."""

    people_folder: str = _default("people_folder")
    groups_folder: str = _default("groups_folder")
    interactions_folder: str = _default("interactions_folder")
    due_note: str = _default("due_note")
    templates_folder: str = _default("templates_folder")
    exclude_folders: tuple[str, ...] = _default("exclude_folders")
    """Folders the scan leaves out, besides the Obsidian template folders."""
    circle_cadence: dict[str, int] = field(default_factory=lambda: _default("circle_cadence"))
    per_week: int = _default("per_week")
    dormant_after: int = _default("dormant_after")
    first_contacts_per_day: int = _default("first_contacts_per_day")
    """Never-contacted people due by cadence shown a day; the rest wait their turn."""
    followups_lookahead: int = _default("followups_lookahead")
    dates_lookahead: int = _default("dates_lookahead")
    monthly_cadence: str = _default("monthly_cadence")
    quarterly_cadence: str = _default("quarterly_cadence")
    yearly_cadence: str = _default("yearly_cadence")
    core_size: int = _default("core_size")
    touches_per_week: int = _default("touches_per_week")
    date_keys: tuple[str, ...] = _default("date_keys")
    """Frontmatter dates besides `birthday` listed under "Birthdays and dates"."""
    key_names: tuple[tuple[str, tuple[str, ...]], ...] = _default("key_names")
    """`[keys]`: each property with the names it is read under, its own first."""
    person_tags: tuple[str, ...] = _default("person_tags")
    """Tags that make a note a person (`tags: [person]`), wherever it is."""
    person_categories: tuple[str, ...] = _default("person_categories")
    """`categories:` links that make a note a person (`categories: ["[[People]]"]`)."""
    me_emails: tuple[str, ...] = _default("me_emails")
    """Your own addresses: `import mail` and `import calendar` tell your mail and meetings by them."""
    me_linkedin: str = _default("me_linkedin")
    """Your LinkedIn profile URL: `import linkedin` tells your messages by it."""

    @property
    def cadence_presets(self) -> tuple[tuple[str, str, str], ...]:
        """(key, label, cadence as written) of the cadences `triage` offers."""
        return (
            ("m", "monthly", self.monthly_cadence),
            ("q", "quarterly", self.quarterly_cadence),
            ("y", "yearly", self.yearly_cadence),
        )

    def fingerprint(self) -> str:
        """What parsing depends on; the cache is rebuilt when it changes."""
        return repr(
            (
                self.people_folder,
                self.groups_folder,
                self.key_names,
                self.person_tags,
                self.person_categories,
            )
        )


def load_config(vault: Path) -> Config:
    """Read `vaultnet.toml` in the vault (absent means all defaults)."""
    path = vault / CONFIG_FILE
    if not path.is_file():
        return Config()
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadConfig(f"{path}: not valid TOML: {exc}") from None
    except ValueError:  # tomllib's int() of a number with too many digits
        line = line_of_long_digits(text)
        raise BadConfig(f"{path}{f':{line}' if line else ''}: {NUMBER_TOO_LONG}") from None
    except OSError as exc:
        raise BadConfig(f"{path}: cannot read: {exc.strerror}") from None
    long_key = first_too_long(data)  # a hex, octal or binary one reads, but cannot be printed
    if long_key is not None:
        raise BadConfig(f"{path}: {long_key}: {NUMBER_TOO_LONG}")
    return config_from_dict(data, str(path))


def config_from_dict(data: dict[str, Any], source: str = CONFIG_FILE) -> Config:
    """Validate a parsed TOML document against SETTINGS, naming the file and key on any error."""
    for section, values in data.items():
        if section not in SECTIONS:
            raise BadConfig(f"{source}: unknown section [{section}]")
        if not isinstance(values, dict):
            raise BadConfig(f"{source}: [{section}] must be a table")
        for key in values:
            if key not in DEFAULTS[section] and (section, TABLE) not in _KEYS:
                raise BadConfig(f"{source}: unknown key '{key}' in [{section}]")
    resolved: dict[str, Any] = {}
    for setting in SETTINGS:
        given = data.get(setting.section, {})
        if setting.key == TABLE:  # the file's keys are added to the default ones
            value, where = {**setting.default, **given}, f"{source}: [{setting.section}]"
        else:
            value = given.get(setting.key, setting.default)
            where = f"{source}: [{setting.section}] {setting.key}"
        resolved[setting.field] = setting.read(value, where)
    return Config(**resolved)


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml, value)) + "]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _template() -> str:
    """The commented vaultnet.toml `init` writes: every setting at its default. In each section
    the comments start in one column, two spaces after the longest line."""
    out = ["# vaultnet settings. Every key is optional; these are the defaults."]
    for section, comment in SECTIONS.items():
        lines: list[tuple[str, str]] = [(f"[{section}]", comment)]
        for setting in SETTINGS:
            if setting.section != section:
                continue
            if setting.key == TABLE:
                lines += [(f"{k} = {_toml(v)}", "") for k, v in setting.default.items()]
            else:
                lines.append((f"{setting.key} = {_toml(setting.default)}", setting.comment))
        column = (
            max(len(text) for text, note in lines if note) + 2 if any(n for _, n in lines) else 0
        )
        out.append("")
        out += [f"{text:<{column}}# {note}" if note else text for text, note in lines]
    return "\n".join(out) + "\n"


CONFIG_TEMPLATE = _template()
"""The commented vaultnet.toml `init` writes; it reads back as exactly the defaults."""
