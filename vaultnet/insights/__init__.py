"""Network insights: the weekly report, warm paths, introductions, the share list, connectors,
the mix, stats, the graph and the brand. Pure computations on a read `Vault`; the CLI prints."""
