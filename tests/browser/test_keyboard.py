"""Keyboard: the skip link comes first and moves focus to the main content; Tab reaches every link,
button, summary and field, and each one shows that it has focus (its outline, shadow or background
changes), on a phone (375 px, menu opened) and a desktop (1280 px)."""
from __future__ import annotations

import pytest

from tests.browser.helpers import TEMPLATES, open_page, template_path

pytestmark = pytest.mark.browser

# Marks every visible interactive element with its unfocused look, and records, as focus moves,
# which element has it and which of its outline, shadow and background changed. Returns the count.
PREPARE_JS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const look = el => { const s = getComputedStyle(el);
    return {outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'none'
                     : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            shadow: s.boxShadow, background: s.backgroundColor}; };
  const all = [...document.querySelectorAll(
      'a[href], button, summary, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')]
    .filter(el => !el.disabled && el.checkVisibility({visibilityProperty: true}));
  all.forEach((el, i) => { el.__qg = {index: i, before: look(el)}; });
  window.__qgAll = all;
  window.__qgStops = [];
  document.addEventListener('focusin', event => {
    const el = event.target;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.classList.length ? '.' + [...el.classList].join('.') : '') +
      ` "${(el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40)}"`;
    const r = el.getBoundingClientRect();
    const offscreen = r.width < 2 || r.height < 2 || r.right + scrollX <= 0 || r.bottom + scrollY <= 0;
    if (!el.__qg) { window.__qgStops.push({index: -1, name, offscreen, changed: []}); return; }
    const now = look(el), before = el.__qg.before;
    window.__qgStops.push({index: el.__qg.index, name, offscreen,
                           changed: Object.keys(now).filter(k => now[k] !== before[k])});
  });
  return all.length;
}"""


def walk_with_tab(page) -> tuple[int, list[dict]]:
    """Press Tab once for each interactive element, and once more; what each press focused, in order,
    up to the first element focused a second time."""
    total = page.evaluate(PREPARE_JS)
    for _ in range(total + 1):
        page.keyboard.press("Tab")
    seen, stops = set(), []
    for stop in page.evaluate("window.__qgStops"):
        if stop["index"] in seen and stop["index"] != -1:
            break
        seen.add(stop["index"])
        stops.append(stop)
    return total, stops


def focus_problems(total: int, stops: list[dict], names: list[str]) -> list[str]:
    problems = [f"{s['name']} takes focus but cannot be seen" if s["index"] == -1 or s["offscreen"] else
                f"{s['name']} shows no focus (outline, box-shadow and background unchanged)"
                for s in stops if s["offscreen"] or not s["changed"]]
    reached = {s["index"] for s in stops}
    problems += [f"{names[i]} is never reached with Tab" for i in range(total) if i not in reached]
    return problems


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", TEMPLATES)
def test_tab_reaches_everything_and_focus_is_visible(page, server, kinds, name, width):
    open_page(page, server, kinds, name, width)
    total, stops = walk_with_tab(page)
    names = page.evaluate("() => window.__qgAll.map(el => el.outerHTML.slice(0, 100))")
    problems = focus_problems(total, stops, names)
    assert total > 5 and stops, f"only {total} interactive elements found"
    assert not problems, f"{template_path(kinds, name)} at {width} px:\n  " + "\n  ".join(problems)


def skip_link_problem(page) -> str | None:
    """Press Tab, Enter, Tab from the top of the page: skip link, then main, then into main."""
    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    if first != ["skip-link", "#main"]:
        return f"the first Tab stop is {first}, not the skip link"
    if not page.evaluate("document.activeElement.getBoundingClientRect().top >= 0"):
        return "the skip link stays off-screen when it has focus"
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        return f"Enter on the skip link leaves focus on {page.evaluate('document.activeElement.outerHTML.slice(0, 60)')}"
    page.keyboard.press("Tab")  # the next stop is inside the main content, past the header and menu
    if not page.evaluate("document.getElementById('main').contains(document.activeElement)"):
        return "Tab after the skip link goes back to the header, not into the main content"
    return None


@pytest.mark.parametrize("name", TEMPLATES)
def test_skip_link_comes_first_and_moves_focus_to_main(page, server, kinds, name):
    open_page(page, server, kinds, name, 1280)
    problem = skip_link_problem(page)
    assert problem is None, f"{template_path(kinds, name)}: {problem}"


@pytest.mark.parametrize(("html", "problem"), [
    ('<a href="/">Home</a><a class="skip-link" href="#main">Skip</a><main id="main" tabindex="-1"><a href="#">x</a></main>',
     "the first Tab stop is ['', '/'], not the skip link"),
    ('<a class="skip-link" href="#main" style="position:absolute;top:-99px">Skip</a><main id="main" tabindex="-1">x</main>',
     "the skip link stays off-screen when it has focus"),
    ('<a class="skip-link" href="#main">Skip</a><main id="content"><a href="#">x</a></main>',
     "Enter on the skip link leaves focus on"),
])
def test_skip_link_check_catches_a_broken_skip_link(page, html, problem):
    page.set_content(html)
    assert (skip_link_problem(page) or "").startswith(problem)


def test_focus_check_catches_an_invisible_focus_and_an_unreachable_link(page):
    page.set_content('<style>a:focus { outline: none } #five:focus { box-shadow: 0 0 0 3px blue }</style>'
                     '<a href="#1">one</a> <button style="outline:none">two</button> '
                     '<a href="#3" tabindex="-1">three</a> <a href="#4" style="outline:4px solid red">four</a> '
                     '<a id="five" href="#5">five</a> <input aria-label="six">'
                     '<a href="#7" style="position:absolute;left:-999px">seven</a>')
    total, stops = walk_with_tab(page)
    names = page.evaluate("() => window.__qgAll.map(el => el.outerHTML)")
    problems = focus_problems(total, stops, names)
    assert problems == [
        'a "one" shows no focus (outline, box-shadow and background unchanged)',
        'button "two" shows no focus (outline, box-shadow and background unchanged)',
        'a "four" shows no focus (outline, box-shadow and background unchanged)',  # the same outline as ever
        'a "seven" takes focus but cannot be seen',
        '<a href="#3" tabindex="-1">three</a> is never reached with Tab']
