"""iCalendar files for events and deadlines, built with `icalendar`: data in, bytes out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from icalendar import Calendar, Event, Timezone


@dataclass(frozen=True)
class CalendarEvent:
    """One entry in a calendar; for `all_day` entries only the date of `start` counts."""

    uid_slug: str
    title: str
    start: datetime
    end: datetime
    location: str
    url: str
    description: str
    stamp: datetime  # the post's own date, never "now", so rebuilding changes nothing
    all_day: bool = False


def _require_aware(value: datetime, what: str, uid: str) -> None:
    # icalendar writes a naive DTSTAMP as if it were UTC and a naive DTSTART as "floating"
    # (each reader's own clock); both are silent mistakes, so refuse them here.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"calendar entry {uid!r}: {what} {value!r} has no time zone")


def _sort_key(entry: CalendarEvent) -> tuple[datetime, str]:
    if entry.all_day:
        # A whole day sorts from its midnight; a date alone cannot be compared with a datetime.
        midnight = datetime.combine(entry.start.date(), time(0), tzinfo=entry.start.tzinfo)
        start = midnight if midnight.tzinfo else midnight.replace(tzinfo=UTC)
    else:
        start = entry.start
    return start.astimezone(UTC), entry.uid_slug


def _check(entry: CalendarEvent) -> None:
    _require_aware(entry.stamp, "stamp", entry.uid_slug)
    if not entry.all_day:
        _require_aware(entry.start, "start", entry.uid_slug)
        _require_aware(entry.end, "end", entry.uid_slug)


def _vevent(entry: CalendarEvent, domain: str) -> Event:
    if entry.all_day:
        # RFC 5545: an all-day DTEND is exclusive, so a one-day entry ends the next day.
        day = entry.start.date()
        start: date | datetime = day
        end: date | datetime = day + timedelta(days=1)
    else:
        start, end = entry.start, entry.end
    # Event.new fills in a random UID and the current time when they are missing; both are
    # always passed. Empty strings become None so no blank "LOCATION:" line is written.
    return Event.new(
        uid=f"{entry.uid_slug}@{domain}",
        stamp=entry.stamp.astimezone(UTC),
        start=start,
        end=end,
        summary=entry.title,
        location=entry.location or None,
        url=entry.url or None,
        description=entry.description or None,
    )


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> Timezone:
    # from_tzid walks every transition in the range; icalendar's own docs say to cache it.
    return Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _zone_ids(entries: list[CalendarEvent]) -> list[str]:
    ids = set()
    for entry in entries:
        if entry.all_day:
            continue
        for value in (entry.start, entry.end):
            key = getattr(value.tzinfo, "key", None)  # ZoneInfo names itself; UTC needs none
            if key and key != "UTC":
                ids.add(key)
    return sorted(ids)


def calendar_bytes(
    events: list[CalendarEvent], *, domain: str, name: str, prodid: str
) -> bytes:
    """A VCALENDAR holding `events` (and the VTIMEZONEs they use), identical for identical input."""
    for entry in events:
        _check(entry)  # before sorting, which cannot compare naive and aware times
    entries = sorted(events, key=_sort_key)
    cal = Calendar()  # not Calendar.new(), which adds a random UID to the calendar itself
    cal.version = "2.0"
    cal.prodid = prodid
    cal.calscale = "GREGORIAN"
    cal.method = "PUBLISH"
    cal.calendar_name = name  # writes NAME (RFC 7986) and X-WR-CALNAME (Google, Apple)

    timed = [entry for entry in entries if not entry.all_day]
    if timed:
        # Calendar.add_missing_timezones() adds zones in set order, which changes with
        # PYTHONHASHSEED; adding them sorted, over the years in use, keeps output stable and small.
        first = date(min(e.start for e in timed).year, 1, 1)
        last = date(max(e.end for e in timed).year + 1, 1, 1)
        for tzid in _zone_ids(timed):
            cal.add_component(_vtimezone(tzid, first, last))
    for entry in entries:
        cal.add_component(_vevent(entry, domain))
    return cal.to_ical()
