"""The plugin's settings: each declared once (name, default, validator, help) in `DECLARED`,
read through `setting()` wherever one is needed, and validated together once at start-up into
a frozen dataclass (`load`). A bad value raises a SettingsError naming the setting, the value,
the line that sets it, and the fix.

To add a setting: append a `Setting(...)` to DECLARED and read it with `setting(settings, NAME)`.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import markdown

from .cache import DEFAULT_CACHE_PATH
from .content.branding import DEFAULT_ACCENT, Brand, darken, load_brand
from .content.dates import build_now
from .content.kinds import KINDS
from .content.vocabulary import Vocabulary, load_vocabulary
from .errors import CampaignError, SettingsError
from .errors import setting_line as _setting_place
from .markdown.sanitise import sanitise

#: Pages per part of the search index when CAMPAIGN_SEARCH_PART_PAGES is not set.
SEARCH_PART_PAGES = 250
#: How a section lists its posts: by year, upcoming/past events, or open/closed deadlines.
LISTINGS = ("date", "events", "deadlines")
__all__ = ["DEFAULT_CACHE_PATH", "KINDS", "LISTINGS", "CampaignSettings", "Section", "load", "setting_line"]


def setting_line(name: str, conf_file: str | None = None) -> int:
    """The line of `NAME =` in the settings (1 when no file sets it), for error messages."""
    return _setting_place(name, Path(conf_file).parent if conf_file else None)[1] or 1


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
    today: date  # the day of `now`, for "closes in 5 days" and "upcoming"
    preview: bool
    domain: str
    prodid: str
    content_dir: Path
    theme_dir: Path
    section_feed: str | None
    # SITE_ACCENT..., checked (branding.py). A frozen dataclass: one default may be shared.
    brand: Brand = Brand(DEFAULT_ACCENT, darken(DEFAULT_ACCENT), "SITE")  # noqa: RUF009
    timezone: str = "Europe/London"  # TIMEZONE: events without a Timezone line are in it
    site_url: str = ""  # SITE_URL: the public address, "" when not set (local preview only)
    vocabulary: Vocabulary = field(default_factory=lambda: load_vocabulary(None))  # CAMPAIGN_KINDS
    search_part_pages: int = SEARCH_PART_PAGES  # pages per part of the search index (search_index.py)
    read_workers: int | None = None  # processes that read uncached posts (None: one per core)
    # The build instant, aware, in the site's TIMEZONE: the embargo compares posts' date-times with it.
    now: datetime | None = None
    # Pictures in content/images published even when no published page uses them (images.py).
    public_images: tuple[str, ...] = ()
    pdf_workers: int | None = None  # processes that render PDFs (None: one per core)
    cache_root: Path = Path(DEFAULT_CACHE_PATH)  # CAMPAIGN_CACHE_PATH

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


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(name, f"{name} = {value!r} is not True or False", f"write {name} = True (or False)")
    return value


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(name, f"{name} = {value!r} is not a text", f'write {name} = "..." (or delete the line '
                            f"for the default, {DECLARED[name].default!r})")
    return value


def _optional_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise SettingsError(name, f"{name} = {value!r} is not a text", f'write {name} = "..." (or delete the line)')
    return value.strip()


def _whole(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError(name, f"{name} = {value!r} is not a whole number above 0",
                            f"write {name} = {DECLARED[name].default or 2}")
    return value


def _workers(name: str, value: object) -> int | None:
    return None if value is None else _whole(name, value)


def _table(name: str, value: object) -> dict:
    # Its keys and values are checked where they are used (vocabulary.py, editor/config.py), with
    # messages that name the key.
    if not isinstance(value, dict):
        raise SettingsError(name, f"{name} = {value!r} is not a dictionary",
                            f"write {name} = {{...}} (see docs/settings.md), or delete the line")
    return value


def _names(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise SettingsError(name, f"{name} = {value!r} is not a list of file names",
                            f'write {name} = ["logo.png"] (names inside content/images/)')
    return tuple(v.strip().lstrip("/").removeprefix("images/") for v in value)


def _day(name: str, value: object) -> str | date:
    # Checked (with the environment variable it defers to) by dates.build_today.
    if not isinstance(value, (str, date)):
        raise SettingsError(name, f"{name} = {value!r} is not a day", f'write {name} = "2021-03-27", or ""')
    return value


@dataclass(frozen=True)
class Setting:
    """One setting of the plugin: its name, its default, the function that checks a value (and
    returns it as the plugin uses it, or raises SettingsError), and what it is for."""

    name: str
    default: object
    check: Callable[[str, object], object]
    help: str


DECLARED: dict[str, Setting] = {s.name: s for s in (
    Setting("CAMPAIGN_TODAY", "", _day,
            'The day the site is built "as of" (YYYY-MM-DD): upcoming events, closing dates, the '
            "embargo. Empty: the CAMPAIGN_TODAY environment variable, else today."),
    Setting("CAMPAIGN_PUBLIC_IMAGES", (), _names,
            "Pictures in content/images published even when no published page names them."),
    Setting("CAMPAIGN_KINDS", {}, _table,
            "The words of each kind of post (labels, the motion-like kind's types and headings...) over "
            "neutral defaults: docs/settings.md."),
    Setting("CAMPAIGN_PRODUCTION", False, _flag,
            "A published build (publishconf.py): SITE_URL must then be set."),
    Setting("CAMPAIGN_EDITOR", {}, _table,
            "The web editor in the published site: its backend (github, gitlab, gitea) and repository."),
    Setting("CAMPAIGN_EDITOR_LOCAL", False, _flag,
            "Set by `make devserver` and `make edit`, not by hand: the editor at /admin/ uses the local proxy."),
    Setting("CAMPAIGN_PREVIEW", False, _flag,
            "A preview build (make devserver): drafts and future posts are shown with a banner."),
    Setting("CAMPAIGN_PRODID", "", _optional_text,
            "The PRODID of the site's calendar files, e.g. -//Our group//our-site//EN. Empty: made "
            "from SITENAME and the site's domain."),
    Setting("CAMPAIGN_CACHE_PATH", DEFAULT_CACHE_PATH, _text,
            "Where rendered posts, PDFs, calendars and search bundles are kept between builds."),
    Setting("CAMPAIGN_CONTENT_CACHE", True, _flag,
            "Keep each post's rendered HTML between builds, so an unchanged post is not read again."),
    Setting("CAMPAIGN_READ_WORKERS", None, _workers,
            ("Processes that read posts missing from the content cache, and judge posts missing a kept check "
             "verdict (None: one per core, at most 4).")),
    Setting("CAMPAIGN_PDF_WORKERS", None, _workers,
            "Processes that render PDFs side by side (None: one per core, at most 4)."),
    Setting("CAMPAIGN_SEARCH_PART_PAGES", SEARCH_PART_PAGES, _whole,
            "Pages per part of the search index; editing a post re-indexes only its part."),
    Setting("CAMPAIGN_TYPOGRIFY", False, _flag,
            "Set by the plugin, not by hand: the plugin's reader applies Typogrify (Pelican's TYPOGRIFY)."),
)}


def setting(settings: Mapping, name: str):
    """The checked value of the declared setting `name` in Pelican's `settings` (None: its default)."""
    declared = DECLARED[name]
    value = settings.get(name)
    return declared.check(name, declared.default if value is None else value)


