"""Layout: no sideways scrolling on small phones (320, 375 px) or at 200% zoom (1280 px at 200% is
640 CSS px), text at least 16 px, and a full-page screenshot of every template at 375 and 1280 px
in test-artifacts/screenshots/ for a person to look at."""
from __future__ import annotations

import pytest

from tests.browser.helpers import TEMPLATES, open_page, screenshot, template_path

pytestmark = pytest.mark.browser

# The widest elements that stick out past the right edge of the window (what makes it scroll).
OVERFLOW_JS = """() => {
  const limit = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit + 1 && el.checkVisibility() && !el.closest('.visually-hidden')) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.classList.length ? '.' + [...el.classList].join('.') : '');
      out.push(`${name} (right edge ${Math.round(r.right)} px)`);
    }
  }
  return {scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth, out: out.slice(0, 8)};
}"""


def overflow(page) -> str | None:
    """What sticks out sideways, or None when the page fits the window."""
    m = page.evaluate(OVERFLOW_JS)
    if m["scroll"] <= m["inner"] and not m["out"]:
        return None
    return f"page is {m['scroll']} px wide in a {m['inner']} px window; sticking out: {', '.join(m['out'])}"


def body_text_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_sideways_scrolling_and_readable_at_200_percent(page, server, kinds, name):
    problems = []
    open_page(page, server, kinds, name, 320)
    for width in (320, 375, 640, 1280):  # one load, then resized: media queries apply afresh
        page.set_viewport_size({"width": width, "height": 800})
        if problem := overflow(page):
            problems.append(f"at {width} px: {problem}")
        if width in (375, 1280):
            screenshot(page, name, width)
        if width == 640:  # 1280 px at 200% zoom: body text must still be at least 16 px
            if (size := body_text_px(page)) < 16:
                problems.append(f"at 200% zoom body text is {size} px; it should be at least 16 px")
    assert not problems, f"{template_path(kinds, name)}:\n  " + "\n  ".join(problems)


def test_checks_see_a_wide_element_and_small_text(page):
    page.set_viewport_size({"width": 320, "height": 600})
    page.set_content('<body style="margin:0;font-size:14px"><p>fits</p><pre class="code" style="width:500px">too wide</pre></body>')
    assert body_text_px(page) == 14
    assert "pre.code (right edge 500 px)" in (overflow(page) or "")
    page.set_content('<body style="margin:0;overflow-x:hidden"><div style="width:700px">hidden overflow</div></body>')
    assert "div (right edge 700 px)" in (overflow(page) or "")
