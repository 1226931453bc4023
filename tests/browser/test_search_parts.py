"""Search over an index in parts (a large site's) finds what the single index finds: the search
root, built with one index and in parts."""
from __future__ import annotations

import pytest

from tests.browser.conftest import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def single_server(roots):
    yield from serve(roots("search").root)


@pytest.fixture(scope="module")
def parted_server(parted_site):
    yield from serve(parted_site.root)


def _search(page, server: str, query: str) -> tuple[list[str], list[str]]:
    """The result paths (every page of them) and the search files fetched."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(server)))
    page.goto(f"{server}/search/?q={query}")
    page.wait_for_selector(".search-result")
    while page.is_visible(".search-results__more"):
        count = page.locator(".search-result").count()
        page.click(".search-results__more")
        # (Not wait_for_function: Playwright evaluates a string, which our CSP refuses.)
        page.locator(".search-result").nth(count).wait_for()
    paths = page.eval_on_selector_all(".search-result__title a", "els => els.map(a => new URL(a.href).pathname)")
    return paths, [url for url in fetched if url.startswith("/pagefind/")]


def test_parts_find_the_same_pages_as_one_index(page, single_server, parted_server):
    single, _ = _search(page, single_server, "neighbours")
    parted, fetched = _search(page, parted_server, "neighbours")
    assert len(single) == 14  # every post of the search root and its page
    assert sorted(parted) == sorted(single)
    # Pages from the older part(s) and from the main part are both found.
    assert any(p.startswith("/2021/") for p in parted) and any(not p.startswith("/2021/") for p in parted)
    # The merged parts share the main bundle's WebAssembly: it is fetched once.
    assert sum(url.startswith("/pagefind/") and "wasm." in url for url in fetched) == 1, fetched
    assert any(url.startswith("/pagefind/2021") for url in fetched), fetched
