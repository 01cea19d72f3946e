"""The note syntax: frontmatter and body patterns, YAML, the parser and the surgical editor."""
