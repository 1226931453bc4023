"""Issue 14 in a real browser: pages built from hostile headers and permitted-but-tricky bodies
(tests/roots/hostile-headers) make no request to another origin, navigate nowhere and run nothing.

The Content-Security-Policy would block an injected inline script, so "nothing ran" is shown
two ways: no payload set `window.__pwned`, and the browser reported no policy violation (a
violation means something injected tried). A <meta http-equiv=refresh> is not stopped by the
policy at all, which is why the control test puts one back and watches the browser leave.
"""
from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from campaign.tools.devserver import _Handler
from tests.safety_roots import build, project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = project("hostile-headers", tmp_path_factory.mktemp("hostile-browser"))
    result, built = build(folder)
    assert result.returncode == 0, result.stderr + result.stdout
    # The control page: the tricky post as it would be served unescaped, with the raw refresh.
    tricky = built.path("2026/11/tricky-but-allowed/")
    control = built.root / "control" / "index.html"
    control.parent.mkdir()
    control.write_text(tricky.read_text(encoding="utf-8").replace(
        "<head>", '<head><meta http-equiv="refresh" content="0;url=http://127.0.0.2:9/gone">', 1), encoding="utf-8")
    return built


@pytest.fixture(scope="module")
def origin(hostile):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(hostile.root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _visit(browser, url: str, wait_for: str | None = None) -> dict:
    """Load `url`, wait long enough for a 0-second refresh; what the browser did."""
    context = browser.new_context()
    page = context.new_page()
    seen: dict[str, list[str]] = {"requests": [], "violations": [], "dialogs": []}

    def on_dialog(dialog) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["violations"].append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", on_dialog)
    try:
        page.goto(url, wait_until="load")
        if wait_for:
            page.wait_for_selector(wait_for)
        page.wait_for_timeout(400)
        seen["pwned"] = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
        seen["final"] = page.url
    finally:
        context.close()
    return seen


def _outside(urls: list[str], origin: str) -> list[str]:
    return [u for u in urls if f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" != origin and not u.startswith("data:")]


def test_no_page_reaches_out_navigates_or_runs_a_payload(browser, origin, hostile):
    addresses = ["/" + p.relative_to(hostile.root).as_posix().removesuffix("index.html")
                 for p in hostile.html_files() if not p.is_relative_to(hostile.root / "control")]
    assert "/2026/11/tricky-but-allowed/" in addresses and "/2026/11/hostile-event/" in addresses
    # A search whose results list the hostile titles and excerpts (search.js writes them as text).
    addresses.append("/search/?q=pwned")
    report = {}
    for address in addresses:
        seen = _visit(browser, origin + address, ".search-result" if "?q=" in address else None)
        bad = {k: v for k, v in (("outside", _outside(seen["requests"], origin)), ("violations", seen["violations"]),
                                 ("dialogs", seen["dialogs"]), ("pwned", seen["pwned"]),
                                 ("moved to", None if seen["final"] == origin + address else seen["final"])) if v}
        if bad:
            report[address] = bad
    assert report == {}


def test_control_a_raw_meta_refresh_takes_the_browser_elsewhere(browser, origin):
    # The same listener sees the harm the sanitiser now stops: the browser leaves for another origin.
    seen = _visit(browser, origin + "/control/")
    assert "http://127.0.0.2:9/gone" in _outside(seen["requests"], origin)
