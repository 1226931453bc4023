"""Every file the build writes stays inside the output folder.

Invariant: output paths are made only through `join_output`, which refuses a path that would
land outside the root (`../`, an absolute path, a symlinked folder pointing elsewhere), so no
header value can make the build write over a file outside the site.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import CampaignError


def join_output(root: str | Path, rel: str, *, source: str = "pelicanconf.py", line: int = 1) -> Path:
    """`root/rel`, or a CampaignError (at `source:line`) when that is not inside `root`."""
    base = Path(os.path.realpath(root))
    # realpath follows links already there, so a symlinked folder cannot lead out either.
    target = None if "\0" in str(rel) else Path(os.path.realpath(base / str(rel).lstrip("/")))
    if target is None or target == base or not target.is_relative_to(base):
        raise CampaignError.at(source, line, f"the output file {rel!r} would be written outside the site",
                               "write the Slug as lower-case words joined by hyphens, like `Slug: my-post`")
    return target
