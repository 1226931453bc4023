"""Issue 18: a page whose inputs did not change is not rendered again (outputs/render_memo.py),
and whatever is skipped, a rebuild is byte for byte a clean build.

Real builds (tools/build.build, what `make html` runs) of the small preview root, in this process.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.tools.build import build
from tests.conftest import BUILD_DAY, ROOT
from tests.site.test_live_preview import OPS, Tree, apply, differences


def _build(tree: Tree, out: Path, cache: Path, force: bool = False) -> dict:
    result = build(str(tree.conf), out, {
        "PATH": str(tree.content), "CAMPAIGN_TODAY": BUILD_DAY, "CAMPAIGN_CACHE_PATH": str(cache),
        "THEME_TEMPLATES_OVERRIDES": [str(tree.templates)]}, force=force)
    return result.stats


def _clean(tree: Tree, where: Path) -> Path:
    out, cache = where / "clean", where / "clean-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    stats = _build(tree, out, cache)
    assert stats["pages_reused"] == 0  # a clean build renders every page
    return out


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(OPS, min_size=1, max_size=5))
def test_any_sequence_of_edits_and_rebuilds_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = Tree(base)
        _build(tree, base / "out", tree.cache)
        for op in ops:
            apply(tree, op)
            _build(tree, base / "out", tree.cache)
        assert differences(base / "out", _clean(tree, base)) == []


def test_nothing_changed_renders_no_page_and_one_edit_few(tmp_path):
    tree = Tree(tmp_path)
    out = tmp_path / "out"
    first = _build(tree, out, tree.cache)
    pages = first["pages_rendered"]
    assert first["pages_reused"] == 0 and pages > 20
    again = _build(tree, out, tree.cache, force=True)  # Pelican runs, though the site is up to date
    assert (again["pages_rendered"], again["pages_reused"]) == (0, pages)
    assert differences(out, _clean(tree, tmp_path)) == []

    post = tree.posts()[3]
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    edited = _build(tree, out, tree.cache)
    # Its page, and the listings and pages that show its summary; not the rest of the site.
    assert 1 <= edited["pages_rendered"] < pages // 2
    assert edited["pages_rendered"] + edited["pages_reused"] == pages
    assert differences(out, _clean(tree, tmp_path)) == []


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(tmp_path):
    tree = Tree(tmp_path)
    out = tmp_path / "out"
    _build(tree, out, tree.cache)
    page = out / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</body>", b"<script>alert(1)</script></body>"))
    stats = _build(tree, out, tree.cache)
    assert stats["pages_rendered"] == 1
    assert page.read_bytes() == good


def test_a_post_whose_link_target_moved_is_rendered_again(tmp_path):
    tree = Tree(tmp_path)
    out = tmp_path / "out"
    target = tree.content / "posts" / "post-01.md"
    linking = [p for p in tree.posts() if "{filename}/posts/post-01.md" in p.read_text(encoding="utf-8")]
    assert linking, "the root has a post linking to post-01"
    _build(tree, out, tree.cache)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\n\n", "\nSlug: a-moved-post\n\n", 1), encoding="utf-8")
    _build(tree, out, tree.cache)
    assert differences(out, _clean(tree, tmp_path)) == []
    assert any("a-moved-post" in p.read_text(encoding="utf-8") for p in out.rglob("index.html")
               if "a-moved-post" not in str(p))


def test_templates_show_the_build_day_never_the_instant():
    # CAMPAIGN.now decides the embargo (which posts exist); fingerprints leave it out (render_memo.py).
    for path in (ROOT / "theme" / "templates").rglob("*.html"):
        assert ".now" not in path.read_text(encoding="utf-8"), path


def test_templates_use_a_paginator_only_for_its_counts():
    # render_memo.py fingerprints a paginator by its counts, not by the posts of every page.
    for path in (ROOT / "theme" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "paginator.object_list" not in text and "paginator.page(" not in text, path
