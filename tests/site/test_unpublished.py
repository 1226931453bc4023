"""Drafts, hidden posts and embargoed posts leave no trace in a published build, in any file
(compressed copies, the search index and PDFs included); scaffolds of every kind build; and
the same content built twice gives byte-identical sites."""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from campaign.settings import KINDS
from campaign.tools import scaffold
from tests.conftest import BUILD_DAY, ROOTS, copy_root, run_build, settings_with
from tests.site.integrity_tools import find

# Unusual words, so that a hit can only come from the post that carries it. Pagefind stems the
# words it indexes ("marker" may lose its ending), so the search is for the unstemmed start.
# The marked posts are tests/roots/unpublished/: a draft leaflet, a hidden event, a press release
# dated after the build day (conftest.BUILD_DAY, 2026-11-21) and, published, a control leaflet.
UNPUBLISHED = {"zqxdraft": "draft", "zqxhidden": "hidden", "zqxembargo": "embargoed"}
CONTROL = "zqxpublished"
URLS = {"zqxdraft": ["2026/11/zqxdraftmarker-leaflet/", "drafts/zqxdraftmarker-leaflet/"],
        "zqxhidden": ["2026/11/zqxhiddenmarker-meeting/"],
        "zqxembargo": ["2026/12/zqxembargomarker-statement/", "drafts/zqxembargomarker-statement/"]}
CONTROL_URL = "2026/11/zqxpublishedmarker-leaflet/"


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The unpublished root plus one `make new` draft of every kind."""
    base = tmp_path_factory.mktemp("unpublished")
    dest = copy_root("unpublished", base)
    # `make new` reads the sections from the project's pelicanconf.py: here, the roots' settings.
    (base / "pelicanconf.py").write_text(f"import sys\nsys.path.insert(0, {str(ROOTS)!r})\nfrom rootconf import *\n")
    for kind in KINDS:
        scaffold.new_post(kind, f"Draft {kind} zqxscaffold", base, today=date.fromisoformat(BUILD_DAY))
    return dest


def _build(content: Path, out: Path, cache: Path, **env) -> Path:
    # Each build gets its own cold PDF cache, so PDFs are really rendered every time.
    conf = settings_with(out.parent, base="rootconf")
    result = run_build(content, out, settings=conf, env={"CAMPAIGN_CACHE_PATH": str(cache), **env})
    assert result.returncode == 0, result.stderr + result.stdout
    return out


@pytest.fixture(scope="module")
def builds(content, tmp_path_factory) -> tuple[Path, Path]:
    """Two published builds of the same content, as of the same day."""
    base = tmp_path_factory.mktemp("builds")
    return (_build(content, base / "one", base / "cache-one"), _build(content, base / "two", base / "cache-two"))


@pytest.fixture(scope="module")
def control_hits(builds) -> list[str]:
    return find(builds[0], CONTROL)


def test_the_search_finds_a_published_marker_everywhere_it_is(builds, control_hits):
    """Without this the next test could pass by searching wrongly."""
    site = builds[0]
    assert f"{CONTROL_URL}index.html" in control_hits
    assert f"{CONTROL_URL}index.html.gz" in control_hits, "gzip copies are not searched"
    if (site / "pagefind").exists():
        assert any(h.startswith("pagefind/fragment/") for h in control_hits), "Pagefind fragments not searched"
        assert any(h.startswith("pagefind/index/") for h in control_hits), "Pagefind's word index not searched"
    pdfs = list(site.rglob("*.pdf"))
    if pdfs:
        assert any(h.endswith(".pdf") for h in control_hits), f"PDF text not searched ({len(pdfs)} PDFs)"


@pytest.mark.parametrize("word", UNPUBLISHED)
def test_unpublished_posts_leave_no_trace(builds, word):
    assert find(builds[0], word) == [], f"the {UNPUBLISHED[word]} post leaked"


def test_make_new_drafts_leave_no_trace(builds):
    assert find(builds[0], "zqxscaffold") == []
    assert find(builds[0], "REPLACE THIS") == []


@pytest.mark.parametrize("word", UNPUBLISHED)
def test_unpublished_urls_are_in_no_sitemap_or_feed_and_have_no_page(builds, word):
    site = builds[0]
    listings = [site / "sitemap.xml", *sorted((site / "feeds").rglob("*.xml"))]
    assert len(listings) > 2
    for url in URLS[word]:
        assert not (site / url).exists()
        for listing in listings:
            assert url not in listing.read_text(encoding="utf-8"), f"{url} is in {listing.relative_to(site)}"
    assert CONTROL_URL in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert CONTROL_URL in (site / "feeds/all.atom.xml").read_text(encoding="utf-8")


def test_the_same_content_builds_byte_for_byte_the_same(builds):
    one, two = (tree(site) for site in builds)
    assert sorted(one) == sorted(two), "the two builds wrote different files"
    differ = sorted(name for name in one if one[name] != two[name])
    assert differ == [], f"{len(differ)} files differ between two builds of the same content: {differ[:20]}"


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_preview_shows_the_drafts_and_the_embargoed_post(content, builds, tmp_path):
    """Every `make new` scaffold builds as it stands, and the preview shows what publishing hides."""
    # The first build's PDF cache is warm: only the drafts' PDFs are rendered here.
    site = _build(content, tmp_path / "preview", builds[0].parent / "cache-one", CAMPAIGN_PREVIEW="1")
    for kind in KINDS:
        slug = scaffold.slug_of(f"Draft {kind} zqxscaffold")
        page = site / "drafts" / slug / "index.html"
        assert page.is_file(), f"the {kind} scaffold is not in the preview"
        assert "REPLACE THIS" in page.read_text(encoding="utf-8")
    assert (site / URLS["zqxdraft"][1] / "index.html").is_file()
    assert (site / URLS["zqxembargo"][1] / "index.html").is_file()
