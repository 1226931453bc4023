"""Gzip copies of text files next to them, for servers that send them as they are (gzip_static)."""
from __future__ import annotations

import gzip
from pathlib import Path

from .store import OutputStore, as_store

SUFFIXES = (".html", ".css", ".js", ".xml", ".txt", ".ics", ".svg", ".json")


def gzip_bytes(data: bytes) -> bytes:
    """Level 9, no name and a zero time in the header, so the same file always gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress(site: OutputStore | Path, suffixes: tuple[str, ...] = SUFFIXES, previous: Path | None = None) -> dict:
    """Write `name.gz` beside each text file in the site where that saves bytes; return totals.

    `previous` is the site being replaced, when `site` is a folder rather than the build's store.

    gzip -9 of every text file was a tenth of a rebuild, so a file whose bytes are unchanged
    since the build being replaced gets the .gz made then (linked: the same bytes, as gzip here
    is deterministic) instead of a new one.
    """
    out = as_store(site, previous)
    files = written = reused = before = after = 0
    for rel in out.files():
        if not rel.lower().endswith(suffixes):
            continue
        files += 1
        packed_rel = rel + ".gz"
        sizes = out.reuse_derived(rel, packed_rel)
        if sizes is not None:
            reused += 1
            written += 1
            before += sizes[0]
            after += sizes[1]
            continue
        data = out.read(rel)
        packed = gzip_bytes(data)
        before += len(data)
        # Tiny files grow when gzipped; the server then sends the original.
        if len(packed) < len(data):
            out.write(packed_rel, packed)
            written += 1
            after += len(packed)
        else:
            after += len(data)
    return {"gzip_files": written, "gzip_reused": reused, "gzip_bytes_before": before,
            "gzip_bytes_after": after, "text_files": files}
