"""Jinja2 templates in a sandbox: packaged and vault templates, limits, filters."""
