"""`python -m vaultnet` and the `vaultnet` console script."""

from __future__ import annotations

import sys

from vaultnet.version import __version__


def main() -> None:
    # `vaultnet --version` answers before importing click (~50 ms of imports): scripts and shell
    # prompts call it often. The text is the one click's version option prints.
    if sys.argv[1:] in (["--version"], ["-V"]):
        print(f"vaultnet, version {__version__}")
        return
    from vaultnet.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
