"""The one way the build writes a file into the site: `OutputStore.write(rel_path, bytes)`.

Invariants:
- Every path is joined inside the output folder (safe_paths.join_output): no header value can
  make the build write outside the site.
- A path is written once per build; writing it again is a collision (two posts with one slug,
  a redirect page over a real page), unless the caller says it replaces the file on purpose
  (a post-build step finishing robots.txt, the sitemap, a picture without its metadata).
- A file whose bytes equal the file at the same path in the site being replaced is hard-linked
  to it instead of written: the same bytes, nothing written. Every build fills a fresh folder
  that is then swapped in (tools/build.py), and creating thousands of files was a large share
  of a rebuild. The old folder is deleted after the swap, so the new site ends up with the only
  copy; nothing is ever shared with content/, the theme or the caches.
- A file is never written through a link: replacing a file removes it first, so the site being
  replaced (still live until the swap) is never changed by a build, not even a failed one.
- A picture the plugin drew itself (a social card, the PNG favicon) is written `drawn=True` and
  its digest kept in `drawn`: it holds no metadata by construction, so the picture step
  (images.strip_images) leaves it as written, as long as the file still holds those bytes.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import CampaignError
from .safe_paths import join_output

#: Set by tools/build.py for Pelican: the output folder this build will replace, if there is one.
PREVIOUS_SETTING = "CAMPAIGN_PREVIOUS_OUTPUT"
#: Where Pelican's settings hold this run's store (made afresh by each run, see plugin.py). The
#: leading underscore: a record of the build, never a setting a group sets (settings.py).
STORE_SETTING = "_CAMPAIGN_OUTPUT_STORE"


def previous_output(settings: dict) -> Path | None:
    """The site this build replaces, as build.py told Pelican's settings (None: there is none)."""
    previous = settings.get(PREVIOUS_SETTING)
    return Path(previous) if previous else None


def holds(path: Path, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (False when there is no such file)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def store(path: Path, data: bytes, previous: Path | None) -> bool:
    """Put `data` at `path` (a new name): a link to `previous` when that file holds exactly
    `data` (True), else a new file (False)."""
    if previous is not None and holds(previous, data):
        try:
            os.link(previous, path)
            return True
        except OSError:  # links not possible here: write it
            pass
    with open(path, "wb") as file:
        file.write(data)
    return False


class OutputStore:
    """One build's output folder: every file the plugin writes goes through `write`."""

    def __init__(self, root: str | Path, previous: Path | None = None):
        self.root = Path(root)
        self.previous = previous
        self.written: set[str] = set()
        self.reused = 0
        #: Pictures the plugin drew (relative path -> sha256 of the bytes written): see `write`.
        self.drawn: dict[str, str] = {}
        self._folders: set[str] = set()  # folders (relative) known to exist inside the root

    def _relative(self, rel: str | Path) -> str:
        # Pelican hands its own paths in absolute; everything else gives them relative.
        text = os.fspath(rel)
        if os.path.isabs(text):
            if not text.startswith(os.fspath(self.root) + os.sep):
                join_output(self.root, os.path.relpath(text, self.root))  # raises: outside the site
            text = text[len(os.fspath(self.root)) + 1:]
        return text.replace(os.sep, "/")

    def path(self, rel: str | Path, *, source: str = "pelicanconf.py", line: int = 1) -> Path:
        """Where `rel` is in the site (its folder made); a CampaignError if that is outside it."""
        rel = self._relative(rel)
        folder = rel.rpartition("/")[0]
        if folder in self._folders and ".." not in rel.split("/"):
            return self.root / rel  # the folder was checked when made; the name holds no way out
        target = join_output(self.root, rel, source=source, line=line)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._folders.add(folder)
        return target

    def exists(self, rel: str | Path) -> bool:
        """Is there a file or folder at `rel` in the site (written by anyone: Pelican, a plugin, us)?"""
        return (self.root / self._relative(rel)).exists()

    def read(self, rel: str | Path) -> bytes:
        """The bytes of the file at `rel`."""
        return (self.root / self._relative(rel)).read_bytes()

    def size(self, rel: str | Path) -> int:
        """The size in bytes of the file at `rel`."""
        return (self.root / self._relative(rel)).stat().st_size

    def files(self) -> list[str]:
        """Every file in the site now, relative, in name order."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())

    def write(self, rel: str | Path, data: bytes, *, replace: bool = False, drawn: bool = False,
              source: str = "pelicanconf.py", line: int = 1) -> bool:
        """Write `data` at `rel`; True when the last build's identical file was linked instead.

        `replace`: the file may exist already (a finishing step rewriting it); otherwise writing
        one path twice in a build is a collision, reported at `source:line`. `drawn`: a picture
        the plugin drew itself, with no metadata in it (see `is_drawn`).
        """
        rel = self._relative(rel)
        if rel in self.written and not replace:
            raise CampaignError.at(source, line, f"two files would be written to {rel}",
                                   "give one of them another `Slug:` (or `save_as:`)")
        linked = self._put(rel, data, replace, source=source, line=line)
        self.written.add(rel)
        self.reused += linked
        if drawn:
            self.drawn[rel] = hashlib.sha256(data).hexdigest()
        else:
            self.drawn.pop(rel, None)
        return linked

    def _put(self, rel: str, data: bytes, replace: bool, *, source: str, line: int) -> bool:
        """Put `data` at `rel` in the folder; True when the last build's identical file was linked."""
        target = self.path(rel, source=source, line=line)
        if replace:
            target.unlink(missing_ok=True)
        previous = None if self.previous is None else self.previous / rel
        try:
            return store(target, data, previous)
        except FileExistsError:  # a file Pelican or another plugin put there: ours replaces it
            target.unlink()
            return store(target, data, previous)

    def is_drawn(self, rel: str | Path, data: bytes) -> bool:
        """Is `data` (the file at `rel` now) the picture the plugin drew there?

        By bytes, not by name: a file copied over it later (content/ or the theme shipping a
        picture at the same path) is not the drawing, and is cleaned like any other picture.
        """
        kept = self.drawn.get(self._relative(rel))
        return kept is not None and kept == hashlib.sha256(data).hexdigest()

    def reuse(self, rel: str | Path) -> bool:
        """Link the last build's file at `rel` into place, unchanged (True), if it has one.

        For a derived file whose source the caller knows to be unchanged (a gzip copy).
        """
        rel = self._relative(rel)
        if self.previous is None or not (self.previous / rel).is_file():
            return False
        target = self.path(rel)
        target.unlink(missing_ok=True)
        try:
            os.link(self.previous / rel, target)
        except OSError:
            return False
        self.written.add(rel)
        self.reused += 1
        return True

    def same_as_previous(self, rel: str | Path) -> bool:
        """Is the file at `rel` the same bytes as the last build's file there?"""
        rel = self._relative(rel)
        if self.previous is None:
            return False
        old, new = self.previous / rel, self.root / rel
        try:
            return os.path.samefile(old, new) or holds(old, new.read_bytes())
        except OSError:
            return False


def as_store(site: OutputStore | str | Path, previous: Path | None = None) -> OutputStore:
    """`site` itself if it is a store, else a store over the folder `site` (a step run on its own)."""
    return site if isinstance(site, OutputStore) else OutputStore(site, previous)


def store_of(settings: dict) -> OutputStore:
    """This run's store (made by the plugin when the run starts; made here for a lone writer)."""
    if not isinstance(settings.get(STORE_SETTING), OutputStore):
        settings[STORE_SETTING] = OutputStore(settings["OUTPUT_PATH"], previous_output(settings))
    return settings[STORE_SETTING]
