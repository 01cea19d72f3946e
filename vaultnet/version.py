"""The one version number of vaultnet (pyproject.toml reads it from here)."""

__version__ = "0.1.0"
