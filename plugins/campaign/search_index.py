"""Site search: Pagefind indexes the built pages into <output>/pagefind/, served from our origin.

Only elements marked `data-pagefind-body` (a post's or page's body) are indexed, so menus,
footers and listings never match. The index is read in the reader's browser: nothing typed
is sent anywhere.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from .build import BuildFailed

BUNDLE_DIR = "pagefind"
# Pagefind's ready-made interfaces: our search page uses only pagefind.js and its own markup
# (the UIs inject inline styles, which the Content-Security-Policy refuses), so they go.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def pagefind_command(site: Path) -> list[str]:
    """The Pagefind command line that indexes `site` (the binary ships in the `pagefind` wheel)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE_DIR, "--silent"]


def index_site(site: Path) -> dict:
    """Write the search index into `site`/pagefind; return its size and the time it took."""
    try:
        import pagefind  # noqa: F401 (only to say what to install when it is missing)
    except ImportError:
        raise BuildFailed("Pagefind is missing: run `.venv/bin/pip install 'pagefind[extended]'`") from None
    start = time.perf_counter()
    done = subprocess.run(pagefind_command(site), capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise BuildFailed(f"Pagefind failed (exit {done.returncode}):\n{done.stderr or done.stdout}")
    bundle = site / BUNDLE_DIR
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return {
        "search_seconds": round(time.perf_counter() - start, 2),
        "search_files": len(files),
        "search_bytes": sum(p.stat().st_size for p in files),
    }
