"""What may be published: drafts, hidden and future-dated (embargoed) posts never are."""
from __future__ import annotations

from datetime import date


def is_embargoed(post, today: date) -> bool:
    """A post dated after the build date waits (an embargoed press release)."""
    return post.date.date() > today


def split_published(posts: list, today: date) -> tuple[list, list]:
    """Split posts into (publishable now, embargoed)."""
    now, later = [], []
    for post in posts:
        (later if is_embargoed(post, today) else now).append(post)
    return now, later
