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
import stat
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


def holds(path: str | Path, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (False when there is no such file)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def walk_files(root: str | Path) -> list[str]:
    """Every file under `root` (a link to a file too; no folder reached through a link), relative,
    in name order: what `Path.rglob("*")` filtered by `is_file()` lists, for a tenth of the cost."""
    found: list[str] = []
    stack = [("", os.fspath(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    found.append(prefix + entry.name)
            except OSError:
                continue
    found.sort()
    return found


def store(path: str | Path, data: bytes, previous: str | Path | None, *, known_same: bool = False) -> bool:
    """Put `data` at `path` (a new name): a link to `previous` when that file holds exactly
    `data` (True), else a new file (False). `known_same`: the caller read `previous` and found
    `data` there this build (the render memo), so it is not read again."""
    if previous is not None and (known_same or holds(previous, data)):
        try:
            os.link(previous, path)
            return True
        except OSError:  # links not possible here: write it
            pass
    # "x": never through a file (or link) already there; the caller removes it and comes back.
    with open(path, "xb") as file:
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
        self._root = os.fspath(self.root)
        self._previous = None if previous is None else os.fspath(previous)
        #: Files a reader of the last build's site found with these bytes this build (`vouch`).
        self._vouched: dict[str, tuple[str, bytes]] = {}

    def _relative(self, rel: str | Path) -> str:
        # Pelican hands its own paths in absolute; everything else gives them relative.
        text = os.fspath(rel)
        if os.path.isabs(text):
            if not text.startswith(self._root + os.sep):
                join_output(self.root, os.path.relpath(text, self.root))  # raises: outside the site
            text = text[len(self._root) + 1:]
        return text.replace(os.sep, "/")

    def path(self, rel: str | Path, *, source: str = "pelicanconf.py", line: int = 1) -> Path:
        """Where `rel` is in the site (its folder made); a CampaignError if that is outside it."""
        return Path(self._path(self._relative(rel), source=source, line=line))

    def _path(self, rel: str, *, source: str = "pelicanconf.py", line: int = 1) -> str:
        # `rel` relative already; the full path as text (a Path per file was a large share of writing).
        folder, _, name = rel.rpartition("/")
        if name not in ("", ".", "..") and "\0" not in name:
            if folder in self._folders:
                return f"{self._root}/{rel}"  # the folder was checked when made; the name holds no way out
            if self._made_in_known(folder):
                return f"{self._root}/{rel}"
        target = join_output(self.root, rel, source=source, line=line)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._folders.add(folder)
        return os.fspath(target)

    def _made_in_known(self, folder: str) -> bool:
        """Make `folder` (and any folder above it) as plain folders under the root (True); False
        when it is not that simple (a `..`, a link in the way): the full check (join_output)
        decides. A path of plain folder names with no link on it cannot lead out of the site."""
        if folder == "":
            if os.path.isdir(self._root):
                self._folders.add("")
                return True
            return False
        parent, _, name = folder.rpartition("/")
        if not name or name in (".", "..") or "\0" in name:
            return False
        if parent not in self._folders and not self._made_in_known(parent):
            return False
        path = f"{self._root}/{folder}"
        try:
            os.mkdir(path)
        except FileExistsError:
            try:
                if not stat.S_ISDIR(os.lstat(path).st_mode):  # a link or a file: the full check
                    return False
            except OSError:
                return False
        except OSError:
            return False
        self._folders.add(folder)
        return True

    def exists(self, rel: str | Path) -> bool:
        """Is there a file or folder at `rel` in the site (written by anyone: Pelican, a plugin, us)?"""
        return os.path.exists(f"{self._root}/{self._relative(rel)}")

    def read(self, rel: str | Path) -> bytes:
        """The bytes of the file at `rel`."""
        with open(f"{self._root}/{self._relative(rel)}", "rb") as file:
            return file.read()

    def size(self, rel: str | Path) -> int:
        """The size in bytes of the file at `rel`."""
        return os.stat(f"{self._root}/{self._relative(rel)}").st_size

    def files(self) -> list[str]:
        """Every file in the site now, relative, in name order."""
        return walk_files(self._root)

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

    def vouch(self, rel: str, path: Path, data: bytes) -> None:
        """The file at `path` was read this build and holds `data`: writing `data` at `rel` need
        not read it again to find it unchanged (the render memo reusing a page)."""
        self._vouched[rel] = (os.fspath(path), data)

    def _known_same(self, rel: str, path: str, data: bytes) -> bool:
        """Whether this build read `path` already and found exactly `data` there."""
        vouched = self._vouched.pop(rel, None)
        return vouched is not None and vouched[0] == path and (vouched[1] is data or vouched[1] == data)

    def _put(self, rel: str, data: bytes, replace: bool, *, source: str, line: int) -> bool:
        """Put `data` at `rel` in the folder; True when the last build's identical file was linked."""
        target = self._path(rel, source=source, line=line)
        if replace:
            _unlink(target)
        previous = None if self._previous is None else f"{self._previous}/{rel}"
        same = previous is not None and self._known_same(rel, previous, data)
        try:
            return store(target, data, previous, known_same=same)
        except FileExistsError:  # a file Pelican or another plugin put there: ours replaces it
            os.unlink(target)
            return store(target, data, previous, known_same=same)

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
        if self._previous is None:
            return False
        old = f"{self._previous}/{rel}"
        try:
            if not stat.S_ISREG(os.stat(old).st_mode):
                return False
        except OSError:
            return False
        target = self._path(rel)
        _unlink(target)
        try:
            os.link(old, target)
        except OSError:
            return False
        self.written.add(rel)
        self.reused += 1
        return True

    def reuse_derived(self, rel: str, derived_rel: str) -> tuple[int, int] | None:
        """Link the last build's `derived_rel` (made from `rel`, e.g. its gzip copy) into place when
        `rel` is the same bytes as the last build's and that build has it; (the sizes of `rel` and
        `derived_rel`), or None when it must be made again."""
        if self._previous is None:
            return None
        rel, derived_rel = self._relative(rel), self._relative(derived_rel)
        old, new = f"{self._previous}/{rel}", f"{self._root}/{rel}"
        try:
            now = os.stat(new)
            then = os.stat(old)
            kept = os.stat(f"{self._previous}/{derived_rel}")
        except OSError:
            return None
        if not stat.S_ISREG(kept.st_mode) or now.st_size != then.st_size:
            return None
        if (now.st_ino, now.st_dev) != (then.st_ino, then.st_dev):  # not linked: compare the bytes
            try:
                with open(new, "rb") as file:
                    if not holds(old, file.read()):
                        return None
            except OSError:
                return None
        if not self.reuse(derived_rel):
            return None
        return now.st_size, kept.st_size

    def same_as_previous(self, rel: str | Path) -> bool:
        """Is the file at `rel` the same bytes as the last build's file there?"""
        rel = self._relative(rel)
        if self._previous is None:
            return False
        old, new = f"{self._previous}/{rel}", f"{self._root}/{rel}"
        try:
            if os.path.samefile(old, new):
                return True
            with open(new, "rb") as file:
                return holds(old, file.read())
        except OSError:
            return False


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def as_store(site: OutputStore | str | Path, previous: Path | None = None) -> OutputStore:
    """`site` itself if it is a store, else a store over the folder `site` (a step run on its own)."""
    return site if isinstance(site, OutputStore) else OutputStore(site, previous)


def store_of(settings: dict) -> OutputStore:
    """This run's store (made by the plugin when the run starts; made here for a lone writer)."""
    if not isinstance(settings.get(STORE_SETTING), OutputStore):
        settings[STORE_SETTING] = OutputStore(settings["OUTPUT_PATH"], previous_output(settings))
    return settings[STORE_SETTING]
