"""Dates and times as volunteers write them, and as readers see them: no Pelican, no locale."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from campaign.errors import CampaignError, SettingsError

# English tables, not strftime: %A and %B follow the build machine's locale.
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
EN_DASH = "\u2013"

_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME_FIX = "write it as 2021-03-27 14:00 (year-month-day, then the time on a 24-hour clock)"
_DAY_FIX = "write it as 2021-03-27 (year-month-day)"


@dataclass(frozen=True)
class DeadlineStatus:
    """Where a deadline stands on the build date; `days_left` is negative once it has passed."""

    state: str  # "open", "today" or "closed"
    days_left: int
    text: str


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    # Lower-cased keys so "europe/london" still finds "Europe/London"; scanning tzdata is slow.
    return {name.lower(): name for name in available_timezones()}


def zone(name: str, *, path: str, line: int) -> ZoneInfo:
    """The zone called `name`, or a CampaignError suggesting the nearest real name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # ValueError: ZoneInfo refuses keys like "" or "../x" before looking them up.
        pass
    names = _zone_names()
    close = difflib.get_close_matches(name.strip().lower(), names, n=1, cutoff=0.6)
    hint = f"; did you mean {names[close[0]]}?" if close else ""
    raise CampaignError.at(
        path, line, f"unknown Timezone {name!r}{hint}",
        "write a zone name such as Europe/London (or leave Timezone out: the site's TIMEZONE is the default)")


def parse_local(value: str, tz: str, *, path: str, line: int, field: str) -> datetime:
    """Parse "YYYY-MM-DD HH:MM" (or with "T") as a time in zone `tz`."""
    zone_info = zone(tz, path=path, line=line)
    match = _DATETIME.fullmatch(value.strip())
    if not match:
        raise CampaignError.at(path, line, f"{field} {value!r} is not a date and time", _DATETIME_FIX)
    try:
        year, month, day, hour, minute = (int(part) for part in match.groups())
        naive = datetime(year, month, day, hour, minute)
    except ValueError as exc:
        raise CampaignError.at(
            path, line, f"{field} {value!r} is not a real date and time ({exc})", _DATETIME_FIX) from None
    local = naive.replace(tzinfo=zone_info)
    # A clock time skipped when the clocks go forward does not survive a round trip via UTC.
    if local.astimezone(timezone.utc).astimezone(zone_info).replace(tzinfo=None) != naive:
        raise CampaignError.at(
            path, line, f"{field} {value!r} does not exist in {tz}: the clocks go forward then",
            "pick a time an hour later")
    return local


def parse_day(value: str, *, path: str, line: int, field: str) -> date:
    """Parse "YYYY-MM-DD" (a deadline or closing day)."""
    match = _DAY.fullmatch(value.strip())
    if not match:
        raise CampaignError.at(path, line, f"{field} {value!r} is not a date", _DAY_FIX)
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise CampaignError.at(
            path, line, f"{field} {value!r} is not a real date ({exc})", _DAY_FIX) from None


def header_day(header, key: str, field: str, path: str) -> tuple[date | None, list]:
    """The day on a header's `key` line (None when the line is missing or empty), with the
    problems found instead of raising, so every mistake in a file is reported together."""
    raw = (header.get(key) or "").strip()
    if not raw:
        return None, []
    try:
        return parse_day(raw, path=path, line=header.line(key), field=field), []
    except CampaignError as err:
        return None, err.problems


def check_span(start: datetime, end: datetime, *, path: str, line: int) -> None:
    """Raise a CampaignError unless `end` is after `start`."""
    if end <= start:
        raise CampaignError.at(
            path, line,
            f"End {end:%Y-%m-%d %H:%M} is not after Start {start:%Y-%m-%d %H:%M}",
            "make End later than Start; an event that runs past midnight ends on the next day's date")


