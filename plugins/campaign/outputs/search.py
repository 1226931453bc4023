"""Site search: Pagefind indexes the built pages into <output>/pagefind/, served from our origin.

Only elements marked `data-pagefind-body` (a post's or page's body) are indexed, so menus,
footers and listings never match. The index is read in the reader's browser: nothing typed
is sent anywhere.

Issue 10 (build speed and memory): Pagefind has no way to update an index one page at a time,
and indexing 1000 posts takes seconds and 200 MB. So a large site's index is made in parts
of about `CAMPAIGN_SEARCH_PART_PAGES` pages, each covering whole months of posts. Each part is
kept by the cache seam (cache/derived.py), keyed by its pages' bytes, so editing one post
re-indexes only its part.
The newest part (with the pages that are not posts) is the main bundle in /pagefind/; the others
sit in /pagefind/<first month>/ (e.g. /pagefind/2021-03/) and are listed in /pagefind/parts.json, which the search page merges
with Pagefind's `mergeIndex` (merged parts share the main bundle's WebAssembly, so each adds
only its small entry and metadata files and the chunks a query needs). A site smaller than one
part has one bundle, as before.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib.metadata import version
from pathlib import Path

from ..cache.derived import Derived
from ..errors import BuildFailed
from ..settings import SEARCH_PART_PAGES as DEFAULT_PART_PAGES
from .store import OutputStore, as_store, walk_files

BUNDLE_DIR = "pagefind"
PARTS_FILE = "parts.json"
# A page in a year folder (2021/...), perhaps in a month folder under it (2021/03/...).
_PERIOD = re.compile(r"(\d{4})/(?:(\d{2})/)?")
MARKER = b"data-pagefind-body"
# Pagefind's ready-made interfaces: our search page uses only pagefind.js and its own markup
# (the UIs inject inline styles, which the Content-Security-Policy refuses), so they go.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
# A merged part is searched by the main bundle's scripts and WebAssembly: it needs only its data.
PART_KEEPS = ("pagefind-entry.json", ".pf_meta", "fragment/", "index/", "filter/")
#: The cache seam's label for a part's bundle (a folder of files Pagefind makes).
LABEL = "search bundle"
_GLOB_SPECIAL = set("*?[]{}!,\\")
# Everything Pagefind reads (the body and the title and section metadata) is inside <main>
# (theme/templates/base.html). Starting there gives byte-identical bundles for 15% less time.
ROOT_SELECTOR = "main"


@dataclass(frozen=True)
class Part:
    """Some of the searchable pages; `name` is "" for the main bundle, else e.g. "2021-03"."""

    name: str
    pages: tuple[str, ...]  # paths under the site, e.g. "2021/03/a-post/index.html"

    @property
    def folder(self) -> str:
        return f"{BUNDLE_DIR}/{self.name}" if self.name else BUNDLE_DIR


def searchable_pages(site: Path) -> dict[str, bytes]:
    """Every HTML page with a body for Pagefind, by path under `site`, with its bytes."""
    pages = {}
    for rel in walk_files(site):
        if rel.endswith(".html"):
            with open(f"{os.fspath(site)}/{rel}", "rb") as file:
                data = file.read()
            if MARKER in data:
                pages[rel] = data
    return pages


def _period(page: str) -> str | None:
    """"2021/03" for a page in a year and month folder, "2021" in a year folder, else None."""
    match = _PERIOD.match(page)
    if match is None:
        return None
    return f"{match[1]}/{match[2]}" if match[2] else match[1]


def plan_parts(pages: list[str], part_pages: int = DEFAULT_PART_PAGES) -> list[Part]:
    """Split pages into parts of whole months (or years), oldest first, closing a part once it
    holds `part_pages` pages; the newest months and every page outside a dated folder are the
    main part. A part is named after its first month, e.g. "2021-03".

    A post keeps its part when other posts are edited or added to later months, so a rebuild
    re-indexes only the parts whose pages changed.
    """
    by_period: dict[str, list[str]] = defaultdict(list)
    undated: list[str] = []
    for page in sorted(pages):
        period = _period(page)
        (by_period[period] if period else undated).append(page)
    if len(pages) <= part_pages or not by_period:
        return [Part("", tuple(sorted(pages)))]
    groups: list[list[str]] = [[]]
    for period in sorted(by_period):
        groups[-1].append(period)
        if sum(len(by_period[p]) for p in groups[-1]) >= part_pages:
            groups.append([])
    if not groups[-1]:
        groups.pop()
    *older, newest = groups
    main = Part("", tuple(sorted([*undated, *(page for p in newest for page in by_period[p])])))
    rest = [Part(group[0].replace("/", "-"), tuple(page for p in group for page in by_period[p]))
            for group in older]
    return [main, *rest]


def part_inputs(part: Part, pages: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """What a part's bundle is made from: its pages, paths and bytes."""
    return [(page, pages[page]) for page in part.pages]


