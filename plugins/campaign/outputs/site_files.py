"""Files every site needs whatever content/ holds: _headers, the favicons and the social cards.

Made from the settings at build time (issue 16), so a group that empties content/ keeps its
security headers and favicon. robots.txt is finished in finish.finish_found from ROBOTS_TXT.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from ..cache.derived import Derived
from ..content import branding
from . import cards, seo

# Netlify and Cloudflare Pages read /_headers; deploy/nginx.conf sends the same (tests/site/test_found.py).
HEADERS = f"""# Security and caching headers for Netlify and Cloudflare Pages (published as /_headers).
# Made by the build (plugins/campaign/outputs/site_files.py); keep deploy/nginx.conf in step.
/*
  Content-Security-Policy: {seo.CSP_HEADER}
  Strict-Transport-Security: max-age=31536000; includeSubDomains
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  Permissions-Policy: interest-cohort=(), browsing-topics=(), camera=(), microphone=(), geolocation=()
  X-Frame-Options: DENY

/theme/*
  Cache-Control: public, max-age=86400

# Pagefind names its index chunks by their content: they never change. (Rules that match one
# path are merged by these hosts, so no other rule sets Cache-Control under /pagefind/.)
/pagefind/fragment/*
  Cache-Control: public, max-age=31536000, immutable

/pagefind/index/*
  Cache-Control: public, max-age=31536000, immutable

# A large site's search index comes in parts, each in a folder named after its first month (/pagefind/2021-03/).
/pagefind/:part/fragment/*
  Cache-Control: public, max-age=31536000, immutable

/pagefind/:part/index/*
  Cache-Control: public, max-age=31536000, immutable
"""
FAVICON_SVG, FAVICON_PNG = "favicon.svg", "favicon.png"

#: The pictures among site_files' files that Pillow draws (no metadata in them; post cards are too).
DRAWN = frozenset({FAVICON_PNG, cards.SITE_CARD})


def site_files(brand: branding.Brand, settings: dict, fonts_dir: Path, derived: Derived) -> dict[str, bytes]:
    """_headers, favicon.svg, favicon.png and the site's social card, by output path."""
    address = seo.bare_address(settings)
    key = repr((brand, address, settings.get("SITENAME"), settings.get("SITE_TAGLINE"), drawing_key(fonts_dir)))
    return {
        "_headers": HEADERS.encode(),
        FAVICON_SVG: branding.favicon_svg(brand).encode(),
        FAVICON_PNG: derived.get("favicon", key, lambda: branding.favicon_png(brand, fonts_dir)),
        cards.SITE_CARD: derived.get("site card", key, lambda: cards.site_card(
            brand, fonts_dir, str(settings.get("SITENAME") or ""), str(settings.get("SITE_TAGLINE") or ""), address)),
    }


def drawing_key(fonts_dir: Path) -> str:
    """What else changes a drawn PNG: Pillow's version and the font files' sizes and times."""
    from importlib.metadata import version

    fonts = [(f.name, f.stat().st_size) for f in (fonts_dir / branding.FONT_BOLD, fonts_dir / branding.FONT_REGULAR)]
    return repr((version("pillow"), fonts))


def post_cards(posts: list, brand: branding.Brand, settings: dict, fonts_dir: Path,
               derived: Derived) -> dict[str, bytes]:
    """Each post's own card (posts with an `Image:` use theirs), by output path, kept between builds."""
    address, name, drawn = seo.bare_address(settings), str(settings.get("SITENAME") or ""), drawing_key(fonts_dir)
    files = {}
    for post in posts:
        if seo.own_image(post):
            continue
        title, kicker = seo.plain(post.title), str(getattr(post, "kind_label", "") or "")
        key = repr((brand, address, name, title, kicker, drawn))
        files[seo.post_card_path(post)] = derived.get(
            "post card", key, partial(cards.post_card, brand, fonts_dir, title, kicker, name, address))
    return files
