"""A motion's plain-text twin converts its Markdown with the reader's quick passes (inline patterns
and block processors not tried where they cannot match): the HTML is the library's own."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from campaign.markdown.inline import QuickInlineProcessor
from campaign.outputs import pdf_text

PIECES = ["a", "b ", " ", "  \n", "\n", "\n\n", "*", "**", "_", "`", "\\", "[", "]", "(", ")", "!", "<", ">",
          "&", "&amp;", "#", "# ", "1. ", "- ", "> ", "---\n", "=\n", ":", "[^1]", "[^1]: n\n", "*[HTML]: h\n",
          "http://x.org", "<http://x.org>", "<a@b.org>", "|", "| a | b |\n|---|---|\n", "    code\n", "~~~\n",
          "term\n: def\n", '<div markdown="1">', "</div>", "'", '"', "--", "..."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_motions_html_is_the_librarys(text):
    library = Markdown(extensions=["extra"])
    assert pdf_text._to_html(text) == library.convert(text)


def test_the_quick_passes_are_in_place():
    md = pdf_text._markdown()
    assert isinstance(md.treeprocessors["inline"], QuickInlineProcessor)
    assert any(hasattr(p.test, "guards") for p in md.parser.blockprocessors)
