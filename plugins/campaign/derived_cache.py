"""Small files made from posts (motion texts, calendars), kept between builds (issue 10).

Each is keyed by a sha256 of everything it is made from: a label, the inputs its caller
passes, the plugin's code and the library versions under it. A file that fails to be made is
never kept, so a mistake is reported on every build. Entries unused for 14 days are deleted,
as the content cache's are.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .content_cache import MAX_AGE_DAYS, code_digest


class DerivedCache:
    """A folder of `<key>.bin` files; with no folder, everything is simply made."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder else None
        self.made = self.reused = 0
        if self.folder and self.folder.is_dir():
            self._prune()

    def key(self, label: str, inputs: str) -> str:
        return hashlib.sha256(f"{label}\0{code_digest()}\0{inputs}".encode()).hexdigest()

    def get_or_make(self, label: str, inputs: str, make: Callable[[], bytes]) -> bytes:
        """The kept bytes for (`label`, `inputs`), or `make()`'s, kept for next time."""
        if self.folder is None:
            self.made += 1
            return make()
        path = self.folder / f"{self.key(label, inputs)}.bin"
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: pruning keeps it
            self.reused += 1
            return data
        except FileNotFoundError:
            pass
        data = make()
        self.made += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written aside then renamed, so a parallel build never reads half an entry.
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return data

    def _prune(self) -> None:
        cutoff = time.time() - MAX_AGE_DAYS * 86400
        for entry in os.scandir(self.folder):
            try:
                if entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
            except FileNotFoundError:  # another build pruned it first
                pass
