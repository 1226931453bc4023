"""Issue 18: `make html` after an edit to posts' text only (tools/body_edit.py) renders the pages
that show it without running Pelican; whatever it skips, the output folder is byte for byte a
clean build of the same files, and a mistake in the new text fails with its file and line,
leaving the output as it was.

Real builds of the small preview root: `make html`'s command in a subprocess (a new process
each time, as a volunteer runs it), compared with clean builds (tools/build.build) in this process.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOTS, SMALL_SEARCH_PARTS, run_build
from tests.site.test_live_preview import OPS, Tree, apply, differences
from tests.site.test_live_preview_in_place import snapshot

#: The build's last line when it took the body path.
FAST = "Pelican not run"


class MakeTree(Tree):
    """The preview's tree, its settings file naming the cache and template folders itself (the
    build command takes only the settings, output, content and day), and the search index made
    in several parts (a body edit re-makes only the part holding its page)."""

    def set_tagline(self, text: str) -> Path:
        super().set_tagline(text)
        with self.conf.open("a", encoding="utf-8") as conf:
            conf.write(f"CAMPAIGN_CACHE_PATH = {str(self.base / 'cache')!r}\n"
                       f"THEME_TEMPLATES_OVERRIDES = [{str(self.base / 'templates')!r}]\n"
                       f"CAMPAIGN_SEARCH_PART_PAGES = {SMALL_SEARCH_PARTS}\n")
        return self.conf


def make_html(tree: Tree, out: Path) -> tuple[int, str, str]:
    """`make html`'s build: exit status, last line of its output, its errors."""
    done = run_build(tree.content, out, settings=str(tree.conf))
    lines = done.stdout.strip().splitlines()
    return done.returncode, lines[-1] if lines else "", done.stderr


def _clean(tree: Tree, where: Path) -> Path:
    """A clean build of the same files: `make html`'s command into an empty folder, with an empty
    cache (its own settings file: the tree's, the cache moved), in a new process."""
    out, cache = where / "clean", where / "clean-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    conf = where / "clean_conf.py"
    conf.write_text(tree.conf.read_text(encoding="utf-8") + f"CAMPAIGN_CACHE_PATH = {str(cache)!r}\n",
                    encoding="utf-8")
    done = run_build(tree.content, out, settings=str(conf))
    assert done.returncode == 0, done.stderr
    assert "no earlier build into this folder is recorded" in done.stdout, done.stdout
    return out


OPS_WITH_BODIES = st.one_of(OPS, st.tuples(st.just("body"), st.integers(0, 40), st.sampled_from(["strike", "vote"])))


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(OPS_WITH_BODIES, min_size=1, max_size=5))
def test_any_sequence_of_edits_through_make_html_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = MakeTree(base)
        assert make_html(tree, base / "out")[0] == 0
        for op in ops:
            apply(tree, op)
            code, last, errors = make_html(tree, base / "out")
            assert code == 0, errors
            # Posts' text (a post, a page) is the body path; a header edit may be the header path
            # (tests/site/test_header_path.py); anything else runs Pelican.
            assert ("only the text of" in last) == (op[0] in {"body", "page"}), (op, last)
            assert FAST not in last or op[0] in {"body", "page", "title", "section", "tags"}, (op, last)
            assert differences(base / "out", _clean(tree, base)) == [], (op, last)


def test_a_body_edit_takes_the_body_path_and_says_so(tmp_path):
    tree = MakeTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    post = tree.content / "posts" / "post-05.md"
    untouched = out / "2025" / "07" / "post-number-6" / "index.html"
    before = untouched.stat().st_ino
    post.write_text(post.read_text(encoding="utf-8").replace("Member hearing", "Every member hearing", 1)
                    + "\nOne more sentence.\n", encoding="utf-8")
    code, last, errors = make_html(tree, out)
    assert code == 0, errors
    assert "only the text of posts/post-05.md changed" in last and FAST in last, last
    assert "(built because content/posts/post-05.md changed)" in last, last
    assert "search index: 1 of its" in last, last  # the part holding the page, not the others
    page = (out / "2025" / "06" / "post-number-5" / "index.html").read_text(encoding="utf-8")
    assert "One more sentence." in page and "Every member hearing" in page
    assert (out / "2025" / "06" / "post-number-5" / "index.html.gz").is_file()
    assert untouched.stat().st_ino == before  # a page that does not show the text is not touched
    assert differences(out, _clean(tree, tmp_path)) == []
    # Nothing changed since: up to date, as after a full build.
    assert "is up to date" in make_html(tree, out)[1]
    # A header edit is not the body path (it is the header path: tests/site/test_header_path.py).
    post.write_text(post.read_text(encoding="utf-8").replace("Title:", "Title: Renamed", 1), encoding="utf-8")
    code, last, errors = make_html(tree, out)
    assert code == 0 and "only the text of" not in last, last + errors
    assert differences(out, _clean(tree, tmp_path)) == []


def test_a_mistake_in_the_new_text_fails_with_file_and_line_and_leaves_the_output(tmp_path):
    tree = MakeTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    before = snapshot(out)
    post = tree.content / "posts" / "post-05.md"
    good = post.read_text(encoding="utf-8")
    for bad in ("\nSee [this]({filename}/posts/no-such-post.md).\n", "\n```chart\nkind: pie\n```\n"):
        post.write_text(good + bad, encoding="utf-8")
        code, _, errors = make_html(tree, out)
        assert code == 1
        assert re.search(r"post-05\.md:\d+: ", errors), errors
        assert "the previous site" in errors and "is unchanged" in errors
        assert snapshot(out) == before
    post.write_text(good + "\nFixed now.\n", encoding="utf-8")
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST in last, last + errors
    assert differences(out, _clean(tree, tmp_path)) == []


class KindsTree(MakeTree):
    """The root with a post of every kind: leaflets and motions, whose text is printed (PDF)."""

    def __init__(self, base: Path):
        super().__init__(base)
        shutil.rmtree(self.content)
        shutil.copytree(ROOTS / "kinds", self.content)


def test_a_post_whose_text_is_printed_runs_pelican(tmp_path):
    # The leaflet's PDF is made from its text outside the writer: no replay can make it again.
    tree = KindsTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    for name in ("2021-02-01-who-we-are-leaflet.md", "2021-06-01-damp-leaflet.md"):
        leaflet = tree.content / "posts" / "leaflets" / name
        leaflet.write_text(leaflet.read_text(encoding="utf-8") + "\nPrint this sentence too.\n", encoding="utf-8")
        code, last, errors = make_html(tree, out)
        assert code == 0 and FAST not in last, last + errors
    assert differences(out, _clean(tree, tmp_path)) == []
    # A draft leaflet is printed nowhere, and a post of a kind that is not printed is shown
    # only by pages: both take the body path.
    for post in (tree.content / "posts" / "leaflets" / "2021-07-01-unfinished-leaflet.md",
                 sorted((tree.content / "posts" / "campaigns").glob("*.md"))[0]):
        post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        code, last, errors = make_html(tree, out)
        assert code == 0 and FAST in last, last + errors
        assert differences(out, _clean(tree, tmp_path)) == []
