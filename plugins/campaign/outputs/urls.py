"""Work out each post's and page's address once per build, not every time a template asks.

Pelican's `url` and `save_as` are properties that format the URL
settings again on every use (about 30 uses per page: menus, listings, feeds, links), which made
up a fifth of a rebuild. Both depend only on a post's metadata, which is final once its
generator has finished, so we store them in Pelican's own `override_url` / `override_save_as`
attributes: `Content.get_url_setting` returns those first.
"""
from __future__ import annotations

from collections.abc import Iterable


def freeze(contents: Iterable) -> int:
    """Store each content object's current `url` and `save_as`; return how many were frozen."""
    count = 0
    for content in contents:
        # Read both before setting either: `save_as` may be worked out from the URL settings too.
        url, save_as = content.url, content.save_as
        content.override_url, content.override_save_as = url, save_as
        count += 1
    return count


def freeze_generator(generator, *names: str) -> None:
    """Freeze every list named in `names` on a Pelican generator (missing lists are skipped)."""
    for name in names:
        freeze(getattr(generator, name, None) or [])
