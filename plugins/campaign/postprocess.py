"""Steps after Pelican has written the site, before it is swapped in: each adds to the folder."""
from __future__ import annotations

from pathlib import Path


def postprocess(output: Path, settings: dict) -> dict:
    """Run every post-build step over `output`; return figures for the build log."""
    return {}
