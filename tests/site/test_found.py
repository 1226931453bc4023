"""Found, shared, never tracked: sitemap, robots.txt, canonical and social tags, JSON-LD, share
links, the search index, the Content-Security-Policy and the precompressed files."""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from campaign.outputs import seo
from tests.conftest import ROOT, ROOTS, BuiltSite
from tests.roots import rootconf, rootpublishconf

BASE = rootconf.SITEURL or rootconf.FEED_DOMAIN  # seo.site_base's rule, for the test build
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PRESS = "2021/01/residents-ask-the-council-for-a-public-repairs-register/"
ONLINE_EVENT = "2026/11/residents-meeting-winter-2026/"
OFFLINE_EVENT = "2021/07/stall-outside-the-town-hall-20-july-2021/"
POST = "2021/06/photos-from-the-riverside-walkabout/"


def _pages(kinds) -> list[str]:
    return [p.relative_to(kinds.root).as_posix() for p in kinds.html_files()]


def _posts_and_pages(kinds) -> list[str]:
    """Every post and page of the build, by its clean address, found from its own markup."""
    found = []
    for rel in _pages(kinds):
        if kinds.soup(rel).select_one("main article.post, main article.page"):
            found.append(seo.page_path(rel))
    return found


def _meta(soup, key: str) -> str | None:
    tag = soup.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    return tag["content"] if tag else None


def _json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


# --- Sitemap and robots.txt -------------------------------------------------------------------

def test_sitemap_lists_every_post_and_page_once_with_lastmod(kinds):
    urls = ET.parse(kinds.root / "sitemap.xml").getroot().findall(f"{SM}url")
    locs = [u.findtext(f"{SM}loc") or "" for u in urls]
    expected = {f"{BASE}/{path}" for path in _posts_and_pages(kinds)}
    # Every published post of the kinds root and its two pages (drafts have no page).
    published = [p for p in (ROOTS / "kinds" / "posts").rglob("*.md") if "Status: draft" not in p.read_text()]
    assert len(expected) == len(published) + 2
    assert sorted(set(locs)) == sorted(locs), "a URL is listed twice"
    assert expected <= set(locs), f"missing: {sorted(expected - set(locs))}"
    for url in urls:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", url.findtext(f"{SM}lastmod") or "")
    assert not [loc for loc in locs if not loc.startswith(BASE + "/") or "/tag/" in loc or "/archive/" in loc]
    assert not [loc for loc in locs if loc.endswith(("/search/", "/page/2/"))]


def test_undated_sitemap_entries_carry_the_build_day_not_the_clock(kinds):
    home = next(u for u in ET.parse(kinds.root / "sitemap.xml").getroot() if u.findtext(f"{SM}loc") == BASE + "/")
    assert home.findtext(f"{SM}lastmod") == "2026-11-21"


@pytest.fixture(scope="module")
def published(roots) -> BuiltSite:
    """A production build (publishconf.py's changes): the real address instead of the preview's."""
    return roots("kinds", publish=True)


def test_a_published_build_names_the_real_address_everywhere(published):
    real = rootpublishconf.SITEURL
    soup = published.soup(POST)
    assert soup.select_one('link[rel="canonical"]')["href"] == f"{real}/{POST}"
    assert _meta(soup, "og:image") == f"{real}/{POST}social.png"  # the post's own card
    assert soup.select_one(".share__url").get_text() == f"{real}/{POST}"
    assert f"Sitemap: {real}/sitemap.xml" in published.text("robots.txt").splitlines()
    locs = [u.findtext(f"{SM}loc") for u in ET.parse(published.root / "sitemap.xml").getroot()]
    assert locs and all(loc.startswith(real + "/") for loc in locs)


def test_robots_txt_keeps_the_rules_and_names_the_sitemap(kinds):
    lines = kinds.text("robots.txt").splitlines()
    assert "User-agent: *" in lines
    assert [line for line in lines if line.lower().startswith("sitemap:")] == [f"Sitemap: {BASE}/sitemap.xml"]


# --- Head: canonical, description, Open Graph, Twitter, JSON-LD --------------------------------

def test_every_page_but_the_404_has_one_absolute_canonical_link_to_itself(kinds):
    for rel in _pages(kinds):
        links = kinds.soup(rel).select('link[rel="canonical"]')
        if rel == "404.html":
            assert not links
            continue
        assert [link["href"] for link in links] == [f"{BASE}/{seo.page_path(rel)}"], rel


