"""The toc extension building its table only where a post places it (markdown/toc.py) gives the
HTML the extension gives: headings' ids, a placed table, and the marker left where it is no table."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from campaign.markdown.toc import toc_only_where_placed

CONFIG = {"extensions": ["markdown.extensions.extra", "markdown.extensions.toc", "markdown.extensions.sane_lists"],
          "extension_configs": {"markdown.extensions.toc": {"permalink": False}}, "output_format": "html5"}
WORDS = st.sampled_from(["Aims", "aims", "[TOC]", "*em*", "`code`", 'q"uote', "it's", "&amp;", "x", "[TOC] x"])
LINE = st.tuples(st.sampled_from(["", "# ", "## ", "### ", "- ", "> ", "    "]),
                 st.lists(WORDS, min_size=1, max_size=4).map(" ".join)).map("".join)
DOCUMENT = st.lists(LINE, max_size=10).map("\n\n".join)


def _pair() -> tuple[Markdown, Markdown]:
    library, ours = Markdown(**CONFIG), Markdown(**CONFIG)
    toc_only_where_placed(ours)
    toc_only_where_placed(ours)  # idempotent
    return library, ours


@settings(max_examples=300, deadline=None)
@given(DOCUMENT)
def test_the_html_is_the_extensions(text):
    library, ours = _pair()
    assert ours.convert(text) == library.convert(text)
    assert ours.reset().convert(text) == library.reset().convert(text)  # kept and reset, as the reader does


def test_a_placed_table_is_built_and_an_unplaced_one_is_not():
    library, ours = _pair()
    placed = "# Aims\n\n[TOC]\n\n## Means\n"
    assert '<div class="toc">' in ours.convert(placed) == library.convert(placed)
    assert "#means" in ours.toc
    ours.reset().convert("# Aims\n\n## Means\n")
    assert ours.toc == "<div></div>"  # not built: nothing reads it
