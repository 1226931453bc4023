"""smartypants' convert_quotes given only the stretches of a token around its quotes
(reader.near_quotes_only) says exactly what the library says given the whole token."""
from __future__ import annotations

import smartypants
from hypothesis import example, given, settings
from hypothesis import strategies as st

from campaign.markdown import reader
from campaign.markdown.reader import near_quotes_only, skip_plain_tokens

# Quote-free prose of any length (what keeps stretches apart), and bits holding everything the
# patterns look at around a quote: entities for dashes and spaces, digits of '80s, word ends, \B.
PROSE = st.text(alphabet=st.sampled_from(list("abs9 .,;")), max_size=30)
BITS = st.sampled_from(["'", '"', "''", "\"'", "'\"", "--", "&nbsp;", "&mdash;", "&ndash;", "&#8211;",
                        "&#8212;", "&#x2013;", "&&#x2013;", "&", "&#x2014;", "80s", "s ", "\\B", "(", "[", "{", "-", "\t",
                        "\n", "!", "\x00", "&#8217;", "x", "1"])
TEXT = st.lists(st.one_of(PROSE, BITS), max_size=25).map("".join)


def library(text: str) -> str:
    """The library's own convert_quotes, whatever skip_plain_tokens has installed over it."""
    convert = smartypants.convert_quotes
    return getattr(convert, "scans", convert)(text)


@settings(max_examples=600, deadline=None)
@given(TEXT)
@example("said " + "a" * 20 + " &&#x2013;'twas " + "b" * 20 + " '80s \"" + "c" * 30 + '"')
@example("'" + "a" * 40 + "'")
@example("a" * 20 + "'80s" + "b" * 20)
def test_the_stretches_around_quotes_convert_as_the_whole_token(text):
    assert near_quotes_only(library)(text) == library(text)


def test_stretches_narrower_than_the_patterns_reach_would_differ(monkeypatch):
    # The entity before the quote decides it opens (&#8216;); a stretch cut inside it closes it.
    text = "words and more words &&#x2013;'twas so"
    assert "&#8216;twas" in library(text)
    monkeypatch.setattr(reader, "QUOTE_REACH", (4, 6))
    assert near_quotes_only(library)(text) != library(text)


def test_the_quick_convert_quotes_uses_the_stretches():
    skip_plain_tokens(smartypants)
    text = "x" * 50 + " 'quoted' " + "y" * 50
    assert smartypants.convert_quotes(text) == library(text) == text.replace(" 'quoted' ", " &#8216;quoted&#8217; ")
