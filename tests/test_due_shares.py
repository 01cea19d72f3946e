"""The due list's reason uses a matching share-list item (Share.md), so every reach-out has
something to say: after a timely personal detail, before other details and the offer; never an
item already shared with that person."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from vaultnet.cli import cli

SHARE = """\
# Things to share

- The Kubernetes migration write-up #kubernetes #platform-engineering
- The robot fleet telemetry talk from the October meetup #robotics
- [x] An old article #robotics
"""


def person(details: str = "", **fields: str) -> str:
    front = "".join(f"{k}: {v}\n" for k, v in fields.items())
    notes = f"## Notes\n{details}" if details else ""
    return f"---\n{front}---\n{notes}## Log\n- 2026-06-01 coffee: caught up\n"


def vault(tmp_path: Path, **people: str) -> Path:
    (tmp_path / "People").mkdir()
    for name, text in people.items():
        (tmp_path / "People" / f"{name}.md").write_text(text, encoding="utf-8")
    (tmp_path / "Share.md").write_text(SHARE, encoding="utf-8")
    return tmp_path


def due(root: Path, today: str = "2026-11-22") -> Result:
    return CliRunner().invoke(
        cli, ["--vault", str(root), "--today", today, "digest", "--json"], catch_exceptions=False
    )


def reasons(root: Path) -> dict[str, dict[str, object]]:
    result = due(root)
    assert result.exit_code == 0, result.output
    return {r["name"]: r["reason"] for r in json.loads(result.stdout)["due_by_cadence"]}


CADENCE = {"cadence": "30d", "last_contact": "2026-06-01"}


def test_a_matching_item_is_the_reason_before_the_offer_and_an_untimely_detail(
    tmp_path: Path,
) -> None:
    root = vault(
        tmp_path,
        Ann=person(interests="[robotics]", offer="My notes", **CADENCE),
        Ben=person("- Plays the cello.\n", interests="[robotics]", **CADENCE),
        Cid=person(interests="[gardening]", offer="My notes", **CADENCE),
    )
    talk = "The robot fleet telemetry talk from the October meetup"
    assert reasons(root) == {
        "Ann": {"kind": "share", "text": talk, "due": None},
        "Ben": {"kind": "share", "text": talk, "due": None},
        "Cid": {"kind": "offer", "text": "My notes", "due": None},
    }
    stdout = (
        CliRunner()
        .invoke(cli, ["--vault", str(root), "--today", "2026-11-22", "digest", "--stdout"])
        .stdout
    )
    assert (
        f"- [ ] [[Ann]]: 174 days since last contact (cadence 30d). Something to share: {talk}\n"
        in stdout
    )


def test_a_timely_detail_comes_first_and_a_shared_item_is_not_offered_again(
    tmp_path: Path,
) -> None:
    root = vault(
        tmp_path,
        Ann=person("- Runs a marathon in December.\n", interests="[robotics]", **CADENCE),
        Ben=person(interests="[robotics, kubernetes]", **CADENCE),
    )
    ben = root / "People/Ben.md"
    ben.write_text(
        ben.read_text(encoding="utf-8")
        + "- 2026-07-01 email: shared: the Kubernetes migration write-up #give\n",
        encoding="utf-8",
    )
    found = reasons(root)
    assert found["Ann"] == {"kind": "detail", "text": "Runs a marathon in December.", "due": None}
    # the first item fits Ben but was shared with him: the next one that fits
    assert found["Ben"]["text"] == "The robot fleet telemetry talk from the October meetup"


def test_without_a_share_list_nothing_changes(tmp_path: Path) -> None:
    root = vault(tmp_path, Ann=person(interests="[robotics]", offer="My notes", **CADENCE))
    (root / "Share.md").unlink()
    assert reasons(root)["Ann"] == {"kind": "offer", "text": "My notes", "due": None}
