"""Issue 14: header fields full of markup build a site in which none of it is markup.

tests/roots/hostile-headers holds posts of every kind whose Title, Summary, Location, Tags,
Body, Submit_to, Menu_label... carry `<script>`, `"><img onerror>`, `&lt;/title&gt;<script>`
and the like, plus a body of permitted-but-tricky Markdown. One real build; every page, feed,
calendar and PDF is then read the way a browser or a reader's app would read it.
"""
from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from pypdf import PdfReader

from tests.safety_roots import build, plain, project

EVENT_TITLE = '<script>window.__pwned=1</script> "><img src=x onerror=window.__pwned=2> </title><script>window.__pwned=3</script>'
LOCATION = '"><img src=x onerror=window.__pwned=4>, <script>window.__pwned=5</script>; Hall'
EVENT_SUMMARY = "</title><script>window.__pwned=7</script> and emphasis & more"
MOTION_TITLE = "Motion </title><script>window.__pwned=8</script>"
MOTION_BODY = "branch, <script>window.__pwned=9</script>"
SUBMIT_TO = '"><img src=x onerror=window.__pwned=10> the secretary'
PETITION_TITLE = "Sign <iframe src=https://other.example/></iframe> here"
PAGE_TITLE = "About <img src=x onerror=window.__pwned=16>"
MENU_LABEL = "<svg onload=window.__pwned=17>"
TAGS = ["<b>bold</b>", 'Breakout "><svg onload=window.__pwned=6> tag']
# The only scripts the theme ships, and the only kinds of <link> it writes.
THEME_SCRIPTS = {"/theme/js/share.js", "/theme/js/search.js"}
LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "alternate", "canonical"}
FORBIDDEN = ("iframe", "object", "embed", "base", "style", "frame", "frameset", "applet")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = project("hostile-headers", tmp_path_factory.mktemp("hostile-headers"))
    result, built = build(folder)
    assert result.returncode == 0, result.stderr + result.stdout
    return built


def _injected(soup: BeautifulSoup) -> list[str]:
    """Every element or attribute in `soup` that the theme does not write itself."""
    found = []
    for el in soup.find_all(True):
        found += [f"<{el.name} {name}>" for name in el.attrs if name.lower().startswith("on")]
        if el.name in FORBIDDEN:
            found.append(f"<{el.name}>")
        elif el.name == "script" and el.get("type") != "application/ld+json" and el.get("src") not in THEME_SCRIPTS:
            found.append(f"<script src={el.get('src')!r}>{el.string or ''}")
        elif el.name == "meta" and el.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            found.append(f"<meta http-equiv={el['http-equiv']!r}>")
        elif el.name == "link" and (not LINK_RELS & set(el.get("rel") or []) or ("://" in str(el.get("href", ""))[:12]
                                    and el.get("rel") != ["canonical"])):
            found.append(f"<link {el.attrs}>")
        elif el.name == "img" and el.get("src") == "x":
            found.append("<img src=x>")
        elif el.name in ("svg", "form") and el.name == "form" and "search" not in " ".join(el.get("class") or []):
            found.append(f"<{el.name}>")
        elif el.name == "svg" and "chart__svg" not in (el.get("class") or []):
            found.append("<svg>")
        elif el.name == "a" and el.get("href", "").strip().lower().startswith(("javascript:", "data:")):
            found.append(f"<a href={el['href']!r}>")
    return found


