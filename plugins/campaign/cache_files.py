"""File handling shared by the build's caches (content, PDFs, derived files).

Every entry is written aside and renamed into place, so a build killed half-way, or two builds
side by side, never leave or read half an entry; entries nobody has used for a while go.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

#: Entries unused for this long are deleted (tests build many throwaway copies of content/).
MAX_AGE_DAYS = 14


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prune(folder: Path, max_age_days: float = MAX_AGE_DAYS) -> None:
    """Delete the files in `folder` last used (modified or touched) more than `max_age_days` ago.

    At most once a day per folder: a large cache holds thousands of entries, and looking at
    each on every build costs more than the space they take for a day.
    """
    if not folder.is_dir():
        return
    marker = folder / ".pruned"
    now = time.time()
    try:
        if now - marker.stat().st_mtime < 86400:
            return
    except FileNotFoundError:
        pass
    marker.touch()
    cutoff = now - max_age_days * 86400
    for entry in os.scandir(folder):
        try:
            if entry.is_file() and entry.name != marker.name and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
        except FileNotFoundError:  # another build pruned it first
            pass
