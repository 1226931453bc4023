"""The pages the site itself claims, worked out from the settings before any build."""
from __future__ import annotations

from campaign.checks.site_plan import built_in_claims


def _home_pages(patterns: list[tuple[int, str, str]]) -> dict[str, str]:
    conf = {"DEFAULT_PAGINATION": 2, "PAGINATION_PATTERNS": patterns}
    return {c.what: c.output for c in built_in_claims(conf, [], [], [], live_posts=5)
            if c.what.endswith("of the home page")}


def test_home_page_pagination_claims_each_page():
    pages = _home_pages([(1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/",
                                                     "{base_name}/page/{number}/index.html")])
    assert pages == {"page 2 of the home page": "page/2/index.html", "page 3 of the home page": "page/3/index.html"}


def test_a_pagination_pattern_that_does_not_format_claims_nothing():
    # It stopped the check with an AttributeError (None.lstrip) instead.
    pages = _home_pages([(1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/",
                                                     "{base_name}/page/{oops}/index.html")])
    assert pages == {}
