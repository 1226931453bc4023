"""Small files made from posts (motion texts, calendars), kept between builds so a rebuild is fast.

Each is keyed by a sha256 of everything it is made from: a label, the inputs its caller
passes, the plugin's code and the library versions under it. A file that fails to be made is
never kept, so a mistake is reported on every build. Entries unused for 14 days are deleted,
as the content cache's are.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from .content import code_digest
from .files import prune, read_entry, write_entry


class DerivedCache:
    """A folder of `<key>.bin` files; with no folder, everything is simply made."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder else None
        if self.folder:
            prune(self.folder)

    def key(self, label: str, inputs: str) -> str:
        return hashlib.sha256(f"{label}\0{code_digest()}\0{inputs}".encode()).hexdigest()

    def get_or_make(self, label: str, inputs: str, make: Callable[[], bytes]) -> bytes:
        """The kept bytes for (`label`, `inputs`), or `make()`'s, kept for next time."""
        if self.folder is None:
            return make()
        path = self.folder / f"{self.key(label, inputs)}.bin"
        kept = read_entry(path)  # None when missing or damaged: made again
        if kept is not None:
            return kept
        data = make()
        write_entry(path, data)  # aside then renamed: a parallel build never reads half
        return data
