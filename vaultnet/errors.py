"""The errors vaultnet raises, and the problems it finds in a vault (which are data, not errors)."""

from __future__ import annotations

from dataclasses import dataclass


class VaultnetError(Exception):
    """Base of every error vaultnet reports to the user as `Error: ...`."""

    exit_code = 1


class UsageError(VaultnetError):
    """The command was called wrongly (exit code 2)."""

    exit_code = 2


class NoSuchVault(VaultnetError):
    """The vault folder does not exist or is not a folder."""


class BadConfig(VaultnetError):
    """vaultnet.toml has an unknown key or a bad value."""


class NoSuchPerson(VaultnetError):
    """No person matches the name given."""


class AmbiguousName(VaultnetError):
    """Several people match the name given."""


class FileChangedOnDisk(VaultnetError):
    """A note changed between vaultnet reading it and writing it back."""


class RefusedEdit(VaultnetError):
    """An edit was refused to protect the user's note (bad YAML, outside the vault...)."""


class WriteFailed(VaultnetError):
    """The operating system refused a write (disk full, permissions...); the original is untouched."""


class VaultBusy(VaultnetError):
    """Another vaultnet command holds the vault's write lock."""


class TemplateProblem(VaultnetError):
    """A template is missing, has a syntax error, or failed while rendering."""


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a note: where it is and what it is. `severity` is "error" or "warning"."""

    path: str
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
