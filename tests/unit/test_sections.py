"""Parsing `Category:` into sections, and grouping posts by section (no build)."""
from types import SimpleNamespace

import pytest

from campaign.content.sections import group_by_section, parse_sections
from campaign.settings import Section

KNOWN = [Section("campaigns", "Campaigns", ""), Section("model-motions", "Model motions", ""),
         Section("events", "Meetings/events", "")]


def parse(raw):
    return parse_sections(raw, KNOWN, path="content/posts/x.md", line=3)


@pytest.mark.parametrize("raw, slugs", [
    ("Campaigns", ["campaigns"]),
    ("Campaigns, Model motions", ["campaigns", "model-motions"]),
    ("model-motions,campaigns", ["model-motions", "campaigns"]),
    ("  MODEL   motions ", ["model-motions"]),
    ("Meetings/events, campaigns", ["events", "campaigns"]),
])
def test_titles_and_slugs_resolve_in_order(raw, slugs):
    found, problems = parse(raw)
    assert problems == []
    assert [s.slug for s in found] == slugs


@pytest.mark.parametrize("raw, message, fix", [
    ("Campains", "unknown section 'Campains'", "did you mean 'Campaigns'?"),
    ("Recipes", "unknown section 'Recipes'", "known sections: Campaigns, Model motions, Meetings/events"),
    ("Campaigns, ", "empty section name", "remove the extra comma"),
    ("Campaigns, campaigns", "section 'Campaigns' is named twice", "name each section once"),
    ("", "this post names no section", "add a line `Category: Campaigns`"),
    (None, "this post names no section", "one or more of: Campaigns"),
])
def test_bad_sections_name_file_line_and_fix(raw, message, fix):
    _, problems = parse(raw)
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith("content/posts/x.md:3: ")
    assert message in text and fix in text


def test_group_puts_two_section_post_in_both():
    a = SimpleNamespace(sections=[KNOWN[0], KNOWN[1]])
    b = SimpleNamespace(sections=[KNOWN[1]])
    groups = group_by_section([a, b], KNOWN)
    assert groups["campaigns"] == [a]
    assert groups["model-motions"] == [a, b]
    assert groups["events"] == []
