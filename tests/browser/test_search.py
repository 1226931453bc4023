"""Search in real Chromium over the kinds root: ?q= from the header form, typing in the box, result
markup, no-JS text."""
from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unique_word(kinds) -> tuple[str, dict]:
    """A word in exactly one indexed body (no other body has a word sharing its first six
    letters, so Pagefind's stemming and prefix matching cannot find a second page), with that
    post's title and sections."""
    owners: dict[str, set[str]] = defaultdict(set)
    posts = {}
    for path in kinds.html_files():
        rel = path.relative_to(kinds.root).as_posix()
        body = kinds.soup(rel).select_one("[data-pagefind-body]")
        if body is None:
            continue
        posts[rel] = kinds.soup(rel)
        for word in re.findall(r"[A-Za-z]{8,}", body.get_text(" ")):
            owners[word.lower()[:6]].add(rel)
    for stem, pages in sorted(owners.items()):
        (rel,) = pages if len(pages) == 1 else (None,)
        if rel and kinds.soup(rel).select_one("article.post"):
            body = kinds.soup(rel).select_one("[data-pagefind-body]").get_text(" ")
            word = next(w for w in re.findall(r"[A-Za-z]{8,}", body) if w.lower().startswith(stem))
            soup = kinds.soup(rel)
            return word, {
                "url": "/" + rel.removesuffix("index.html"),
                "title": soup.select_one("h1").get_text(" ", strip=True).replace("\xa0", " "),
                "section": " · ".join(a.get_text(strip=True) for a in soup.select(".post__header .posted-in a")),
            }
    pytest.fail("no word belongs to just one post of the kinds root")


def _results(page) -> list[dict]:
    page.wait_for_selector(".search-result")
    return page.eval_on_selector_all(".search-result", """items => items.map(li => ({
        url: new URL(li.querySelector('.search-result__title a').href).pathname,
        title: li.querySelector('.search-result__title').innerText.replace(/\\u00a0/g, ' '),
        section: (li.querySelector('.search-result__section') || {}).innerText,
        excerpt: li.querySelector('.search-result__excerpt').innerText,
        marked: [...li.querySelectorAll('.search-result__excerpt mark')].map(m => m.innerText),
    }))""")


def _check_one_result(page, word, post) -> None:
    [result] = _results(page)
    assert result["url"] == post["url"] and result["title"] == post["title"]
    assert result["section"].lower() == post["section"].lower()  # CSS shows it in capitals
    assert len(result["excerpt"]) > 40
    assert any(word.lower() in m.lower() for m in result["marked"]), result["marked"]
    assert page.inner_text(".search-results__status") == f"1 result for “{word}”."


def test_the_address_query_is_searched_on_load(page, server, unique_word):
    word, post = unique_word
    page.goto(f"{server}/search/?q={quote(word)}")
    assert page.input_value("#search-q") == word
    _check_one_result(page, word, post)


def test_typing_in_the_box_searches_and_updates_the_address(page, server, unique_word):
    word, post = unique_word
    page.goto(f"{server}/search/")
    page.fill("#search-q", word)
    _check_one_result(page, word, post)
    assert page.url.endswith(f"/search/?q={quote(word)}")


def test_the_header_form_leads_to_results(page, server, unique_word):
    word, post = unique_word
    page.goto(f"{server}/about/")
    page.fill("#site-search-q", word)
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    _check_one_result(page, word, post)


def test_a_word_found_nowhere_says_so(page, server):
    page.goto(f"{server}/search/?q=zzyzxqv")
    # (No wait_for_function: Playwright evaluates its string, which our CSP rightly refuses.)
    page.wait_for_selector(".search-results__status:has-text('No results for')")
    assert page.locator(".search-result").count() == 0


# Accessibility (axe, at 375 and 1280 px) of the search page with results: test_accessibility.py.


def test_without_javascript_the_page_says_search_needs_it(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server}/search/?q=repairs")
        assert page.is_visible("text=Search needs JavaScript")
        assert page.is_visible("[data-search-nojs] a[href='/archive/']")
        assert not page.is_visible("#search-q")
    finally:
        context.close()


def test_the_index_loads_only_when_someone_searches(page, server):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{server}/search/", wait_until="networkidle")
    assert not [url for url in fetched if "/pagefind/" in url], "Pagefind loaded before anyone searched"
    page.focus("#search-q")
    page.wait_for_load_state("networkidle")
    # (The rest, WebAssembly and index, is fetched by Pagefind's worker, which Playwright does not see.)
    assert any(url.endswith("/pagefind/pagefind.js") for url in fetched), fetched
