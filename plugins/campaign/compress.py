"""Gzip copies of text files next to them, for servers that send them as they are (gzip_static)."""
from __future__ import annotations

import gzip
from pathlib import Path

SUFFIXES = (".html", ".css", ".js", ".xml", ".txt", ".ics", ".svg", ".json")


def gzip_bytes(data: bytes) -> bytes:
    """Level 9, no name and a zero time in the header, so the same file always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress(root: Path, suffixes: tuple[str, ...] = SUFFIXES) -> dict:
    """Write `name.gz` beside each text file under `root` where that saves bytes; return totals."""
    files = written = before = after = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in suffixes:
            continue
        data = path.read_bytes()
        packed = gzip_bytes(data)
        files += 1
        before += len(data)
        # Tiny files grow when gzipped; the server then sends the original.
        if len(packed) < len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            written += 1
            after += len(packed)
        else:
            after += len(data)
    return {"gzip_files": written, "gzip_bytes_before": before, "gzip_bytes_after": after, "text_files": files}
