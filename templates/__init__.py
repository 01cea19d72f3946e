"""The packaged Jinja2 templates (`*.md.j2`); a vault's Templates/vaultnet/ overrides them."""
