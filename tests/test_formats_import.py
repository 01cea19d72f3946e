"""`vaultnet import linkedin|vcard|csv`: matching, non-destructive merging, idempotence, dry runs,
bad input, and round trips through the exports."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultnet.cli import cli
from vaultnet.network.vault import Vault

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-11-22"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a vault but the cache, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".vaultnet" not in p.parts
    }


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the fixture files, as the current folder: messages name them briefly."""
    folder = tmp_path / "downloads"
    shutil.copytree(FIXTURES, folder)
    monkeypatch.chdir(folder)
    return folder


def invoke(vault: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY, *args])


@pytest.fixture
def empty_vault(tmp_path: Path) -> Path:
    root = tmp_path / "empty"
    result = CliRunner().invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


# LinkedIn into the sample vault ------------------------------------------------------------------

EXPECTED_LINKEDIN = """\
created People/Ada Lovelace.md
updated People/Jane Doe.md: connected
updated People/Zoë Müller.md: linkedin, connected
created People/Grace Hopper.md
created People/Alan Turing.md
created People/Dr. Who Time Lord.md
updated People/Katherine Lindqvist.md: connected
created People/Bob Smith (Smith Plumbing).md
conflict: People/Katherine Lindqvist.md: company is 'Northwind Labs', linkedin_connections.csv:12 has 'Northwind Traders' (kept yours)
conflict: People/Katherine Lindqvist.md: role is 'Engineering Manager, Infrastructure', linkedin_connections.csv:12 has 'Head of Platform' (kept yours)
linkedin_connections.csv: 9 contacts read; 5 created, 3 updated, 0 unchanged, 1 merged into an earlier contact, 0 skipped; 2 conflicts (your values kept).
"""


