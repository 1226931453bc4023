"""Issue 18: after its first build, the live preview builds in full over the live site
(outputs/staged_store.py): unchanged files are not written, changed ones are moved in only
when the build succeeded. The folder is still byte for byte a clean build, and a build that
fails, even half-way through writing, leaves it exactly as it was.

Real Pelican builds in this process, on the small root (tests/roots/preview-small).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.site.test_live_preview import OPS, Tree, _clean, _header_line, apply, differences

POST = Path("2025/06/post-number-5/index.html")
UNRELATED = Path("2025/07/post-number-6/index.html")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and inode."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(tree: Tree) -> list[str]:
    """Files a build left in the staging folder beside the output (its empty folders stay)."""
    return [str(f) for p in tree.base.iterdir() if p.name.startswith(".preview-")
            for f in p.rglob("*") if not f.is_dir()]


def test_a_header_edit_writes_only_what_changed(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    before = snapshot(tmp_path / "live")
    post = tree.content / "posts" / "post-05.md"
    # A title edit alone takes the header path (tests/site/test_header_edits.py); saved with the
    # settings file it is a full build, the path this test is about.
    assert live.changed({_header_line(post, "Title", "A new name for it"), tree.conf}).how == "full"
    after = snapshot(tmp_path / "live")
    # The page left its old address (the slug comes from the title) and is at its new one.
    assert POST.as_posix() not in after
    assert "2025/06/a-new-name-for-it/index.html" in after
    # A page that does not show the post was not written again: the same file, not a copy.
    assert after[UNRELATED.as_posix()] == before[UNRELATED.as_posix()]
    # The home page and the archive list the new title: rewritten.
    assert after["index.html"][0] != before["index.html"][0]
    assert leftovers(tree) == []
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
    live.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".preview-")] == []


def test_a_build_that_fails_while_writing_leaves_the_site_as_it_was(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    post = tree.content / "posts" / "post-05.md"
    live.changed({_header_line(post, "Title", "First rename")})
    before = snapshot(tmp_path / "live")
    # Tag pages are written after every post's page: this build fails half-way through writing.
    broken = tree.templates / "tag.html"
    broken.write_text('{% extends "base.html" %}{% block main %}{% include "no-such-part.html" %}'
                      "{% endblock %}", encoding="utf-8")
    with pytest.raises(Exception, match=r"no-such-part\.html"):
        live.changed({_header_line(post, "Title", "Second rename"), broken})
    assert snapshot(tmp_path / "live") == before
    assert leftovers(tree) == []
    # A mistake found before anything is written (a date that does not parse) leaves it too.
    broken.unlink()
    with pytest.raises(Exception, match="date"):
        live.changed({_header_line(post, "Date", "2025-13-45"), broken})
    assert snapshot(tmp_path / "live") == before
    # Fixed: the next save gives what a clean build gives.
    live.changed({_header_line(post, "Date", "2025-06-02")})
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


MISTAKES = st.tuples(st.just("mistake"), st.integers(0, 40), st.sampled_from(["date", "template"]))


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(OPS, MISTAKES), min_size=2, max_size=6))
def test_any_sequence_of_saves_and_mistakes_gives_a_clean_build(ops):
    """Saves of every kind with failed builds among them: each failure leaves the folder as it
    was, and the end is a clean build of the files as they are then."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = Tree(base)
        live = tree.built_site()
        for op in ops:
            if op[0] != "mistake":
                live.changed(apply(tree, op))
                continue
            before = snapshot(base / "live")
            post, undo = _mistake(tree, op)
            with pytest.raises(Exception):  # noqa: B017 - BuildFailed, or Jinja's own error
                live.changed({post})
            assert snapshot(base / "live") == before
            live.changed({undo()})
        assert leftovers(tree) == []
        assert differences(base / "live", _clean(tree, base)) == []


def _mistake(tree: Tree, op: tuple):
    """Make a mistake; the file it changed and a function that puts it right (returning that file)."""
    _, n, kind = op
    if kind == "date":
        post = tree.posts()[n % len(tree.posts())]
        good = post.read_text(encoding="utf-8")
        _header_line(post, "Date", "2025-13-45")
    else:
        post = tree.templates / "tag.html"
        good = post.read_text(encoding="utf-8") if post.exists() else None
        post.write_text('{% extends "base.html" %}{% block main %}{% include "missing.html" %}{% endblock %}',
                        encoding="utf-8")

    def undo() -> Path:
        if good is None:
            post.unlink()
        else:
            post.write_text(good, encoding="utf-8")
        return post

    return post, undo
