"""No broken links: every internal href/src and every #fragment resolves (no network), in whatever
content/ holds (site-wide) and in the kinds root (every template).

External links of content/ are listed in test-artifacts/external-links.txt for a person to check;
never fetched.
"""
from __future__ import annotations

import shutil

import pytest

import pelicanconf
from tests.roots import rootconf
from tests.tools import ARTIFACTS, check_links

# Where a test build says it lives (canonical links, og:image): campaign.outputs.seo.site_base's rule.
SITE_URL = pelicanconf.SITEURL or pelicanconf.FEED_DOMAIN
ROOT_SITE_URL = rootconf.SITEURL or rootconf.FEED_DOMAIN


def test_every_internal_link_and_fragment_resolves_in_content(site):
    report = check_links(site.root, SITE_URL)
    # Every page links at least to the home page and the stylesheet.
    assert report.checked >= 2 * len(site.html_files()), "the checker found almost no links: is it reading the pages?"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "external-links.txt").write_text(
        "".join(f"{url}\t{', '.join(sorted(pages))}\n" for url, pages in sorted(report.external.items())),
        encoding="utf-8")
    assert not report.broken, report.describe()


def test_every_internal_link_and_fragment_resolves_in_every_template(kinds):
    report = check_links(kinds.root, ROOT_SITE_URL)
    assert report.checked >= 2 * len(kinds.html_files())
    assert not report.broken, report.describe()


# A page that links in every way the checker must understand: (href, broken?)
CASES = [
    ("/", False),
    ("/about/", False),
    ("/about", False),                       # a folder: the host serves its index.html
    ("/about/index.html", False),
    ("/about/?from=test#top", False),        # query string ignored, #top is always there
    ("../../about/", False),                 # relative to /x/y/
    ("page.html", False),
    ("/x/y/sp%20ace.html", False),           # %-encoded file name
    ("#here", False),
    ("#caf%C3%A9", False),                   # %-encoded fragment
    ("/about/#team", False),
    ("https://example.org/nowhere", False),  # external: listed, not fetched
    ("mailto:someone@example.org", False),
    ("https://our.site.example/about/#team", False),  # our own address, absolute
    ("https://our.site.example", False),
    ("/no-such-page/", True),
    ("/about/missing.png", True),
    ("#nowhere", True),
    ("/about/#no-such-id", True),
    ("../../../../etc/passwd", True),        # out of the site
    ("https://our.site.example/about/#gone", True),
]


@pytest.fixture
def tiny_site(tmp_path):
    root = tmp_path / "out"
    (root / "about").mkdir(parents=True)
    (root / "about" / "index.html").write_text('<h1 id="team">Team</h1>')
    (root / "x" / "y").mkdir(parents=True)
    (root / "x" / "y" / "sp ace.html").write_text("<p>space</p>")
    (root / "x" / "y" / "page.html").write_text("<p>page</p>")
    (root / "index.html").write_text("<p>home</p>")
    return root


@pytest.mark.parametrize(("href", "broken"), CASES)
def test_checker_tells_good_links_from_broken_ones(tiny_site, href, broken):
    page = tiny_site / "x" / "y" / "index.html"
    page.write_text(f'<p id="here">Here</p><p id="café"></p><a href="{href}">link</a>')
    report = check_links(tiny_site, "https://our.site.example/")
    assert bool(report.broken) is broken, report.describe()
    if broken:
        assert report.broken["x/y/index.html"][0].startswith(f"line 1: <a> {href} — ")


def test_checker_finds_images_scripts_stylesheets_srcset_and_share_images(tiny_site):
    (tiny_site / "x" / "y" / "index.html").write_text(
        '<link rel="stylesheet" href="/gone.css">\n<script src="/gone.js"></script>\n'
        '<img src="/gone.png" alt="">\n<picture><source srcset="/a.webp 1x, /gone-2x.webp 2x"></picture>\n'
        '<meta property="og:image" content="https://our.site.example/gone-card.png">\n')
    (tiny_site / "a.webp").write_bytes(b"")
    problems = check_links(tiny_site, "https://our.site.example").broken["x/y/index.html"]
    assert [p.split(" — ")[0] for p in problems] == [
        "line 1: <link> /gone.css", "line 2: <script> /gone.js", "line 3: <img> /gone.png",
        "line 4: <source> /gone-2x.webp", "line 5: <meta> https://our.site.example/gone-card.png"]


def test_checker_catches_a_link_broken_in_a_copy_of_a_built_site(kinds, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(kinds.root, copy)
    about = copy / "about" / "index.html"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "</main>", '<a href="/2021/13/no-such-post/">x</a><a href="/tags/#no-such-tag">y</a></main>'),
        encoding="utf-8")
    (copy / "tags" / "index.html").unlink()  # and every link to the tags page breaks
    report = check_links(copy, ROOT_SITE_URL)
    assert "/2021/13/no-such-post/ — no such file" in report.describe()
    assert "/tags/#no-such-tag — no such file" in report.describe()
    # The footer of every page links to /tags/.
    assert sorted(report.broken) == sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.html"))
