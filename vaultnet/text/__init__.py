"""Plain-text rules every layer shares: dates and durations, names and wikilinks, wording."""
