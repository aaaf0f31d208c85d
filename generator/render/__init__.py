"""Render: the one Jinja environment, its filters (escaping, type spelling, docs, layout)."""
