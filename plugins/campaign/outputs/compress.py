"""Gzip copies of text files next to them, for servers that send them as they are (gzip_static)."""
from __future__ import annotations

import gzip
import os
from pathlib import Path

from .store import holds, link_or_copy

SUFFIXES = (".html", ".css", ".js", ".xml", ".txt", ".ics", ".svg", ".json")


def gzip_bytes(data: bytes) -> bytes:
    """Level 9, no name and a zero time in the header, so the same file always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _previous_gzip(previous: Path | None, relative: Path, path: Path) -> Path | None:
    """The .gz the last build made of this same file, if the file's bytes are unchanged since.

    Files the build linked from the last build (reuse_writer.py) are the same file: no bytes
    need comparing.
    """
    if previous is None:
        return None
    old = previous / relative
    packed = old.with_name(old.name + ".gz")
    if not packed.is_file():  # no such file in the last build, or too small to gzip
        return None
    return packed if os.path.samefile(old, path) or holds(old, path.read_bytes()) else None


def precompress(root: Path, suffixes: tuple[str, ...] = SUFFIXES, previous: Path | None = None) -> dict:
    """Write `name.gz` beside each text file under `root` where that saves bytes; return totals.

    `previous` is the site this build replaces. gzip -9 of every text
    file was a tenth of a rebuild, so a file unchanged since that build gets the .gz made then
    (linked: the same bytes, as gzip here is deterministic) instead of a new one.
    """
    files = written = reused = before = after = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in suffixes:
            continue
        files += 1
        target = path.with_name(path.name + ".gz")
        old = _previous_gzip(previous, path.relative_to(root), path)
        if old is not None:
            link_or_copy(old, target)
            reused += 1
            written += 1
            before += path.stat().st_size
            after += old.stat().st_size
            continue
        data = path.read_bytes()
        packed = gzip_bytes(data)
        before += len(data)
        # Tiny files grow when gzipped; the server then sends the original.
        if len(packed) < len(data):
            target.write_bytes(packed)
            written += 1
            after += len(packed)
        else:
            after += len(data)
    return {"gzip_files": written, "gzip_reused": reused, "gzip_bytes_before": before,
            "gzip_bytes_after": after, "text_files": files}
