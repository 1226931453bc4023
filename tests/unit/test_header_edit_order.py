"""Issue 18: the preview's header edit puts posts in Pelican's order without Pelican's search of
every post for every post (tools/header_edit.py): `_all_originals` must do what Pelican's
process_translations does whenever it answers, and `_period_archives` must build what Pelican's
_build_period_archives builds. Both compared with Pelican's own on random posts."""
from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st
from pelican.generators import ArticlesGenerator
from pelican.utils import process_translations

from campaign.tools.header_edit import _all_originals, _period_archives


class Post:
    """What the two functions read of a post."""

    def __init__(self, n: int, slug: str, date: datetime, translation: str | None):
        self.n, self.slug, self.date, self.lang, self.in_default_lang = n, slug, date, "en", True
        self.source_path = f"p{n}.md"
        self.metadata = {} if translation is None else {"translation": translation}

    def __repr__(self) -> str:
        return f"Post({self.n}, {self.slug!r}, translations={[t.n for t in getattr(self, 'translations', [])]})"


POSTS = st.lists(st.tuples(st.sampled_from("abcdefghij"), st.datetimes(datetime(2020, 1, 1), datetime(2026, 12, 31)),
                           st.sampled_from([None, None, None, "false", "true"])), max_size=12)


@given(POSTS)
def test_all_originals_is_process_translations_when_it_answers(specs):
    ours = [Post(n, slug, day, tr) for n, (slug, day, tr) in enumerate(specs)]
    theirs = [Post(n, slug, day, tr) for n, (slug, day, tr) in enumerate(specs)]
    if not _all_originals(ours, "slug"):
        return
    originals, translations = process_translations(theirs, translation_id="slug")
    assert translations == []
    assert [p.n for p in ours] == [p.n for p in originals]
    assert all(getattr(p, "translations", None) == [] for p in ours)


@given(POSTS)
def test_period_archives_are_pelicans(specs):
    posts = [Post(n, f"s{n}", day, None) for n, (_, day, _) in enumerate(specs)]
    dates = sorted(posts, key=lambda p: p.date, reverse=True)
    settings = {"YEAR_ARCHIVE_SAVE_AS": "y/{date:%Y}/", "YEAR_ARCHIVE_URL": "y/{date:%Y}/",
                "MONTH_ARCHIVE_SAVE_AS": "m/{date:%Y}/{date:%m}/", "MONTH_ARCHIVE_URL": "m/{date:%Y}/{date:%m}/",
                "DAY_ARCHIVE_SAVE_AS": "", "DAY_ARCHIVE_URL": ""}
    ours = _period_archives(dates, posts, settings)
    theirs = ArticlesGenerator._build_period_archives(None, dates, posts, settings)
    assert dict(ours) == dict(theirs)
    assert [list(a) for g in ours.values() for a in g] == [list(a) for g in theirs.values() for a in g]
