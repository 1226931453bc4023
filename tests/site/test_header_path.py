"""Issue 18: `make html` after an edit of one post's header (its title, section, tags or summary)
makes what the edit changed from the last build's record (tools/header_path.py) without running
Pelican; whatever it skips, the output folder is byte for byte a clean build of the same files. A
mistake in the new header fails with its file and line and leaves the output as it was; an edit it
cannot vouch for (a draft, an embargo) runs Pelican; a leaflet linking to a moved post is printed again.

Real builds: `make html`'s command in a subprocess (a new process each time, as a volunteer runs
it), compared with clean builds (an empty output folder and cache) of the same files.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.site.test_body_path import FAST, KindsTree, MakeTree, _clean, make_html
from tests.site.test_live_preview import _header_line, apply, differences
from tests.site.test_live_preview_in_place import snapshot

#: The build's last line when it took the header path.
HEADER = "Pelican not run (header path)"


def test_a_title_edit_takes_the_header_path_and_gives_a_clean_build(tmp_path):
    tree = MakeTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    untouched = out / "2025" / "02" / "post-number-1" / "index.html"
    before = untouched.stat().st_ino
    post = tree.content / "posts" / "post-05.md"
    _header_line(post, "Title", "A renamed post")
    code, last, errors = make_html(tree, out)
    assert code == 0, errors
    assert "only the header of posts/post-05.md changed" in last and HEADER in last, last
    assert "(built because content/posts/post-05.md changed)" in last, last
    page = out / "2025" / "06" / "a-renamed-post" / "index.html"
    assert "A renamed post" in page.read_text(encoding="utf-8")
    assert (page.parent / "index.html.gz").is_file()
    assert not (out / "2025" / "06" / "post-number-5").exists()  # moved: the old page and folder are gone
    assert untouched.stat().st_ino == before  # a page that does not show the title is not touched
    assert differences(out, _clean(tree, tmp_path)) == []
    assert "is up to date" in make_html(tree, out)[1]  # recorded as a full build records itself
    # The record was brought up to date too: a text edit after it takes the body path.
    post.write_text(post.read_text(encoding="utf-8") + "\nA later sentence.\n", encoding="utf-8")
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST in last and HEADER not in last, last + errors
    assert "A later sentence." in page.read_text(encoding="utf-8")
    assert differences(out, _clean(tree, tmp_path)) == []


def test_a_mistake_in_the_new_header_fails_with_file_and_line_and_leaves_the_output(tmp_path):
    tree = MakeTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    post = tree.content / "posts" / "post-05.md"
    good = post.read_text(encoding="utf-8")

    def fails(field: str, bad: str) -> str:
        before = snapshot(out)
        post.write_text(good, encoding="utf-8")
        _header_line(post, field, bad)
        code, last, errors = make_html(tree, out)
        assert code == 1, (field, last)
        assert re.search(r"post-05\.md:\d+: ", errors), errors
        assert "the previous site" in errors and "is unchanged" in errors
        assert snapshot(out) == before
        return errors

    # The header edit itself gives way on these (the full build then fails, before Pelican runs).
    for field, bad in (("Category", "No such section"), ("Category", "Campaigns, Campaigns"), ("Date", "2025-13-45")):
        fails(field, bad)
    post.write_text(good, encoding="utf-8")
    _header_line(post, "Tags", "appeal, picket")
    code, last, errors = make_html(tree, out)
    assert code == 0 and HEADER in last, last + errors
    # A Summary too long only the check finds, on the header path, while Pagefind runs: nothing
    # moves in. (Pagefind's links to the output's pages change their ctime, so the next build
    # finds the output touched and runs Pelican: slower, never wrong.)
    good = post.read_text(encoding="utf-8")
    errors = fails("Summary", "A summary that goes on and on. " * 12)
    assert "the Summary is" in errors and "Pelican runs (" not in errors, errors
    post.write_text(good.replace("appeal, picket", "appeal, branch"), encoding="utf-8")
    code, last, errors = make_html(tree, out)
    assert code == 0, last + errors
    assert differences(out, _clean(tree, tmp_path)) == []


def test_a_draft_or_an_embargo_is_never_a_header_edit_and_never_leaks(tmp_path):
    tree = MakeTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    for name, field, value in (("post-06.md", "Status", "draft"), ("post-07.md", "Date", "2031-01-01 09:00")):
        post = tree.content / "posts" / name
        secret = f"Secret {name}"
        _header_line(post, "Title", secret)
        _header_line(post, field, value)
        code, last, errors = make_html(tree, out)
        assert code == 0 and FAST not in last, last + errors  # Pelican ran
        assert not [p for p in out.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
        assert differences(out, _clean(tree, tmp_path)) == []


def test_a_post_a_leaflet_links_to_takes_the_header_path_and_the_leaflet_is_printed_again(tmp_path):
    tree = KindsTree(tmp_path)
    leaflet = tree.content / "posts" / "leaflets" / "2021-06-01-damp-leaflet.md"
    leaflet.write_text(leaflet.read_text(encoding="utf-8") + "\nSee [the walkabout photos]"
                       "({filename}/posts/campaigns/2021-06-27-photos-from-the-walkabout.md).\n", encoding="utf-8")
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    post = tree.content / "posts" / "campaigns" / "2021-06-27-photos-from-the-walkabout.md"
    _header_line(post, "Tags", "walkabout, lifts")  # its address stays: the header path
    code, last, errors = make_html(tree, out)
    assert code == 0 and HEADER in last, last + errors
    pdfs = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    _header_line(post, "Title", "Walkabout photos, renamed")
    code, last, errors = make_html(tree, out)
    assert code == 0 and HEADER in last, last + errors  # its address moves: the leaflet's PDF is printed again
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} != pdfs
    assert differences(out, _clean(tree, tmp_path)) == []


def test_a_printed_post_stays_printed_after_a_header_edit_of_another(tmp_path):
    # The header path makes the writer's files again, not the PDFs: which post a PDF is made
    # from must outlive it, or the leaflet's next text edit would leave its PDF as it was.
    tree = KindsTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    _header_line(tree.content / "posts" / "campaigns" / "2021-06-27-photos-from-the-walkabout.md", "Tags",
                 "library, council")
    code, last, errors = make_html(tree, out)
    assert code == 0 and HEADER in last, last + errors
    leaflet = tree.content / "posts" / "leaflets" / "2021-06-01-damp-leaflet.md"
    leaflet.write_text(leaflet.read_text(encoding="utf-8") + "\nPrint this sentence too.\n", encoding="utf-8")
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST not in last, last + errors
    assert differences(out, _clean(tree, tmp_path)) == []


HEADER_OPS = st.tuples(st.sampled_from(["title", "section", "tags", "title", "date", "body"]),
                       st.integers(0, 40), st.sampled_from(["branch", "rule", "picket", "vote"]))


@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(HEADER_OPS, min_size=2, max_size=4))
def test_any_sequence_of_header_edits_through_make_html_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = MakeTree(base)
        assert make_html(tree, base / "out")[0] == 0
        for op in ops:
            before = {p.name: p.read_text(encoding="utf-8") for p in tree.posts()}
            apply(tree, op)
            code, last, errors = make_html(tree, base / "out")
            assert code == 0, errors
            changed = before != {p.name: p.read_text(encoding="utf-8") for p in tree.posts()}
            if op[0] in {"section", "tags"} and changed:
                assert HEADER in last, (op, last)
            if op[0] == "body":
                assert HEADER not in last, (op, last)
            assert differences(base / "out", _clean(tree, base)) == [], (op, last)
