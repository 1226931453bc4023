"""Many files' paths as a volunteer sees them (errors.shown_path), each folder resolved once.

errors.shown_path resolves every folder on a file's path, for every file: a third of classifying
a thousand posts. Invariant: `ShownPaths()(path) == errors.shown_path(path)` for every path
(tests/unit/test_shown_paths.py); anything not plain (a linked file, the project folder itself)
is handed to errors.shown_path.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import shown_path


class ShownPaths:
    """`errors.shown_path`, remembering each folder's resolved path (for one pass over the files)."""

    def __init__(self) -> None:
        self.cwd = os.getcwd()
        self.folders: dict[str, str] = {}

    def __call__(self, path: str | Path) -> str:
        folder, name = os.path.split(os.path.abspath(path))
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = os.path.realpath(folder)
        full = os.path.join(real, name)
        try:
            if not name or stat.S_ISLNK(os.lstat(full).st_mode) or self.cwd == os.sep or full == self.cwd:
                return shown_path(path)  # a linked file, or not a plain case: resolved the one way
        except OSError:
            return shown_path(path)
        if full.startswith(self.cwd + os.sep):
            return full[len(self.cwd) + 1:]
        return str(path)  # outside the project folder: as given, as errors.shown_path says
