"""Write the site's files, reusing the last build's file wherever the bytes are the same.

Issue 10 (build speed): every build writes the whole site into a fresh folder, then swaps it
in (build.py). Creating and filling thousands of files was a large share of a rebuild, nearly
all of it time in the kernel. So a file whose bytes equal the file at the same path in the site
being replaced is hard-linked to that file instead: the same bytes, nothing written. The old
folder is deleted after the swap, so the new site ends up with the only copy; nothing is ever
shared with content/, the theme or the caches.
"""
from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

from pelican.writers import Writer

from .safe_paths import join_output

#: Set by build.py for Pelican: the output folder this build will replace, if there is one.
PREVIOUS_SETTING = "CAMPAIGN_PREVIOUS_OUTPUT"


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
    """Put `data` at `path`: a link to `previous` when that file holds exactly `data` (True),
    else a new file (False)."""
    if previous is not None and holds(previous, data):
        try:
            os.link(previous, path)
            return True
        except OSError:  # links not possible here: write it
            pass
    path.write_bytes(data)
    return False


def link_or_copy(source: Path, dest: Path) -> None:
    """`dest` as a hard link to `source` (the same bytes, none written), or a copy if links fail."""
    try:
        os.link(source, dest)
    except OSError:
        dest.write_bytes(source.read_bytes())


def previous_of(path: Path, output: Path, previous_output: Path | None) -> Path | None:
    """The file at the same place as `path` (under `output`) in the site being replaced."""
    if previous_output is None:
        return None
    # String arithmetic, not Path.resolve(): that stats every folder on the way, per file.
    relative = os.path.relpath(path, output)
    return None if relative.startswith("..") else previous_output / relative


def _build_day(settings: dict) -> datetime:
    """Midnight UTC of the day the site is built as of (CAMPAIGN_TODAY)."""
    from ..content.dates import build_today
    from ..settings import setting

    day = build_today(setting(settings, "CAMPAIGN_TODAY"), os.environ)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class _Page(io.StringIO):
    """What Pelican writes a page into; stored (or linked) when Pelican closes it."""

    def __init__(self, path: Path, encoding: str, previous: Path | None):
        super().__init__()
        self.path, self.charset, self.previous = path, encoding, previous

    def close(self) -> None:
        if not self.closed:
            store(self.path, self.getvalue().encode(self.charset), self.previous)
        super().close()


class ReusingWriter(Writer):
    """Pelican's writer, with `store` for every page and feed it writes the first time."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.previous_output = previous_output(settings or {})

    def _create_new_feed(self, feed_type, feed_title, context):
        # An empty feed (a section with no posts yet) says it was updated "now" (feedgenerator's
        # default), so it differed on every build: the build day instead (issue 18: a rebuild
        # must equal a clean build byte for byte).
        feed = super()._create_new_feed(feed_type, feed_title, context)
        latest = feed.latest_post_date

        def latest_post_date():
            return latest() if feed.items else _build_day(self.settings)

        feed.latest_post_date = latest_post_date
        return feed

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own rules (a file written twice is an error unless overridden) decide every
        # case but the usual one, a file written once, which is the only one handled here.
        if self.previous_output is None or override or filename in self._written_files:
            return super()._open_w(filename, encoding, override)
        self._written_files.add(filename)
        path = Path(filename)
        return _Page(path, encoding, previous_of(path, Path(self.output_path), self.previous_output))


class SiteWriter:
    """Writes files into the output folder, each linked from the replaced site when its bytes are
    the same (`store`); the features that write with it never see the previous site."""

    def __init__(self, output: Path, previous: Path | None = None) -> None:
        self.output, self.previous = Path(output), previous
        self._folders: set[Path] = set()

    @classmethod
    def for_settings(cls, output: str | Path, settings: dict) -> SiteWriter:
        """A writer into `output`, reusing the site build.py said this build replaces."""
        return cls(Path(output), previous_output(settings))

    def _write(self, target: Path, data: bytes) -> None:
        if target.parent not in self._folders:  # a thousand search fragments share one folder
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        store(target, data, previous_of(target, self.output, self.previous))

    def put(self, rel: str, data: bytes, *, source: str = "pelicanconf.py", line: int = 1) -> None:
        """Write `data` at `rel` under the site; a path leading outside it is an error at `source:line`."""
        self._write(join_output(self.output, rel, source=source, line=line), data)

    def put_all(self, folder: str, files: dict[str, bytes]) -> None:
        """Write files the plugin made (relative paths of a tool's own tree) under `folder`, checked once."""
        base = join_output(self.output, folder)
        for rel, data in files.items():
            self._write(base / rel, data)
