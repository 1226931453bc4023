"""Being found and shared: canonical addresses, Open Graph, JSON-LD, the CSP, robots.txt, sitemap.

Plain functions of plain values; `page_meta` and `absolute_url` are the Jinja globals that
`components/head-meta.html` and `components/share.html` call (registered in plugin.py).
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from urllib.parse import urlsplit

from jinja2 import pass_context
from markupsafe import Markup

# One policy for the <meta> tag, _headers and nginx.conf (tests/site/test_found.py keeps them
# equal). Pagefind compiles WebAssembly, hence 'wasm-unsafe-eval'; nothing else is relaxed.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'none'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")
# Browsers ignore frame-ancestors in a <meta> tag, so only the HTTP header carries it.
CSP_HEADER = CSP + "; frame-ancestors 'none'"

DEFAULT_IMAGE = "theme/images/social-default.png"  # drawn at build time (cards.SITE_CARD)
DEFAULT_IMAGE_SIZE = (1200, 630)
HEADLINE_MAX = 110  # schema.org/Google's limit for Article.headline


def plain(html: object) -> str:
    """Text of an HTML fragment: tags dropped, entities and typographic no-break spaces undone."""
    return " ".join(Markup(str(html or "")).striptags().replace("\xa0", " ").split())


def og_locale(lang: str) -> str:
    """Open Graph's form of a language tag: `en-gb` -> `en_GB`."""
    language, _, region = lang.replace("_", "-").partition("-")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def site_base(settings: dict) -> str:
    """The site's absolute address: SITEURL when published, the local preview address otherwise."""
    return str(settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


def absolute(base: str, path: str) -> str:
    """`path` (site-relative, or already absolute) as an absolute address under `base`."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", path):
        return path
    return f"{base}/{path.lstrip('/')}"


def page_path(output_file: str) -> str:
    """The clean address of a written file: `a/b/index.html` -> `a/b/`."""
    return re.sub(r"(^|/)index\.html$", r"\1", output_file or "")


def bare_address(settings: dict) -> str:
    """The site's address as printed on cards: SITE_URL's host ("" when SITE_URL is unset)."""
    return urlsplit(str(settings.get("SITE_URL") or "")).hostname or ""


def own_image(obj) -> str:
    """The post's own `Image:`, if it names one."""
    return str(getattr(obj, "image", "") or "").strip()


def post_card_path(post) -> str:
    """Where a post's drawn card is written: next to its page (`2021/07/slug/social.png`)."""
    return page_path(post.save_as).rstrip("/") + "/social.png" if post.save_as.endswith("index.html") \
        else post.save_as.rsplit(".", 1)[0] + "-social.png"


def social_image(obj, base: str, card_text: str = "") -> dict:
    """The post's `Image:` (and `Image_alt:`), its own drawn card, or the site's card: URL and alt."""
    image = own_image(obj)
    if image:
        # Pelican does not expand {static} in metadata; the path after it is the output path.
        path = re.sub(r"^\{(static|attach|filename)\}", "", image)
        alt = plain(getattr(obj, "image_alt", "")) or plain(getattr(obj, "title", ""))
        return {"url": absolute(base, path), "alt": alt, "width": None, "height": None}
    width, height = DEFAULT_IMAGE_SIZE
    if getattr(obj, "kind", None) and getattr(obj, "save_as", ""):
        # Posts get a card with their own title (site_files.post_cards); pages share the site's.
        title = plain(getattr(obj, "title", ""))
        return {"url": absolute(base, post_card_path(obj)), "alt": title, "width": width, "height": height}
    # The site's card (cards.site_card) shows its name and tagline.
    return {"url": absolute(base, DEFAULT_IMAGE), "alt": card_text, "width": width, "height": height}


def organisation(settings: dict) -> dict:
    """The site's organisation, as schema.org data."""
    base = site_base(settings)
    return {"@type": "Organization", "name": settings.get("SITENAME", ""), "url": base + "/",
            "logo": absolute(base, DEFAULT_IMAGE)}


def _iso(value) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else None


def article_data(article, settings: dict) -> dict:
    """schema.org Article (NewsArticle for press releases) for a post."""
    base = site_base(settings)
    url = absolute(base, article.url)
    headline = plain(article.title)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if getattr(article, "kind", "") == "press-release" else "Article",
        "headline": headline if len(headline) <= HEADLINE_MAX else headline[: HEADLINE_MAX - 1] + "…",
        "description": plain(getattr(article, "summary", "")),
        "datePublished": _iso(article.date),
        "dateModified": _iso(getattr(article, "modified", None) or article.date),
        "author": organisation(settings),
        "publisher": organisation(settings),
        "mainEntityOfPage": url,
        "url": url,
        "image": [social_image(article, base)["url"]],
        "articleSection": [str(s) for s in getattr(article, "sections", [])],
        "keywords": [str(t) for t in getattr(article, "tags", [])],
    }
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def event_data(article, settings: dict) -> dict | None:
    """schema.org Event for a `Kind: event` post, or None while its event details are missing."""
    event = getattr(article, "event", None)
    start = getattr(event, "start", None)
    if not isinstance(start, datetime):
        return None
    base = site_base(settings)
    url = absolute(base, article.url)
    where = str(getattr(event, "location", "") or "").strip()
    register = str(getattr(event, "register", "") or "").strip()
    if getattr(event, "is_online", False):
        mode, location = "Online", {"@type": "VirtualLocation", "url": register or url}
    else:
        mode = "Offline"
        location = {"@type": "Place", "name": where.split(",")[0].strip() or where, "address": where}
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": plain(article.title),
        "description": plain(getattr(article, "summary", "")),
        "startDate": start.isoformat(),
        "endDate": _iso(getattr(event, "end", None)),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
        "location": location,
        "organizer": organisation(settings),
        "image": [social_image(article, base)["url"]],
        "url": url,
    }
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def website_data(settings: dict) -> dict:
    """schema.org WebSite and its organisation, for the home page."""
    return {"@context": "https://schema.org", "@type": "WebSite", "name": settings.get("SITENAME", ""),
            "url": site_base(settings) + "/", "publisher": organisation(settings)}


