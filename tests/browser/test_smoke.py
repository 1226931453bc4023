"""The home page renders in real Chromium and the skip link is the first focusable element."""
import pytest

from tests.roots.rootconf import SITENAME

pytestmark = pytest.mark.browser


def test_home_renders_and_skip_link_moves_focus_to_main(page, server):
    page.goto(server + "/")
    assert page.title().startswith(SITENAME)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
