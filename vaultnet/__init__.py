"""vaultnet: a personal networking CRM that lives in plain Markdown.

from vaultnet import Vault
vault = Vault.open("~/network")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vaultnet.version import __version__

if TYPE_CHECKING:
    from vaultnet.network.vault import Vault

__all__ = ["Vault", "__version__"]


def __getattr__(name: str) -> Any:
    # Importing the package must stay cheap (`vaultnet --version`): load the library on first use.
    if name == "Vault":
        from vaultnet.network.vault import Vault

        return Vault
    raise AttributeError(name)
