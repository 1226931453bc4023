"""The campaign plugin: sections, campaign post kinds, charts, calendars, PDFs and checks.

Each concern lives in its own module as plain functions; `plugin.py` holds the thin Pelican
adapters and `register()` wires them to Pelican's signals.
"""
from .plugin import register

__all__ = ["register"]
