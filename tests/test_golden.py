"""The golden-file helper: it compares byte for byte, and only VAULTNET_REGEN=1 rewrites."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import GOLDEN, assert_golden


def test_every_golden_file_is_used_by_a_test() -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    unused = [
        p.name
        for p in sorted(GOLDEN.iterdir())
        if p.name not in tests and not p.name.startswith(("due-2026-", "due-2027-"))
    ]
    assert unused == []


@pytest.mark.parametrize("value", [None, "", "0", "no", "true", "yes"])
def test_only_the_value_1_regenerates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("VAULTNET_REGEN", raising=False)
    else:
        monkeypatch.setenv("VAULTNET_REGEN", value)
    (tmp_path / "a.md").write_bytes(b"old\n")
    assert_golden("a.md", "old\n", tmp_path)
    assert_golden("a.md", b"old\n", tmp_path)
    with pytest.raises(AssertionError, match=r"a\.md differs"):
        assert_golden("a.md", "new\n", tmp_path)
    with pytest.raises(AssertionError, match=r"a\.md differs"):
        assert_golden("a.md", b"new\n", tmp_path)
    with pytest.raises(AssertionError, match=r"no golden file .*; run with VAULTNET_REGEN=1"):
        assert_golden("missing.md", "x", tmp_path)
    assert (tmp_path / "a.md").read_bytes() == b"old\n"
    assert not (tmp_path / "missing.md").exists()


def test_line_endings_and_encoding_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VAULTNET_REGEN", raising=False)
    (tmp_path / "a.md").write_bytes("Zoë\n".encode())
    assert_golden("a.md", "Zoë\n", tmp_path)
    with pytest.raises(AssertionError):
        assert_golden("a.md", "Zoë\r\n", tmp_path)
    with pytest.raises(AssertionError):
        assert_golden("a.md", "Zoë\n".encode("latin-1"), tmp_path)


def test_regenerating_writes_the_exact_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAULTNET_REGEN", "1")
    assert_golden("sub/a.md", "Zoë\r\nline\n", tmp_path)
    assert_golden("b.csv", b"a,b\r\n", tmp_path)
    assert (tmp_path / "sub" / "a.md").read_bytes() == "Zoë\r\nline\n".encode()
    assert (tmp_path / "b.csv").read_bytes() == b"a,b\r\n"
