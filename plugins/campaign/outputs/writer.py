"""Pelican's writer, its pages and feeds handed to the run's OutputStore (store.py)."""
from __future__ import annotations

import io
import os
from datetime import UTC, datetime

from pelican.writers import Writer

from .store import OutputStore, store_of


def _build_day(settings: dict) -> datetime:
    """Midnight UTC of the day the site is built as of (CAMPAIGN_TODAY)."""
    from ..content.dates import build_today
    from ..settings import setting

    day = build_today(setting(settings, "CAMPAIGN_TODAY"), os.environ)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class _Page(io.StringIO):
    """What Pelican writes a page into; handed to the store when Pelican closes it."""

    def __init__(self, out: OutputStore, rel: str, encoding: str, replace: bool):
        super().__init__()
        self.out, self.rel, self.charset, self.replace = out, rel, encoding, replace

    def close(self) -> None:
        if not self.closed:
            self.out.write(self.rel, self.getvalue().encode(self.charset), replace=self.replace)
        super().close()


class ReusingWriter(Writer):
    """Pelican's writer, its pages and feeds written through the run's OutputStore."""

    def _create_new_feed(self, feed_type, feed_title, context):
        # An empty feed (a section with no posts yet) says it was updated "now" (feedgenerator's
        # default), so it differed on every build: the build day instead (a rebuild must equal
        # a clean build byte for byte).
        feed = super()._create_new_feed(feed_type, feed_title, context)
        latest = feed.latest_post_date

        def latest_post_date():
            return latest() if feed.items else _build_day(self.settings)

        feed.latest_post_date = latest_post_date
        return feed

    def _open_w(self, filename, encoding, override=False):
        # Pelican's one way into a file, so the only place its pages and feeds can reach the
        # store; its public write_file/write_feed render and paginate first. Pelican's own rule
        # stays: a file written twice is an error unless the caller overrides.
        if filename in self._written_files and not override:
            return super()._open_w(filename, encoding, override)  # raises FileOverwriteFailedError
        self._written_files.add(filename)
        out = store_of(self.settings)
        return _Page(out, out._relative(filename), encoding, replace=override)
