"""Long text and bytes are fingerprinted by their digest (outputs/render_memo.py `_scalar`): the
fingerprint still tells every value apart, and never mixes a digest up with a short value."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from campaign.outputs.render_memo import _LONG, Fingerprints, _scalar


def prints() -> Fingerprints:
    return Fingerprints(lambda post: post._content)


@given(st.text(min_size=_LONG - 2, max_size=_LONG + 40), st.text(min_size=_LONG - 2, max_size=_LONG + 40))
def test_long_and_short_text_are_the_same_fingerprint_only_when_equal(a, b):
    assert (prints().of(a) == prints().of(b)) == (a == b)
    assert (prints().of([a, 1]) == prints().of([b, 1])) == (a == b)


def test_one_changed_character_deep_in_a_long_text_or_pdf_changes_the_fingerprint():
    text = "<p>" + "word " * 2000 + "</p>"
    assert prints().of(text) != prints().of(text.replace("word", "ward", 1))
    data = bytes(range(256)) * 400
    assert prints().of({"data": data}) != prints().of({"data": data[:-1] + b"\x00"})


def test_text_bytes_and_a_short_text_holding_a_digest_are_told_apart():
    long = "x" * (_LONG + 1)
    assert prints().of(long) != prints().of(long.encode())
    assert _scalar(long).startswith("str#") and _scalar(long.encode()).startswith("bytes#")
    lookalike = _scalar(long).removeprefix("str#")  # a short text that is the digest's hex
    assert prints().of(lookalike) != prints().of(long)
    assert _scalar("a") == "str:'a'"


def _tag_settings(url: str) -> dict:
    return {"TAG_URL": url, "TAG_SAVE_AS": url + "index.html", "SLUGIFY_SOURCE": "title",
            "SLUG_REGEX_SUBSTITUTIONS": [], "TAG_REGEX_SUBSTITUTIONS": []}


def test_tags_alike_share_a_fingerprint_and_any_difference_in_address_or_slug_tells():
    from pelican.urlwrappers import Category, Tag

    settings, other = _tag_settings("tag/{slug}/"), _tag_settings("topic/{slug}/")
    fp = prints()
    first = fp.of(Tag("Picket line", settings))
    assert fp.of(Tag("Picket line", settings)) == first  # another post's own Tag object
    assert fp.of(Tag("Picket line", other)) != first  # another address
    assert fp.of(Tag("Picket", settings)) != first
    named = Tag("Picket line", settings)
    named.slug = "strike"  # a slug set by hand
    assert fp.of(named) != first
    category = {**settings, "CATEGORY_URL": "tag/{slug}/", "CATEGORY_SAVE_AS": "tag/{slug}/index.html"}
    assert fp.of(Category("Picket line", category)) != fp.of(Tag("Picket line", category))
    assert fp.of(Tag("Picket line", settings)) == prints().of(Tag("Picket line", settings))
