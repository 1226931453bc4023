"""The built pages: a table of (page, selector, expected text) and every post's title and sections,
on the kinds root; and, on whatever content/ holds, no resource loaded from another origin."""
import re
from urllib.parse import urlparse

import pytest

from campaign.content.header import read_header
from tests.conftest import root_sources
from tests.roots.rootconf import SECTIONS

TABLE = [
    ("index.html", "main h1", "Riverside Residents Forum"),
    ("index.html", ".cta .button--primary", "Sign the petition"),
    ("index.html", ".home-events li a", "Residents’ meeting: winter 2026"),
    ("index.html", ".latest .post-card__more a", "Continue reading"),
    ("about/", "main h1", "About the forum"),
    ("privacy/", "main h1", "Privacy"),
    ("archive/", "main h1", "Archive"),
    ("tags/", "main h1", "Tags"),
    ("404.html", "main h1", "Page not found"),
    ("search/", "main h1", "Search"),
    ("section/events/", "main h2", "Upcoming"),
    ("section/leaflets/", "main h1", "Leaflets"),
    ("section/events/", "main h1", "Meetings"),
    ("section/model-motions/", ".section-header__intro", "Motions to put to your residents' association."),
]


@pytest.mark.parametrize("page, selector, expected", TABLE)
def test_page_shows(kinds, page, selector, expected):
    found = [_plain(el.get_text()) for el in kinds.soup(page).select(selector)]
    assert any(_plain(expected) in text for text in found), f"{page} {selector}: {found[:5]}"


def _post_url(header) -> str:
    """Where Pelican writes a post: ARTICLE_URL = {date:%Y}/{date:%m}/{slug}/."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    slug = header.get("slug") or slugify(header.get("title"), regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    date = header.get("date")
    return f"{date[:4]}/{date[5:7]}/{slug}/"


@pytest.mark.parametrize("source", root_sources("kinds"), ids=lambda p: p.stem)
def test_every_post_page_shows_its_title_and_sections(kinds, source):
    header = read_header(source)
    if header.get("status") in ("draft", "hidden"):
        assert not kinds.path(_post_url(header)).exists()
        return
    soup = kinds.soup(_post_url(header))
    title = soup.select_one("h1.post__title").get_text()
    assert _plain(title) == _plain(header.get("title") or "")
    titles = {s["slug"]: s["title"].lower() for s in SECTIONS} | {s["title"].lower(): s["title"].lower() for s in SECTIONS}
    shown = [a.get_text(strip=True).lower() for a in soup.select(".posted-in a")]
    assert shown == [titles[name.strip().lower()] for name in header.get("category").split(",")]


def _plain(text: str) -> str:
    # Typogrify curls quotes and keeps the last two words together with a no-break space.
    for fancy, plain in {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "}.items():
        text = text.replace(fancy, plain)
    return " ".join(text.split())


RESOURCE_ATTRS = {"script": "src", "link": "href", "img": "src", "source": "src", "iframe": "src",
                  "video": "src", "audio": "src", "embed": "src", "object": "data", "track": "src"}


def test_no_page_loads_anything_from_another_origin(site):
    """Site-wide, on content/: whatever a group publishes is served from its own origin."""
    offenders = []
    for path in site.html_files():
        text = path.read_text(encoding="utf-8")
        soup = site.soup(str(path.relative_to(site.root)))
        for tag, attr in RESOURCE_ATTRS.items():
            for el in soup.find_all(tag):
                if tag == "link" and not set(el.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                    continue
                url = el.get(attr) or ""
                if urlparse(url).netloc or url.startswith("//"):
                    offenders.append(f"{path.relative_to(site.root)}: <{tag} {attr}={url}>")
            for el in soup.find_all(srcset=True):
                if re.search(r"(https?:)?//", el["srcset"]):
                    offenders.append(f"{path.relative_to(site.root)}: srcset {el['srcset']}")
        if re.search(r"url\(\s*['\"]?(https?:)?//", text):
            offenders.append(f"{path.relative_to(site.root)}: inline url() to another origin")
    css = (site.root / "theme" / "css" / "site.css").read_text()
    assert not re.search(r"(url\(\s*['\"]?(https?:)?//|@import)", css)
    assert offenders == []