def cache_root(settings: Mapping) -> Path:
    """The folder every cache lives under (CAMPAIGN_CACHE_PATH)."""
    return Path(setting(settings, "CAMPAIGN_CACHE_PATH"))


def _intro(raw: dict, content_dir: Path) -> str:
    # A file lets volunteers edit the intro like any post; the setting is the fallback.
    path = content_dir / "sections" / f"{raw['slug']}.md"
    text = path.read_text(encoding="utf-8") if path.exists() else raw.get("intro", "")
    # An intro is Markdown a contributor writes, so it is sanitised like a post's body.
    # Named from the project folder (content/'s parent), as `make check` names every file.
    where = str(path.relative_to(content_dir.parent)) if path.exists() else "pelicanconf.py"
    html, problems = sanitise(markdown.markdown(text, output_format="html"), where, text, 1)
    if problems:
        raise CampaignError(problems)
    return html


def _sections(raw_sections: object, content_dir: Path) -> tuple[Section, ...]:
    if not isinstance(raw_sections, (list, tuple)) or not raw_sections:
        raise SettingsError(
            "SECTIONS", f"SECTIONS must be a non-empty list, not {raw_sections!r}",
            'write SECTIONS = [{"slug": "news", "title": "News", "intro": "..."}, ...]',
        )
    sections, seen = [], set()
    line = setting_line("SECTIONS")
    for raw in raw_sections:
        if not isinstance(raw, dict) or not raw.get("slug") or not raw.get("title"):
            raise SettingsError(
                "SECTIONS", f"SECTIONS entry {raw!r} needs a slug and a title",
                'write {"slug": "news", "title": "News"}',
            )
        slug = str(raw["slug"])
        if slug in seen or slug != slug.lower() or " " in slug:
            raise SettingsError(
                "SECTIONS", f"SECTIONS slug {slug!r} is repeated or not a lower-case slug",
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


def site_url(settings: dict) -> str:
    """SITE_URL, checked: the one public address that feeds, QR codes and calendars derive from."""
    raw = str(settings.get("SITE_URL") or "").strip().rstrip("/")
    if raw:
        parts = urlsplit(raw)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise SettingsError("SITE_URL", f"SITE_URL = {raw!r} is not a site address",
                                'write the address people type, e.g. SITE_URL = "https://example.org"')
    elif setting(settings, "CAMPAIGN_PRODUCTION"):
        # Never publish with a made-up or another group's address on every leaflet and feed.
        raise SettingsError("SITE_URL", "SITE_URL is not set for a published build",
                            'set the public address in pelicanconf.py, e.g. SITE_URL = "https://example.org"')
    return raw


def site_domain(settings: dict, url: str) -> str:
    """Calendar UIDs' domain: SITE_DOMAIN if set, else SITE_URL's host, else a reserved neutral name."""
    return str(settings.get("SITE_DOMAIN") or urlsplit(url).hostname or "example.invalid")


def site_prodid(settings: dict, domain: str) -> str:
    """Calendars' PRODID: CAMPAIGN_PRODID if set, else made from the site's name and domain."""
    name = " ".join(str(settings.get("SITENAME") or "campaign site").replace("//", "/").split())
    return setting(settings, "CAMPAIGN_PRODID") or f"-//{name}//{domain}//EN"


def load(settings: dict) -> CampaignSettings:
    """Validate Pelican's settings once, at start-up: every declared setting, then the rest."""
    for name in DECLARED:
        setting(settings, name)
    content_dir = Path(settings["PATH"])
    feed = settings.get("SECTION_FEED_ATOM")
    now = build_now(setting(settings, "CAMPAIGN_TODAY"), dict(os.environ), str(settings.get("TIMEZONE") or "UTC"))
    url = site_url(settings)
    domain = site_domain(settings, url)
    return CampaignSettings(
        sections=_sections(settings.get("SECTIONS"), content_dir),
        today=now.date(),
        now=now,
        public_images=setting(settings, "CAMPAIGN_PUBLIC_IMAGES"),
        preview=setting(settings, "CAMPAIGN_PREVIEW"),
        domain=domain,
        prodid=site_prodid(settings, domain),
        site_url=url,
        timezone=str(settings.get("TIMEZONE") or "Europe/London"),
        brand=load_brand(settings, Path(settings["THEME"]), setting_line),
        vocabulary=load_vocabulary(setting(settings, "CAMPAIGN_KINDS") or None, setting_line("CAMPAIGN_KINDS")),
        content_dir=content_dir,
        theme_dir=Path(settings["THEME"]),
        section_feed=feed or None,
        search_part_pages=setting(settings, "CAMPAIGN_SEARCH_PART_PAGES"),
        read_workers=setting(settings, "CAMPAIGN_READ_WORKERS"),
        pdf_workers=setting(settings, "CAMPAIGN_PDF_WORKERS"),
        cache_root=cache_root(settings),
    )


def describe() -> str:
    """Every declared setting with its default and what it is for, for `python -m campaign.settings`."""
    return "\n".join(f"{s.name} = {s.default!r}\n    {s.help}" for s in DECLARED.values())


if __name__ == "__main__":
    print(describe())  # noqa: T201 - `python -m campaign.settings` prints the table
