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


# Ticking a reach-out whose reason is an item of the share list ---------------------------------

TALK = "The robot fleet telemetry talk from the October meetup"


def digest(root: Path, today: str = "2026-11-22") -> Result:
    return CliRunner().invoke(
        cli, ["--vault", str(root), "--today", today, "digest"], catch_exceptions=False
    )


def tick(root: Path, who: str) -> tuple[int, str]:
    """Tick `who`'s item in Due.md; its line number and the line as the digest wrote it."""
    due_note = root / "Due.md"
    lines = due_note.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"- [ ] [[{who}]]"))
    item = lines[at]
    lines[at] = item.replace("- [ ]", "- [x]", 1)
    due_note.write_text("\n".join(lines), encoding="utf-8")
    return at + 1, item


def test_ticking_a_share_reason_records_the_item_as_shared(tmp_path: Path) -> None:
    root = vault(tmp_path, Ann=person(interests="[robotics]", **CADENCE))
    assert digest(root).exit_code == 0
    _, item = tick(root, "Ann")
    assert item.startswith(
        f"- [ ] [[Ann]]: 174 days since last contact (cadence 30d). Something to share: {TALK} <!-- vn:cadence share "
    )
    result = digest(root)
    assert result.exit_code == 0, result.output
    line = f"- 2026-11-22 message: reached out (due list); shared: {TALK} #give"
    assert (
        f"Recorded: Ann: reached out (due list); shared: {TALK} #give on 2026-11-22\n"
        in result.stderr
    )
    assert line in (root / "People/Ann.md").read_text(encoding="utf-8").splitlines()
    # due again a month on, the talk is not offered to her again, nor by suggest shares
    later = json.loads(due(root, "2027-01-01").stdout)["due_by_cadence"]
    assert [r["reason"]["kind"] for r in later if r["name"] == "Ann"] == ["last_contact"]
    shares = CliRunner().invoke(
        cli, ["--vault", str(root), "--today", "2027-01-01", "suggest", "shares", "--json"]
    )
    assert json.loads(shares.stdout) == []
    # harvesting the same ticks again records nothing more
    assert digest(root).exit_code == 0
    assert (root / "People/Ann.md").read_text(encoding="utf-8").count(TALK) == 1


def test_a_contact_logged_by_hand_still_gets_the_item_recorded(tmp_path: Path) -> None:
    root = vault(tmp_path, Ann=person(interests="[robotics]", **CADENCE))
    digest(root)
    tick(root, "Ann")
    logged = CliRunner().invoke(
        cli, ["--vault", str(root), "--today", "2026-11-22", "log", "Ann", "-m", "coffee"]
    )
    assert logged.exit_code == 0, logged.output
    result = digest(root)
    text = (root / "People/Ann.md").read_text(encoding="utf-8").splitlines()
    assert f"- 2026-11-22 message: shared: {TALK} #give" in text
    assert sum(line.startswith("- 2026-11-22 ") for line in text) == 2  # the coffee, the item
    assert not any("reached out (due list)" in line for line in text)
    assert "Already recorded" not in result.stderr


def test_an_item_retired_since_is_recorded_and_one_changed_since_is_said(tmp_path: Path) -> None:
    root = vault(
        tmp_path,
        Ann=person(interests="[robotics]", **CADENCE),
        Ben=person(interests="[kubernetes]", **CADENCE),
    )
    digest(root)
    tick(root, "Ann")
    ben_at, _ = tick(root, "Ben")
    share = root / "Share.md"
    text = share.read_text(encoding="utf-8")
    text = text.replace(f"- {TALK}", f"- [x] {TALK}")  # retired: shared with everyone it fits
    text = text.replace("migration write-up", "migration notes")  # changed: not what was shown
    share.write_text(text, encoding="utf-8")
    result = digest(root)
    assert result.exit_code == 0
    assert f"shared: {TALK} #give" in (root / "People/Ann.md").read_text(encoding="utf-8")
    ben = (root / "People/Ben.md").read_text(encoding="utf-8")
    assert "- 2026-11-22 message: reached out (due list)\n" in ben and "shared" not in ben
    assert (
        f"Due.md:{ben_at}: Ben: the item to share is no longer in Share.md as the list showed it; "
        "not recorded as shared\n"
    ) in result.stderr


def test_an_item_logged_as_shared_by_hand_is_not_recorded_twice(tmp_path: Path) -> None:
    root = vault(tmp_path, Ann=person(interests="[robotics]", **CADENCE))
    digest(root)
    tick(root, "Ann")
    args = ["--vault", str(root), "--today", "2026-11-22", "log", "Ann", "--give"]
    assert CliRunner().invoke(cli, [*args, "-m", f"shared: {TALK}"]).exit_code == 0
    result = digest(root)
    assert "Already recorded: Ann: due by cadence already recorded\n" in result.stderr
    text = (root / "People/Ann.md").read_text(encoding="utf-8")
    assert text.count(TALK) == 1 and text.count("#give") == 1
