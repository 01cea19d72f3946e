"""The benchmark's vault generator is deterministic, and a warm run over what it makes reads no
note again (counted, never timed: timings live in bench/, not in tests)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.generate import TODAY, generate
from tests.conftest import Reads
from vaultnet.cli import cli
from vaultnet.network.vault import Vault

PEOPLE, MEETINGS = 60, 240


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root: its bytes and its mtime."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "vault"
    generate(root, PEOPLE, MEETINGS, seed=7)
    return root


def test_same_arguments_same_bytes_and_mtimes(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, PEOPLE, MEETINGS, seed=7)
    assert snapshot(again) == snapshot(generated)
    other = tmp_path / "other"
    generate(other, PEOPLE, MEETINGS, seed=8)
    assert snapshot(other) != snapshot(generated)


def test_the_vault_has_the_irregularities_of_real_ones(generated: Path) -> None:
    notes = [p.read_bytes() for p in generated.rglob("*.md")]
    assert len(notes) == PEOPLE + MEETINGS + 5  # and five group notes
    assert any(n.startswith(b"\xef\xbb\xbf") for n in notes)
    assert any(b"\r\n" in n for n in notes)
    assert any(not n.lstrip(b"\xef\xbb\xbf").startswith(b"---") for n in notes)
    assert any(n.startswith(b"---  \n") for n in notes)
    assert any(b'\nwith: "[[' in n for n in notes)  # `with:` as a scalar
    assert any(b"\n  - [[" in n for n in notes)  # an unquoted link in YAML
    assert any(b'\nbirthday: "' in n for n in notes)  # a birthday without its year
    assert any(not p.name.isascii() for p in (generated / "People").iterdir())  # Çelik, Núñez
    mtimes = {p.stat().st_mtime for p in generated.rglob("*.md")}
    assert max(mtimes) < (TODAY - TODAY.replace(year=1970, month=1, day=1)).total_seconds()


def test_a_warm_run_reads_no_note_again(generated: Path, tmp_path: Path, reads: Reads) -> None:
    vault = tmp_path / "vault"
    generate(vault, PEOPLE, MEETINGS, seed=7)
    cold = Vault.open(vault, TODAY)
    assert cold.stats.read == len(cold.notes) == PEOPLE + MEETINGS + 5
    reads.clear()
    warm = Vault.open(vault, TODAY)
    assert (reads, warm.stats.read, warm.stats.cached) == ([], 0, len(cold.notes))
    assert warm.problems == cold.problems
    assert [(p.name, p.last_contact, p.gives, p.asks) for p in warm.people] == [
        (p.name, p.last_contact, p.gives, p.asks) for p in cold.people
    ]
    assert [h for p in warm.people for h in p.history] == [
        h for p in cold.people for h in p.history
    ]
    # The due list too: digest on a warm cache reads no note (it writes Due.md, which is skipped).
    from click.testing import CliRunner

    args = ["--vault", str(vault), "--today", TODAY.isoformat(), "digest", "--stdout"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert reads == []
    # One note changed: that note, and only it, is read again.
    note = next((vault / "People").glob("*.md"))
    with open(note, "a", encoding="utf-8") as handle:
        handle.write("- 2026-11-20 call: one more line\n")
    os.utime(note, (1_700_000_000, 1_700_000_000))
    assert Vault.open(vault, TODAY).stats.read == 1
    assert reads == [note.relative_to(vault).as_posix()]
