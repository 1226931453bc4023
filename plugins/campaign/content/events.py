"""Meetings and events (`Kind: event`): read Start, End, Timezone, Location and Register."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..errors import CampaignError, Problem
from ..pelican_types import Article
from ..settings import CampaignSettings
from .dates import check_span, parse_local, when_in_words, zone
from .header import Header
from .links import BadLink, safe_link

DEFAULT_ZONE = "Europe/London"


@dataclass(frozen=True)
class EventInfo:
    """What a page, a list and a calendar need to know about one event."""

    start: datetime
    end: datetime
    tz: str
    location: str
    register: str | None
    when: str
    ics_url: str
    is_online: bool
    upcoming: bool  # not finished by the build date (matches listing.is_upcoming)


def ics_path(slug: str) -> str:
    """Where an event's own calendar file is written, relative to the site root."""
    return f"events/{slug}.ics"


def _missing(header: Header, key: str, path: str, example: str) -> Problem:
    # An absent field has no line of its own; the Kind line is where the event's fields go.
    line = header.line(key) if header.get(key) is not None else header.line("kind")
    return Problem(path, line, f"this event has no {key}", f"add a line `{key}: {example}`")


def _register(header: Header, path: str) -> tuple[str | None, list[Problem]]:
    value = (header.get("register") or "").strip()
    if not value:
        return None, []
    try:
        return safe_link(value), []
    except BadLink as why:
        return None, [Problem(path, header.line("register"), f"Register {value!r} {why}",
                              "write the full address as your browser shows it, starting https:// "
                              "(or mailto: for an email address)")]


def _times(header: Header, path: str, default_zone: str = DEFAULT_ZONE) -> tuple[datetime, datetime, str] | list[Problem]:
    # No Timezone line: the site's TIMEZONE (pelicanconf.py), so a group elsewhere need not repeat it.
    tz = (header.get("timezone") or "").strip() or default_zone
    try:
        # Check the zone on its own line first; parse_local would blame the Start line.
        zone(tz, path=path, line=header.line("timezone"))
    except CampaignError as err:
        return err.problems
    problems, parsed = [], {}
    for key, example in (("Start", "2021-03-27 14:00"), ("End", "2021-03-27 17:00")):
        raw = header.get(key)
        if raw is None or not raw.strip():
            problems.append(_missing(header, key, path, example))
            continue
        try:
            parsed[key] = parse_local(raw, tz, path=path, line=header.line(key), field=key)
        except CampaignError as err:
            problems += err.problems
    if problems:
        return problems
    try:
        check_span(parsed["Start"], parsed["End"], path=path, line=header.line("end"))
    except CampaignError as err:
        return err.problems
    return parsed["Start"], parsed["End"], tz


def enrich_event(post: Article, header: Header, settings: CampaignSettings, path: str) -> list[Problem]:
    """Set `post.event` (an EventInfo) from the header; return what is wrong instead of raising."""
    post.event = None
    times = _times(header, path, settings.timezone)
    problems = times if isinstance(times, list) else []
    location = (header.get("location") or "").strip()
    if not location:
        problems.append(_missing(header, "Location", path, settings.vocabulary.event.example_location))
    register, bad_link = _register(header, path)
    problems += bad_link
    if problems or isinstance(times, list):
        # An empty list of times' problems still means no times: the post gets no event.
        return problems
    start, end, tz = times
    post.event = EventInfo(
        start=start, end=end, tz=tz, location=location, register=register,
        when=when_in_words(start, end), ics_url=ics_path(post.slug),
        is_online=location.lower() == "online",
        upcoming=end.date() >= settings.today,
    )
    return []
