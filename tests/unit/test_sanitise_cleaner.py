"""The sanitiser's kept nh3 Cleaner (sanitise._cleaner, made once per process) cleans as nh3.clean
does with the same allow-lists, on any HTML: tags, attributes, URLs, styles, comments, entities."""
from __future__ import annotations

import nh3
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.markdown import sanitise

PIECES = ["<p>", "</p>", '<a href="', "<a href='javascript:x'>", "https://e.org/", "mailto:a@b.c", "/images/a.jpg",
          '">', "</a>", '<img src="', '" alt="x" srcset="a 1x">', "<script>", "</script>", "<style>", "<!-- c -->",
          '<td style="text-align: left">', '<td style="color: red">', '<span onclick="x()">', "<iframe>", "&amp;",
          "&#106;avascript:", "<svg>", "<table>", "<th>", "<b>", "x", " ", "\n", '"', "'", "<", ">", "=", "é"]


def _nh3_clean(html: str) -> str:
    """nh3.clean as the sanitiser called it before keeping a Cleaner."""
    return nh3.clean(
        html, tags=set(sanitise.TAGS), clean_content_tags=set(sanitise.CONTENT_TAGS),
        attributes={k: set(v) for k, v in sanitise.ATTRIBUTES.items()}, attribute_filter=sanitise._allowed_url,
        url_schemes=set(sanitise.URL_SCHEMES), link_rel=None,
        filter_style_properties=set(sanitise.STYLE_PROPERTIES), strip_comments=True,
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_kept_cleaner_cleans_as_nh3_clean(html):
    assert sanitise.clean(html) == _nh3_clean(html)


def test_the_cleaner_is_made_once():
    assert sanitise._cleaner() is sanitise._cleaner()
