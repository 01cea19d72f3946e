"""Shared fixtures: a private copy of the sample vault, a fixed today, a CLI runner, a
5,000-note vault shared by the whole run, and a counter of the notes read from disk."""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import jinja2
import jinja2.bccache
import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

import vaultnet.index.cache
import vaultnet.templating.environment
from vaultnet.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample-vault"
TODAY = date(2026, 11, 22)

# Hypothesis profiles. "ci", the default, runs a quarter of the examples each property asks for
# (never fewer than 10; see `examples`); "thorough" (HYPOTHESIS_PROFILE=thorough) runs them all.
# No per-example deadline in either: the suite runs in parallel on shared machines, where a slow
# example is load, not a bug. A failure found once is replayed first by every later run (the
# example database in .hypothesis/), whichever profile is loaded.
settings.register_profile("ci", deadline=None, max_examples=25)
settings.register_profile("thorough", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders on a RAM disk when the machine has one with room to spare and the
    user chose no other place (TMPDIR, --basetemp): most tests copy a vault and write notes,
    and creating files on a RAM disk costs a third of what it costs on a disk. Only the
    folders of failed tests are kept (pyproject's tmp_path_retention_policy)."""
    ram = Path("/dev/shm")
    if config.option.basetemp or "TMPDIR" in os.environ or "PYTEST_DEBUG_TEMPROOT" in os.environ:
        return
    try:
        room = os.statvfs(ram)
    except OSError:
        return
    if room.f_bavail * room.f_frsize >= 2 << 30 and os.access(ram, os.W_OK | os.X_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(ram)


SHARED_VAULTS = ("big_vault", "insights_vault")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read a shared vault first, then those marked `heavy`, then the rest, each
    group in its own order. pytest-xdist hands each test process a run of consecutive tests to
    begin with: so one process builds the shared vaults while the other starts on the rest
    (instead of waiting for them), and no test of several seconds is left for the end, when
    the other process would sit idle."""

    def rank(item: pytest.Item) -> int:
        if any(name in getattr(item, "fixturenames", ()) for name in SHARED_VAULTS):
            return 0
        return 1 if item.get_closest_marker("heavy") else 2

    items.sort(key=rank)


def examples(thorough: int) -> int:
    """The examples for a property that wants `thorough` of them under the thorough profile:
    scaled by the loaded profile (a quarter in CI), never fewer than 10."""
    return max(10, thorough * settings.default.max_examples // 100)


@pytest.fixture(autouse=True)
def _no_flush_to_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync and sync make a write survive a power cut, which no test can see; on a disk shared
    with other work they are most of what a write costs. Vaultnet in a subprocess (the crash
    harness, the lock and race tests) still flushes."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(os, "sync", lambda: None)


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per test process, for every Environment vaultnet makes in it:
    compiling the packaged templates again for each command was a fifth of what the CLI tests
    cost. Every Environment comes from the same `sandboxed_environment` (the compiled code looks
    everything up on its `environment` at run time), and an entry serves only the same template
    file with the same source (Jinja's checksum), so a changed template is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.compiled.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]  # type: ignore[assignment]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


@pytest.fixture(scope="session", autouse=True)
def _compile_templates_once() -> Iterator[None]:
    real = vaultnet.templating.environment._make_environment
    cache = CompiledTemplates()

    def making(templates: vaultnet.templating.environment.Templates) -> jinja2.Environment:
        made = real(templates)
        made.bytecode_cache = cache
        return made

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vaultnet.templating.environment, "_make_environment", making)
        yield


@pytest.fixture(scope="session")
def indexed_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample vault with its index built once per test process (the cold build is most of
    what a command costs on a fresh copy). The cold build is tested on its own (test_index.py
    and friends); copies adopt this index (`adopt_index`)."""
    from vaultnet.network.vault import Vault

    template = tmp_path_factory.mktemp("indexed-sample") / "vault"
    shutil.copytree(SAMPLE, template, ignore=shutil.ignore_patterns(".vaultnet", "Due.md"))
    opened = Vault.open(template, TODAY)
    if opened.index is not None:
        opened.index.close()
    for leftover in (template / ".vaultnet").glob("*"):
        if leftover.name not in ("index.sqlite",):
            if leftover.is_dir():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
    return template


OLD = 1_700_000_000  # a note's mtime well outside the "modified just now" window


def make_vault(root: Path, people: int, meetings: int) -> Path:
    """`people` people (Person i, alias Pi, at company C(i % 50)) and `meetings` meetings
    (Meeting m with Person m and P(m+1), a task for the second), every note aged."""
    (root / "People").mkdir(parents=True)
    (root / "Meetings").mkdir()
    for i in range(people):
        (root / "People" / f"Person {i}.md").write_text(
            f"---\ncompany: C{i % 50}\naliases: [P{i}]\n---\n- 2026-01-0{i % 9 + 1} call: hi\n",
            encoding="utf-8",
        )
    for m in range(meetings):
        a, b = m % people, (m + 1) % people
        (root / "Meetings" / f"Meeting {m}.md").write_text(
            f"---\ndate: 2026-02-{m % 28 + 1:02d}\nwith: ['[[Person {a}]]', '[[P{b}]]']\n---\n"
            f"- [ ] send Person {b} the notes 📅 2026-03-01\n",
            encoding="utf-8",
        )
    for path in root.rglob("*.md"):
        os.utime(path, (OLD, OLD))
    return root


def shared_vault(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]
) -> Iterator[Path]:
    """A vault made by `build(root)` and indexed once for the whole run: the first test
    process to ask builds it under a lock, the others wait for it and share it. Tests only read
    it (a command that writes gets a copy); each process checks at its end that no note of it
    changed."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each test process's own
    root, built = shared / name, shared / f"{name}.built"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            shutil.rmtree(root, ignore_errors=True)  # what a build that failed left
            build(root)
            indexed = CliRunner().invoke(cli, ["--vault", str(root), "index"])
            assert indexed.exit_code == 0, indexed.output
            built.write_text(repr(_notes_of(root)), encoding="utf-8")
    yield root
    assert repr(_notes_of(root)) == built.read_text(encoding="utf-8"), f"a test wrote in {name}"


def _notes_of(root: Path) -> list[tuple[str, int, int]]:
    return sorted(
        (str(p.relative_to(root)), p.stat().st_mtime_ns, p.stat().st_size)
        for p in root.rglob("*")
        if p.is_file() and ".vaultnet" not in p.parts
    )


@pytest.fixture(scope="session")
def big_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 5,000-note vault (`make_vault` of 1,000 people and 4,000 meetings), shared by the run
    (`shared_vault`)."""
    yield from shared_vault(
        tmp_path_factory, "big-vault", lambda root: make_vault(root, people=1_000, meetings=4_000)
    )


@pytest.fixture(scope="session")
def insights_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The synthetic vault of tests/insights_vault.py (167 people, 500 meetings), shared by the
    run (`shared_vault`)."""
    from tests.insights_vault import make_insights_vault

    yield from shared_vault(tmp_path_factory, "insights-vault", make_insights_vault)


@pytest.fixture
def vault_dir(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A copy of sample-vault/ in tmp_path (with its index, unless the test is marked
    `no_index`): tests never touch the shipped one."""
    target = tmp_path / "vault"
    if request.node.get_closest_marker("no_index"):
        shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".vaultnet", "Due.md"))
    else:
        shutil.copytree(request.getfixturevalue("indexed_sample"), target)
        adopt_index(target)
    return target


