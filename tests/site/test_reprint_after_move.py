"""Issue 18: a header edit that moves a post (a new date or title: a new address) which printed
posts link to (a leaflet, a model motion). Their PDFs show the old address, so they are printed
again with the build's own code; no full build. The live preview writes the pages first (the
browser reloads) and prints after; `make html`'s header path prints before anything moves in.
Either way the output is byte for byte a clean build's. Real Pelican builds, real WeasyPrint PDFs
(their links read with pypdf), on the small tree tests/roots/reprint.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.conftest import ROOTS
from tests.site.test_body_path import FAST, MakeTree, make_html
from tests.site.test_body_path import _clean as _clean_make
from tests.site.test_header_path import HEADER
from tests.site.test_live_preview import Tree, _clean, _header_line, differences
from tests.site.test_live_preview_in_place import snapshot

NEWS = "posts/rent-strike-news.md"
PRINTED = ("rent-strike-leaflet.md", "rent-strike-motion.md")
OLD = "2025/03/news-of-the-rent-strike/"


class ReprintTree(Tree):
    """The preview's tree with the reprint root's posts: a leaflet and a motion link to a dated post."""

    def __init__(self, base: Path):
        super().__init__(base)
        shutil.rmtree(self.content)
        shutil.copytree(ROOTS / "reprint", self.content)


class MakeReprintTree(MakeTree):
    """The same posts, built by `make html`'s command (its settings naming the cache itself)."""

    def __init__(self, base: Path):
        super().__init__(base)
        shutil.rmtree(self.content)
        shutil.copytree(ROOTS / "reprint", self.content)


def _pdf(out: Path, stem: str) -> Path:
    [pdf] = out.rglob(f"{stem}.pdf")
    return pdf


