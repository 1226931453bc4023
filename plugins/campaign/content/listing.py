"""How posts are grouped and ordered on section pages and the home page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import attrgetter


def _event_start(post):
    return getattr(post, "event", None) and post.event.start


def is_upcoming(post, today: date) -> bool:
    """An event that has not finished by the build date."""
    event = getattr(post, "event", None)
    return event is not None and event.end.date() >= today


def order_for_section(listing: str, posts: list, today: date) -> list:
    """By a section's listing (settings.LISTINGS): "events" upcoming (soonest first) then past;
    "deadlines" open by nearest deadline, then closed; "date" as given (newest first)."""
    if listing == "events":
        upcoming = sorted((p for p in posts if is_upcoming(p, today)), key=_event_start)
        past = [p for p in posts if getattr(p, "event", None) and not is_upcoming(p, today)]
        others = [p for p in posts if not getattr(p, "event", None)]
        return upcoming + past + others
    if listing == "deadlines":
        def key(post):
            motion = getattr(post, "motion", None)
            if motion and motion.deadline and motion.deadline >= today:
                return (0, motion.deadline.toordinal())
            # Closed motions next, then posts about motions that are not motions themselves.
            return (1 if motion else 2, -post.date.timestamp())
        return sorted(posts, key=key)
    return posts


def group_label(listing: str, post, today: date) -> str:
    """The heading a post sits under in a section list."""
    if listing == "events":
        if getattr(post, "event", None):
            return "Upcoming" if is_upcoming(post, today) else "Past"
        return "Related posts"
    if listing == "deadlines":
        motion = getattr(post, "motion", None)
        if not motion:
            return "Related posts"
        return "Open for submission" if motion.deadline and motion.deadline >= today else "Closed"
    return str(post.date.year)


def date_groups(posts, part: str) -> list[tuple[int, list]]:
    """Jinja's `groupby(attribute="date.<part>")` for posts (sorted by that part, stable, then
    grouped), looked up by Python rather than by Jinja's attribute getter: the archive of every
    post grouped by year and month took ~10 ms of a preview header edit at 1000 posts that way."""
    key = attrgetter(f"date.{part}")
    return [(value, list(group)) for value, group in groupby(sorted(posts, key=key), key)]


def section_groups(posts, listing: str, today: date) -> list[tuple[str, list]]:
    """Consecutive groups of posts under their headings, keeping the given order."""
    return [(label, list(items)) for label, items in groupby(posts, key=lambda p: group_label(listing, p, today))]


@dataclass(frozen=True)
class PageLink:
    """What the menu and the footer show of a page: a page's text changing changes no other page."""

    slug: str
    url: str
    title: str  # as Pelican holds it (markupsafe.Markup when a header's HTML was made safe)
    menu_label: str | None


def page_links(pages) -> tuple[PageLink, ...]:
    """Links to `pages` (Pelican's published pages), in their order."""
    return tuple(PageLink(p.slug, p.url, p.title, getattr(p, "menu_label", None)) for p in pages)
