"""Pelican's writer, its pages and feeds handed to the run's OutputStore (store.py)."""
from __future__ import annotations

import io
import os
from datetime import UTC, datetime

from pelican.contents import Content
from pelican.writers import Writer

from . import render_memo
from .store import OutputStore, store_of

#: Where Pelican's settings hold this run's render memo (None: every page is rendered). The
#: leading underscore: a record of the build, never a setting a group sets (settings.py).
MEMO_SETTING = "_CAMPAIGN_RENDER_MEMO"


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


def shown_text(post) -> str:
    """A post's text as its pages show it ({filename} links resolved), from Pelican's memo.

    Read past any wrapper that notes who reads a post's text (tools/page_deps.py): taking a
    fingerprint is not showing the text.
    """
    if not isinstance(post, Content):
        return str(post._content)
    getter = Content.__dict__["get_content"]
    getter = getattr(getter, "memo", getter)
    return getter.__get__(post, type(post))(post.get_siteurl())


def memo_of(settings: dict) -> render_memo.RenderMemo | None:
    """This run's render memo (made on first use; None when there is no cache to keep it in)."""
    if MEMO_SETTING not in settings:
        render_memo.install()
        settings[MEMO_SETTING] = render_memo.RenderMemo.for_build(settings, shown_text)
    return settings[MEMO_SETTING]


def save_memo(settings: dict) -> dict:
    """Keep this run's record of its pages for the next build (called when the run has written
    all); the pages rendered and reused, for the build's log."""
    memo = settings.get(MEMO_SETTING)
    if memo is None:
        return {}
    memo.save()
    return {"pages_rendered": memo.rendered, "pages_reused": memo.reused}


class ReusingWriter(Writer):
    """Pelican's writer, its pages and feeds written through the run's OutputStore.

    Pages go through the run's render memo (render_memo.py): one whose inputs did not change
    since the last build is that build's bytes, not rendered again.
    """

    #: False for a writer that renders on purpose (the preview's replay of chosen pages).
    memoized = True

    def write_file(self, name, template, context, *args, **kwargs):
        memo = memo_of(self.settings) if self.memoized else None
        if memo is not None:
            template = render_memo.MemoTemplate(template, memo, self.may_reuse, store_of(self.settings).vouch)
        return super().write_file(name, template, context, *args, **kwargs)

    def may_reuse(self, rel: str) -> bool:  # noqa: ARG002 - a subclass decides by the page
        """Whether the page at `rel` may be the last build's bytes when its inputs are the same."""
        return True

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
