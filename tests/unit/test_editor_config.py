"""The editor's configuration as pure data: made from the settings, so it follows SECTIONS and the kinds."""
from __future__ import annotations

import re

import pytest

from campaign.checks.per_file import SUMMARY_MAX
from campaign.content.kinds import KINDS
from campaign.content.vocabulary import load_vocabulary
from campaign.editor.config import (
    admin_csp,
    api_origins,
    backend_of,
    cms_config,
    collection,
    folder_of,
)
from campaign.errors import CampaignError

MOTION_TYPES = load_vocabulary(None).motion.types

SECTIONS = [{"slug": "campaigns", "title": "Campaigns"},
            {"slug": "events", "title": "Meetings/events", "listing": "events", "kinds": ["event"]},
            {"slug": "press-releases", "title": "Press releases", "kinds": ["press-release"]}]


def _field(col: dict, name: str) -> dict:
    return next(f for f in col["fields"] if f["name"] == name)


def test_one_collection_per_kind_each_in_its_section_folder_filtered_by_kind():
    config = cms_config(SECTIONS, None)
    assert [c["name"] for c in config["collections"]] == list(KINDS)
    event = config["collections"][list(KINDS).index("event")]
    assert event["folder"] == "content/posts/events"
    assert event["filter"] == {"field": "kind", "value": "event"}
    assert event["format"] == "campaign-header" and event["extension"] == "md"
    assert config["media_folder"] == "content/images" and config["public_folder"] == "/images"


def test_a_group_that_renames_its_sections_gets_a_matching_form():
    own = [{"slug": "news", "title": "News"}, {"slug": "meetings", "title": "Meetings"}]
    event = collection("event", own)
    category = _field(event, "category")
    assert [o["value"] for o in category["options"]] == ["News", "Meetings"]
    assert category["multiple"] is True and category["min"] == 1
    # No section names events among its kinds: new events go to the first section, as `make new` does.
    assert folder_of("event", own) == "news"
    assert event["folder"] == "content/posts/news" and category["default"] == ["News"]


def test_dates_and_times_use_the_header_formats():
    event = collection("event", SECTIONS)
    assert _field(event, "start")["format"] == "YYYY-MM-DD HH:mm"
    assert _field(event, "end")["time_format"] == "HH:mm"
    assert _field(event, "date")["format"] == "YYYY-MM-DD" and _field(event, "date")["time_format"] is False
    assert _field(collection("motion", SECTIONS), "deadline")["format"] == "YYYY-MM-DD"
    assert _field(collection("petition", SECTIONS), "closes")["required"] is False


@pytest.mark.parametrize("summary,ok", [("x" * SUMMARY_MAX, True), ("x" * (SUMMARY_MAX + 1), False),
                                        ("One sentence.\nAnother.", True), ("", False)])
def test_the_summary_pattern_is_the_checks_limit(summary, ok):
    pattern = _field(collection("post", SECTIONS), "summary")["pattern"][0]
    # Decap tests the pattern with JavaScript's RegExp; this one means the same in Python.
    assert bool(re.search(pattern, summary)) is ok


@pytest.mark.parametrize("kind,name,good,bad", [
    ("event", "register", "https://example.org/sign-up", "example.org/sign-up"),
    ("event", "register", "mailto:events@example.org", "www.example.org"),
    ("petition", "sign", "https://example.org/form", "http://example.org/form"),
])
def test_link_fields_take_the_schemes_the_checks_take(kind, name, good, bad):
    pattern = _field(collection(kind, SECTIONS), name)["pattern"][0]
    assert re.search(pattern, good) and not re.search(pattern, bad)


def test_choices_are_the_checks_choices():
    assert _field(collection("motion", SECTIONS), "motion_type")["options"] == list(MOTION_TYPES)
    assert _field(collection("leaflet", SECTIONS), "paper")["options"] == ["A4", "A5"]
    assert _field(collection("post", SECTIONS), "kind") == {"name": "kind", "label": "Kind", "widget": "hidden",
                                                             "default": "post"}


def test_editorial_workflow_by_default_and_drafts_first_without_it():
    assert cms_config(SECTIONS, None)["publish_mode"] == "editorial_workflow"
    assert "default" not in _field(cms_config(SECTIONS, None)["collections"][0], "status")
    simple = cms_config(SECTIONS, {"workflow": "simple"})
    assert "publish_mode" not in simple
    assert _field(simple["collections"][0], "status")["default"] == "draft"


def test_production_backends_from_the_setting():
    github = backend_of({"backend": "github", "repo": "group/site", "base_url": "https://auth.example.org"})
    assert github == {"name": "github", "repo": "group/site", "branch": "main", "base_url": "https://auth.example.org",
                      "auth_endpoint": "auth"}
    gitlab = backend_of({"backend": "gitlab", "repo": "group/site", "app_id": "abc"})
    assert gitlab["auth_type"] == "pkce" and gitlab["app_id"] == "abc"
    assert api_origins(gitlab) == ["https://gitlab.com"]
    assert api_origins(github) == ["https://api.github.com", "https://auth.example.org",
                                   "https://raw.githubusercontent.com"]


@pytest.mark.parametrize("setting,message", [
    ({"backend": "bitbucket", "repo": "a/b"}, "CAMPAIGN_EDITOR backend 'bitbucket' is not one of github, gitlab, gitea"),
    ({"backend": "github", "repo": "site"}, "CAMPAIGN_EDITOR repo 'site' is not owner/name"),
    ({"backend": "github", "repo": "a/b"}, "CAMPAIGN_EDITOR for github needs base_url"),
    ({"backend": "gitlab", "repo": "a/b"}, "CAMPAIGN_EDITOR for gitlab needs app_id"),
    ({"backend": "gitea", "repo": "a/b", "app_id": "x"}, "CAMPAIGN_EDITOR for gitea needs base_url"),
])
def test_a_bad_backend_setting_names_itself_and_the_fix(setting, message):
    with pytest.raises(CampaignError) as err:
        backend_of(setting)
    assert str(err.value).startswith(f"pelicanconf.py:1: {message}")
    assert " — write CAMPAIGN_EDITOR = {" in str(err.value)


def test_the_admin_policy_relaxes_only_what_decap_needs():
    local = admin_csp(None)
    assert "script-src 'self' 'unsafe-eval';" in local and "'unsafe-inline'" not in local.split("style-src")[0]
    assert "connect-src 'self' blob:;" in local and "https:" not in local
    github = admin_csp(backend_of({"backend": "github", "repo": "a/b", "base_url": "https://auth.example.org"}))
    assert "connect-src 'self' blob: https://api.github.com https://auth.example.org https://raw.githubusercontent.com;" in github


def test_the_motion_form_speaks_the_groups_words():
    words = load_vocabulary({"motion": {"label": "Resolution", "types": ["resolution", "urgent resolution"],
                                        "needs_deadline": ["urgent resolution"],
                                        "fields": {"body": "To be put to"},
                                        "example_body": "the tenants' assembly"}})
    motion = collection("motion", SECTIONS, vocabulary=words)
    assert _field(motion, "motion_type")["options"] == ["resolution", "urgent resolution"]
    assert _field(motion, "body")["label"] == "To be put to"
    assert _field(motion, "body")["hint"] == "For example: the tenants' assembly."
    assert _field(motion, "deadline")["hint"] == "The last day to submit it. Needed for: urgent resolution."
    neutral = collection("motion", SECTIONS)
    assert _field(neutral, "deadline")["hint"] == "The last day to submit it."
