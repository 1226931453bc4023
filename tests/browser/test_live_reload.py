"""Issue 18: `make devserver` end to end, in real Chromium. The live preview
(`python -m campaign.tools.devserver`, what `make devserver` runs) serves a small tree; a saved post
is on disk and the open page reloads by itself, for a body edit (re-rendered in memory) and a
title edit (a full build in the same process)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

from tests.conftest import BUILD_DAY, ROOT, settings_with


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_saved_post_reloads_the_open_page(page, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "roots" / "preview-small", content)
    port, output = _port(), tmp_path / "output"
    log = open(tmp_path / "devserver.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "campaign.tools.devserver", "--settings", settings_with(tmp_path, base="rootconf"),
         "--content", str(content), "--output", str(output),
         "--today", BUILD_DAY, "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")})
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the first build, then the server listens
            assert server.poll() is None, (tmp_path / "devserver.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        page.goto(f"http://127.0.0.1:{port}/2025/06/post-number-5/")
        page.wait_for_function("() => window.LiveReload !== undefined", timeout=20_000)
        time.sleep(1)  # livereload.js connects its socket after loading
        page.evaluate("window.notReloaded = true")
        post = content / "posts" / "post-05.md"
        post.write_text(post.read_text(encoding="utf-8") + "\nA sentence saved while the page was open.\n",
                        encoding="utf-8")
        page.wait_for_function("() => window.notReloaded === undefined", timeout=20_000)
        page.wait_for_selector("text=A sentence saved while the page was open.", timeout=20_000)
        assert "page(s) changed" in (tmp_path / "devserver.log").read_text()
        page.evaluate("window.notReloaded = true")
        header_edits = (tmp_path / "devserver.log").read_text().count("(header edit)")
        post.write_text(post.read_text(encoding="utf-8").replace("Title: Post number 5",
                                                                  "Title: Post number 5, retitled"),
                        encoding="utf-8")
        page.wait_for_function("() => window.notReloaded === undefined", timeout=60_000)
        # The address comes from the title, so the post has moved (the old address is our 404 now).
        # A save can reach the watcher as two batches (the editor writes, then closes), so the
        # reload may come from the first: wait for the header edit's report rather than assume it.
        # A title edit is a header edit: listings redone from the posts in memory, no full build.
        moved = f"http://127.0.0.1:{port}/2025/06/post-number-5-retitled/"
        deadline = time.monotonic() + 90
        while (tmp_path / "devserver.log").read_text().count("(header edit)") <= header_edits:
            assert time.monotonic() < deadline, (tmp_path / "devserver.log").read_text()
            time.sleep(0.2)
        page.goto(moved)
        page.wait_for_selector("h1:has-text('Post number 5, retitled')", timeout=20_000)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
