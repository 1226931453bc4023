"""Search over an index in parts (a large site's, issue 10) finds what the single index finds."""
from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest

from campaign.devserver import _Handler

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def parted_server(parted_site):
    handler = functools.partial(_Handler, directory=str(parted_site.root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


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


def test_parts_find_the_same_pages_as_one_index(page, server, parted_server):
    single, _ = _search(page, server, "labour")
    parted, fetched = _search(page, parted_server, "labour")
    assert len(single) > 10
    assert sorted(parted) == sorted(single)
    # Pages from the older part(s) and from the main part are both found.
    assert any(p.startswith("/2021/") for p in parted) and any(not p.startswith("/2021/") for p in parted)
    # The merged parts share the main bundle's WebAssembly: it is fetched once.
    assert sum(url.startswith("/pagefind/") and "wasm." in url for url in fetched) == 1, fetched
    assert any(url.startswith("/pagefind/2021") for url in fetched), fetched