def adopt_index(copy: Path) -> None:
    """Make a copied vault's index (copytree keeps each note's bytes and mtime, not its inode)
    describe the copy, as if it had been built there: without this every test's first command
    re-reads and hashes every note (the path a `cp -r` or `git clone` of a vault takes, tested
    in test_index.py), a third of what a typical CLI test costs."""
    import sqlite3

    from vaultnet.fs.scan import scan

    found = scan(copy).files
    with contextlib.closing(sqlite3.connect(copy / ".vaultnet" / "index.sqlite")) as db, db:
        db.executemany(
            "UPDATE files SET inode = ? WHERE path = ? AND mtime_ns = ? AND size = ?",
            [(inode, rel, mtime, size) for rel, (mtime, size, inode) in found.items()],
        )


@pytest.fixture
def run(vault_dir: Path) -> Callable[..., Result]:
    """Run vaultnet on the vault copy with --today 2026-11-22; returns Click's Result."""

    def invoke(*args: str, today: str = TODAY.isoformat(), vault: Path | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(
            cli,
            ["--vault", str(vault or vault_dir), "--today", today, *args],
            catch_exceptions=False,
        )

    return invoke


def count_decodes(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    """The paths of the records `module.name` (a record decoder) decodes from now on, in
    order: for work-counting tests of the index."""
    decoded: list[str] = []
    real = getattr(module, name)

    def counting(rel: str, blob: bytes) -> object:
        decoded.append(rel)
        return real(rel, blob)

    monkeypatch.setattr(module, name, counting)
    return decoded


class Reads:
    """The notes read from disk, in order, by this process and by the worker processes that
    parse a large vault in parallel. Every read goes through `read_bytes`; the counting copy
    appends a line to a file, so that a (forked) worker's reads are seen here too."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def records(self) -> list[tuple[int, str]]:
        """(process id, vault-relative path) of each read."""
        try:
            text = self.log.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [(int(pid), rel) for pid, rel in (line.split("\t", 1) for line in text.splitlines())]

    def pids(self) -> set[int]:
        return {pid for pid, _ in self.records()}

    def clear(self) -> None:
        self.log.unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return iter([rel for _, rel in self.records()])

    def __len__(self) -> int:
        return len(self.records())

    def __eq__(self, other: object) -> bool:
        return list(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


def _count_calls(log: Path, monkeypatch: pytest.MonkeyPatch, attribute: str) -> Reads:
    """Log the path (second argument... or first, for parse_read) of every call of
    `vaultnet.index.cache.<attribute>` in this process and its forked workers."""
    real = getattr(vaultnet.index.cache, attribute)
    position = 1 if attribute == "read_bytes" else 0

    def counting(*args: object) -> object:
        handle = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(handle, f"{os.getpid()}\t{args[position]}\n".encode())
        finally:
            os.close(handle)
        return real(*args)

    monkeypatch.setattr(vaultnet.index.cache, attribute, counting)
    if "fork" in multiprocessing.get_all_start_methods():
        default = multiprocessing.get_context

        def forking(method: str | None = None) -> object:
            return default(method or "fork")

        monkeypatch.setattr(multiprocessing, "get_context", forking)
    return Reads(log)


@pytest.fixture
def reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reads:
    """Count the notes read from disk (see Reads). Worker processes are forked while it is in
    use, so that they inherit the counting copy."""
    return _count_calls(tmp_path / "reads.log", monkeypatch, "read_bytes")


@pytest.fixture
def parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reads:
    """Count the notes parsed (every parse of a file goes through `parse_read`), like `reads`:
    a note touched or saved just now is read again to compare its bytes, but not parsed."""
    return _count_calls(tmp_path / "parses.log", monkeypatch, "parse_read")


@pytest.fixture
def me(vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample vault with [me] set, and the capture fixtures in the current folder (short
    names)."""
    from tests.capture_rig import FIXTURES, ME

    with (vault_dir / "vaultnet.toml").open("a", encoding="utf-8") as config:
        config.write(ME)
    here = vault_dir.parent / "downloads"
    shutil.copytree(FIXTURES, here)
    shutil.copy(FIXTURES.parent / "linkedin_connections.csv", here / "Connections.csv")
    monkeypatch.chdir(here)
    return vault_dir
