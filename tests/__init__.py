"""The test suite. Importing it first keeps compiled bytecode between runs.

With PYTHONDONTWRITEBYTECODE set (as on the machines the suite runs on) every test process, and
every vaultnet subprocess a test starts, compiles the test modules (pytest's assertion rewriting)
and vaultnet from source again: about a fifth of the suite's CPU time. The cache goes under
.pytest_cache/ (git ignores it), never next to the sources, so the tree stays as clean as the
variable meant; Python checks each cached file against its source, so a stale one is never used.
"""

import os
import sys
from pathlib import Path

_CACHE = Path(__file__).resolve().parent.parent / ".pytest_cache" / "pycache"
if sys.dont_write_bytecode and not sys.pycache_prefix:
    sys.pycache_prefix = str(_CACHE)
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = str(_CACHE)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
