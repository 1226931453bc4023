"""The home page's blocks from settings: call to action, next events, ways to help.

A link is `section:<slug>`, `page:<slug>`, `mailto:...` or `http(s)://...`. Every internal link
must resolve to a real section or page: the build and `make check` stop on one that does not,
naming the setting (a group that renames a section would otherwise ship a dead link).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import Problem
from ..settings import Section

FORMS = '"section:<slug>", "page:<slug>", "mailto:..." or "https://..."'


@dataclass(frozen=True)
class Link:
    """A resolved link: `href` is site-relative (no leading /) unless `external`."""

    text: str
    href: str
    external: bool = False


@dataclass(frozen=True)
class HomeBlocks:
    """What index.html shows besides the posts."""

    call_to_action: dict | None  # {"text", "button", "link": Link}
    events_link: Link | None
    help_title: str
    help_links: tuple[Link, ...]


def resolve(value: object, setting: str, sections: Sequence[Section], page_url: Callable[[str], str | None],
            line: int) -> tuple[Link | None, list[Problem]]:
    """One link setting as a Link, or the problem naming the setting and what exists."""
    text = str(value or "").strip()
    if text.startswith(("mailto:", "https://", "http://")):
        return Link("", text, external=True), []
    kind, _, slug = text.partition(":")
    if kind == "section":
        found = next((s for s in sections if s.slug == slug), None)
        if found:
            return Link(found.title, found.url), []
        known = ", ".join(s.slug for s in sections)
        return None, [Problem("pelicanconf.py", line, f"{setting} links to section '{slug}', which is not in SECTIONS",
                              f"link to one of: {', '.join('section:' + s for s in known.split(', '))}")]
    if kind == "page":
        url = page_url(slug)
        if url is not None:
            return Link(slug, url), []
        return None, [Problem("pelicanconf.py", line, f"{setting} links to page '{slug}', which does not exist",
                              f"add content/pages/{slug}.md, or link to another page or section")]
    return None, [Problem("pelicanconf.py", line, f"{setting} has the link {text!r}", f"write a link as {FORMS}")]


def home_blocks(settings: dict, sections: Sequence[Section], page_url: Callable[[str], str | None],
                line_of: Callable[[str], int]) -> tuple[HomeBlocks, list[Problem]]:
    """Resolve HOME_CALL_TO_ACTION, HOME_EVENTS_LINK and HOME_WAYS_TO_HELP; every problem at once."""
    problems: list[Problem] = []
    cta = None
    raw_cta = settings.get("HOME_CALL_TO_ACTION")
    if raw_cta:
        if not isinstance(raw_cta, dict) or not raw_cta.get("text") or not raw_cta.get("link"):
            problems.append(Problem("pelicanconf.py", line_of("HOME_CALL_TO_ACTION"),
                                    f"HOME_CALL_TO_ACTION = {raw_cta!r} needs a text and a link",
                                    'write {"text": "Join us", "link": "page:get-involved", "button": "Join"}'))
        else:
            link, bad = resolve(raw_cta["link"], "HOME_CALL_TO_ACTION", sections, page_url,
                                line_of("HOME_CALL_TO_ACTION"))
            problems += bad
            if link:
                cta = {"text": str(raw_cta["text"]), "button": str(raw_cta.get("button") or "Find out more"),
                       "link": link}
    events_link = None
    raw_events = settings.get("HOME_EVENTS_LINK")
    if raw_events:
        events_link, bad = resolve(raw_events, "HOME_EVENTS_LINK", sections, page_url, line_of("HOME_EVENTS_LINK"))
        problems += bad
    else:
        first = next((s for s in sections if s.listing == "events"), None)
        events_link = Link(first.title, first.url) if first else None
    raw_help = settings.get("HOME_WAYS_TO_HELP") or {}
    links = []
    line = line_of("HOME_WAYS_TO_HELP")
    entries = raw_help.get("links", []) if isinstance(raw_help, dict) else None
    if entries is None or not all(isinstance(e, (list, tuple)) and len(e) == 2 for e in entries):
        problems.append(Problem("pelicanconf.py", line, "HOME_WAYS_TO_HELP needs a title and a list of [text, link]",
                                'write {"title": "Get involved", "links": [["Print a leaflet", "section:leaflets"]]}'))
        entries = []
    for text, target in entries:
        link, bad = resolve(target, f"HOME_WAYS_TO_HELP link {text!r}", sections, page_url, line)
        problems += bad
        if link:
            links.append(Link(str(text), link.href, link.external))
    title = str(raw_help.get("title") or "Get involved") if isinstance(raw_help, dict) else "Get involved"
    return HomeBlocks(cta, events_link, title, tuple(links)), problems