def json_script(data: dict) -> Markup:
    """`data` as a JSON-LD <script> that no string inside it can close early."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def structured_data(context: dict) -> Markup:
    """The JSON-LD for the page being rendered: an Event, an Article, the WebSite, or nothing."""
    article = context.get("article")
    if article is not None:
        data = (event_data(article, context) if getattr(article, "kind", "") == "event" else None)
        return json_script(data or article_data(article, context))
    if context.get("page_name") == "index" and context.get("output_file") == "index.html":
        return json_script(website_data(context))
    return Markup("")


@pass_context
def page_meta(context) -> dict:
    """Everything head-meta.html prints, for the page being rendered."""
    base = site_base(context)
    obj = context.get("article") or context.get("page")
    path = obj.url if obj is not None else page_path(context.get("output_file", ""))
    output_file = context.get("output_file", "")
    # A missing page's address is whatever was asked for; it has no canonical one.
    missing = output_file == context.get("404_SAVE_AS", "404.html")
    # Search results are made in the browser; an indexed search page would be an empty one.
    search = output_file == context.get("SEARCH_SAVE_AS")
    return {
        "canonical": None if missing else absolute(base, path),
        "noindex": missing or search or getattr(obj, "status", "") == "draft",
        "og_type": "article" if context.get("article") is not None else "website",
        "title": plain(obj.title) if obj is not None else None,
        "image": social_image(obj, base, f"{context.get('SITENAME', '')}: {context.get('SITE_TAGLINE', '')}"),
        "locale": og_locale(str(context.get("DEFAULT_LANG") or "en")),
        "csp": Markup(CSP),  # our own constant, with no `"`: printed as it is
        "json_ld": structured_data(context),
    }


@pass_context
def absolute_url(context, path: str) -> str:
    """`path` as an absolute address on this site (share links need the full address)."""
    return absolute(site_base(context), path)


def robots_txt(rules: str, base: str) -> str:
    """The volunteer's robots.txt rules, with one `Sitemap:` line giving the site's address."""
    kept = [line for line in rules.splitlines() if not line.lower().startswith("sitemap:")]
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join([*kept, "", f"Sitemap: {base}/sitemap.xml"]) + "\n"


_LOC = re.compile(r"<loc>(?!https?://)/*")
# pelican-sitemap stamps pages without a date (home, sections) with the build's clock time and
# no zone ("-00:00"); use the build day instead so the same content gives the same file.
_CLOCK_LASTMOD = re.compile(r"<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00</lastmod>")


def finish_sitemap(xml: str, base: str, today: date) -> str:
    """Make every <loc> absolute and every undated <lastmod> the build day."""
    xml = _LOC.sub(f"<loc>{base}/", xml)
    return _CLOCK_LASTMOD.sub(f"<lastmod>{today.isoformat()}</lastmod>", xml)


def jinja_globals() -> dict:
    """The functions templates call, by name."""
    return {"page_meta": page_meta, "absolute_url": absolute_url}
