"""The live preview and the temporary files editors make on save (sed -i, gedit, vim write one
beside the file and rename it over it): a file that came and went within one batch of events
changed nothing, so it neither turns a header edit into a full build nor reloads the browser on
its own; a file the last build had, now deleted, is still a change. Real Pelican builds, in this
process, on the small preview tree (tests/roots/preview-small).
"""
from __future__ import annotations

from tests.site.test_live_preview import Tree, _clean, _header_line, differences


def test_a_temporary_file_gone_by_the_batch_does_not_make_a_header_edit_a_full_build(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    post = _header_line(tree.content / "posts" / "post-05.md", "Title", "Saved by an editor")
    gone = tree.content / "posts" / "sedX4fQ2a"  # sed -i's own, renamed over post-05.md
    update = live.changed({post, gone})
    assert update.how == "header"
    assert "Saved by an editor" in (tmp_path / "live" / "2025" / "06" / "saved-by-an-editor" / "index.html").read_text(
        encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_only_temporary_files_change_nothing(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "live").rglob("*") if p.is_file()}
    update = live.changed({tree.content / "posts" / ".post-05.md.swp", tree.content / "pages" / "4913"})
    assert (update.how, update.written) == ("none", [])
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "live").rglob("*") if p.is_file()} == before


def test_a_deleted_post_is_still_a_change(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    post = tree.content / "posts" / "post-18.md"
    page = next((tmp_path / "live").rglob("post-number-18/index.html"))
    post.unlink()
    assert live.changed({post}).how == "full"
    assert not page.exists()
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