def test_every_page_has_a_title_description_and_social_tags(kinds):
    for rel in _pages(kinds):
        soup = kinds.soup(rel)
        assert soup.title.get_text(strip=True), rel
        for key in ("description", "og:title", "og:description", "og:image", "og:image:alt", "twitter:card"):
            assert _meta(soup, key), f"{rel}: no {key}"


SOCIAL = [  # (page, tag, expected)
    (POST, "og:type", "article"),
    (POST, "og:title", "Photos from the riverside walkabout"),
    (POST, "og:url", f"{BASE}/{POST}"),
    (POST, "og:image", f"{BASE}/{POST}social.png"),  # each post's own card
    (POST, "og:image:alt", "Photos from the riverside walkabout"),
    ("index.html", "og:image", f"{BASE}/theme/images/social-default.png"),
    (POST, "og:locale", "en_GB"),
    (POST, "twitter:card", "summary_large_image"),
    (POST, "article:section", "Campaigns"),
    ("index.html", "og:type", "website"),
    ("index.html", "og:url", f"{BASE}/"),
    ("search/index.html", "robots", "noindex"),
]


@pytest.mark.parametrize("page, key, expected", SOCIAL)
def test_social_tags(kinds, page, key, expected):
    assert _meta(kinds.soup(page), key) == expected


def test_post_description_is_its_summary(kinds):
    soup = kinds.soup(POST)
    assert _meta(soup, "og:description").startswith("A report from our walkabout along Mill Lane")
    assert _meta(soup, "og:description") == _meta(soup, "description").replace("\xa0", " ")


def test_default_social_image_is_a_1200_by_630_png(kinds):
    with Image.open(kinds.root / "theme/images/social-default.png") as im:
        assert (im.format, im.size) == ("PNG", (1200, 630))


def test_press_release_json_ld_is_a_news_article(kinds):
    [data] = _json_ld(kinds.soup(PRESS))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Residents ask the council for a public repairs register"
    assert re.fullmatch(r"2021-01-18T00:00:00\+00:00", data["datePublished"])
    assert data["author"] == {"@type": "Organization", "name": rootconf.SITENAME, "url": f"{BASE}/",
                              "logo": f"{BASE}/theme/images/social-default.png"}


def test_online_event_json_ld(kinds):
    [data] = _json_ld(kinds.soup(ONLINE_EVENT))
    assert (data["@type"], data["startDate"], data["endDate"]) == (
        "Event", "2026-12-12T14:00:00+00:00", "2026-12-12T16:00:00+00:00")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://forms.example.org/winter-2026"}
    assert data["organizer"]["name"] == rootconf.SITENAME


def test_offline_event_json_ld_has_a_place_and_summer_time(kinds):
    [data] = _json_ld(kinds.soup(OFFLINE_EVENT))
    assert data["startDate"] == "2021-07-20T17:30:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Town Hall steps",
                                "address": "Town Hall steps, 1 Market Square, Riverside RV1 1AA"}


def test_json_ld_cannot_close_its_script_early():
    script = seo.json_script({"headline": "</script><script>alert(1)</script> & more"})
    assert script.count("</script>") == 1 and "\\u003c/script\\u003e" in script
    assert json.loads(script.removeprefix('<script type="application/ld+json">').removesuffix("</script>"))


# --- Share links -------------------------------------------------------------------------------

SHARE = [  # (link text, address start, query key holding the post's address)
    ("Email", "mailto:?", "body"), ("WhatsApp", "https://wa.me/?", "text"),
    ("Telegram", "https://t.me/share/url?", "url"), ("Bluesky", "https://bsky.app/intent/compose?", "text"),
    ("X", "https://x.com/intent/post?", "url"), ("Facebook", "https://www.facebook.com/sharer/sharer.php?", "u"),
]


@pytest.mark.parametrize("name, start, key", SHARE)
def test_share_links_carry_the_posts_absolute_address(kinds, name, start, key):
    share = kinds.soup(POST).select_one("article .share")
    link = next(a for a in share.select("a.share__link") if a.get_text(strip=True).endswith(name))
    assert link["href"].startswith(start)
    assert f"{BASE}/{POST}" in parse_qs(urlsplit(link["href"]).query)[key][0]
    if not start.startswith("mailto:"):
        assert set(link["rel"]) == {"noopener", "noreferrer"}


