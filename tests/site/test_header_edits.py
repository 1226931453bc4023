"""Issue 18: in the live preview, an edit of a post's title, date, section or tags is applied to
the site kept in memory (tools/header_edit.py), never a full build, and the output folder is
then byte for byte a clean build of the same files. Real Pelican builds, in this process, on
the small preview tree (tests/roots/preview-small).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.site.test_live_preview import Tree, _clean, _header_line, apply, differences

#: kind of edit -> (header line, new value, a page that must be rewritten, what it must show)
EDITS = {
    "title": ("Title", "A renamed post", "2025/06/a-renamed-post/index.html", "A renamed post"),
    "date": ("Date", "2024-03-09", "2024/03/post-number-5/index.html", "2024"),
    "section": ("Category", "Meetings", "2025/06/post-number-5/index.html", "Meetings"),
    "tags": ("Tags", "appeal, new tag", "tag/new-tag/index.html", "Post number 5"),
}


@pytest.fixture
def site(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    return tree, live


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_each_kind_of_header_edit_takes_the_header_path(site, tmp_path, kind):
    tree, live = site
    field, value, page, shown = EDITS[kind]
    post = tree.content / "posts" / "post-05.md"
    untouched = tmp_path / "live" / "2025" / "07" / "post-number-6" / "index.html"
    inode = untouched.stat().st_ino
    update = live.changed({_header_line(post, field, value)})
    assert update.how == "header"
    assert page in update.written
    assert shown in (tmp_path / "live" / page).read_text(encoding="utf-8")
    assert untouched.stat().st_ino == inode  # another post's page is not rewritten
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_a_moved_post_leaves_no_old_page_and_later_body_edits_still_apply(site, tmp_path):
    tree, live = site
    post = tree.content / "posts" / "post-07.md"
    old = tmp_path / "live" / "2025" / "08" / "post-number-7"
    assert old.is_dir()
    assert live.changed({_header_line(post, "Title", "Moved along")}).how == "header"
    assert not old.exists()  # its page and card are gone, and the folder with them
    post.write_text(post.read_text(encoding="utf-8") + "\nA later sentence.\n", encoding="utf-8")
    assert live.changed({post}).how == "text"
    assert "A later sentence." in (tmp_path / "live" / "2025" / "08" / "moved-along" / "index.html").read_text(
        encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_posts_that_link_to_a_moved_post_show_its_new_address(site, tmp_path):
    tree, live = site
    post = tree.content / "posts" / "post-01.md"  # every other post and page links to it
    update = live.changed({_header_line(post, "Title", "The first post renamed")})
    assert update.how == "header"
    page = tmp_path / "live" / "2025" / "06" / "post-number-5" / "index.html"
    assert "2025/02/the-first-post-renamed/" in page.read_text(encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_a_header_edit_it_cannot_vouch_for_is_a_full_build(site, tmp_path):
    tree, live = site
    post = tree.content / "posts" / "post-06.md"
    assert live.changed({_header_line(post, "Status", "draft")}).how == "full"  # not a field it applies
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


HEADER_OPS = st.tuples(st.sampled_from(["title", "date", "section", "tags", "body", "page-title"]),
                       st.integers(0, 40), st.sampled_from(["branch", "rule", "picket", "vote"]))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(HEADER_OPS, min_size=2, max_size=8))
def test_any_sequence_of_header_edits_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = Tree(base)
        live = tree.built_site()
        pages = [tree.content / "pages" / name for name in ("about.md", "contact.md")]
        for op in ops:
            before = {p.name: p.read_text(encoding="utf-8") for p in [*tree.posts(), *pages]}
            if op[0] == "page-title":
                update = live.changed({_header_line(pages[op[1] % 2], "Title", f"The {op[2]} page")})
            else:
                update = live.changed(apply(tree, op))
            after = {p.name: p.read_text(encoding="utf-8") for p in [*tree.posts(), *pages]}
            if op[0] != "body" and before != after:
                assert update.how == "header", op
        assert differences(base / "live", _clean(tree, base)) == []


def test_a_page_title_edit_takes_the_header_path_and_renames_it_in_every_menu(site, tmp_path):
    tree, live = site
    page = tree.content / "pages" / "contact.md"
    update = live.changed({_header_line(page, "Title", "Write to us")})
    assert update.how == "header"
    assert "contact/index.html" in update.written
    assert "Write to us" in (tmp_path / "live" / "contact" / "index.html").read_text(encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
