"""Header links are parsed and re-serialised; only http(s) and mailto, nothing that breaks out."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from campaign.content.links import BadLink, safe_link
from campaign.markdown.sanitise import clean

# Any text, and text shaped like an address so the parser's paths are reached often.
_PIECES = st.sampled_from(["https://", "http://", "mailto:", "javascript:", "data:", "//", "@", ":", "/", "?", "#",
                           "%", "%2", "%22", '"', "'", "<", ">", " ", "\t", "\n", "\x00", "\u202e", "é", "[", "]",
                           "example.org", "a", "1", ".", "-", "&", "="])
ADDRESSES = st.one_of(st.text(), st.lists(_PIECES, max_size=12).map("".join))


@settings(max_examples=400, deadline=None)
@given(ADDRESSES)
@example('https://example.org/x" onmouseover="alert(1)')
@example("javascript:alert(1)")
@example("https://example.org/\u00e9?q=\u00e9#\u00e9")
def test_any_text_is_refused_or_becomes_a_clean_link_that_round_trips(value):
    try:
        href = safe_link(value)
    except BadLink as why:
        assert str(why)  # a reason for the person who wrote it
        return
    parts = urlsplit(href)
    assert parts.scheme in ("http", "https", "mailto")
    assert href.isascii() and href.isprintable()
    assert not any(c.isspace() or c in '"<>`\\' for c in href)
    assert safe_link(href) == href  # re-serialising is stable
    if parts.scheme != "mailto":
        assert parts.netloc and "@" not in parts.netloc
    # Printed into an href, it survives the sanitiser as it is: nothing in it is markup.
    assert clean(f'<a href="{href.replace("&", "&amp;")}">x</a>') == f'<a href="{href.replace("&", "&amp;")}">x</a>'


@pytest.mark.parametrize("value, expected", [
    ("https://example.org/register", "https://example.org/register"),
    ("HTTPS://Example.ORG", "https://example.org/"),
    ("https://example.org/a?b=1&c='x'#f", "https://example.org/a?b=1&c='x'#f"),
    ("https://example.org/caf\u00e9", "https://example.org/caf%C3%A9"),
    ("mailto:sign@example.org?subject=Sign%20me", "mailto:sign@example.org?subject=Sign%20me"),
])
def test_good_links_are_kept(value, expected):
    assert safe_link(value) == expected


@pytest.mark.parametrize("value, reason", [
    ('https://example.org/x"><img src=x>', 'has a quote mark " at character 22'),
    ("https://example.org/a b", "has a space at character 22"),
    ("https://example.org/\x07", "has '\\x07' at character 21"),
    ("javascript:alert(1)", "is not a link"),
    ("data:text/html,hi", "is not a link"),
    ("www.example.org/sign", "is not a link"),
    ("https://trusted.example@evil.example/", "hides where the link goes"),
    ("https:///path", "has no site name"),
    ("mailto:nobody", "is not an email address"),
])
def test_bad_links_say_why(value, reason):
    with pytest.raises(BadLink) as caught:
        safe_link(value)
    assert reason in str(caught.value)
