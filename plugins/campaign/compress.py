"""Gzip copies of text files next to them, for servers that send them as they are (gzip_static)."""
from __future__ import annotations

import gzip
from pathlib import Path

SUFFIXES = (".html", ".css", ".js", ".xml", ".txt", ".ics", ".svg", ".json")


def gzip_bytes(data: bytes) -> bytes:
    """Level 9, no name and a zero time in the header, so the same file always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _previous_gzip(previous: Path | None, relative: Path, data: bytes) -> bytes | None:
    """The .gz the last build made of these same bytes at this same path, if it made one."""
    if previous is None:
        return None
    old = previous / relative
    packed = old.with_name(old.name + ".gz")
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return None
        return packed.read_bytes()
    except OSError:  # no such file in the last build, or no .gz of it
        return None


def precompress(root: Path, suffixes: tuple[str, ...] = SUFFIXES, previous: Path | None = None) -> dict:
    """Write `name.gz` beside each text file under `root` where that saves bytes; return totals.

    `previous` is the site this build replaces. Issue 10 (build speed): gzip -9 of every text
    file was a tenth of a rebuild, so a file whose bytes are unchanged since that build gets
    the .gz made then (the same bytes, as gzip here is deterministic) instead of a new one.
    """
    files = written = reused = before = after = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in suffixes:
            continue
        data = path.read_bytes()
        packed = _previous_gzip(previous, path.relative_to(root), data)
        reused += packed is not None
        packed = packed if packed is not None else gzip_bytes(data)
        files += 1
        before += len(data)
        # Tiny files grow when gzipped; the server then sends the original.
        if len(packed) < len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            written += 1
            after += len(packed)
        else:
            after += len(data)
    return {"gzip_files": written, "gzip_reused": reused, "gzip_bytes_before": before,
            "gzip_bytes_after": after, "text_files": files}
