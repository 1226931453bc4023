"""The plugin's settings, read once from Pelican's settings into a frozen dataclass."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import re
from urllib.parse import urlsplit

import markdown

from .dates import build_today
from .errors import CampaignError
from .branding import DEFAULT_ACCENT, Brand, darken, load_brand
from .vocabulary import KINDS, Vocabulary, load_vocabulary

#: Pages per part of the search index when CAMPAIGN_SEARCH_PART_PAGES is not set.
SEARCH_PART_PAGES = 250
#: How a section lists its posts: by year, upcoming/past events, or open/closed deadlines.
LISTINGS = ("date", "events", "deadlines")
__all__ = ["KINDS", "LISTINGS", "CampaignSettings", "Section", "load", "setting_line"]


def setting_line(name: str, conf_file: str = "pelicanconf.py") -> int:
    """The line of `NAME =` in the settings file (1 when it is not there), for error messages."""
    try:
        lines = Path(conf_file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    pattern = re.compile(rf"^{re.escape(name)}\s*=")
    return next((i for i, line in enumerate(lines, 1) if pattern.match(line)), 1)


@dataclass(frozen=True)
class Section:
    """One section of the site: its stable slug, its title and its intro as HTML."""

    slug: str
    title: str
    intro_html: str
    listing: str = "date"  # one of LISTINGS
    kinds: tuple[str, ...] = ()  # kinds whose new posts (`make new`) start here

    @property
    def url(self) -> str:
        return f"section/{self.slug}/"

    @property
    def save_as(self) -> str:
        return f"section/{self.slug}/index.html"

    # Jinja and Pelican's sitemap compare and print sections; make that read naturally.
    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class CampaignSettings:
    """Everything the plugin needs from pelicanconf.py, validated."""

    sections: tuple[Section, ...]
    today: date
    preview: bool
    domain: str
    prodid: str
    content_dir: Path
    theme_dir: Path
    section_feed: str | None
    brand: Brand = Brand(DEFAULT_ACCENT, darken(DEFAULT_ACCENT), "SITE")  # SITE_ACCENT..., checked (branding.py)
    timezone: str = "Europe/London"  # TIMEZONE: events without a Timezone line are in it
    site_url: str = ""  # SITE_URL: the public address, "" when not set (local preview only)
    vocabulary: Vocabulary = field(default_factory=lambda: load_vocabulary(None))  # CAMPAIGN_KINDS
    search_part_pages: int = SEARCH_PART_PAGES  # pages per part of the search index (search_index.py)
    read_workers: int | None = None  # processes that read uncached posts (None: one per core)

    def section(self, slug: str) -> Section:
        return next(s for s in self.sections if s.slug == slug)

    def sections_listing(self, listing: str) -> tuple[Section, ...]:
        """Sections whose page lists posts this way."""
        return tuple(s for s in self.sections if s.listing == listing)

    def home_section(self, kind: str) -> Section:
        """The section a new post of `kind` starts in (see default_section)."""
        return default_section(self.sections, kind)


def default_section(sections, kind: str):
    """The first section naming `kind` in its kinds; else the first listed by date; else the first.

    Works on Section objects and on raw SECTIONS dicts alike, so `make new` (which reads the
    settings without Pelican) and the build agree.
    """
    def get(s, key, default):
        return s.get(key, default) if isinstance(s, dict) else getattr(s, key, default)

    for s in sections:
        if kind in (get(s, "kinds", ()) or ()):
            return s
    return next((s for s in sections if get(s, "listing", "date") == "date"), sections[0])


def _intro(raw: dict, content_dir: Path) -> str:
    # A file lets volunteers edit the intro like any post; the setting is the fallback.
    path = content_dir / "sections" / f"{raw['slug']}.md"
    text = path.read_text(encoding="utf-8") if path.exists() else raw.get("intro", "")
    return markdown.markdown(text, output_format="html")


def _sections(raw_sections: object, content_dir: Path) -> tuple[Section, ...]:
    if not isinstance(raw_sections, (list, tuple)) or not raw_sections:
        raise CampaignError.at(
            "pelicanconf.py", 1, f"SECTIONS must be a non-empty list, not {raw_sections!r}",
            'write SECTIONS = [{"slug": "news", "title": "News", "intro": "..."}, ...]',
        )
    sections, seen = [], set()
    line = setting_line("SECTIONS")
    for raw in raw_sections:
        if not isinstance(raw, dict) or not raw.get("slug") or not raw.get("title"):
            raise CampaignError.at(
                "pelicanconf.py", 1, f"SECTIONS entry {raw!r} needs a slug and a title",
                'write {"slug": "news", "title": "News"}',
            )
        slug = str(raw["slug"])
        if slug in seen or slug != slug.lower() or " " in slug:
            raise CampaignError.at(
                "pelicanconf.py", 1, f"SECTIONS slug {slug!r} is repeated or not a lower-case slug",
                "give each section a unique slug like 'meetings'",
            )
        seen.add(slug)
        listing = str(raw.get("listing") or "date")
        if listing not in LISTINGS:
            raise CampaignError.at("pelicanconf.py", line, f"SECTIONS {slug!r}: unknown listing {listing!r}",
                                   f"write one of: {', '.join(LISTINGS)} (docs/settings.md)")
        kinds = raw.get("kinds") or ()
        if isinstance(kinds, str) or not all(k in KINDS for k in kinds):
            raise CampaignError.at("pelicanconf.py", line, f"SECTIONS {slug!r}: kinds {kinds!r} is not a list of kinds",
                                   f'write "kinds": ["event"] with kinds from: {", ".join(KINDS)}')
        sections.append(Section(slug, str(raw["title"]), _intro(raw, content_dir), listing, tuple(kinds)))
    return tuple(sections)


def _whole_number(settings: dict, name: str, default: int | None, example: int) -> int | None:
    value = settings.get(name, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CampaignError.at("pelicanconf.py", 1, f"{name} = {value!r} is not a whole number above 0",
                               f"write {name} = {example}" + (" (or None for the default)" if default is None else ""))
    return value


def site_url(settings: dict) -> str:
    """SITE_URL, checked: the one public address that feeds, QR codes and calendars derive from."""
    raw = str(settings.get("SITE_URL") or "").strip().rstrip("/")
    if raw:
        parts = urlsplit(raw)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise CampaignError.at("pelicanconf.py", setting_line("SITE_URL"), f"SITE_URL = {raw!r} is not a site address",
                                   'write the address people type, e.g. SITE_URL = "https://example.org"')
    elif settings.get("CAMPAIGN_PRODUCTION"):
        # Never publish with a made-up or another group's address on every leaflet and feed.
        raise CampaignError.at("pelicanconf.py", setting_line("SITE_URL"), "SITE_URL is not set for a published build",
                               'set the public address in pelicanconf.py, e.g. SITE_URL = "https://example.org"')
    return raw


def site_domain(settings: dict, url: str) -> str:
    """Calendar UIDs' domain: SITE_DOMAIN if set, else SITE_URL's host, else a reserved neutral name."""
    return str(settings.get("SITE_DOMAIN") or urlsplit(url).hostname or "example.invalid")


def site_prodid(settings: dict, domain: str) -> str:
    """Calendars' PRODID: CAMPAIGN_PRODID if set, else made from the site's name and domain."""
    name = " ".join(str(settings.get("SITENAME") or "campaign site").replace("//", "/").split())
    return str(settings.get("CAMPAIGN_PRODID") or f"-//{name}//{domain}//EN")


def load(settings: dict) -> CampaignSettings:
    """Validate Pelican's settings once, at start-up."""
    content_dir = Path(settings["PATH"])
    feed = settings.get("SECTION_FEED_ATOM")
    url = site_url(settings)
    domain = site_domain(settings, url)
    return CampaignSettings(
        sections=_sections(settings.get("SECTIONS"), content_dir),
        today=build_today(settings.get("CAMPAIGN_TODAY"), dict(os.environ)),
        preview=bool(settings.get("CAMPAIGN_PREVIEW")),
        domain=domain,
        prodid=site_prodid(settings, domain),
        site_url=url,
        timezone=str(settings.get("TIMEZONE") or "Europe/London"),
        brand=load_brand(settings, Path(settings["THEME"]), setting_line),
        vocabulary=load_vocabulary(settings.get("CAMPAIGN_KINDS"), setting_line("CAMPAIGN_KINDS")),
        content_dir=content_dir,
        theme_dir=Path(settings["THEME"]),
        section_feed=feed or None,
        search_part_pages=_whole_number(settings, "CAMPAIGN_SEARCH_PART_PAGES", SEARCH_PART_PAGES, SEARCH_PART_PAGES),
        read_workers=_whole_number(settings, "CAMPAIGN_READ_WORKERS", None, 2),
    )