def test_linkedin_import(vault_dir: Path, here: Path) -> None:
    before = snapshot(vault_dir)
    result = invoke(vault_dir, "import", "linkedin", "linkedin_connections.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_LINKEDIN
    assert result.stderr == (
        "linkedin_connections.csv:9: warning: cannot read the date 'someday' in Connected On "
        "(use 2024-03-12); imported without it\n"
    )
    after = snapshot(vault_dir)
    assert after["People/Ada Lovelace.md"].decode() == (
        "---\ntags: [linkedin]\ncompany: Analytical Engines Ltd\nrole: Chief Programmer\n"
        "linkedin: https://www.linkedin.com/in/ada-lovelace-0001\nconnected: 2024-03-12\n---\n"
        "# Ada Lovelace\n\n## Notes\n\n## Follow-ups\n\n## Log\n"
    )
    # a name that cannot be a file name is made safe, and kept in `name:`
    assert (
        after["People/Dr. Who Time Lord.md"]
        .decode()
        .startswith('---\nname: "Dr. Who? / Time: Lord"\ntags: [linkedin]\n')
    )
    # same name, another LinkedIn profile: a namesake, not Bob Smith
    assert (
        after["People/Bob Smith (Smith Plumbing).md"].decode().startswith("---\nname: Bob Smith\n")
    )
    assert after["People/Bob Smith.md"] == before["People/Bob Smith.md"]
    assert 'role: Rear Admiral "Amazing Grace"\n' in after["People/Grace Hopper.md"].decode()
    # an update only adds the keys the note lacked, before the closing ---
    old = before["People/Zoë Müller.md"].decode().split("\n")
    new = after["People/Zoë Müller.md"].decode().split("\n")
    close = old.index("---", 1)
    assert new == [
        *old[:close],
        "linkedin: https://www.linkedin.com/in/zo%C3%AB-m%C3%BCller",
        "connected: 2021-02-28",
        *old[close:],
    ]
    # `VP, Engineering` is not a conflict with `VP Engineering`; Jane's role is untouched
    assert "role: VP Engineering\n" in after["People/Jane Doe.md"].decode()
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {
        "People/Ada Lovelace.md",
        "People/Jane Doe.md",
        "People/Zoë Müller.md",
        "People/Grace Hopper.md",
        "People/Alan Turing.md",
        "People/Dr. Who Time Lord.md",
        "People/Katherine Lindqvist.md",
        "People/Bob Smith (Smith Plumbing).md",
    }
    vault = Vault.open(vault_dir)
    assert vault.errors == []
    assert vault.find("Dr. Who? / Time: Lord").name == "Dr. Who Time Lord"


def test_reimport_creates_and_changes_nothing(vault_dir: Path, here: Path) -> None:
    assert invoke(vault_dir, "import", "linkedin", "linkedin_connections.csv").exit_code == 0
    before = snapshot(vault_dir)
    result = invoke(vault_dir, "import", "linkedin", "linkedin_connections.csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "linkedin_connections.csv: 9 contacts read; 0 created, 0 updated, 8 unchanged, "
        "1 merged into an earlier contact, 0 skipped; 2 conflicts (your values kept)."
    )
    assert "created" not in result.stdout.replace("0 created", "")
    assert snapshot(vault_dir) == before


def test_dry_run_writes_nothing(vault_dir: Path, here: Path) -> None:
    before = snapshot(vault_dir)
    result = invoke(vault_dir, "import", "linkedin", "linkedin_connections.csv", "--dry-run")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "would create People/Ada Lovelace.md"
    assert lines[1] == "would update People/Jane Doe.md: connected"
    assert lines[-1] == (
        "Dry run, nothing written. linkedin_connections.csv: 9 contacts read; 5 to create, "
        "3 to update, 0 unchanged, 1 merged into an earlier contact, 0 skipped; "
        "2 conflicts (your values kept)."
    )
    assert snapshot(vault_dir) == before


def test_quiet_and_tags(vault_dir: Path, here: Path) -> None:
    result = invoke(
        vault_dir, "import", "linkedin", "linkedin_old.csv", "-q", "--tag", "Work Contacts"
    )
    assert result.exit_code == 0
    assert result.stdout == (
        "linkedin_old.csv: 3 contacts read; 2 created, 1 updated, 0 unchanged, 0 skipped; "
        "0 conflicts (your values kept).\n"
    )
    hedy = (vault_dir / "People/Hedy Lamarr.md").read_text()
    assert "tags: [Work-Contacts]\n" in hedy
    # Jane (matched by email, whatever its case) already has tags: they are hers, left alone
    jane = (vault_dir / "People/Jane Doe.md").read_text()
    assert "tags: [mentor]\n" in jane and "connected: 2019-01-03\n" in jane
    none = invoke(vault_dir, "import", "linkedin", "linkedin_latin1.csv", "--tag", "")
    assert none.exit_code == 0
    assert "tags" not in (vault_dir / "People/José Núñez.md").read_text()


def test_old_linkedin_export_matches_by_email_and_name(vault_dir: Path, here: Path) -> None:
    result = invoke(vault_dir, "import", "linkedin", "linkedin_old.csv", "--dry-run")
    assert result.stdout.splitlines()[:3] == [
        "would create People/Hedy Lamarr.md",
        "would update People/Jane Doe.md: connected",
        "would create People/Katherine Johnson.md",
    ]


# Bad input ---------------------------------------------------------------------------------------


def test_bad_rows_reported_good_rows_imported(vault_dir: Path, here: Path) -> None:
    result = invoke(vault_dir, "import", "linkedin", "linkedin_bad.csv")
    assert result.exit_code == 1
    assert result.stdout == (
        "created People/Rosalind Franklin.md\n"
        "linkedin_bad.csv: 5 contacts read; 1 created, 0 updated, 0 unchanged, 4 skipped; "
        "0 conflicts (your values kept).\n"
    )
    assert result.stderr.splitlines() == [
        "linkedin_bad.csv:4: warning: columns ignored: Favorite Color",
        "linkedin_bad.csv:6: row has 9 fields but the header has 8 (a comma not in quotes?); skipped",
        "linkedin_bad.csv:7: warning: 1 row has no name: LinkedIn hides the names of members "
        "who chose so; skipped",
        "linkedin_bad.csv:8: row has 5 fields but the header has 8 (is the file cut short?); skipped",
        "linkedin_bad.csv:9: unreadable CSV: a quoted field never closes (is the file cut short?)",
    ]
    assert not list((vault_dir / "People").glob(".*.tmp"))


def test_two_rows_for_one_person(vault_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(
        "Name,Email,Phone\nJane Doe,,+1 303 555 0100\nJanie,jane@acme.example,\n",
        encoding="utf-8",
    )
    result = invoke(vault_dir, "import", "csv", str(path), "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "would update People/Jane Doe.md: phone",
        f"Dry run, nothing written. {path}: 2 contacts read; 0 to create, 1 to update, "
        "0 unchanged, 1 merged into an earlier contact, 0 skipped; 0 conflicts (your values kept).",
    ]


SUMMARY = re.compile(
    r": (\d+) contacts? read; (\d+) created, (\d+) updated, (\d+) unchanged, "
    r"(?:(\d+) merged into an earlier contact, )?(\d+) skipped(?:, (\d+) not written)?; "
)


@pytest.mark.parametrize(
    "args",
    [
        ("linkedin", "linkedin_connections.csv"),
        ("linkedin", "linkedin_bad.csv"),
        ("vcard", "contacts_truncated.vcf"),
        ("vcard", "contacts_v3.vcf"),
        ("csv", "google_contacts.csv"),
        ("csv", "mixed.csv"),
    ],
)
def test_the_summary_accounts_for_every_contact(
    vault_dir: Path, here: Path, args: tuple[str, ...]
) -> None:
    (here / "mixed.csv").write_text(
        "Name,Email,Company\n"
        "Ada Lovelace,ada@engines.example,\n"  # created
        "Jane Doe,,\n"  # unchanged
        ",nobody@x.example,\n"  # no name: skipped
        "A. Lovelace,ada@engines.example,Analytical Engines\n"  # Ada again, by email: merged
        "Bob Smith,,Summit Data,extra\n"  # a field too many: skipped
        "Janie,,Acme Robotics\n",  # Jane again, by alias: merged
        encoding="utf-8",
    )
    for _ in range(2):  # the first import and the second, which finds everyone known
        result = invoke(vault_dir, "import", *args)
        m = SUMMARY.search(result.stdout)
        assert m, result.stdout
        read, *parts = (int(n or 0) for n in m.groups())
        assert read == sum(parts) > 0, result.stdout


def test_latin1_file(vault_dir: Path, here: Path) -> None:
    result = invoke(vault_dir, "import", "linkedin", "linkedin_latin1.csv")
    assert result.exit_code == 0
    assert result.stderr == (
        "linkedin_latin1.csv:2: warning: not UTF-8; read the file as Windows-1252 (Latin-1)\n"
    )
    text = (vault_dir / "People/Siobhán O’Brien.md").read_text(encoding="utf-8")
    assert "company: Ó Dálaigh & Co\n" in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("linkedin", "empty.csv"), 1, "Error: empty.csv: the file is empty\n"),
        (
            ("vcard", "empty.vcf"),
            1,
            "Error: empty.vcf: the file is empty; is it a vCard (.vcf) file?\n",
        ),
        (
            ("linkedin", "people_custom.csv"),
            1,
            "Error: people_custom.csv: no LinkedIn header found (First Name,Last Name,URL,Email "
            "Address,Company,Position,Connected On); is this the Connections.csv of a LinkedIn "
            "data export?\n",
        ),
        (("csv", "people_custom.csv", "--map", "Full Name"), 2, "Error: --map needs COLUMN=KEY"),
    ],
)
def test_unusable_files(
    vault_dir: Path, here: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = snapshot(vault_dir)
    result = invoke(vault_dir, "import", *args)
    assert result.exit_code == code
    assert result.stderr.startswith(message)
    assert snapshot(vault_dir) == before


def test_missing_file_is_a_usage_error(vault_dir: Path, here: Path) -> None:
    result = invoke(vault_dir, "import", "vcard", "nope.vcf")
    assert result.exit_code == 2
    assert "'nope.vcf' does not exist" in result.stderr


def test_unreadable_note_is_not_touched(vault_dir: Path, here: Path) -> None:
    broken = vault_dir / "People/Jane Doe.md"
    broken.write_text("---\naliases: [Janie\nemail: jane@acme.example\n---\n# Jane\n")
    before = broken.read_bytes()
    result = invoke(vault_dir, "import", "linkedin", "linkedin_connections.csv")
    assert result.exit_code == 1
    assert (
        "linkedin_connections.csv:6: People/Jane Doe.md has frontmatter vaultnet cannot read; "
        "not updated (see vaultnet check)" in result.stderr
    )
    assert broken.read_bytes() == before


def test_ambiguous_name_is_skipped(vault_dir: Path, here: Path) -> None:
    (vault_dir / "People/Ada L.md").write_text("---\naliases: [Ada Lovelace]\n---\n")
    (vault_dir / "People/Ada Byron.md").write_text("---\naliases: [Ada Lovelace]\n---\n")
    result = invoke(vault_dir, "import", "vcard", "contacts_v3.vcf", "--dry-run")
    assert (
        "contacts_v3.vcf:1: Ada Lovelace matches several people (People/Ada Byron.md, "
        "People/Ada L.md); skipped. Give one of them this row's LinkedIn URL or email to tell "
        "them apart" in result.stderr
    )


def test_a_note_that_cannot_be_written_is_reported(
    vault_dir: Path, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet.errors import FileChangedOnDisk
    from vaultnet.notes.editor import NoteEditor

    def changed(self: NoteEditor) -> bool:
        raise FileChangedOnDisk(f"{self.rel} changed on disk since vaultnet read it")

    monkeypatch.setattr(NoteEditor, "save", changed)
    result = invoke(vault_dir, "import", "linkedin", "linkedin_connections.csv", "-q")
    assert result.exit_code == 1
    assert (
        "People/Jane Doe.md:1: not written: People/Jane Doe.md changed on disk since vaultnet "
        "read it" in result.stderr
    )
    # Ada's second row is merged into her first; the three updates could not be written
    assert result.stdout.splitlines()[-1] == (
        "linkedin_connections.csv: 9 contacts read; 5 created, 0 updated, 0 unchanged, "
        "1 merged into an earlier contact, 0 skipped, 3 not written; "
        "2 conflicts (your values kept)."
    )


def test_ten_thousand_rows_dry_run(empty_vault: Path, tmp_path: Path) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for n in range(10_000):
        if n == 5000:
            lines.append("Bad,Row,too,many,fields,in,this,row")
        lines.append(f"Pat,Doe {n},https://www.linkedin.com/in/pat-{n},,Co,Eng,1 Jan 2020")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    result = invoke(empty_vault, "import", "linkedin", str(path), "--dry-run", "-q")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "10001 contacts read; 10000 to create, 0 to update, 0 unchanged, 1 skipped; "
        "0 conflicts (your values kept).\n"
    )
    assert result.stderr == (
        f"{path}:5002: row has 8 fields but the header has 7 (a comma not in quotes?); skipped\n"
    )


def test_progress_bar_on_a_terminal(
    empty_vault: Path, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultnet.cli.importing as formats

    monkeypatch.setattr(formats, "PROGRESS_FROM", 1)
    monkeypatch.setattr(formats, "_stderr_is_terminal", lambda: True)
    result = invoke(empty_vault, "import", "vcard", "contacts_v4.vcf", "-q")
    assert result.exit_code == 0
    assert "3 created" in result.stdout
    assert len(list((empty_vault / "People").glob("*.md"))) == 3


# vCard and CSV -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("vcard", "contacts_v3.vcf"),
        ("vcard", "contacts_v4.vcf"),
        ("vcard", "contacts_v21.vcf"),
        ("csv", "google_contacts.csv"),
        ("csv", "people_custom.csv", "--map", "Full Name=name", "--map", "Mail=email"),
        ("linkedin", "linkedin_connections.csv"),
    ],
)
def test_every_import_is_idempotent(vault_dir: Path, here: Path, args: tuple[str, ...]) -> None:
    first = invoke(vault_dir, "import", *args)
    assert first.exit_code in (0, 1)
    before = snapshot(vault_dir)
    second = invoke(vault_dir, "import", *args)
    summary = second.stdout.splitlines()[-1]
    assert " 0 created, 0 updated," in summary
    assert snapshot(vault_dir) == before


