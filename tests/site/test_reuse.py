"""A rebuild links unchanged files from the site it replaces; the result is the same site a build
from nothing makes, before and after an edit (a copy of the kinds root: pages, feeds, PDFs,
calendars, gzip copies and the search index all take part)."""
from __future__ import annotations

import filecmp
import os

from campaign.outputs.store import store
from tests.conftest import copy_root, run_build, settings_with


def _same(a, b) -> list[str]:
    """Paths that differ between two folders (missing on one side, or other bytes)."""
    cmp = filecmp.dircmp(a, b)
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    found = [*cmp.left_only, *cmp.right_only, *mismatch, *errors]
    for sub in cmp.common_dirs:
        found += [f"{sub}/{p}" for p in _same(a / sub, b / sub)]
    return found


def test_store_links_only_identical_bytes(tmp_path):
    previous = tmp_path / "old.html"
    previous.write_bytes(b"<p>same</p>")
    assert store(tmp_path / "a.html", b"<p>same</p>", previous) is True
    assert os.path.samefile(tmp_path / "a.html", previous)
    assert store(tmp_path / "b.html", b"<p>changed</p>", previous) is False
    assert (tmp_path / "b.html").read_bytes() == b"<p>changed</p>" and not os.path.samefile(tmp_path / "b.html", previous)
    assert store(tmp_path / "c.html", b"x", tmp_path / "missing.html") is False


def test_rebuilding_over_a_site_gives_the_site_a_fresh_build_gives(tmp_path):
    content = copy_root("kinds", tmp_path)
    conf = settings_with(tmp_path, base="rootconf")

    def build(out, cache):
        return run_build(content, out, settings=conf, env={"CAMPAIGN_CACHE_PATH": str(tmp_path / cache)}).returncode

    site = tmp_path / "site"
    for _ in range(2):  # the second build links nearly everything from the first
        assert build(site, "cache") == 0
    fresh = tmp_path / "fresh"
    assert build(fresh, "cache2") == 0
    assert _same(site, fresh) == []

    post = content / "posts" / "leaflets" / "2021-02-01-who-we-are-leaflet.md"  # a page, its PDF, the index
    post.write_text(post.read_text().replace("keep a copy", "keep a dated copy", 1))
    assert build(site, "cache") == 0
    fresh2 = tmp_path / "fresh2"
    assert build(fresh2, "cache3") == 0
    assert _same(site, fresh2) == []
    assert _same(fresh, fresh2), "the edit changed nothing: this test would not notice stale files"
