"""Issue 18: after a header edit the live preview updates the sitemap entry by entry
(tools/sitemap_patch.py) instead of having the plugin write all of it again, and the file is
still byte for byte a clean build's. Real Pelican builds, in this process, on the small preview
tree (tests/roots/preview-small).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.tools import sitemap_patch
from tests.site.test_live_preview import Tree, _clean, _header_line, apply, differences


@pytest.fixture
def site(tmp_path):
    tree = Tree(tmp_path)
    return tree, tree.built_site()


def test_a_title_edit_moves_the_posts_one_entry_and_keeps_the_rest(site, tmp_path):
    tree, live = site
    assert live.kept is not None and live.kept.sitemap is not None  # the entries were read back
    sitemap = tmp_path / "live" / "sitemap.xml"
    before = sitemap.read_text(encoding="utf-8")
    assert "/2025/06/post-number-5/</loc>" in before
    update = live.changed({_header_line(tree.content / "posts" / "post-05.md", "Title", "A renamed post")})
    assert update.how == "header"
    assert "sitemap.xml" in update.written
    after = sitemap.read_text(encoding="utf-8")
    assert "/2025/06/post-number-5/</loc>" not in after
    assert "/2025/06/a-renamed-post/</loc>" in after
    assert after.count("<url>") == before.count("<url>")
    assert live.kept.sitemap is not None  # kept for the next edit
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_a_tag_edit_that_changes_no_entry_leaves_the_sitemap_alone(site, tmp_path):
    tree, live = site
    sitemap = tmp_path / "live" / "sitemap.xml"
    inode = sitemap.stat().st_ino
    update = live.changed({_header_line(tree.content / "posts" / "post-05.md", "Tags", "appeal")})
    assert update.how == "header"
    assert "sitemap.xml" not in update.written  # tag pages are not listed (SITEMAP exclude)
    assert sitemap.stat().st_ino == inode
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_entries_that_do_not_give_the_file_back_are_not_kept(site, tmp_path):
    _tree, live = site
    sitemap = tmp_path / "live" / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    settings_ = live.kept.pelican.settings
    queue = [(str(tmp_path / "live" / rel), entry.obj) for (rel, _), entry in live.kept.sitemap.entries.items()]
    root = str(tmp_path / "live")
    assert sitemap_patch.from_build(queue, root, sitemap, settings_) is not None
    # An entry no queued page accounts for, an entry out of order, a page at an unknown place:
    entry = text[text.index("\n<url>\n"):text.index("</url>\n") + len("</url>\n")]
    for damaged in (text.replace(entry, entry + entry.replace("<loc>", "<loc>x", 1)),
                    text.replace(entry, "", 1).replace("\n</urlset>", entry + "\n</urlset>")):
        sitemap.write_text(damaged, encoding="utf-8")
        assert sitemap_patch.from_build(queue, root, sitemap, settings_) is None
    sitemap.write_text(text, encoding="utf-8")
    assert sitemap_patch.from_build([("/elsewhere/x.html", None), *queue], root, sitemap, settings_) is None


def test_a_header_edit_without_kept_entries_writes_the_sitemap_in_full(site, tmp_path):
    tree, live = site
    live.kept.sitemap = None
    update = live.changed({_header_line(tree.content / "posts" / "post-07.md", "Date", "2024-02-03")})
    assert update.how == "header"
    assert "sitemap.xml" in update.written
    assert "/2024/02/post-number-7/</loc>" in (tmp_path / "live" / "sitemap.xml").read_text(encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


SITEMAP_OPS = st.tuples(st.sampled_from(["title", "date", "section", "tags", "body"]),
                        st.integers(0, 40), st.sampled_from(["branch", "rule", "picket", "vote"]))


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(SITEMAP_OPS, min_size=2, max_size=7))
def test_any_sequence_of_header_edits_keeps_the_sitemap_a_clean_builds(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = Tree(base)
        live = tree.built_site()
        for op in ops:
            update = live.changed(apply(tree, op))
            assert update.how in ("header", "text"), op
            assert live.kept is not None and live.kept.sitemap is not None, op  # patched, never given up
        clean = _clean(tree, base)
        assert (base / "live" / "sitemap.xml").read_bytes() == (clean / "sitemap.xml").read_bytes()
        assert differences(base / "live", clean) == []


def test_after_a_build_that_failed_half_way_the_next_one_writes_the_sitemap(site, tmp_path):
    tree, live = site
    broken = tree.templates / "tag.html"  # tag pages are written after the posts: fails half-way
    broken.write_text('{% extends "base.html" %}{% block main %}{% include "no-such-part.html" %}'
                      "{% endblock %}", encoding="utf-8")
    with pytest.raises(Exception, match=r"no-such-part\.html"):
        live.changed({broken})
    broken.unlink()
    live.changed({broken})
    sitemap = tmp_path / "live" / "sitemap.xml"
    assert sitemap.is_file() and "/2025/06/post-number-5/</loc>" in sitemap.read_text(encoding="utf-8")
    assert live.kept is not None and live.kept.sitemap is not None
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