def test_vcard_import_into_the_sample_vault(vault_dir: Path, here: Path) -> None:
    result = invoke(vault_dir, "import", "vcard", "contacts_v4.vcf")
    assert result.stdout.splitlines() == [
        "updated People/Zoë Müller.md: phone",
        "created People/Hedy Lamarr.md",
        "created People/Katherine Johnson.md",
        "conflict: People/Zoë Müller.md: email is 'zoe@farbwerk.example', contacts_v4.vcf:1 has "
        "'zoe.m@post.example' (kept yours)",
        "conflict: People/Zoë Müller.md: birthday is '--12-01', contacts_v4.vcf:1 has '--05-24' "
        "(kept yours)",
        "contacts_v4.vcf: 4 contacts read; 2 created, 1 updated, 0 unchanged, 1 skipped; "
        "2 conflicts (your values kept).",
    ]
    assert (vault_dir / "People/Hedy Lamarr.md").read_text() == (
        "---\nemail: hedy@frequency.example\nlinkedin: https://www.linkedin.com/in/hedy-lamarr\n"
        "birthday: 1914-11-09\n---\n# Hedy Lamarr\n\n## Notes\n\n## Follow-ups\n\n## Log\n"
    )
    assert (vault_dir / "People/Katherine Johnson.md").read_text() == (
        "# Katherine Johnson\n\n## Notes\n\n## Follow-ups\n\n## Log\n"
    )


