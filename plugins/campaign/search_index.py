"""Site search: Pagefind indexes the built pages into <output>/pagefind/, served from our origin.

Only elements marked `data-pagefind-body` (a post's or page's body) are indexed, so menus,
footers and listings never match. The index is read in the reader's browser: nothing typed
is sent anywhere.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
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


def index_key(site: Path) -> str:
    """sha256 of what the index is made from: every HTML file (path and bytes) and Pagefind itself.

    Pagefind's output depends only on these, so an unchanged site can reuse the last index
    instead of indexing every page again (a quarter of a rebuild, and its peak memory).
    """
    digest = hashlib.sha256(f"pagefind {version('pagefind')} {UNUSED}".encode())
    for path in sorted(site.rglob("*.html")):
        digest.update(str(path.relative_to(site)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _reuse(cache: Path, key: str, bundle: Path) -> bool:
    cached = cache / key
    if not cached.is_dir():
        return False
    shutil.copytree(cached, bundle)
    return True


def _keep(cache: Path, key: str, bundle: Path, keep: int = 3) -> None:
    # Copy under a temporary name, then rename: a half-copied index is never reused.
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache / f".{key}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(bundle, tmp)
    shutil.rmtree(cache / key, ignore_errors=True)
    tmp.rename(cache / key)
    for old in sorted((p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.stat().st_mtime)[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def index_site(site: Path, cache: Path | None = None) -> dict:
    """Write the search index into `site`/pagefind (reused from `cache` when no page changed)."""
    try:
        import pagefind  # noqa: F401 (only to say what to install when it is missing)
    except ImportError:
        raise BuildFailed("Pagefind is missing: run `.venv/bin/pip install 'pagefind[extended]'`") from None
    start = time.perf_counter()
    bundle = site / BUNDLE_DIR
    key = index_key(site) if cache else ""
    reused = bool(cache) and _reuse(cache, key, bundle)
    if not reused:
        done = subprocess.run(pagefind_command(site), capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise BuildFailed(f"Pagefind failed (exit {done.returncode}):\n{done.stderr or done.stdout}")
        for name in UNUSED:
            (bundle / name).unlink(missing_ok=True)
        if cache:
            _keep(cache, key, bundle)
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return {
        "search_seconds": round(time.perf_counter() - start, 2),
        "search_reused": reused,
        "search_files": len(files),
        "search_bytes": sum(p.stat().st_size for p in files),
    }