@lru_cache(maxsize=1)
def pagefind_version() -> str:
    """Pagefind's version and how it is run: what a kept bundle is valid for."""
    return f"pagefind {version('pagefind')} {ROOT_SELECTOR}"


def _glob(pages: tuple[str, ...]) -> str:
    # One alternative per page. Our page paths are slugs (letters, digits, hyphens); a character
    # Pagefind's glob would read as a pattern becomes `?`, which still matches that character.
    return "{" + ",".join("".join("?" if c in _GLOB_SPECIAL else c for c in page) for page in pages) + "}"


@lru_cache(maxsize=1)
def _pagefind() -> list[str]:
    # The binary itself (its wheel ships it), not `python -m pagefind`, which starts Python
    # first only to find and exec the same binary: that costs a tenth of a second per part.
    from pagefind.service import get_executable

    binary = get_executable()
    return [str(binary)] if binary and binary.is_file() else [sys.executable, "-m", "pagefind"]


def pagefind_command(site: Path, out: Path, pages: tuple[str, ...]) -> list[str]:
    """The Pagefind command line that indexes `pages` of `site` into `out`."""
    return [*_pagefind(), "--site", str(site), "--output-path", str(out), "--glob", _glob(pages),
            "--root-selector", ROOT_SELECTOR, "--silent"]


def _run_pagefind(site: Path, part: Part, out: Path) -> None:
    done = subprocess.run(pagefind_command(site, out, part.pages), capture_output=True, text=True, timeout=600,
                          check=False)
    if done.returncode != 0:
        raise BuildFailed(f"Pagefind failed (exit {done.returncode}):\n{done.stderr or done.stdout}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)


def _wanted(part: Part, relative: str) -> bool:
    return not part.name or any(relative.startswith(k) or relative.endswith(k) for k in PART_KEEPS)


def index_site(site: OutputStore | Path, derived: Derived | None = None,
               part_pages: int = DEFAULT_PART_PAGES) -> dict:
    """Write the search index into the site's pagefind/, re-indexing only the parts whose pages changed.

    `derived` keeps each part's bundle (none: every part is made).
    """
    try:
        import pagefind  # noqa: F401 (only to say what to install when it is missing)
    except ImportError:
        raise BuildFailed("Pagefind is missing: run `.venv/bin/pip install 'pagefind[extended]'`") from None
    start = time.perf_counter()
    out = as_store(site)
    site = out.root
    derived = derived or Derived(None)
    pages = searchable_pages(site)
    parts = plan_parts(list(pages), part_pages)
    made = 0
    for part in parts:
        bundle, fresh = derived.get_folder(LABEL, part_inputs(part, pages), partial(_run_pagefind, site, part),
                                           version=pagefind_version())
        made += fresh
        # Never linked to the cache itself: a host's tooling that changes the site's files in
        # place must not change the cache.
        for rel, data in bundle.items():
            if _wanted(part, rel):
                out.write(f"{part.folder}/{rel}", data)
    derived.forget_unused_folders(LABEL)
    merged = [f"{part.name}/" for part in parts if part.name]
    out.write(f"{BUNDLE_DIR}/{PARTS_FILE}", (json.dumps({"merge": merged}) + "\n").encode("utf-8"))
    bundle_root = f"{os.fspath(site)}/{BUNDLE_DIR}"
    sizes = [os.stat(f"{bundle_root}/{rel}").st_size for rel in walk_files(bundle_root)]
    return {
        "search_seconds": round(time.perf_counter() - start, 2),
        "search_reused": made == 0,
        "search_parts": len(parts),
        "search_parts_made": made,
        "search_pages": len(pages),
        "search_files": len(sizes),
        "search_bytes": sum(sizes),
    }
