"""The site's .ics files: one per event, every event, every motion deadline.

Plain functions turn published posts into CalendarEvents; `write_calendars` is the thin
step that SectionsGenerator.generate_output calls to put the bytes in the output folder.
"""
from __future__ import annotations

import hashlib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from pathlib import Path

from markupsafe import Markup

from ..cache.derived import Derived
from ..errors import CampaignError, shown_path
from ..settings import CampaignSettings
from .ics import CalendarEvent, calendar_bytes
from .store import OutputStore


@dataclass(frozen=True)
class SiteCalendar:
    """A subscribable calendar and the section page that links to it."""

    listing: str  # sections listed this way (settings.LISTINGS) advertise it
    path: str
    title: str


# The paths are stable addresses people subscribe to; the titles are the group's words.
EVENTS_PATH, DEADLINES_PATH = "calendar.ics", "motion-deadlines.ics"


def site_calendars(settings: CampaignSettings) -> tuple[SiteCalendar, SiteCalendar]:
    """The site-wide events calendar and the deadlines calendar, named in CAMPAIGN_KINDS."""
    words = settings.vocabulary
    return (SiteCalendar("events", EVENTS_PATH, words.event.calendar),
            SiteCalendar("deadlines", DEADLINES_PATH, words.motion.calendar))


def _plain(html: str) -> str:
    # Titles and summaries are HTML after Typogrify (tags, no-break spaces); calendars want words.
    return Markup(html).striptags().replace("\xa0", " ")


def _url(post, site_url: str) -> str:
    # Calendar apps open the URL outside the site, so it is absolute once SITEURL is known.
    return f"{site_url.rstrip('/')}/{post.url}" if site_url else f"/{post.url}"


def event_entry(post, site_url: str) -> CalendarEvent:
    """A published event post as a calendar entry (UID `<slug>@domain`)."""
    event = post.event
    return CalendarEvent(
        uid_slug=post.slug, title=_plain(post.title), start=event.start, end=event.end,
        location=event.location, url=_url(post, site_url), description=_plain(post.summary),
        stamp=post.date,  # the post's own date, so a rebuild writes the same bytes
    )


def deadline_entry(post, site_url: str) -> CalendarEvent:
    """A motion's deadline as an all-day entry (UID `deadline-<slug>@domain`)."""
    motion = post.motion
    midnight = datetime.combine(motion.deadline, time(0), tzinfo=post.date.tzinfo)
    return CalendarEvent(
        uid_slug=f"deadline-{post.slug}", title=f"Deadline: {_plain(post.title)}",
        start=midnight, end=midnight, location="", url=_url(post, site_url),
        description=f"Last day to submit this {motion.motion_type}. Submit to: {motion.submit_to}.",
        stamp=post.date, all_day=True,
    )


def _zone_data(entries: list[CalendarEvent]) -> str:
    # The time-zone rules a calendar's VTIMEZONEs are drawn from: the zoneinfo files' bytes.
    keys = sorted({getattr(v.tzinfo, "key", "") for e in entries for v in (e.start, e.end, e.stamp)} - {""})
    return hashlib.sha256(b"".join(key.encode() + b"\0" + _zone_rules(key) for key in keys)).hexdigest()


@cache
def _zone_rules(key: str) -> bytes:
    found = next((Path(root) / key for root in zoneinfo.TZPATH if (Path(root) / key).is_file()), None)
    if found:
        return found.read_bytes()
    from importlib.metadata import PackageNotFoundError, version

    try:  # no system zoneinfo: Python falls back to the tzdata package
        return f"tzdata {version('tzdata')}".encode()
    except PackageNotFoundError:
        return b"no tzdata"


def calendar_files(posts: list, settings: CampaignSettings, site_name: str, site_url: str,
                   derived: Derived | None = None) -> dict[str, bytes]:
    """Every .ics file, by path relative to the output folder, for the published `posts`.

    `derived` keeps each file between builds, keyed by its entries (icalendar's
    writing was a tenth of a rebuild), the time-zone rules and icalendar's version.
    """
    from importlib.metadata import version

    derived = derived or Derived(None)

    def render(entries: list[CalendarEvent], name: str) -> bytes:
        inputs = repr((entries, name, settings.domain, settings.prodid, version("icalendar"), _zone_data(entries)))
        return derived.get("calendar", inputs, lambda: calendar_bytes(
            entries, domain=settings.domain, name=name, prodid=settings.prodid))

    events = [p for p in posts if getattr(p, "event", None)]
    motions = [p for p in posts if getattr(p, "motion", None) and p.motion.deadline]
    files = {}
    for post in events:
        path = post.event.ics_url
        if path in files:
            # Two events with one slug (in different years) would share a file and a UID.
            raise CampaignError.at(shown_path(post.source_path), 1, f"another event also has the slug '{post.slug}'",
                                   "give one of them a different `Slug:` line")
        files[path] = render([event_entry(post, site_url)], _plain(post.title))
    every_event, deadlines = site_calendars(settings)
    files[every_event.path] = render([event_entry(p, site_url) for p in events], f"{site_name}: {every_event.title}")
    files[deadlines.path] = render([deadline_entry(p, site_url) for p in motions], f"{site_name}: {deadlines.title}")
    return files


def write_calendars(posts: list, settings: CampaignSettings, pelican_settings: dict, out: OutputStore,
                    derived: Derived | None = None) -> None:
    """Write every calendar file through the build's store."""
    files = calendar_files(posts, settings, pelican_settings["SITENAME"], pelican_settings.get("SITEURL", ""),
                           derived)
    for rel, data in files.items():
        # Bytes, not Pelican's text writer: iCalendar needs its CRLF line ends kept exactly.
        out.write(rel, data)


def calendar_links(settings: CampaignSettings) -> dict[str, SiteCalendar]:
    """Section slug -> the calendar its page advertises (the templates' `section_calendars`).

    Follows each section's listing, not its slug: any section listing events links the events
    calendar, any listing deadlines the deadlines calendar.
    """
    by_listing = {c.listing: c for c in site_calendars(settings)}
    return {s.slug: by_listing[s.listing] for s in settings.sections if s.listing in by_listing}
