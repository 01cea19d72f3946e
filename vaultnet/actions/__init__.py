"""Every write use case as a function of a vault: people, interactions, prep, imports, init."""