def test_csv_import_of_google_contacts(empty_vault: Path, here: Path) -> None:
    result = invoke(empty_vault, "import", "csv", "google_contacts.csv", "--tag", "google")
    assert result.exit_code == 0, result.output  # the row without a name is named from its email
    assert (empty_vault / "People/orphan@example.com.md").exists()
    margaret = (empty_vault / "People/Margaret Hamilton.md").read_text()
    assert margaret == (
        "---\naliases: [Maggie]\ntags: [Space, google]\ncompany: Apollo Software\n"
        "role: Lead Engineer\nlocation: Cambridge\n"
        'email: [margaret@apollo.example, maggie@home.example]\nphone: "+1 617 555 0100"\n'
        "linkedin: https://www.linkedin.com/in/margaret-hamilton\nbirthday: 1936-08-17\n---\n"
        "# Margaret Hamilton\n\n## Notes\n- Wrote the AGC code\n\n## Follow-ups\n\n## Log\n"
    )
    vault = Vault.open(empty_vault)
    assert vault.errors == []
    injected = vault.find("Injection")
    assert injected.company == '=HYPERLINK("http://evil.example")'
    exported = invoke(empty_vault, "export", "csv").stdout
    assert '\'=HYPERLINK(""http://evil.example"")' in exported
    assert "'=cmd|' /C calc'!A0 Injection" in exported


