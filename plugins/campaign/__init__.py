"""The campaign plugin: sections, campaign post kinds, charts, calendars, PDFs and checks.

Each concern lives in its own module as plain functions; `plugin.py` holds the thin Pelican
adapters and `register()` wires them to Pelican's signals.
"""


def register() -> None:
    """Pelican's entry point. Imported lazily so `invoke check` does not pay for Pelican's import."""
    from .plugin import register as wire

    wire()
