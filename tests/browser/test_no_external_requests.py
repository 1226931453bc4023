"""Never tracked: every page of whatever content/ holds loads nothing from another origin and sets
no cookie (a site-wide check: it names none of the content's posts)."""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest

pytestmark = pytest.mark.browser


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _indexed_word(site) -> str:
    """A word of the first indexed page, so a search for it has results whatever the content."""
    for path in site.html_files():
        body = site.soup(path.relative_to(site.root).as_posix()).select_one("[data-pagefind-body]")
        if body is not None and (words := re.findall(r"[A-Za-z]{5,}", body.get_text(" "))):
            return words[0]
    raise AssertionError("no page of the build is indexed for search")


def _addresses(site) -> list[str]:
    pages = ["/" + p.relative_to(site.root).as_posix().removesuffix("index.html") for p in site.html_files()]
    # A missing page (served by our 404 page) and a search, which loads Pagefind's files.
    return [*pages, "/no-such-page/", f"/search/?q={quote(_indexed_word(site))}"]


def test_no_request_leaves_the_site_and_nothing_is_stored(browser, content_server, site):
    server = content_server
    context = browser.new_context()
    requests: list[tuple[str, str]] = []
    failures: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requests.append((page.url, r.url)))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 and r.request.resource_type != "document" else None)
    # ERR_ABORTED: a late request (the favicon) cut short by our next navigation, not a failure.
    page.on("requestfailed", lambda r: failures.append(f"{r.failure} {r.url}") if "ERR_ABORTED" not in (r.failure or "") else None)
    addresses = _addresses(site)
    try:
        for address in addresses:
            page.goto(server + address, wait_until="load")
            if address.startswith("/search/?q="):
                page.wait_for_selector(".search-result")
            assert page.evaluate("document.cookie") == "", address
            assert page.evaluate("localStorage.length + sessionStorage.length") == 0, address
        cookies = context.cookies()
    finally:
        context.close()
    outside = [(at, url) for at, url in requests if _origin(url) != server]
    assert not outside, f"{len(outside)} request(s) to other origins, first: {outside[:5]}"
    assert any("/pagefind/" in url for _, url in requests), "the search did not load Pagefind"
    assert not failures, failures[:10]
    assert cookies == []


def test_the_listener_catches_a_request_to_another_origin(browser, server):
    # The control: a page without our policy that does reach out is caught by the same listener.
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    try:
        page.set_content('<img alt="" src="http://127.0.0.2:9/pixel.gif">')
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert "http://127.0.0.2:9/pixel.gif" in seen


def test_the_pages_policy_blocks_anything_from_another_origin(page, server):
    # Were a future template or post to embed something from elsewhere, the browser refuses it.
    page.goto(server + "/")
    blocked = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener("securitypolicyviolation", e => resolve(e.violatedDirective));
        const img = new Image(); img.src = "http://127.0.0.2:9/pixel.gif"; document.body.append(img);
        setTimeout(() => resolve(null), 2000);
    })""")
    assert blocked == "img-src"