# Round trips -------------------------------------------------------------------------------------


def _facts(vault: Vault) -> dict[str, dict[str, object]]:
    return {
        p.display_name: {
            "aliases": p.aliases,
            "tags": p.tags,
            "company": p.company,
            "role": p.role,
            "emails": p.emails,
            "phone": p.fact("phone"),
            "location": p.fact("location"),
            "linkedin": p.fact("linkedin"),
            "website": p.fact("website"),
            "birthday": p.birthday,
        }
        for p in vault.people
    }


def test_vcard_round_trip(vault_dir: Path, empty_vault: Path, tmp_path: Path) -> None:
    exported = invoke(vault_dir, "export", "vcard")
    assert exported.exit_code == 0
    path = tmp_path / "network.vcf"
    path.write_bytes(exported.stdout_bytes)
    result = invoke(empty_vault, "import", "vcard", str(path))
    assert result.exit_code == 0, result.output
    original = _facts(Vault.open(vault_dir))
    assert _facts(Vault.open(empty_vault)) == original
    # the same notes: Katherine Lindqvist (`name: Kat Lindqvist`) keeps her file name
    people = sorted(p.name for p in (vault_dir / "People").glob("*.md"))
    assert sorted(p.name for p in (empty_vault / "People").glob("*.md")) == people
    kat = (empty_vault / "People/Katherine Lindqvist.md").read_text()
    assert kat.startswith("---\nname: Kat Lindqvist\naliases: [Kat]\n")
    # and importing the export back into the vault it came from changes nothing
    before = snapshot(vault_dir)
    again = invoke(vault_dir, "import", "vcard", str(path))
    assert (
        f"0 created, 0 updated, {len(original)} unchanged, 0 skipped; 0 conflicts" in again.stdout
    )
    assert snapshot(vault_dir) == before


