"""Fingerprints of the values a page's templates look up (outputs/render_memo.py)."""
from __future__ import annotations

import functools
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pelican.urlwrappers import Tag

from campaign.outputs.render_memo import Fingerprints, Unstable
from campaign.settings import CampaignSettings


def prints() -> Fingerprints:
    return Fingerprints(lambda post: post._content)


class Post:
    def __init__(self, title: str, content: str):
        self.title, self._content, self.settings = title, content, {"ignored": object()}


def test_equal_values_have_equal_fingerprints_and_unequal_ones_do_not():
    assert prints().of([1, "a", None]) == prints().of([1, "a", None])
    assert prints().of([1, "a"]) != prints().of(["1", "a"])
    assert prints().of({"a": 1, "b": 2}) == prints().of({"b": 2, "a": 1})
    assert prints().of(("a", "b")) != prints().of(("ab",))
    when = datetime(2026, 11, 29, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    assert prints().of(when) != prints().of(when.replace(minute=31))


def test_an_object_is_its_attributes_and_its_shown_text_but_not_its_settings():
    assert prints().of(Post("A", "<p>x</p>")) == prints().of(Post("A", "<p>x</p>"))
    assert prints().of(Post("A", "<p>x</p>")) != prints().of(Post("B", "<p>x</p>"))
    shown = Fingerprints(lambda post: post._content.replace("{filename}/b.md", "/moved/"))
    assert shown.of(Post("A", "{filename}/b.md")) != prints().of(Post("A", "{filename}/b.md"))


def test_a_tag_is_its_name_and_address_however_often_pages_used_it():
    settings = {"TAG_URL": "tag/{slug}/", "TAG_SAVE_AS": "tag/{slug}/index.html", "SLUGIFY_SOURCE": "title",
                "SLUG_REGEX_SUBSTITUTIONS": [], "TAG_REGEX_SUBSTITUTIONS": []}
    tag = Tag("Picket line", settings)
    before = prints().of(tag)
    _ = tag.url, tag.slug  # Pelican fills in attributes as pages use a tag
    assert prints().of(tag) == before
    assert prints().of(Tag("Picket", settings)) != before


def test_functions_are_their_code_and_what_they_close_over():
    def make(n):
        return lambda: n
    assert prints().of(make(1)) != prints().of(make(2))
    assert prints().of(functools.partial(max, 1)) != prints().of(functools.partial(max, 2))
    assert prints().of(len) == prints().of(len)
    first: dict = {}
    second: dict = {}
    exec("def shout(text):\n    return text.upper()\n", first)  # a filter in a settings file...
    exec("def shout(text):\n    return text.lower()\n", second)  # ...edited, its name the same
    assert prints().of(first["shout"]) != prints().of(second["shout"])


def test_a_value_with_no_stable_form_is_refused_so_its_page_renders():
    class Slots:
        __slots__ = ("x",)
    with pytest.raises(Unstable):
        prints().of(Slots())


def test_the_build_instant_is_left_out_and_the_day_kept_in():
    now = datetime(2026, 11, 29, 10, tzinfo=ZoneInfo("Europe/London"))
    cs = CampaignSettings(sections=(), today=now.date(), preview=False, domain="example.org", prodid="-//x//EN",
                          content_dir=Path("content"), theme_dir=Path("theme"), section_feed=None, now=now)
    later = replace(cs, now=now.replace(hour=11))
    assert prints().of(later) == prints().of(cs)
    assert prints().of(replace(cs, today=cs.today.replace(day=30))) != prints().of(cs)
