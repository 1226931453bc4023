"""Issue 18: the live preview's header edits write their files in threads while pages render
(tools/page_deps.Destination's workers), and the site kept between saves is frozen out of the
cyclic collector's sight (live_site._freeze_site). Real files, real threads, real Pelican builds
of the small preview tree (tests/roots/preview-small).
"""
from __future__ import annotations

import gc
import threading
import weakref
from functools import partial
from pathlib import Path

import pytest

from campaign.tools import header_edit
from campaign.tools.body_edit import split_header
from campaign.tools.page_deps import Destination
from tests.site.test_live_preview import Tree, _clean, _header_line, differences


def _writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("preview-write")]


def test_threaded_puts_write_every_file_and_tell_only_the_changed_ones(tmp_path):
    (tmp_path / "same").mkdir()
    (tmp_path / "same" / "index.html").write_bytes(b"as it was")
    (tmp_path / "other.html").write_bytes(b"old")
    inode = (tmp_path / "same" / "index.html").stat().st_ino
    put = Destination(tmp_path, workers=3)
    changed: list[str] = []
    try:
        put.put_soon("same/index.html", b"as it was", lambda: changed.append("same"))
        put.put_soon("other.html", b"new bytes", lambda: changed.append("other"))
        for n in range(40):  # folders that are not there yet, too
            put.put_soon(f"new/{n}/index.html", f"page {n}".encode(), partial(changed.append, f"new {n}"))
        put.finish()
    finally:
        put.close()
    assert sorted(changed) == sorted(["other", *(f"new {n}" for n in range(40))])
    assert (tmp_path / "other.html").read_bytes() == b"new bytes"
    assert all((tmp_path / "new" / str(n) / "index.html").read_bytes() == f"page {n}".encode() for n in range(40))
    assert (tmp_path / "same" / "index.html").stat().st_ino == inode  # not written again
    assert not [p for p in tmp_path.rglob("*") if ".tmp-" in p.name]
    assert _writer_threads() == []


def test_a_failed_threaded_put_is_raised_after_the_others_are_written(tmp_path):
    (tmp_path / "blocker").write_bytes(b"a file where a folder would be")
    put = Destination(tmp_path, workers=2)
    try:
        put.put_soon("blocker/index.html", b"x", lambda: None)
        for n in range(10):
            put.put_soon(f"ok-{n}.html", b"ok", lambda: None)
        with pytest.raises(OSError):
            put.finish()
    finally:
        put.close()
    assert all((tmp_path / f"ok-{n}.html").read_bytes() == b"ok" for n in range(10))
    assert _writer_threads() == []


def test_held_puts_stay_in_memory_and_in_this_thread(tmp_path):
    held: dict[str, bytes] = {}
    put = Destination(tmp_path, held, workers=4)  # make html's header path: nothing is written
    changed: list[str] = []
    put.put_soon("a/index.html", b"new", lambda: changed.append("a"))
    put.finish()
    put.close()
    assert held == {"a/index.html": b"new"} and changed == ["a"]
    assert not (tmp_path / "a").exists()


@pytest.fixture
def site(tmp_path):
    tree = Tree(tmp_path)
    return tree, tree.built_site()


def test_a_section_edit_written_in_threads_is_a_clean_build(site, tmp_path):
    tree, live = site
    update = live.changed({_header_line(tree.content / "posts" / "post-05.md", "Category", "Leaflets")})
    assert update.how == "header"
    assert any(rel.startswith("section/") for rel in update.written)
    assert _writer_threads() == []
    assert not [p for p in (tmp_path / "live").rglob("*") if ".tmp-" in p.name]
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


class _Cycle:
    """Garbage only the cyclic collector can free."""

    def __init__(self) -> None:
        self.me = self


def test_the_kept_site_is_frozen_and_the_next_full_build_lets_it_go(site):
    tree, live = site
    assert gc.get_freeze_count() > 0  # the site the first build left
    # A cycle made before a full build is frozen with that build's site once it is let go...
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    live.full()
    del cycle
    gc.collect()
    assert gone() is not None  # frozen: the collector does not see it (the site's own cycles neither)
    # ...and collected once the next full build unfreezes what the last one kept.
    live.changed({tree.conf})
    assert gone() is None
    assert gc.get_freeze_count() > 0


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def test_a_held_header_edit_makes_no_folder_in_the_output(site, tmp_path):
    """Pelican's writer makes each page's folder before writing; the header path's writer does not
    (Destination makes the folders it writes into), so a held edit (make html's) changes nothing."""
    tree, live = site
    output = tmp_path / "live"
    before = _snapshot(output)
    path = _header_line(tree.content / "posts" / "post-07.md", "Date", "2024-02-03").resolve()
    header = split_header(path.read_text(encoding="utf-8"))[0]
    held: dict[str, bytes] = {}
    done = header_edit.apply(live.kept, live.deps, output, live.sources[path], [*live.headers.values(), header],
                             list(live.sources.values()), held)
    assert "2024/02/post-number-7/index.html" in held  # the post's page, in a folder not made
    assert done.gone and _snapshot(output) == before
