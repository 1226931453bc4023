"""Typogrify skips the text tokens smartypants would leave unchanged (reader.skip_plain_tokens):
each quick converter says exactly what the library's own says, on any text, and whole HTML comes
out of Typogrify the same with and without the skips."""
from __future__ import annotations

import smartypants
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.markdown.reader import PLAIN_SKIPS, skip_plain_tokens, typogrify_like_pelican

# Everything the converters' patterns look at: quotes, dashes, dots, escapes, entities, digits, space.
TEXT = st.text(alphabet=st.sampled_from(list("ab9 \t\n'\"`-.\\&#;xs80()[]{}!?,<>/p=")), max_size=40)
CONF = {"TYPOGRIFY_IGNORE_TAGS": ["svg", "pre", "code", "script"], "TYPOGRIFY_DASHES": "default",
        "TYPOGRIFY_OMIT_FILTERS": []}


def test_the_library_is_the_one_the_skips_were_worked_out_for():
    # PLAIN_SKIPS lists, per converter, characters every one of its patterns contains: a new
    # smartypants may add a pattern without them (then look again at PLAIN_SKIPS).
    assert smartypants.__version__ == "2.0.2"


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_each_quick_converter_says_what_the_librarys_says(text):
    skip_plain_tokens(smartypants)
    for name in PLAIN_SKIPS:
        quick = getattr(smartypants, name)
        assert quick(text) == quick.scans(text), name


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TEXT, st.sampled_from(["<p>", "</p>", "<em>", "</em>", "<code>", "</code>", "<br>"])),
                max_size=8))
def test_typogrify_gives_the_same_html_with_and_without_the_skips(parts):
    html = "".join(text + tag for text, tag in parts)
    quick = typogrify_like_pelican(html, {"title": html}, CONF)  # installs the skips
    quick_converters = {name: getattr(smartypants, name) for name in PLAIN_SKIPS}
    try:
        for name, convert in quick_converters.items():
            setattr(smartypants, name, convert.scans)  # the library's own, scanning every token
        scanned = _typogrify(html), {"title": _typogrify(html)}
    finally:
        for name, convert in quick_converters.items():
            setattr(smartypants, name, convert)
    assert quick == scanned


def _typogrify(text: str) -> str:
    """Typogrify as typogrify_like_pelican applies it with CONF (Attr.default is the one it set)."""
    from typogrify.filters import typogrify

    return typogrify(text, CONF["TYPOGRIFY_IGNORE_TAGS"])