def _links(pdf: Path) -> set[str]:
    """The addresses the PDF's links go to (a printed page spells out none: they are link annotations)."""
    found = set()
    for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def _text(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def _links_to(pdf: Path, address: str) -> bool:
    return any(link.endswith(address) for link in _links(pdf))


def test_the_preview_prints_again_after_the_pages_and_builds_nothing_in_full(tmp_path):
    tree = ReprintTree(tmp_path)
    live = tree.built_site()
    out = tmp_path / "live"
    leaflet, motion = _pdf(out, "hold-back-the-rent-rise-a-leaflet"), _pdf(out, "model-motion-back-the-rent-strike")
    assert _links_to(leaflet, OLD) and _links_to(motion, OLD)
    untouched = motion.with_suffix(".txt").stat().st_ino

    update = live.changed({_header_line(tree.content / NEWS, "Date", "2024-11-20")})
    assert update.how == "header"  # not a full build
    assert sorted(Path(p.source_path).name for p in update.printing) == list(PRINTED)
    new = "2024/11/news-of-the-rent-strike/"
    page = next(out.rglob("hold-back-the-rent-rise-a-leaflet/index.html")).read_text(encoding="utf-8")
    assert new in page and OLD not in page
    assert _links_to(leaflet, OLD)  # the pages first (the browser reloads), the PDFs after

    printed = live.print_again()
    assert printed.how == "print"
    assert sorted(Path(p).name for p in printed.written) == [leaflet.name, motion.name]
    for pdf in (leaflet, motion):
        assert _links_to(pdf, new) and not _links_to(pdf, OLD), _links(pdf)
    assert "Read the news of the rent strike before the meeting." in _text(leaflet)
    assert motion.with_suffix(".txt").stat().st_ino == untouched  # its plain text shows no link address
    assert live.print_again().how == "none"  # printed once
    assert differences(out, _clean(tree, tmp_path)) == []


def test_a_save_before_the_pdfs_are_printed_prints_them_first(tmp_path):
    # The devserver prints before it handles the next save; a caller that does not is covered
    # too: the next change prints what the last one left, then applies itself.
    tree = ReprintTree(tmp_path)
    live = tree.built_site()
    assert live.changed({_header_line(tree.content / NEWS, "Date", "2024-11-20")}).printing
    update = live.changed({_header_line(tree.content / NEWS, "Title", "The rent strike, a week on")})
    assert update.how == "header" and len(update.printing) == 2
    assert live.print_again().how == "print"
    leaflet = _pdf(tmp_path / "live", "hold-back-the-rent-rise-a-leaflet")
    assert _links_to(leaflet, "2024/11/the-rent-strike-a-week-on/")
    # A date edit that leaves the address where it was prints nothing.
    update = live.changed({_header_line(tree.content / NEWS, "Date", "2024-11-21")})
    assert update.how == "header" and not update.printing
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_make_html_prints_again_on_the_header_path(tmp_path):
    tree = MakeReprintTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    leaflet = _pdf(out, "hold-back-the-rent-rise-a-leaflet")
    _header_line(tree.content / NEWS, "Title", "The rent strike, a week on")  # its address moves
    code, last, errors = make_html(tree, out)
    assert code == 0 and HEADER in last, last + errors  # Pelican not run
    assert _links_to(leaflet, "2025/03/the-rent-strike-a-week-on/") and not _links_to(leaflet, OLD)
    assert differences(out, _clean_make(tree, tmp_path)) == []  # the .txt's .gz, the search parts too
    # A mistake only the check finds, in a header edit that moves the post again: the PDFs printed
    # again are held with the pages, and nothing moves in.
    before = snapshot(out)
    good = (tree.content / NEWS).read_text(encoding="utf-8")
    _header_line(tree.content / NEWS, "Title", "The rent strike, two weeks on")
    _header_line(tree.content / NEWS, "Summary", "A summary that goes on and on. " * 12)
    code, last, errors = make_html(tree, out)
    assert code == 1 and re.search(r"rent-strike-news\.md:\d+: .*the Summary is", errors), last + errors
    assert "Pelican runs (" not in errors, errors  # the header path's check found it
    assert snapshot(out) == before
    (tree.content / NEWS).write_text(good, encoding="utf-8")
    # A body edit of the leaflet itself still runs Pelican (its PDF is made from its text).
    path = tree.content / "posts" / PRINTED[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST not in last, last + errors
    assert "One more line." in _text(leaflet)
    assert differences(out, _clean_make(tree, tmp_path)) == []


#: (what, which post, a word): date and title edits move a post; a body edit of the leaflet prints it (in full).
REPRINT_OPS = st.tuples(st.sampled_from(["date", "title", "tags", "leaflet body"]), st.integers(0, 1),
                        st.sampled_from(["rent", "repairs", "strike"]), st.booleans())


@settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(REPRINT_OPS, min_size=2, max_size=4))
def test_any_sequence_of_moves_under_printed_links_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = ReprintTree(base)
        live = tree.built_site()
        for n, (what, which, word, print_now) in enumerate(ops):
            post = tree.content / (NEWS, "posts/library-hours.md")[which]
            if what == "date":
                changed = _header_line(post, "Date", f"2024-{n + 1:02d}-{10 + which:02d}")
            elif what == "title":
                changed = _header_line(post, "Title", f"The {word} news, take {n}")
            elif what == "tags":
                changed = _header_line(post, "Tags", f"{word}, news")
            else:
                changed = tree.content / "posts" / PRINTED[0]
                changed.write_text(changed.read_text(encoding="utf-8") + f"\nAbout the {word}.\n", encoding="utf-8")
            update = live.changed({changed})
            if what != "leaflet body":
                assert update.how == "header", (what, update.how)  # never a full build
            if print_now:
                live.print_again()  # else the next save prints first
        live.print_again()
        assert differences(base / "live", _clean(tree, base)) == []


def _many_links(content: Path) -> str:
    """A leaflet whose PDF grows by more than a kilobyte when the news post's address grows by
    ~200 characters: its download links (on its page and its cards) show a new size."""
    links = "\n".join(f"- [The news, part {n}]({{filename}}/{NEWS})" for n in range(300))
    (content / "posts" / "many-links-leaflet.md").write_text(
        "Title: Every part of the news\nDate: 2025-03-11\nCategory: Leaflets\nKind: leaflet\n"
        f"Summary: A leaflet that links to the news three hundred times.\n\n{links}\n", encoding="utf-8")
    return "every-part-of-the-news"


def _sizes(out: Path, stem: str) -> set[str]:
    """The sizes the pages' links to the PDF `stem` show ("PDF, 38 KB")."""
    link = re.compile(rf'/{stem}\.pdf"[^>]*>[^<]*\((PDF, [^)]*)\)')
    return {size for page in out.rglob("index.html") for size in link.findall(page.read_text(encoding="utf-8"))}


def test_a_pdf_whose_size_changes_makes_the_pages_showing_it_again(tmp_path):
    tree = ReprintTree(tmp_path)
    stem = _many_links(tree.content)
    live = tree.built_site()
    out = tmp_path / "live"
    before = _sizes(out, stem)
    assert len(before) == 1
    long_title = "News " + "of the rent strike " * 12
    update = live.changed({_header_line(tree.content / NEWS, "Title", long_title.strip())})
    assert update.how == "header" and len(update.printing) == 3
    assert _sizes(out, stem) == before  # the pages first, with the sizes they had
    printed = live.print_again()
    assert printed.how == "print" and printed.pages  # then the PDF, and the pages that show its size
    assert _sizes(out, stem) != before and len(_sizes(out, stem)) == 1  # its page and cards agree
    assert differences(out, _clean(tree, tmp_path)) == []
