"""The home page renders in real Chromium and the skip link is the first focusable element."""
import pytest

pytestmark = pytest.mark.browser


def test_home_renders_and_skip_link_moves_focus_to_main(page, server):
    page.goto(server + "/")
    assert page.title().startswith("Labour in Exile Network")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
