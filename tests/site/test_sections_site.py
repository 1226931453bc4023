"""Sections on the built site: pages, navigation, feeds, archive."""
from datetime import UTC

import feedparser
import pytest

from tests.roots import rootconf, rootpublishconf

SECTIONS = [("campaigns", "Campaigns"), ("model-motions", "Motions"),
            ("why-we-are-fighting-back", "Residents' stories"), ("press-releases", "Press releases"),
            ("leaflets", "Leaflets"), ("events", "Meetings")]
TWO_SECTION_POST = "2021/05/rule-change-open-every-committee-meeting-to-residents"


def _settings_sections():
    return [s["slug"] for s in rootconf.SECTIONS]


def test_navigation_follows_the_settings_order(kinds):
    nav = kinds.soup("index.html").select_one("nav.main-nav--wide")
    hrefs = [a["href"] for a in nav.select("a")][: len(SECTIONS)]
    assert hrefs == [f"/section/{slug}/" for slug in _settings_sections()]


@pytest.mark.parametrize("slug, title", SECTIONS)
def test_every_section_page_has_title_intro_count_and_posts(kinds, slug, title):
    page = kinds.soup(f"section/{slug}/")
    assert page.select_one("main h1").get_text(strip=True) == title
    assert page.select_one(".section-header__intro").get_text(strip=True)
    assert "post" in page.select_one(".section-header__count").get_text()
    assert page.select("main article.post-card"), f"section {slug} lists no posts"
    current = page.select_one("nav.main-nav--wide a[aria-current=page]")
    assert current and current.get_text(strip=True) == title


def test_two_section_post_is_on_both_section_pages_and_feeds(kinds):
    post = kinds.soup(TWO_SECTION_POST)
    posted_in = [a.get_text(strip=True) for a in post.select(".posted-in a")]
    assert posted_in == ["Motions", "Campaigns"]
    url = f"/{TWO_SECTION_POST}/"
    for slug in ("model-motions", "campaigns"):
        links = [a["href"] for a in kinds.soup(f"section/{slug}/").select(".post-card__title a")]
        pages = [kinds.soup(f"section/{slug}/page/{n}/") for n in range(2, 5) if kinds.path(f"section/{slug}/page/{n}/").exists()]
        links += [a["href"] for p in pages for a in p.select(".post-card__title a")]
        assert url in links, f"not listed in {slug}"
        feed = feedparser.parse(kinds.text(f"feeds/section/{slug}.atom.xml"))
        assert not feed.bozo, feed.bozo_exception
        assert any(e.link.endswith(url) for e in feed.entries), f"not in {slug} feed"


def test_site_feed_parses_and_lists_posts(kinds):
    feed = feedparser.parse(kinds.text("feeds/all.atom.xml"))
    assert not feed.bozo
    assert len(feed.entries) == 15  # every published post of the root (FEED_MAX_ITEMS is 20)


def test_archive_groups_by_year_and_month(kinds):
    page = kinds.soup("archive/")
    years = [h.get_text(strip=True) for h in page.select("main h2")]
    assert years[0] == "2026" and "2021" in years
    assert years == ["2026", "2021"]
    assert [h.get_text(strip=True) for h in page.select("main h3")] == [
        "November 2026", "October 2026", "September 2021", "August 2021", "July 2021", "June 2021", "May 2021",
        "April 2021", "March 2021", "February 2021", "January 2021"]


@pytest.mark.parametrize("slug", [s for s, _ in SECTIONS])
def test_section_count_is_the_sections_own(kinds, slug):
    pages = [f"section/{slug}/"] + [f"section/{slug}/page/{n}/" for n in range(2, 10)
                                    if kinds.path(f"section/{slug}/page/{n}/").exists()]
    cards = sum(len(kinds.soup(p).select("article.post-card")) for p in pages)
    count = kinds.soup(pages[0]).select_one(".section-header__count").get_text()
    assert count.startswith(f"{cards} post")


def test_motions_section_headings_appear_once_each(kinds):
    headings = [h.get_text(strip=True) for h in kinds.soup("section/model-motions/").select(".post-group__title")]
    assert len(headings) == len(set(headings)), headings
    assert headings == ["Closed", "Related posts"]  # as of the build day every deadline has passed


def test_production_feeds_carry_absolute_urls(roots):
    out = roots("kinds", publish=True).root
    for feed_path in [out / "feeds" / "all.atom.xml", *sorted((out / "feeds" / "section").glob("*.xml"))]:
        feed = feedparser.parse(feed_path.read_text())
        assert not feed.bozo, feed_path
        links = [e.link for e in feed.entries]
        assert links and all(link.startswith(rootpublishconf.SITEURL + "/") for link in links), feed_path


def test_an_empty_sections_feed_is_dated_by_the_build_not_the_clock(roots):
    """The minimal root has posts in Campaigns only: its other sections' feeds are empty."""
    from datetime import datetime

    feed = feedparser.parse(roots("minimal").text("feeds/section/events.atom.xml"))
    assert not feed.entries
    assert not feed.feed.updated.startswith(datetime.now(UTC).date().isoformat())
