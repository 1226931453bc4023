"""What may be published: drafts, hidden and future-dated (embargoed) posts never are.

The embargo compares full date-times in the site's time zone: a press release dated today at
23:30 waits until 23:30, whatever the clock says when the build runs.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..pelican_types import Article

#: Where a build records the date-time of every post it read (any status), for the up-to-date
#: decision (tools/uptodate.py): the output changes when the build instant passes one of them.
#: A record of the build, not a setting a group writes.
POST_INSTANTS = "_CAMPAIGN_POST_INSTANTS"
#: Where a published build records the date-times of the posts it read and left out (drafts,
#: hidden and embargoed posts, and their translations): with the published posts' own, they are
#: POST_INSTANTS again after a header edit moves one post's date (tools/header_edit.py), which
#: keeps only the published posts.
UNLISTED_INSTANTS = "_CAMPAIGN_UNLISTED_INSTANTS"


def is_embargoed(post: Article, now: datetime) -> bool:
    """A post dated after the build instant waits (an embargoed press release)."""
    when = post.date
    if when.tzinfo is None:
        # Pelican gives dates the site's TIMEZONE; a naive one is read on the build's clock.
        when = when.replace(tzinfo=now.tzinfo)
    return when > now


def split_published(posts: list, now: datetime) -> tuple[list, list]:
    """Split posts into (publishable now, embargoed)."""
    published: list = []
    later: list = []
    for post in posts:
        (later if is_embargoed(post, now) else published).append(post)
    return published, later


def every_post(generator) -> list:
    """Every post Pelican's ArticlesGenerator read, any status: published, draft and hidden ones,
    with their translations (whose date-times are POST_INSTANTS)."""
    return [*generator.articles, *generator.translations, *generator.drafts, *generator.drafts_translations,
            *generator.hidden_articles, *generator.hidden_translations]


def instants(posts: Iterable, now: datetime) -> list[datetime]:
    """The posts' date-times, aware (a naive one read on the build's clock, as is_embargoed reads it)."""
    return sorted({p.date if p.date.tzinfo else p.date.replace(tzinfo=now.tzinfo) for p in posts
                   if getattr(p, "date", None) is not None})
