"""Every feed is titled once with the site's name; a build prints only what a volunteer needs."""
from __future__ import annotations

import re

import feedparser
import pytest

from tests.conftest import ROOT

SITENAME = re.search(r'^SITENAME = "(.+)"$', (ROOT / "pelicanconf.py").read_text(), re.M).group(1)
SECTIONS = re.findall(r'\{"slug": "([^"]+)", "title": "([^"]+)"', (ROOT / "pelicanconf.py").read_text())


def test_every_feed_names_the_site_once(ops_build):
    feeds = sorted(ops_build.output.joinpath("feeds").rglob("*.xml"))
    expected = {"feeds/all.atom.xml": SITENAME}
    expected |= {f"feeds/section/{slug}.atom.xml": f"{SITENAME} - {title}" for slug, title in SECTIONS}
    found = {}
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        found[path.relative_to(ops_build.output).as_posix()] = parsed.feed.title
    assert found == expected
    assert all(title.count(SITENAME) == 1 for title in found.values())


@pytest.mark.parametrize("word", ["harfbuzz", "fonttools", "warning", "deprecat", "traceback"])
def test_a_cold_build_with_pdfs_prints_no_library_warnings(ops_build, word):
    # The cold build rendered every leaflet's and the motion's PDF (so WeasyPrint subset fonts).
    assert "PDFs: 7 rendered" in ops_build.stdout + ops_build.stderr
    assert word not in (ops_build.stdout + ops_build.stderr).lower()