def test_share_block_has_the_address_as_text_and_a_copy_button_hidden_without_js(kinds):
    share = kinds.soup(POST).select_one("article .share")
    assert share.select_one(".share__url").get_text() == f"{BASE}/{POST}"
    assert share.select_one("button.share__copy").has_attr("hidden")
    assert not share.select("img, iframe")


# --- Search ------------------------------------------------------------------------------------

def test_every_page_has_the_header_search_form(kinds):
    for rel in _pages(kinds):
        form = kinds.soup(rel).select_one('header form[role="search"]')
        assert form and form["action"] == "/search/" and form.get("method") == "get", rel
        box = form.select_one('input[name="q"]')
        assert form.select_one(f'label[for="{box["id"]}"]') and form.select_one('button[type="submit"]'), rel


def test_search_page_explains_itself_without_javascript(kinds):
    soup = kinds.soup("search/index.html")
    assert "needs JavaScript" in soup.select_one("[data-search-nojs]").get_text()
    assert soup.select_one('[data-search-nojs] a[href="/archive/"]')


def test_search_index_holds_each_post_and_page_body_with_title_and_section(kinds):
    fragments = {}
    for path in (kinds.root / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        data = json.loads(raw[raw.index(b"{"):])
        fragments[data["url"]] = data
    assert sorted(fragments) == sorted(f"/{p}" for p in _posts_and_pages(kinds))
    post = fragments[f"/{POST}"]
    assert post["meta"]["title"].replace("\xa0", " ") == "Photos from the riverside walkabout"
    assert post["meta"]["section"] == "Campaigns"
    assert "Skip to main content" not in post["content"] and "Mill Lane" in post["content"]


def test_search_index_is_the_same_when_built_twice(kinds, tmp_path):
    from campaign.outputs.search import index_site
    bundles = []
    for n in (1, 2):
        copy = tmp_path / str(n)
        for page in kinds.html_files():
            target = copy / page.relative_to(kinds.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.read_bytes())
        index_site(copy)
        bundles.append({p.relative_to(copy): p.read_bytes() for p in (copy / "pagefind").rglob("*") if p.is_file()})
    assert bundles[0] == bundles[1]


# --- Never tracked: one policy everywhere, nothing inline -----------------------------------------

def test_every_page_has_the_csp_meta_and_nothing_inline_it_would_block(kinds):
    for rel in _pages(kinds):
        soup = kinds.soup(rel)
        csp = soup.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert csp and csp["content"] == seo.CSP, rel
        assert not soup.select("style, [style]"), f"{rel}: inline style"
        inline = [s for s in soup.select("script:not([src])") if s.get("type") != "application/ld+json"]
        assert not inline, f"{rel}: inline script"


def _headers_file_values() -> dict[str, str]:
    from campaign.outputs.site_files import HEADERS

    text = HEADERS  # made by the build, whatever content/ holds
    block = text.split("/*\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.strip().split(": ", 1) for line in block.splitlines())


def _nginx_values() -> dict[str, str]:
    text = (ROOT / "deploy/nginx.conf").read_text()
    return dict(re.findall(r'^\s*add_header (\S+) "([^"]*)" always;', text, re.M))


def test_headers_file_and_nginx_send_the_same_policy_as_the_pages():
    nginx = _nginx_values()
    assert nginx["Content-Security-Policy"] == seo.CSP_HEADER == seo.CSP + "; frame-ancestors 'none'"
    assert set(nginx) >= {"Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
                          "Permissions-Policy", "X-Frame-Options"}
    # content/extra/_headers (for Netlify and Cloudflare Pages) is the group's to keep or drop;
    # when it is there it must say what nginx says.
    if (ROOT / "content/extra/_headers").exists():
        assert _headers_file_values() == nginx


def test_headers_file_is_published(kinds):
    from campaign.outputs.site_files import HEADERS

    assert kinds.text("_headers") == HEADERS


# --- Precompressed copies ----------------------------------------------------------------------

def test_text_files_have_identical_gzip_copies_with_no_timestamp(kinds):
    pages = [p for p in kinds.root.rglob("*") if p.suffix in {".html", ".css", ".js", ".xml", ".ics"}]
    missing = [p for p in pages if p.stat().st_size > 1024 and not p.with_name(p.name + ".gz").exists()]
    assert pages and not missing, missing[:5]
    for gz in kinds.root.rglob("*.gz"):
        data = gz.read_bytes()
        assert data[4:8] == b"\0\0\0\0", f"{gz}: gzip header has a timestamp"
        assert gzip.decompress(data) == gz.with_suffix("").read_bytes()