def _export_csv(vault: Path, tmp_path: Path) -> Path:
    exported = invoke(vault, "export", "csv")
    assert exported.exit_code == 0
    path = tmp_path / "network.csv"
    path.write_bytes(exported.stdout_bytes)
    return path


def test_vcard_round_trip_keeps_namesakes_apart(tmp_path: Path, empty_vault: Path) -> None:
    origin = tmp_path / "origin"
    (origin / "People").mkdir(parents=True)
    (origin / "People/Bob Smith.md").write_text("---\ncompany: Summit Data\n---\n# Bob\n")
    (origin / "People/Bob Smith 2.md").write_text(
        "---\nname: Bob Smith\ncompany: Smith Plumbing\n---\n# Bob\n"
    )
    exported = invoke(origin, "export", "vcard").stdout_bytes
    assert b"\r\nX-VAULTNET-NOTE:Bob Smith 2\r\n" in exported
    path = tmp_path / "bobs.vcf"
    path.write_bytes(exported)
    before = snapshot(origin)
    again = invoke(origin, "import", "vcard", str(path))
    assert again.exit_code == 0, again.output
    assert again.stdout.endswith(
        "0 created, 0 updated, 2 unchanged, 0 skipped; 0 conflicts (your values kept).\n"
    )
    assert snapshot(origin) == before
    into_empty = invoke(empty_vault, "import", "vcard", str(path))
    assert into_empty.exit_code == 0, into_empty.output
    assert (
        (empty_vault / "People/Bob Smith.md")
        .read_text()
        .startswith("---\ncompany: Summit Data\n---\n")
    )
    assert (
        (empty_vault / "People/Bob Smith 2.md")
        .read_text()
        .startswith("---\nname: Bob Smith\ncompany: Smith Plumbing\n---\n")
    )


