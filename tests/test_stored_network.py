"""The network built from the index's rows (people and groups decoded, meetings from their
stored facts) is the network built from every parsed note: the same people, interactions,
groups, histories, problems and due list; and building it decodes no meeting's record."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vaultnet.due.json_form import due_json
from vaultnet.due.schedule import schedule_vault
from vaultnet.network import stored
from vaultnet.network.stored import StoredNotes
from vaultnet.network.vault import Vault

TODAY = date(2026, 3, 2)
OLD = 1_700_000_000


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (OLD, OLD))  # out of the racy window: the index trusts its rows


def edge_vault(root: Path) -> Path:
    """Meetings with groups, tasks, drafts, several people, an alias shared with a stem, a
    broken link, an impossible date, and a group named only through `groups:`."""
    _write(root, "People/Sam.md", "---\ncadence: 30d\n---\n- 2026-01-02 call: hi #ask\n")
    _write(
        root,
        "People/Samuel Lee.md",
        "---\naliases: [Sam, Sammy]\ngroups: ['[[Runners]]']\nemail: s@x.org\n---\n",
    )
    _write(root, "People/Ann Oak.md", "---\nemail: S@x.org\ncircle: core\n---\n")
    _write(root, "Groups/Runners.md", "---\naliases: [RC]\ncadence: 14d\n---\n")
    _write(
        root,
        "Meetings/2026-02-01 Lunch.md",
        "---\ndate: 2026-02-01\nwith: ['[[Sam]]', '[[Samuel Lee]]', '[[Nobody Here]]']\n"
        "groups: ['[[RC]]']\n---\n- 2026-02-01 lunch: paid #give #intro\n"
        "- [ ] send Sam the deck 📅 2026-03-01\n- [x] book 📅 2026-02-01\n",
    )
    _write(
        root,
        "Meetings/2026-02-03 Draft.md",
        "---\ndate: 2026-02-03\ntype: draft\nwith: '[[Ann Oak]]'\n---\n- [ ] thank Ann 📅 2026-02-30\n",
    )
    _write(root, "Meetings/Undated.md", "---\ndate: someday\nwith: '[[Sammy]]'\n---\n")
    _write(root, "Meetings/Plan.md", "---\ndate: 2026-04-01\nwith: '[[Ann Oak]]'\n---\n")
    _write(root, "Notes/Ideas.md", "just text [[Sam]]\n")
    return root


def _network(vault: Vault) -> dict[str, Any]:
    return {
        "people": [
            (
                p.path,
                p.last_contact,
                p.gives,
                p.asks,
                [i.path for i in p.interactions],
                p.history,
                p.open_tasks(),
            )
            for p in vault.people
        ],
        "interactions": [
            (
                i.path,
                i.date,
                i.type,
                i.with_names,
                i.title,
                i.tags,
                i.group_names,
                i.tasks,
                i.history_item,
                [p.path for p in i.people],
                i.note.fields,
            )
            for i in vault.interactions
        ],
        "groups": [
            (g.path, [p.path for p in g.members], [i.path for i in g.interactions], g.last_attended)
            for g in vault.groups
        ],
        "problems": vault.problems,
        "notes": sorted(vault.notes),
        "due": due_json(schedule_vault(vault)),
    }


@pytest.mark.parametrize("which", ["sample", "edges"])
def test_the_network_from_rows_is_the_network_from_notes(
    vault_dir: Path, tmp_path: Path, which: str
) -> None:
    root = vault_dir if which == "sample" else edge_vault(tmp_path / "edges")
    Vault.open(root, TODAY).index.close()  # the index, stored
    from_rows = Vault.open(root, TODAY)
    assert isinstance(from_rows.notes, StoredNotes)
    from_notes = Vault.open(root, TODAY, use_cache=False)
    assert not isinstance(from_notes.notes, StoredNotes)
    assert _network(from_rows) == _network(from_notes)


def test_building_the_network_decodes_no_meeting(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    for i in range(30):
        _write(root, f"People/Person {i}.md", f"---\ncompany: C{i}\n---\n")
    for m in range(200):
        _write(
            root,
            f"Meetings/M{m}.md",
            f"---\ndate: 2026-02-{m % 28 + 1:02d}\nwith: '[[Person {m % 30}]]'\n---\n"
            f"- [ ] follow up 📅 2026-03-0{m % 9 + 1}\n",
        )
    _write(root, "Groups/Club.md", "---\ncadence: 7d\n---\n")
    Vault.open(root, TODAY).index.close()
    vault = Vault.open(root, TODAY)
    assert vault.stats.read == 0
    assert vault.stats.records == 31  # the people and the group, no meeting
    schedule_vault(vault)  # the due list: follow-ups, histories, reasons
    assert vault.stats.records == 31
    meeting = vault.interactions[0]
    assert meeting.note.fields["with"] == "[[Person 0]]"  # one note asked for: one decoded
    assert vault.stats.records == 32


def test_many_notes_asked_for_one_by_one_are_decoded_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "vault"
    _write(root, "People/Ann.md", "")
    for m in range(12):
        _write(
            root, f"Meetings/M{m}.md", f"---\ndate: 2026-02-0{m % 9 + 1}\nwith: '[[Ann]]'\n---\n"
        )
    Vault.open(root, TODAY).index.close()
    monkeypatch.setattr(stored, "ONE_BY_ONE", 3)
    vault = Vault.open(root, TODAY)
    calls: list[str] = []
    assert vault.index is not None
    single = vault.index.note
    monkeypatch.setattr(vault.index, "note", lambda rel: calls.append(rel) or single(rel))
    texts = [i.note.path for i in vault.interactions]
    assert texts == [i.path for i in vault.interactions]
    assert len(calls) == 3  # then the rest in one pass


def test_a_damaged_meeting_row_falls_back_to_the_notes(tmp_path: Path) -> None:
    root = edge_vault(tmp_path / "edges")
    Vault.open(root, TODAY).index.close()
    db = sqlite3.connect(root / ".vaultnet" / "index.sqlite")
    db.execute("UPDATE meetings SET facts = x'00' WHERE path = 'Meetings/Plan.md'")
    db.commit()
    db.close()
    vault = Vault.open(root, TODAY)
    assert not isinstance(vault.notes, StoredNotes)
    assert _network(vault) == _network(Vault.open(root, TODAY, use_cache=False))


def test_a_draft_tagged_give_is_no_give_anywhere(tmp_path: Path) -> None:
    """A `type: draft` meeting is no contact: its #give counts neither in the person's gives
    (the model, the index's derived count) nor in the favor section's history."""
    from vaultnet.network.answers import open_people
    from vaultnet.network.contact import favor_counts

    root = tmp_path / "vault"
    _write(root, "People/Ann.md", "---\nask: a job\n---\n- 2026-02-01 call: asked #ask\n")
    _write(
        root,
        "Meetings/Draft.md",
        "---\ndate: 2026-02-03\ntype: draft\nwith: '[[Ann]]'\n---\n- 2026-02-03 thanks: #give\n",
    )
    _write(
        root,
        "Meetings/Lunch.md",
        "---\ndate: 2026-02-05\nwith: '[[Ann]]'\n---\n- 2026-02-05 x: #ask\n",
    )
    for vault in (Vault.open(root, TODAY), Vault.open(root, TODAY, use_cache=False)):
        (ann,) = vault.people
        assert (ann.gives, ann.asks) == (0, 2)
        assert favor_counts(ann) == (0, 2)
        history = [h for h in ann.history if h.tags]
        assert sum("give" in h.tags for h in history) == 0
    listed = open_people(root, TODAY)
    assert listed is not None
    assert [(p.gives, p.asks) for p in listed.people] == [(0, 2)]


def test_a_meeting_at_a_group_by_group_or_groups_is_attendance(tmp_path: Path) -> None:
    """`group:` names the group a meeting was at as `groups:` does: the due list's last
    attendance and the report read the same keys (notes.record.GROUP_KEYS)."""
    root = tmp_path / "vault"
    _write(root, "People/Ann.md", "")
    _write(root, "Groups/Runners.md", "---\ncadence: 7d\n---\n")
    _write(root, "Groups/Chess Club.md", "---\ncadence: 7d\n---\n")
    _write(
        root,
        "Meetings/Run.md",
        "---\ndate: 2026-02-20\nwith: '[[Ann]]'\ngroup: '[[Runners]]'\n---\n",
    )
    _write(
        root,
        "Meetings/Chess.md",
        "---\ndate: 2026-02-10\nwith: '[[Ann]]'\ngroups: ['[[Chess Club]]', '[[Runners]]']\n---\n",
    )
    for vault in (Vault.open(root, TODAY), Vault.open(root, TODAY, use_cache=False)):
        attended = {g.name: g.last_attended for g in vault.groups}
        assert attended == {"Chess Club": date(2026, 2, 10), "Runners": date(2026, 2, 20)}
