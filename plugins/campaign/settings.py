"""The plugin's settings, read once from Pelican's settings into a frozen dataclass."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import markdown

from .dates import build_now
from .errors import CampaignError
from .sanitise import sanitise

#: Pages per part of the search index when CAMPAIGN_SEARCH_PART_PAGES is not set.
SEARCH_PART_PAGES = 250
KINDS = ("post", "press-release", "motion", "leaflet", "testimony", "event", "petition", "report")


@dataclass(frozen=True)
class Section:
    """One section of the site: its stable slug, its title and its intro as HTML."""

    slug: str
    title: str
    intro_html: str

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
    today: date  # the day of `now`, for "closes in 5 days" and "upcoming"
    preview: bool
    domain: str
    prodid: str
    content_dir: Path
    theme_dir: Path
    section_feed: str | None
    search_part_pages: int = SEARCH_PART_PAGES  # pages per part of the search index (search_index.py)
    read_workers: int | None = None  # processes that read uncached posts (None: one per core)
    # The build instant, aware, in the site's TIMEZONE: the embargo compares posts' date-times with it.
    now: datetime | None = None
    # Pictures in content/images published even when no published page uses them (images.py).
    public_images: tuple[str, ...] = ()

    def section(self, slug: str) -> Section:
        return next(s for s in self.sections if s.slug == slug)


def _intro(raw: dict, content_dir: Path) -> str:
    # A file lets volunteers edit the intro like any post; the setting is the fallback.
    path = content_dir / "sections" / f"{raw['slug']}.md"
    text = path.read_text(encoding="utf-8") if path.exists() else raw.get("intro", "")
    # Issue 14: an intro is Markdown a contributor writes, so it is sanitised like a post's body.
    # Named from the project folder (content/'s parent), as `make check` names every file.
    where = str(path.relative_to(content_dir.parent)) if path.exists() else "pelicanconf.py"
    html, problems = sanitise(markdown.markdown(text, output_format="html"), where, text, 1)
    if problems:
        raise CampaignError(problems)
    return html


def _sections(raw_sections: object, content_dir: Path) -> tuple[Section, ...]:
    if not isinstance(raw_sections, (list, tuple)) or not raw_sections:
        raise CampaignError.at(
            "pelicanconf.py", 1, f"SECTIONS must be a non-empty list, not {raw_sections!r}",
            'write SECTIONS = [{"slug": "campaigns", "title": "Campaigns", "intro": "..."}, ...]',
        )
    sections, seen = [], set()
    for raw in raw_sections:
        if not isinstance(raw, dict) or not raw.get("slug") or not raw.get("title"):
            raise CampaignError.at(
                "pelicanconf.py", 1, f"SECTIONS entry {raw!r} needs a slug and a title",
                'write {"slug": "campaigns", "title": "Campaigns"}',
            )
        slug = str(raw["slug"])
        if slug in seen or slug != slug.lower() or " " in slug:
            raise CampaignError.at(
                "pelicanconf.py", 1, f"SECTIONS slug {slug!r} is repeated or not a lower-case slug",
                "give each section a unique slug like 'model-motions'",
            )
        seen.add(slug)
        sections.append(Section(slug, str(raw["title"]), _intro(raw, content_dir)))
    return tuple(sections)


def _whole_number(settings: dict, name: str, default: int | None, example: int) -> int | None:
    value = settings.get(name, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CampaignError.at("pelicanconf.py", 1, f"{name} = {value!r} is not a whole number above 0",
                               f"write {name} = {example}" + (" (or None for the default)" if default is None else ""))
    return value


def _public_images(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise CampaignError.at("pelicanconf.py", 1, f"CAMPAIGN_PUBLIC_IMAGES = {value!r} is not a list of file names",
                               'write CAMPAIGN_PUBLIC_IMAGES = ["logo.png"] (names inside content/images/)')
    return tuple(v.strip().lstrip("/").removeprefix("images/") for v in value)


def load(settings: dict) -> CampaignSettings:
    """Validate Pelican's settings once, at start-up."""
    content_dir = Path(settings["PATH"])
    feed = settings.get("SECTION_FEED_ATOM")
    now = build_now(settings.get("CAMPAIGN_TODAY"), dict(os.environ), str(settings.get("TIMEZONE") or "UTC"))
    return CampaignSettings(
        sections=_sections(settings.get("SECTIONS"), content_dir),
        today=now.date(),
        now=now,
        public_images=_public_images(settings.get("CAMPAIGN_PUBLIC_IMAGES", ())),
        preview=bool(settings.get("CAMPAIGN_PREVIEW")),
        domain=str(settings.get("SITE_DOMAIN") or "example.org"),
        prodid=str(settings.get("CAMPAIGN_PRODID") or "-//campaign-site//EN"),
        content_dir=content_dir,
        theme_dir=Path(settings["THEME"]),
        section_feed=feed or None,
        search_part_pages=_whole_number(settings, "CAMPAIGN_SEARCH_PART_PAGES", SEARCH_PART_PAGES, SEARCH_PART_PAGES),
        read_workers=_whole_number(settings, "CAMPAIGN_READ_WORKERS", None, 2),
    )
