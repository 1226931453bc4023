"""The files a build will write, worked out from the settings and the headers (no Pelican run).

`make check` and the build use this to find collisions before anything is written; the
addresses follow Pelican's own rules (its slugify over the typogrified title, the `*_SAVE_AS`
patterns, DIRECT_TEMPLATES, pagination) and the plugin's (sections, feeds, calendars, PDFs).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ..content.slugs import Claim

BUILT_IN = "pelicanconf.py"
_PUNCTUATION = re.compile(r"[\"'`.&<>-]")


def title_slug(title: str, conf: dict) -> str:
    """The slug Pelican makes from a title (after our reader's Typogrify, as in the build)."""
    from pelican.utils import slugify

    from ..markdown.reader import typogrify_like_pelican

    # Typogrify only changes punctuation (quotes, dashes, ellipses, &); a title without any gets
    # the same slug either way, and skipping it keeps the check fast on a large site.
    if (conf.get("TYPOGRIFY") or conf.get("CAMPAIGN_TYPOGRIFY")) and _PUNCTUATION.search(title):
        title = typogrify_like_pelican("", {"title": title}, conf)[1]["title"]
    return slugify(title, regex_subs=conf.get("SLUG_REGEX_SUBSTITUTIONS", []),
                   preserve_case=conf.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=conf.get("SLUGIFY_USE_UNICODE", False))


def _fmt(pattern: str | None, **values) -> str | None:
    if not pattern:
        return None
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, AttributeError, ValueError):
        return None


def built_in_claims(conf: dict, section_slugs: Iterable[str], tag_slugs: Iterable[str],
                    years: Iterable[int], live_posts: int) -> list[Claim]:
    """The site's own pages and files: direct templates, sections, tags, archives, feeds, calendars."""
    claims: list[tuple[str | None, str]] = []
    for name in conf.get("DIRECT_TEMPLATES", []):
        claims.append((conf.get(f"{name.upper()}_SAVE_AS", f"{name}.html"), f"the built-in {name} page"))
    per_page = conf.get("DEFAULT_PAGINATION") or 0
    pages = max(1, math.ceil(live_posts / per_page)) if per_page else 1
    patterns = conf.get("PAGINATION_PATTERNS") or ()
    for number in range(2, pages + 1):
        for minimum, _url, save_as in sorted(patterns, reverse=True):
            if number >= minimum:
                target = _fmt(save_as, base_name="", number=number, save_as="index.html", url="")
                # A pattern that does not format claims nothing, as every other unformattable setting.
                claims.append((target.lstrip("/") if target else None, f"page {number} of the home page"))
                break
    for slug in section_slugs:
        claims.append((f"section/{slug}/index.html", f"the built-in section page '{slug}'"))
        claims.append((_fmt(conf.get("SECTION_FEED_ATOM"), slug=slug), f"the built-in feed of section '{slug}'"))
    for slug in tag_slugs:
        claims.append((_fmt(conf.get("TAG_SAVE_AS"), slug=slug), f"the built-in page of tag '{slug}'"))
    for year in years:
        claims.append((_fmt(conf.get("YEAR_ARCHIVE_SAVE_AS"), date=datetime(year, 1, 1)),
                       f"the built-in archive of {year}"))
    for name in ("TAGS_SAVE_AS", "ARCHIVES_SAVE_AS", "FEED_ALL_ATOM", "FEED_ALL_RSS"):
        claims.append((conf.get(name), f"the built-in {name.removesuffix('_SAVE_AS').lower()} file"))
    claims += [("calendar.ics", "the built-in calendar"), ("motion-deadlines.ics", "the built-in calendar"),
               ("sitemap.xml", "the built-in sitemap"),
               ("pagefind/", "the built-in search index"), ("theme/", "the theme's files")]
    return [Claim(out, BUILT_IN, 1, what) for out, what in claims if out]


def static_claims(content: Path, conf: dict, root: Path) -> list[Claim]:
    """Files copied as they are (STATIC_PATHS), at their EXTRA_PATH_METADATA path if given."""
    extra = conf.get("EXTRA_PATH_METADATA") or {}
    claims = []
    for folder in conf.get("STATIC_PATHS") or []:
        base = content / folder
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(content).as_posix()
            out = (extra.get(rel) or {}).get("path", rel)
            shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
            claims.append(Claim(out, shown, 1, "the file"))
    return claims
