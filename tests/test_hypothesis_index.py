"""The incremental index answers exactly like a fresh rebuild, whatever the sequence of edits:
create, delete and rename notes; change aliases, `with:`, log lines, tasks, `last_contact`, the
folders in the config; vaultnet's own writes. After every step the vault opened through the index
equals the vault parsed from scratch (notes, problems, people, the due list), and `show` from the
index equals `show` from the whole vault."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tests.conftest import examples
from vaultnet.due.render import due_json
from vaultnet.due.schedule import schedule_vault
from vaultnet.formats.jsonout import person_summary
from vaultnet.network.answers import open_people, open_problems
from vaultnet.network.vault import Vault
from vaultnet.notes.editor import NoteEditor

TODAY = date(2026, 11, 22)
NAMES = ["Ann Lee", "Bob Ray", "Cy Wu", "Zoë Fox"]
ALIASES = ["Annie", "Bobby", "Cy", "Zoe", "Bob Ray"]  # "Bob Ray" is also a stem
TITLES = ["Coffee", "Lunch", "Call"]
DAYS = ["2026-01-05", "2026-11-20", "2027-02-01", "2026-02-30"]  # a future and an impossible one

names = st.sampled_from(NAMES)
linkable = st.sampled_from([*NAMES, *ALIASES, "ann lee", "Nobody"])


def _quoted(items: list[str]) -> str:
    return "[" + ", ".join(f"'[[{item}]]'" for item in items) + "]"


class IndexAgainstRebuild(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="vaultnet-index-"))
        (self.root / "People").mkdir()
        (self.root / "Meetings").mkdir()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _people(self) -> list[Path]:
        return sorted((self.root / "People").glob("*.md"))

    @rule(
        name=names,
        aliases=st.lists(st.sampled_from(ALIASES), max_size=2, unique=True),
        last_contact=st.sampled_from([None, *DAYS]),
        logs=st.lists(st.tuples(st.sampled_from(DAYS), linkable), max_size=2),
        task=st.sampled_from([None, "- [ ] send notes 📅 2026-11-25", "- [x] done"]),
        email=st.sampled_from([None, "ann@x.org", " Ann@X.org", "bob@x.org"]),
    )
    def write_person(
        self,
        name: str,
        aliases: list[str],
        last_contact: str | None,
        logs: list[tuple[str, str]],
        task: str | None,
        email: str | None,
    ) -> None:
        lines = ["---"]
        if email:
            lines.append(f"email: '{email}'")
        if aliases:
            lines.append(f"aliases: [{', '.join(aliases)}]")
        if last_contact:
            lines.append(f"last_contact: {last_contact}")
        lines += ["cadence: 30d", "---", "## Log"]
        lines += [f"- {day} call: with [[{who}]] #give" for day, who in logs]
        if task:
            lines.append(task)
        (self.root / "People" / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

    @rule(
        title=st.sampled_from(TITLES),
        day=st.sampled_from(DAYS),
        with_=st.lists(linkable, min_size=1, max_size=3),
        task=st.booleans(),
        kind=st.sampled_from([None, "draft", "log"]),
        tag=st.sampled_from([None, "#give", "#ask"]),
    )
    def write_meeting(
        self, title: str, day: str, with_: list[str], task: bool, kind: str | None, tag: str | None
    ) -> None:
        body = "- [ ] send Ann the deck 📅 2026-11-23\n" if task else ""
        if tag:
            body += f"- 2026-11-01: talked {tag}\n"
        kind_line = f"type: {kind}\n" if kind else ""
        text = f"---\ndate: {day}\n{kind_line}with: {_quoted(with_)}\n---\n{body}"
        (self.root / "Meetings" / f"{title}.md").write_text(text, encoding="utf-8")

    @rule(data=st.data())
    def delete_note(self, data: st.DataObject) -> None:
        notes = sorted(self.root.glob("*/*.md"))
        if notes:
            data.draw(st.sampled_from(notes)).unlink()

    @rule(data=st.data(), new=names)
    def rename_person(self, data: st.DataObject, new: str) -> None:
        people = self._people()
        target = self.root / "People" / f"{new}.md"
        if people and not target.exists():
            data.draw(st.sampled_from(people)).rename(target)

    @rule(data=st.data(), day=st.sampled_from(DAYS[:3]))
    def vaultnet_logs(self, data: st.DataObject, day: str) -> None:
        """A write by vaultnet itself (it updates the index as it writes)."""
        people = self._people()
        if not people:
            return
        Vault.open(self.root, TODAY)  # a command opens the vault (and its index) first
        note = data.draw(st.sampled_from(people))
        editor = NoteEditor.open(self.root, note.relative_to(self.root).as_posix())
        editor.add_log(date.fromisoformat(day), "email", "from vaultnet")
        editor.save()

    @rule(people_folder=st.sampled_from([None, "Meetings", "People"]))
    def configure(self, people_folder: str | None) -> None:
        config = self.root / "vaultnet.toml"
        if people_folder is None:
            config.unlink(missing_ok=True)
        else:
            config.write_text(f'[folders]\npeople = "{people_folder}"\n', encoding="utf-8")

    @invariant()
    def answers_like_a_rebuild(self) -> None:
        indexed = Vault.open(self.root, TODAY)
        fresh = Vault.open(self.root, TODAY, use_cache=False)
        assert indexed.stats.files == fresh.stats.files
        assert indexed.notes == fresh.notes
        assert indexed.problems == fresh.problems
        assert [person_summary(p, indexed) for p in indexed.people] == [
            person_summary(p, fresh) for p in fresh.people
        ]
        assert due_json(schedule_vault(indexed)) == due_json(schedule_vault(fresh))
        # `list` and `check` from the index's rows and derived facts
        listed = open_people(self.root, TODAY)
        assert listed is not None
        assert [person_summary(p, listed) for p in listed.people] == [
            person_summary(p, fresh) for p in fresh.people
        ]
        checked = open_problems(self.root, TODAY)
        assert checked is not None
        assert (checked.problems, checked.notes) == (fresh.problems, len(fresh.notes))
        for person in fresh.people:
            found = Vault.open_person(self.root, person.name, TODAY)
            if found is None:  # a name another person has as an alias too: the whole vault
                continue
            vault, shown = found
            assert shown.path == fresh.find(person.name).path
            assert person_summary(shown, vault) == person_summary(person, fresh)
            assert shown.history == person.history
            assert sorted(shown.open_tasks()) == sorted(person.open_tasks())


TestIndexAgainstRebuild = IndexAgainstRebuild.TestCase
TestIndexAgainstRebuild.settings = settings(
    max_examples=examples(25), stateful_step_count=10, deadline=None
)