def day_in_words(d: date) -> str:
    """A day as words, like "13 September 2021"."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _weekday_in_words(d: date) -> str:
    return f"{DAYS[d.weekday()]} {day_in_words(d)}"


def _clock(t: datetime) -> str:
    hour = t.hour % 12 or 12
    minutes = f":{t.minute:02d}" if t.minute else ""
    return f"{hour}{minutes}{'am' if t.hour < 12 else 'pm'}"


def when_in_words(start: datetime, end: datetime) -> str:
    """Like "Saturday 27 March 2021, 2pm–5pm"; both days when the event spans several."""
    if start.tzinfo is not None and end.tzinfo is not None:
        end = end.astimezone(start.tzinfo)  # read both ends on the same clock
    head = _weekday_in_words(start.date())
    if end.date() == start.date():
        return f"{head}, {_clock(start)}{EN_DASH}{_clock(end)}"
    if end.date() == start.date() + timedelta(days=1) and (end.hour, end.minute) == (0, 0):
        # An evening that ends at midnight is still one evening, not two days.
        return f"{head}, {_clock(start)}{EN_DASH}midnight"
    return f"{head}, {_clock(start)} {EN_DASH} {_weekday_in_words(end.date())}, {_clock(end)}"


def deadline_status(deadline: date, today: date) -> DeadlineStatus:
    """How a deadline reads on `today`: "closes in 5 days", "closes tomorrow", "closed"..."""
    days_left = (deadline - today).days
    if days_left < 0:
        return DeadlineStatus("closed", days_left, "closed")
    if days_left == 0:
        return DeadlineStatus("today", 0, "closes today")
    text = "closes tomorrow" if days_left == 1 else f"closes in {days_left} days"
    return DeadlineStatus("open", days_left, text)


def build_now(settings_value: str | date | None, env: Mapping[str, str], tz: str = "UTC") -> datetime:
    """The instant the site is built as of, in the site's zone `tz`: the setting, else
    $CAMPAIGN_TODAY, else now.

    `2021-09-08 14:00` is that minute; a day alone (`2021-09-08`) means the START of that day,
    so a post dated later that day (a 23:30 press release) is still embargoed: a build "as of"
    a day never publishes anything before its time.
    """
    zone_info = zone(tz, path="pelicanconf.py", line=1)
    value: str | date | None = settings_value
    source = "the CAMPAIGN_TODAY setting"
    if value is None or value == "":
        # pelicanconf.py's default is "" (unset), so an empty setting defers to the environment.
        value, source = env.get("CAMPAIGN_TODAY", ""), "the CAMPAIGN_TODAY environment variable"
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone_info)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone_info)
    if not value:
        return datetime.now(zone_info).replace(second=0, microsecond=0)
    text = str(value).strip()
    try:
        if day_match := _DAY.fullmatch(text):
            day = date(*(int(part) for part in day_match.groups()))
            return datetime(day.year, day.month, day.day, tzinfo=zone_info)
        if _DATETIME.fullmatch(text):
            return parse_local(text, tz, path="pelicanconf.py", line=1, field="CAMPAIGN_TODAY")
        raise ValueError("not in year-month-day form")
    except ValueError as exc:
        raise SettingsError(
            "CAMPAIGN_TODAY", f"CAMPAIGN_TODAY {value!r} (from {source}) is not a date ({exc})",
            "set CAMPAIGN_TODAY to a day written as 2021-03-27 (or a day and time: 2021-03-27 14:00), "
            "or leave it empty to use now") from None


def build_today(settings_value: str | date | None, env: Mapping[str, str], tz: str = "UTC") -> date:
    """The day the site is built as of (the day of `build_now`)."""
    return build_now(settings_value, env, tz).date()


def next_midnight(instant: datetime, zone_info: tzinfo) -> datetime:
    """The first midnight after `instant` on the clock of `zone_info`."""
    day = instant.astimezone(zone_info).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=zone_info)


def output_valid_until(ref: datetime, tz: str, post_instants: Iterable[datetime]) -> datetime:
    """The first instant after `ref` (the build instant, read from the clock) at which a build
    could make a different site. Every reader of the build instant, and when its answer changes:

    - the embargo (visibility.split_published, checks/site._is_live and the pictures it
      publishes): at a post's date-time, so at the first post instant after `ref`;
    - "upcoming"/"past" events, open/closed deadlines and petitions, "closes in 5 days"
      (listing, events, motions, petitions), the sitemap's lastmod (seo.finish_sitemap): the
      build day in the site's zone, so at its next midnight;
    - an empty feed's date (outputs/writer._build_day): the build day in UTC, so at UTC midnight.

    Conservative: a post instant that changes nothing (a draft's) only ends the window early.
    """
    zone_info = zone(tz, path="pelicanconf.py", line=1)
    later = [i for i in post_instants if i > ref]
    return min([next_midnight(ref, zone_info), next_midnight(ref, timezone.utc), *later])
