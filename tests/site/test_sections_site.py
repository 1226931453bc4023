"""Sections on the built site: pages, navigation, feeds, archive."""
import feedparser
import pytest

from tests.conftest import ROOT

SECTIONS = [("campaigns", "Campaigns"), ("model-motions", "Model motions"),
            ("why-we-are-fighting-back", "Why we are fighting back"), ("press-releases", "Press releases"),
            ("leaflets", "Leaflets"), ("how-we-work", "How we work"), ("events", "Meetings/events")]
TWO_SECTION_POST = "2021/05/rule-change-end-fast-track-disciplinary-procedures"


def _settings_sections():
    import runpy
    return [s["slug"] for s in runpy.run_path(str(ROOT / "pelicanconf.py"))["SECTIONS"]]


def test_navigation_follows_the_settings_order(site):
    nav = site.soup("index.html").select_one("nav.main-nav--wide")
    hrefs = [a["href"] for a in nav.select("a")][: len(SECTIONS)]
    assert hrefs == [f"/section/{slug}/" for slug in _settings_sections()]


@pytest.mark.parametrize("slug, title", SECTIONS)
def test_every_section_page_has_title_intro_count_and_posts(site, slug, title):
    page = site.soup(f"section/{slug}/")
    assert page.select_one("main h1").get_text(strip=True) == title
    assert page.select_one(".section-header__intro").get_text(strip=True)
    assert "post" in page.select_one(".section-header__count").get_text()
    assert page.select("main article.post-card"), f"section {slug} lists no posts"
    current = page.select_one("nav.main-nav--wide a[aria-current=page]")
    assert current and current.get_text(strip=True) == title


def test_two_section_post_is_on_both_section_pages_and_feeds(site):
    post = site.soup(TWO_SECTION_POST)
    posted_in = [a.get_text(strip=True) for a in post.select(".posted-in a")]
    assert posted_in == ["Model motions", "Campaigns"]
    url = f"/{TWO_SECTION_POST}/"
    for slug in ("model-motions", "campaigns"):
        links = [a["href"] for a in site.soup(f"section/{slug}/").select(".post-card__title a")]
        pages = [site.soup(f"section/{slug}/page/{n}/") for n in range(2, 5) if site.path(f"section/{slug}/page/{n}/").exists()]
        links += [a["href"] for p in pages for a in p.select(".post-card__title a")]
        assert url in links, f"not listed in {slug}"
        feed = feedparser.parse(site.text(f"feeds/section/{slug}.atom.xml"))
        assert not feed.bozo, feed.bozo_exception
        assert any(e.link.endswith(url) for e in feed.entries), f"not in {slug} feed"


def test_site_feed_parses_and_lists_posts(site):
    feed = feedparser.parse(site.text("feeds/all.atom.xml"))
    assert not feed.bozo
    assert len(feed.entries) >= 10


def test_archive_groups_by_year_and_month(site):
    page = site.soup("archive/")
    years = [h.get_text(strip=True) for h in page.select("main h2")]
    assert years[0] == "2026" and "2021" in years
    assert "July 2021" in [h.get_text(strip=True) for h in page.select("main h3")]


@pytest.mark.parametrize("slug", [s for s, _ in SECTIONS])
def test_section_count_is_the_sections_own(site, slug):
    pages = [f"section/{slug}/"] + [f"section/{slug}/page/{n}/" for n in range(2, 10)
                                    if site.path(f"section/{slug}/page/{n}/").exists()]
    cards = sum(len(site.soup(p).select("article.post-card")) for p in pages)
    count = site.soup(pages[0]).select_one(".section-header__count").get_text()
    assert count.startswith(f"{cards} post")


def test_motions_section_headings_appear_once_each(site):
    headings = [h.get_text(strip=True) for h in site.soup("section/model-motions/").select(".post-group__title")]
    assert len(headings) == len(set(headings)), headings
    assert headings[-1] == "Related posts"


def test_production_feeds_carry_absolute_urls(tmp_path):
    from tests.conftest import run_build

    out = tmp_path / "out"
    result = run_build(ROOT / "content", out, settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    for feed_path in [out / "feeds" / "all.atom.xml", *sorted((out / "feeds" / "section").glob("*.xml"))]:
        feed = feedparser.parse(feed_path.read_text())
        assert not feed.bozo, feed_path
        links = [e.link for e in feed.entries]
        assert links and all(link.startswith("https://labourinexile.org/") for link in links), feed_path