def test_no_page_has_an_injected_element_or_attribute(site):
    pages = site.html_files()
    assert len(pages) > 10
    found = {str(p.relative_to(site.root)): _injected(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser"))
             for p in pages}
    assert {page: bad for page, bad in found.items() if bad} == {}


def test_json_ld_is_one_script_whose_strings_are_the_literal_text(site):
    soup = site.soup("2026/11/hostile-event/")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    raw = scripts[0].string
    assert "</" not in raw and "<script" not in raw  # nothing inside can end the script early
    data = json.loads(raw)
    assert plain(data["name"]) == EVENT_TITLE
    assert plain(data["description"]) == EVENT_SUMMARY
    assert plain(data["location"]["address"]) == LOCATION


@pytest.mark.parametrize("page, selector, expected", [
    ("2026/11/hostile-event/", "h1.post__title", EVENT_TITLE),
    ("2026/11/hostile-event/", "title", EVENT_TITLE + " · Labour in Exile Network"),
    ("2026/11/hostile-event/", ".event-box dd", None),  # checked below: the Where line
    ("2026/11/hostile-motion/", "h1.post__title", MOTION_TITLE),
    ("2026/11/hostile-motion/", "title", MOTION_TITLE + " · Labour in Exile Network"),
    ("2026/11/hostile-petition/", "h1.post__title", PETITION_TITLE),
    ("about/", "h1.page__title", PAGE_TITLE),
])
def test_titles_show_literally(site, page, selector, expected):
    texts = [plain(el.get_text()) for el in site.soup(page).select(selector)]
    if expected is None:
        assert LOCATION in texts, texts
    else:
        assert texts == [expected]


@pytest.mark.parametrize("prop, expected", [
    ("og:title", EVENT_TITLE), ("og:description", EVENT_SUMMARY), ("twitter:title", EVENT_TITLE),
])
def test_meta_tags_hold_the_literal_text(site, prop, expected):
    soup = site.soup("2026/11/hostile-event/")
    tag = soup.find("meta", property=prop) or soup.find("meta", attrs={"name": prop})
    assert plain(tag["content"]) == expected
    assert plain(soup.find("meta", attrs={"name": "description"})["content"]) == EVENT_SUMMARY


def test_event_motion_and_page_fields_show_literally(site):
    event = site.soup("2026/11/hostile-event/")
    assert [plain(a.get_text()) for a in event.select(".post__tags a")] == TAGS
    assert sorted(plain(m["content"]) for m in event.find_all("meta", property="article:tag")) == sorted(TAGS)
    register = event.select_one(".event-box a.button--primary")
    assert register["href"] == "https://example.org/register?a=1&b='x'"
    facts = {plain(dt.get_text()): plain(dd.get_text()) for dt, dd in
             zip(site.soup("2026/11/hostile-motion/").select(".motion-box dt"),
                 site.soup("2026/11/hostile-motion/").select(".motion-box dd"), strict=True)}
    assert facts["To be moved at"] == MOTION_BODY and facts["Submit to"] == SUBMIT_TO
    menu = [plain(a.get_text()) for a in site.soup("index.html").select(".main-nav--wide a")]
    footer = [plain(a.get_text()) for a in site.soup("index.html").select(".site-footer__links a")]
    assert MENU_LABEL in menu and PAGE_TITLE in footer


def test_feed_titles_are_text_and_bodies_carry_no_markup(site):
    feed = feedparser.parse(site.path("feeds/all.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = {plain(e.title) for e in feed.entries}
    assert {EVENT_TITLE, MOTION_TITLE, PETITION_TITLE} <= titles
    summaries = {plain(e.title): plain(BeautifulSoup(e.summary, "html.parser").get_text()) for e in feed.entries}
    assert summaries[EVENT_TITLE] == EVENT_SUMMARY  # escaped once, not twice
    for entry in feed.entries:
        html = " ".join(c.value for c in entry.get("content", [])) + entry.get("summary", "")
        assert _injected(BeautifulSoup(html, "html.parser")) == [], entry.title


def test_calendar_holds_the_literal_text_escaped_as_rfc_5545_says(site):
    raw = site.path("events/hostile-event.ics").read_bytes()
    event = next(c for c in Calendar.from_ical(raw).walk("VEVENT"))
    assert plain(str(event["SUMMARY"])) == EVENT_TITLE
    assert plain(str(event["LOCATION"])) == LOCATION
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    # RFC 5545 3.3.11: commas and semicolons in TEXT are escaped with a backslash.
    assert "window.__pwned=4>\\, <script>window.__pwned=5</script>\\; Hall" in unfolded


def test_pdf_prints_the_literal_text(site):
    text = plain(" ".join(page.extract_text() for page in
                          PdfReader(site.path("2026/11/hostile-motion/hostile-motion.pdf")).pages))
    # Lines wrap inside the long words; compare without spaces.
    squeezed = text.replace(" ", "")
    assert MOTION_TITLE.replace(" ", "") in squeezed
    assert SUBMIT_TO.replace(" ", "") in squeezed


def test_permitted_tricky_body_keeps_what_markdown_made(site):
    body = site.soup("2026/11/tricky-but-allowed/").select_one(".post__body")
    assert body.select_one("img")["src"] == "/images/local.png"
    assert plain(body.select_one("abbr")["title"]) == '"><img src=x onerror=window.__pwned=12>'
    assert body.select_one("details summary").get_text() == "More"
    # Alignment as classes: the pages' policy ignores style attributes.
    assert [th.get("class") for th in body.select("table:not(.chart__table) th")] == [["align-left"], ["align-right"]]
    assert body.select("[style]") == []
    assert body.select_one(".footnote") is not None
    video = body.select_one("figure.video-card a")
    assert video["href"] == "https://www.youtube.com/watch?v=abc123"
    assert "<script>window.__pwned=13</script>" in body.select_one("code").get_text()


def test_our_chart_svg_is_kept_and_its_words_are_text(site):
    chart = site.soup("2026/11/tricky-but-allowed/").select_one(".post__body figure.chart")
    assert chart.select_one("svg.chart__svg rect.chart__bar") is not None  # our SVG, not sanitised away
    assert plain(chart.select_one("svg title").get_text()) == "Figures </title><script>window.__pwned=20</script>"
    labels = [plain(th.get_text()) for th in chart.select("tbody th")]
    assert labels == ["<img src=x onerror=window.__pwned=21>", '"><svg onload=window.__pwned=22>']
    assert _injected(chart) == []


def test_pages_built_from_hostile_headers_are_valid_html(site):
    # Escaped text never unbalances a page: the Nu HTML Checker finds no error in any of them.
    from tests.tools import run_vnu

    assert [(m["url"].rsplit("/output/", 1)[-1], m["message"]) for m in run_vnu([site.root])] == []
