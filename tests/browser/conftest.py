"""Real Chromium through Playwright, against session builds served on loopback: the kinds root
(`server`, every template) and whatever content/ holds (`content_server`, the site-wide checks)."""
from __future__ import annotations

import functools
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest

from campaign.tools.devserver import _Handler

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that work on this kind of machine (no GPU, closed network, root).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def serve(root):
    """A built site on http://127.0.0.1:<port>/, served like a static host (with our 404)."""
    handler = functools.partial(_Handler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def server(kinds):
    """The kinds root's build: one page of every template."""
    yield from serve(kinds.root)


@pytest.fixture(scope="session")
def content_server(site):
    """Whatever content/ holds, built: for the site-wide checks only."""
    yield from serve(site.root)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the session."""
    if not shutil.which("chromium") and not __import__("os").path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `sudo apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page (own context: no cookies or cache shared between tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
