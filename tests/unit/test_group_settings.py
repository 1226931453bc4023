"""A group's settings, without a build: contrast, colours, the kind vocabulary, home links, listings, SITE_URL."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from campaign.content import branding, listing
from campaign.content.home import home_blocks
from campaign.content.vocabulary import load_vocabulary
from campaign.errors import CampaignError
from campaign.settings import Section, default_section, site_prodid, site_url
from campaign.tools.starter import StarterError, check_values, plan_sections
from tests.conftest import ROOT

THEME = ROOT / "theme"


@pytest.mark.parametrize("a, b, ratio", [("#ffffff", "#000000", 21.0), ("#777777", "#ffffff", 4.48),
                                         ("#767676", "#ffffff", 4.54), ("#fff", "#fff", 1.0)])
def test_contrast_is_wcag_ratio(a, b, ratio):
    colour_a, colour_b = branding.parse_colour(a), branding.parse_colour(b)
    assert colour_a and colour_b
    assert round(branding.contrast(colour_a, colour_b), 2) == ratio


@pytest.mark.parametrize("settings, message", [
    ({"SITE_ACCENT": "red"}, "SITE_ACCENT: 'red' is not a colour"),
    ({"SITE_ACCENT": "#ff6600"}, "SITE_ACCENT: fails WCAG AA contrast for text (#ff6600 against paper is 2.94:1"),
    ({"SITE_ACCENT": "#1d6b3a", "SITE_ACCENT_DARK": "#4caf50"}, "SITE_ACCENT_DARK: fails WCAG AA contrast"),
])
def test_bad_accent_names_the_setting_and_the_fix(settings, message):
    with pytest.raises(CampaignError) as err:
        branding.load_brand(settings, THEME)
    assert message in str(err.value) and " — " in str(err.value)


def test_suggested_colour_passes():
    backgrounds = branding.theme_backgrounds(THEME)
    fixed = branding.suggest("#ff6600", backgrounds)
    assert not branding.check_pairs(fixed, branding.darken(fixed), backgrounds)


def test_brand_css_and_favicon_come_from_the_settings():
    brand = branding.load_brand({"SITE_ACCENT": "#1D6B3A", "SITENAME": "Clyde Tenants"}, THEME)
    assert brand.short_name == "CT" and brand.accent == "#1d6b3a"
    assert "--accent: #1d6b3a;" in brand.css()
    assert 'fill="#1d6b3a"' in branding.favicon_svg(brand) and ">CT<" in branding.favicon_svg(brand)


def test_vocabulary_defaults_are_neutral_and_overrides_merge():
    neutral = load_vocabulary(None)
    assert neutral.label("motion") == "Motion" and neutral.motion.types == ("motion",)
    words = load_vocabulary({"motion": {"label": "Model letter", "types": ["Letter to landlord"],
                                        "fields": {"body": "Send from"}}})
    assert words.motion.types == ("letter to landlord",)
    assert words.motion.fields == {"type": "Type", "body": "Send from", "deadline": "Deadline", "submit_to": "Submit to"}
    assert words.motion.kicker("Riverside Tenants") == "Model letter · Riverside Tenants"


@pytest.mark.parametrize("raw, message", [
    ({"motoin": {}}, "unknown kind 'motoin'"),
    ({"motion": {"lable": "x"}}, "unknown key(s) lable"),
    ({"motion": {"types": ["a"], "needs_deadline": ["b"]}}, "needs_deadline ['b'] must be among types ['a']"),
])
def test_bad_vocabulary_is_refused(raw, message):
    with pytest.raises(CampaignError) as err:
        load_vocabulary(raw)
    assert message in str(err.value)


SECTIONS = (Section("news", "News", ""), Section("meetings", "Meetings", "", "events", ("event",)))


def test_home_links_resolve_or_name_the_setting():
    pages = {"get-involved": "get-involved/"}
    blocks, problems = home_blocks(
        {"HOME_CALL_TO_ACTION": {"text": "Join", "link": "page:get-involved"},
         "HOME_WAYS_TO_HELP": {"title": "Help", "links": [["Meet", "section:meetings"], ["Mail", "mailto:a@b.org"]]}},
        SECTIONS, pages.get, lambda _name: 7)
    assert not problems
    assert blocks.call_to_action["link"].href == "get-involved/"
    assert blocks.events_link.href == "section/meetings/"  # no HOME_EVENTS_LINK: the first events section
    assert [(link.href, link.external) for link in blocks.help_links] == [("section/meetings/", False),
                                                                         ("mailto:a@b.org", True)]
    _, problems = home_blocks({"HOME_EVENTS_LINK": "page:diary", "HOME_WAYS_TO_HELP": {"links": [["x", "events"]]}},
                              SECTIONS, pages.get, lambda _name: 7)
    assert [str(p) for p in problems] == [
        ("pelicanconf.py:7: HOME_EVENTS_LINK links to page 'diary', which does not exist — "
        "add content/pages/diary.md, or link to another page or section"),
        ("pelicanconf.py:7: HOME_WAYS_TO_HELP link 'x' has the link 'events' — write a link as "
        '"section:<slug>", "page:<slug>", "mailto:..." or "https://..."')]


def _event(day: int):
    start = datetime(2026, 11, day, 19, tzinfo=UTC)
    return SimpleNamespace(event=SimpleNamespace(start=start, end=start), date=start)


def test_listing_follows_the_sections_behaviour_not_its_slug():
    past, soon, later = _event(1), _event(25), _event(28)
    today = date(2026, 11, 21)
    assert listing.order_for_section("events", [later, past, soon], today) == [soon, later, past]
    assert [g for g, _ in listing.section_groups([soon, later, past], "events", today)] == ["Upcoming", "Past"]
    assert listing.order_for_section("date", [later, past, soon], today) == [later, past, soon]


def test_new_posts_start_in_the_section_naming_their_kind():
    raw = [{"slug": "news", "title": "News"}, {"slug": "meetings", "title": "Meetings", "kinds": ["event"]}]
    assert default_section(raw, "event")["slug"] == "meetings"
    assert default_section(raw, "leaflet")["slug"] == "news"


def test_site_url_is_checked_and_derives_the_prodid():
    assert site_url({"SITE_URL": "https://clydetenants.org/"}) == "https://clydetenants.org"
    assert site_url({}) == ""
    with pytest.raises(CampaignError, match=re.escape("SITE_URL = 'clydetenants.org' is not a site address")):
        site_url({"SITE_URL": "clydetenants.org"})
    with pytest.raises(CampaignError, match="SITE_URL is not set for a published build"):
        site_url({"CAMPAIGN_PRODUCTION": True})
    assert site_prodid({"SITENAME": "Clyde Tenants"}, "clydetenants.org") == "-//Clyde Tenants//clydetenants.org//EN"


def test_starter_plans_sections_from_their_names():
    sections = plan_sections(("News", "Meetings", "Model letters"))
    by_slug = {s["slug"]: s for s in sections}
    assert by_slug["meetings"]["listing"] == "events" and by_slug["meetings"]["kinds"] == ["event"]
    assert by_slug["model-letters"]["listing"] == "deadlines" and by_slug["model-letters"]["kinds"] == ["motion"]
    assert "listing" not in by_slug["news"] and "post" in by_slug["news"]["kinds"]


def test_starter_lists_every_bad_value_at_once():
    with pytest.raises(StarterError) as err:
        check_values("", "ftp://x", "a@b", "|", "TOOLONGNAME", "#eeeeee", Path(THEME))
    lines = str(err.value).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["NAME", "URL", "EMAIL", "SECTIONS", "SHORT", "ACCENT"]
    assert all(" — " in line for line in lines)


def test_events_without_a_timezone_line_use_the_sites_timezone():
    from campaign.content.events import parse_event
    from campaign.content.header import parse_header
    from campaign.settings import CampaignSettings

    settings = CampaignSettings(sections=(), today=date(2026, 11, 21), preview=False, domain="example.org",
                                prodid="-//x//EN", content_dir=Path("content"), theme_dir=THEME, section_feed=None,
                                timezone="America/New_York")
    header = parse_header("Title: Meet\nDate: 2026-11-01\nKind: event\nStart: 2026-12-03 19:00\n"
                          "End: 2026-12-03 20:00\nLocation: Online\n\nText.\n")
    event = parse_event(header, settings, "x.md", "meet")
    assert event.tz == "America/New_York" and event.start.utcoffset().total_seconds() == -5 * 3600
