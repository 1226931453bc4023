"""Accessibility: axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds nothing on one page of
every template, on a phone (375 px) and a desktop (1280 px), in real Chromium: in the kinds root
(every template there is) and, site-wide, in whatever content/ holds (the templates it has)."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import TEMPLATES, open_page, present_templates, template_path

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def axe_violations(page) -> list[str]:
    """One line per failing element: rule id, the element, and what the rule asks."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))} — {v['help']}\n"
            f"      {node['failureSummary'].replace(chr(10), ' ')}\n      {node['html'][:200]}"
            for v in results.response["violations"] for node in v["nodes"]]


def violations_at_both_widths(page, server, site, name) -> list[str]:
    found = []
    open_page(page, server, site, name, 375)
    for width in (375, 1280):  # one load, then resized: media queries apply afresh
        page.set_viewport_size({"width": width, "height": 800})
        found += [f"at {width} px: {v}" for v in axe_violations(page)]
    return found


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_axe_violations_on_a_phone_or_a_desktop(page, server, kinds, name):
    found = violations_at_both_widths(page, server, kinds, name)
    assert not found, f"{template_path(kinds, name)}:\n  " + "\n  ".join(found)


def test_no_axe_violations_in_the_sites_own_content(page, content_server, site):
    """Site-wide: one page of each template content/ has (whichever kinds of post it holds)."""
    present = present_templates(site)
    assert {"home", "archive", "search", "404"} <= set(present)
    found = [f"{address} {v}" for name, address in present.items()
             for v in violations_at_both_widths(page, content_server, site, name)]
    assert not found, "\n  ".join(found)


def test_axe_finds_violations_in_a_broken_page(page):
    page.set_content('<html><body><img src="x.png"><a href="/x"></a>'
                     '<p style="color:#aaa;background:#fff">faint</p><input type="text"></body></html>')
    ids = {line.split(" ")[0] for line in axe_violations(page)}
    assert {"image-alt", "link-name", "color-contrast", "label", "html-has-lang"} <= ids, ids