def test_csv_round_trip_into_its_own_vault_changes_nothing(vault_dir: Path, tmp_path: Path) -> None:
    path = _export_csv(vault_dir, tmp_path)
    before = snapshot(vault_dir)
    result = invoke(vault_dir, "import", "csv", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    people = len(Vault.open(vault_dir).people)
    assert result.stdout == (
        f"{path}: {people} contacts read; 0 created, 0 updated, {people} unchanged, "
        "0 skipped; 0 conflicts (your values kept).\n"
    )
    assert snapshot(vault_dir) == before


def _csv_facts(vault: Vault) -> dict[str, dict[str, object]]:
    """Every fact vaultnet knows of each person (by file name), as vaultnet reads it."""
    from vaultnet.formats.source import NAME_PART_KEYS
    from vaultnet.network.cadence import effective_cadence

    return {
        p.name: {
            "name": p.display_name,
            "company": p.company,
            "role": p.role,
            "emails": p.emails,
            "phones": p.phones,
            "linkedin": p.fact("linkedin"),
            "website": p.fact("website"),
            "location": p.fact("location"),
            "industry": p.fact("industry"),
            "circle": p.circle,
            "stage": p.stage,
            "status": p.status,
            "last_contact": p.last_contact,
            "cadence": p.cadence_days,
            "effective cadence": effective_cadence(p, vault.config),
            "ask": p.ask,
            "offer": p.offer,
            "tags": p.tags,
            "aliases": p.aliases,
            "birthday": p.birthday,
            "connected": p.connected,
            "snooze_until": p.snooze_until,
            "interests": p.interests,
            "introduced_by": p.introduced_by,
            "knows": p.knows,
            "groups": p.groups,
            "details": p.details,
            **{key: p.fact(key) for key in NAME_PART_KEYS},
        }
        for p in vault.people
    }


def test_csv_round_trip_into_an_empty_vault(
    vault_dir: Path, empty_vault: Path, tmp_path: Path
) -> None:
    # the sample vault, plus the facts it has no example of
    (vault_dir / "People/Ana de Souza.md").write_text(
        "---\nname: Ana\ngiven_name: Ana\nfamily_name: de Souza\nname_prefix: Dr.\n"
        'tags: ["=1+1", "+plus", "@home", "-minus"]\naliases: [Annie, "=A1"]\n'
        "email: [ana@one.example, ana@two.example]\n"
        'phone: ["+55 11 5555-0100", "-1", "=HYPERLINK(\\"x\\")"]\n'
        "website: example.com/ana\nconnected: 2019-05-04\nsnooze_until: 2027-01-10\n"
        'birthday: --07-09\nrole: "\'=quoted already"\n---\n# Ana\n\n## Notes\n'
        "- Two lines of detail\n- =SUM(A1) is not a formula here\n"
    )
    path = _export_csv(vault_dir, tmp_path)
    # the same circle cadences, so that the same people have the same effective cadence
    shutil.copy(vault_dir / "vaultnet.toml", empty_vault / "vaultnet.toml")
    result = invoke(empty_vault, "import", "csv", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # every exported column is known (Next due is computed)
    today = date.fromisoformat(TODAY)
    original = _csv_facts(Vault.open(vault_dir, today))
    assert _csv_facts(Vault.open(empty_vault, today)) == original
    assert original["Ana de Souza"]["tags"] == ["=1+1", "+plus", "@home", "-minus"]
    assert original["Katherine Lindqvist"]["name"] == "Kat Lindqvist"  # the file name too
    # a cadence is the person's own, as written; stage and last contact only when they say something
    assert (empty_vault / "People/Carlos Diaz.md").read_text() == (
        "---\naliases: [Carlos]\ntags: [hiring-manager, platform]\ncircle: work\n"
        "company: Brightline Cloud\nrole: Head of Platform Engineering\nlocation: Austin, TX\n"
        "industry: cloud infrastructure\nemail: carlos.diaz@brightline.example\n"
        "linkedin: https://www.linkedin.com/in/carlosdiaz-platform\nbirthday: 1986-02-14\n"
        "cadence: 3m\nlast_contact: 2026-11-18\nstatus: employed\n"
        "ask: Referral for the Staff Platform Engineer opening on his team\n"
        "offer: My Kubernetes migration notes; intros to strong SREs from the guild\n"
        "interests: [platform engineering, kubernetes, developer experience, cycling]\n"
        'introduced_by: "[[Bob Smith]]"\nknows: ["[[Omar Haddad]]", "[[Wei Zhang]]"]\n'
        'groups: "[[Platform Engineering Guild]]"\n---\n# Carlos Diaz\n\n## Notes\n'
        "- Heading to Patagonia for three weeks in January; back February 2.\n"
        "- Co-organizes the [[Platform Engineering Guild]] with [[Wei Zhang]].\n"
        "- Worked with [[Omar Haddad]] at Northwind Labs for four years.\n\n"
        "## Follow-ups\n\n## Log\n"
    )
    aisha = (empty_vault / "People/Aisha Rahman.md").read_text()
    assert "cadence" not in aisha and "stage" not in aisha  # from her circle; the default
    # and back into the vault it came from (Ana included), nothing changes
    before = snapshot(vault_dir)
    again = invoke(vault_dir, "import", "csv", str(path))
    assert again.exit_code == 0, again.output
    assert f"0 created, 0 updated, {len(original)} unchanged" in again.stdout
    assert snapshot(vault_dir) == before


def test_csv_reimport_offers_only_news(vault_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "edited.csv"
    path.write_text(
        "Name,Cadence,Last contact,Stage\r\n"
        "Alex Chen,2w,2026-11-01,connected\r\n"  # 14d in the note; an older contact
        "Aisha Rahman,,2026-11-20,\r\n"  # a contact after the last one in her log
        "Hannah Brooks,,,connected\r\n",  # no stage in her note: the default says nothing
        encoding="utf-8",
    )
    result = invoke(vault_dir, "import", "csv", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "updated People/Aisha Rahman.md: last_contact",
        f"{path}: 3 contacts read; 0 created, 1 updated, 2 unchanged, 0 skipped; "
        "0 conflicts (your values kept).",
    ]


def test_csv_import_takes_off_the_export_quote(empty_vault: Path, tmp_path: Path) -> None:
    path = tmp_path / "network.csv"
    path.write_text(
        "Name,Phone,Role,Ask\r\nAlex Chen,'+1 720 555 0119,'=SUM(A1),'it's fine\r\nEve,,''=1,\r\n",
        encoding="utf-8",
    )
    result = invoke(empty_vault, "import", "csv", str(path))
    assert result.exit_code == 0, result.output
    assert (
        (empty_vault / "People/Alex Chen.md")
        .read_text()
        .startswith('---\nrole: "=SUM(A1)"\nphone: "+1 720 555 0119"\nask: "\'it\'s fine"\n---\n')
    )
    assert Vault.open(empty_vault).find("Eve").role == "'=1"


def test_a_key_filled_in_meanwhile_is_kept(
    vault_dir: Path, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultnet.notes.editor import NoteEditor

    real_open = NoteEditor.open

    def open_after_the_user_typed(root: Path, rel: str) -> NoteEditor:
        if rel == "People/Jane Doe.md":  # Obsidian saves between the plan and the write
            path = vault_dir / rel
            path.write_text(path.read_text().replace("cadence: 30d\n", "connected: 2018-05-05\n"))
        return real_open(root, rel)

    monkeypatch.setattr(NoteEditor, "open", open_after_the_user_typed)
    result = invoke(vault_dir, "import", "linkedin", "linkedin_connections.csv", "-q")
    assert result.exit_code == 0
    assert (
        "People/Jane Doe.md:1: warning: connected filled in since vaultnet read the note; kept"
        in result.stderr
    )
    assert "connected: 2018-05-05\n" in (vault_dir / "People/Jane Doe.md").read_text()


@pytest.mark.parametrize(
    ("group", "command"),
    [
        ("import", "linkedin"),
        ("import", "vcard"),
        ("import", "csv"),
        ("export", "csv"),
        ("export", "vcard"),
        ("export", "ics"),
        ("export", "json"),
    ],
)
def test_help_and_readme(group: str, command: str) -> None:
    result = CliRunner().invoke(cli, [group, command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"vaultnet {group} {command} " in readme
    assert f"**`{group} {command}`**" in readme
