"""Golden files: rendered output (due lists, templates, exports, listings) compared whole, byte
for byte, with tests/golden/<name>.

After an intended change, regenerate them with `VAULTNET_REGEN=1 python -m pytest` and review
`git diff tests/golden`. Only the value 1 regenerates: with any other value (`0`, `no`) the files
are compared as usual.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"


def regenerating() -> bool:
    return os.environ.get("VAULTNET_REGEN") == "1"


def assert_golden(name: str, actual: str | bytes, folder: Path = GOLDEN) -> None:
    """Compare `actual` (text is compared as its UTF-8 bytes) with `folder`/<name>;
    VAULTNET_REGEN=1 rewrites the file instead."""
    path = folder / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if regenerating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path}; run with VAULTNET_REGEN=1 to write it"
    expected = path.read_bytes()
    if isinstance(actual, str):
        # compared as text, so that pytest shows a readable diff
        assert actual == expected.decode("utf-8", errors="replace"), f"{path} differs"
    assert data == expected, f"{path} differs"


def in_another_process(*args: str, hash_seed: str = "4321") -> bytes:
    """The stdout of `python *args` run from the project folder, in a fresh interpreter with
    another string hash seed: what set and dict order would change between runs shows here."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONIOENCODING": "utf-8"}
    env.pop("VAULTNET_TODAY", None)
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", errors="replace")
    return result.stdout
