"""The live preview's output store: a full build that writes only the files that changed.

A header edit in the preview (a title, a date, a section, a tag) is a full Pelican run, and
building the whole site into a fresh folder meant creating some 1700 folders and 4000 files
(linked) and then deleting the old site's as many: seconds on a busy disk, for a save that
changes a few dozen pages. This store builds over the live site instead:

- A file whose bytes equal the live site's file at the same path is not written at all; it is
  only noted as made by this run (`kept`).
- Any other file, and whatever Pelican copies into the output folder itself (static files, the
  sitemap), goes into a staging folder, the run's OUTPUT_PATH, beside the live site.
- Only after the run succeeded, `commit()` deletes the live files this run did not make and
  moves the staged files in. A failed run deletes the staging folder: the live site is as it was.
- The staging folder keeps its (empty) folders from one run to the next: Pelican's writer makes
  the folder of every page it writes, kept or not, and making and deleting 1700 folders per
  save was most of what the fresh folder cost. It holds no file between runs.

Invariant: after `commit()` the live folder holds exactly the files the run made, with the bytes
it made, the same as a clean build into an empty folder (tests/site/test_live_preview.py).
Reads through the store (`exists`, `read`, `files`) see this run's files only, never a file of
the live site that this run has not (yet) made.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from .safe_paths import join_output
from .store import OutputStore, holds


class StagedStore(OutputStore):
    """One preview build over the live site at `live`, its changed files staged in `root`."""

    def __init__(self, staging: str | Path, live: str | Path):
        super().__init__(staging)
        self.live = Path(live)
        #: Files this run made with the bytes the live site holds already (nothing written).
        self.kept: set[str] = set()
        self._kept_folders: set[str] = set()

    def _put(self, rel: str, data: bytes, replace: bool, *, source: str, line: int) -> bool:
        # A kept file is only read, never written: the full check (realpath, which also refuses
        # a symlinked folder) is for the writes OutputStore.path makes; a name that could lead
        # out of the site is checked here all the same, so it fails as it does in a clean build.
        if ".." in rel.split("/") or "\0" in rel or rel.startswith("/"):
            join_output(self.live, rel, source=source, line=line)
        live = f"{os.fspath(self.live)}/{rel}"
        if self._known_same(rel, live, data) or holds(live, data):
            # A copy staged earlier in this run (by Pelican, or a write this one replaces) gives way.
            (self.root / rel).unlink(missing_ok=True)
            self.kept.add(rel)
            folder = rel.rpartition("/")[0]
            while folder and folder not in self._kept_folders:
                self._kept_folders.add(folder)
                folder = folder.rpartition("/")[0]
            return True
        self.kept.discard(rel)
        return super()._put(rel, data, replace, source=source, line=line)

    def _made(self, rel: str | Path) -> tuple[Path | None, str]:
        """Where this run's file (or folder) at `rel` is: staged, in the live site, or None."""
        name = self._relative(rel).rstrip("/")
        staged = self.root / name
        # The staging folder keeps its empty folders between runs: a folder counts if it holds a file.
        if staged.is_file() or (staged.is_dir() and any(p.is_file() for p in staged.rglob("*"))):
            return staged, name
        if name in self.kept or name in self._kept_folders:
            return self.live / name, name
        return None, name

    def exists(self, rel: str | Path) -> bool:
        """Has this run made a file or folder at `rel`?"""
        return self._made(rel)[0] is not None

    def read(self, rel: str | Path) -> bytes:
        """The bytes this run made at `rel`."""
        path, name = self._made(rel)
        if path is None:
            raise FileNotFoundError(name)
        return path.read_bytes()

    def size(self, rel: str | Path) -> int:
        """The size in bytes of this run's file at `rel`."""
        return len(self.read(rel))

    def files(self) -> list[str]:
        """Every file this run made, relative, in name order."""
        return sorted(set(super().files()) | self.kept)

    def commit(self, before: set[str] | None) -> set[str]:
        """Make the live site exactly this run's files; the files it holds now.

        `before`: the files the live site held (None: look). Files no longer made go first,
        so a folder can take the place of a file of the same name, and the other way round.
        """
        staged = set(super().files())
        made = staged | self.kept
        if before is None:
            before = {p.relative_to(self.live).as_posix() for p in self.live.rglob("*") if not p.is_dir()}
        for rel in sorted(before - made):
            gone = self.live / rel
            gone.unlink(missing_ok=True)
            remove_empty_folders(gone.parent, self.live)
        for rel in sorted(staged):
            new, old = self.root / rel, self.live / rel
            if old.is_file() and not old.is_symlink() and holds(old, new.read_bytes()):
                continue  # copied again by Pelican with the same bytes
            old.parent.mkdir(parents=True, exist_ok=True)
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old)
            os.replace(new, old)  # a reader sees the old file or the new one, never half of one
        for rel in staged:
            (self.root / rel).unlink(missing_ok=True)
        return made


def remove_empty_folders(folder: Path, root: Path) -> None:
    """Remove `folder` and its parents up to (not including) `root` while they are empty."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone already)
            return
        folder = folder.parent
