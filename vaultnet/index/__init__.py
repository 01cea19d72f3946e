"""The derived, disposable index of parsed notes under .vaultnet/."""
