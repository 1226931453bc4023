"""smartypants' token walk with plain text tokens passed by (markdown/smarty_tokens.py) gives what
the library's own walk gives: on generated HTML holding every tag it skips and every character its
converters replace, with and without the quick converters, for every set of attributes."""
from __future__ import annotations

import smartypants
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.markdown.reader import skip_plain_tokens, typogrify_like_pelican
from campaign.markdown.smarty_tokens import TRIGGERS, install

# What the converters and the walk look at: quotes, dashes, dots, escapes, entities, backticks, space.
PIECE = st.text(alphabet=st.sampled_from(list("ab9 \t\n'\"`-.\\&#;xs80()!?,")), max_size=12)
WORDS = st.sampled_from(["&quot;", "&nbsp;", "&#8211;", "&mdash;", "...", ". . .", "--", "---",
                         "``", "''", "'80s", '\\"', "\\'", "\\-", "\\.", "\\`", "\\\\"])
TAGS = st.sampled_from(["<p>", "</p>", "<em>", "</em>", "<a href=\"x'y\">", "</a>", "<br/>", "<!-- a -- b -->",
                        "<pre>", "</pre>", "<code>", "</code>", "<kbd>", "</kbd>", "<script>", "</script>",
                        "<math>", "</math>", "<PRE>", "</Pre>", '<code class="q">', "<"])
HTML = st.lists(st.one_of(PIECE, WORDS, TAGS), max_size=24).map("".join)
# Paragraphs: long text tokens whose quotes come late, several to a text (their quotes are
# converted together, smarty_tokens._quotes_at_once), and short ones whose quotes come early.
PROSE = st.lists(st.one_of(st.sampled_from(["some words here ", "and then ", "x" * 12, "   ", "\n"]),
                           PIECE, WORDS, TAGS), max_size=40).map("".join)
A = smartypants.Attr
ATTRS = st.sampled_from([None, A.set1 | A.w, A.set1, A.set2 | A.w, A.set3, A.q, A.q | A.w, A.B | A.q,
                         A.d, A.D | A.e, A.i, A.b, A.w, A.e | A.q, 0, A.set1 | A.u, A.set1 | A.h | A.w,
                         A.set2 | A.s])


def test_the_library_is_the_one_the_walk_was_worked_out_for():
    # The walk repeats smartypants 2.0.2's loop (its tag stack, its converters' order): look again
    # at smarty_tokens.py with another version.
    assert smartypants.__version__ == "2.0.2"


@settings(max_examples=600, deadline=None)
@given(HTML | PROSE, ATTRS)
def test_the_walk_gives_what_the_librarys_walk_gives(html, attr):
    install(smartypants)
    quick = smartypants.smartypants
    assert quick(html, attr) == quick.walks(html, attr)


@settings(max_examples=400, deadline=None)
@given(HTML | PROSE, ATTRS)
def test_with_the_library_converters_too(html, attr):
    install(smartypants)
    skip_plain_tokens(smartypants)
    names = ("process_escapes", "convert_dashes", "convert_ellipses", "convert_backticks", "convert_quotes")
    kept = {name: getattr(smartypants, name) for name in names}
    try:
        for name, convert in kept.items():
            setattr(smartypants, name, convert.scans)  # the library's own converters
        assert smartypants.smartypants(html, attr) == smartypants.smartypants.walks(html, attr)
    finally:
        for name, convert in kept.items():
            setattr(smartypants, name, convert)


@settings(max_examples=300, deadline=None)
@given(PIECE | WORDS)
def test_a_token_without_a_trigger_is_what_every_converter_leaves_alone(token):
    if TRIGGERS.search(token):
        return
    for convert in (smartypants.process_escapes, smartypants.convert_dashes, smartypants.convert_dashes_oldschool,
                    smartypants.convert_dashes_oldschool_inverted, smartypants.convert_ellipses,
                    smartypants.convert_backticks, smartypants.convert_single_backticks, smartypants.convert_quotes):
        assert getattr(convert, "scans", convert)(token) == token
    assert token.replace("&quot;", '"') == token


def test_typogrify_installs_the_walk_and_it_curls():
    conf = {"TYPOGRIFY_IGNORE_TAGS": ["svg", "pre", "code", "script"], "TYPOGRIFY_DASHES": "default",
            "TYPOGRIFY_OMIT_FILTERS": ["widont", "caps", "amp", "initial_quotes"]}
    content, _ = typogrify_like_pelican('<p>"Hi" -- <code>"x"</code> it\'s</p>', {}, conf)
    assert hasattr(smartypants.smartypants, "walks")
    assert content == '<p>&#8220;Hi&#8221; &#8212; <code>"x"</code> it&#8217;s</p>'


def test_a_narrower_trigger_would_be_caught(monkeypatch):
    # Without `--` among the triggers a dash between two plain words would be left unconverted.
    import re

    import campaign.markdown.smarty_tokens as walk

    install(smartypants)
    monkeypatch.setattr(walk, "TRIGGERS", re.compile(r"""[\\'"`]|&quot;|\.\.\.|\. \. \."""))
    assert smartypants.smartypants("a -- b") != smartypants.smartypants.walks("a -- b")


# Every context convert_quotes' patterns look at, before a quote (up to `&&#x2013;`, 9 characters)
# and after one (up to `80s`, 3): each placed early and late in a token, at its end, and in
# several tokens of one text, whose quotes are converted together.
CONTEXTS = ["'80s", "x'80s", "&&#x2013;'x", "&#x2014;'x", "&#8211;'x", "&mdash;'x", "&nbsp;'x", "--'x", " 'x",
            "x's ", "x's", "x'  ", "x'", "x'9", '("x', 'x" ', 'x"', ' "x', "\"'x", "'\"x", "'.", '".', "'", '"']


def test_every_quote_context_early_late_and_at_the_end():
    install(smartypants)
    quick = smartypants.smartypants
    texts = []
    for context in CONTEXTS:
        for before in ("", "a", "words before it ", "x" * 11, "x" * 12):
            for after in ("", " ", "s", "9", " and words after"):
                texts.append(before + context + after)
    for attr in (None, A.set1 | A.w, A.q, A.set2):
        for one in texts:
            assert quick(one, attr) == quick.walks(one, attr), one
        for first, second in zip(texts, reversed(texts), strict=True):
            html = f"<p>{first}<em>{second}</em> {first}</p>"
            assert quick(html, attr) == quick.walks(html, attr), html
