"""Site search: Pagefind indexes the built pages into <output>/pagefind/, served from our origin.

Only elements marked `data-pagefind-body` (a post's or page's body) are indexed, so menus,
footers and listings never match. The index is read in the reader's browser: nothing typed
is sent anywhere.

Issue 10 (build speed and memory): Pagefind has no way to update an index one page at a time,
and indexing 1000 posts takes seconds and 200 MB. So a large site's index is made in parts
of about `CAMPAIGN_SEARCH_PART_PAGES` pages, each covering whole months of posts. Each part is
kept in the cache, keyed by its pages' bytes, so editing one post re-indexes only its part.
The newest part (with the pages that are not posts) is the main bundle in /pagefind/; the others
sit in /pagefind/<first month>/ (e.g. /pagefind/2021-03/) and are listed in /pagefind/parts.json, which the search page merges
with Pagefind's `mergeIndex` (merged parts share the main bundle's WebAssembly, so each adds
only its small entry and metadata files and the chunks a query needs). A site smaller than one
part has one bundle, as before.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from ..cache.files import digest, discard, read_entry, write_entry
from ..errors import BuildFailed
from ..settings import SEARCH_PART_PAGES as DEFAULT_PART_PAGES
from .store import OutputStore, as_store

BUNDLE_DIR = "pagefind"
PARTS_FILE = "parts.json"
MARKER = b"data-pagefind-body"
# Pagefind's ready-made interfaces: our search page uses only pagefind.js and its own markup
# (the UIs inject inline styles, which the Content-Security-Policy refuses), so they go.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
# A merged part is searched by the main bundle's scripts and WebAssembly: it needs only its data.
PART_KEEPS = ("pagefind-entry.json", ".pf_meta", "fragment/", "index/", "filter/")
# Cached bundles besides the current parts' (a previous version of each, mostly).
KEEP_EXTRA = 8
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
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        if MARKER in data:
            pages[path.relative_to(site).as_posix()] = data
    return pages


def _period(page: str) -> str | None:
    """"2021/03" for a page in a year and month folder, "2021" in a year folder, else None."""
    segments = page.split("/")
    if len(segments) < 2 or not (len(segments[0]) == 4 and segments[0].isdigit()):
        return None
    if len(segments) >= 3 and len(segments[1]) == 2 and segments[1].isdigit():
        return f"{segments[0]}/{segments[1]}"
    return segments[0]


def plan_parts(pages: list[str], part_pages: int = DEFAULT_PART_PAGES) -> list[Part]:
    """Split pages into parts of whole months (or years), oldest first, closing a part once it
    holds `part_pages` pages; the newest months and every page outside a dated folder are the
    main part. A part is named after its first month, e.g. "2021-03".

    A post keeps its part when other posts are edited or added to later months, so a rebuild
    re-indexes only the parts whose pages changed.
    """
    by_period: dict[str, list[str]] = defaultdict(list)
    undated = []
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


def part_key(part: Part, pages: dict[str, bytes]) -> str:
    """sha256 of what a part's bundle is made from: its pages (paths and bytes) and Pagefind."""
    digest = hashlib.sha256(f"pagefind {version('pagefind')} {ROOT_SELECTOR}\0".encode())
    for page in part.pages:
        digest.update(page.encode() + b"\0" + pages[page] + b"\0")
    return digest.hexdigest()


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
    done = subprocess.run(pagefind_command(site, out, part.pages), capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise BuildFailed(f"Pagefind failed (exit {done.returncode}):\n{done.stderr or done.stdout}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)


def _files_of(bundle: Path) -> dict[str, bytes]:
    return {path.relative_to(bundle).as_posix(): path.read_bytes()
            for path in sorted(bundle.rglob("*")) if path.is_file()}


def _manifest(files: dict[str, bytes]) -> bytes:
    """What a bundle's digest entry keeps: each file's path and sha256, as JSON."""
    return json.dumps({name: digest(data) for name, data in files.items()}, sort_keys=True).encode()


def _verified(kept: Path) -> dict[str, bytes] | None:
    """The kept bundle's files (path -> bytes) if every one matches its digest, else None.

    A bundle is a folder of files; its digests sit beside it in `<key>.sha256` (a cache entry,
    itself checked), written only once the whole folder is in place.
    """
    manifest = read_entry(kept.with_suffix(".sha256"))
    if manifest is None or not kept.is_dir():
        return None
    files = _files_of(kept)
    if _manifest(files) != manifest:
        return None
    os.utime(kept)  # recently used: pruning keeps it
    return files


def _made(cache: Path, site: Path, part: Part, key: str) -> tuple[dict[str, bytes], bool]:
    """The cached bundle's files for `key`, made now if missing or damaged; True when made now."""
    kept = cache / key
    files = _verified(kept)
    if files is not None:
        return files, False
    if kept.exists():
        discard(kept)
    cache.mkdir(parents=True, exist_ok=True)
    # Made aside, then renamed: a half-made bundle is never reused.
    tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".make-"))
    try:
        _run_pagefind(site, part, tmp / "bundle")
        files = _files_of(tmp / "bundle")
        os.replace(tmp / "bundle", kept)
        write_entry(kept.with_suffix(".sha256"), _manifest(files))
    except OSError:
        files = _verified(kept)
        if files is None:  # unless another build kept the same bundle first
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return files, True


def _wanted(part: Part, relative: str) -> bool:
    return not part.name or any(relative.startswith(k) or relative.endswith(k) for k in PART_KEEPS)


def _place(files: dict[str, bytes], out: OutputStore, part: Part) -> None:
    """Write a bundle's files (as read and checked from the cache) through the build's store.

    Never links to the cache itself: whatever a host's tooling later does to the site's files
    in place must not change the cache.
    """
    for relative, data in files.items():
        if _wanted(part, relative):
            out.write(f"{part.folder}/{relative}", data)


def _prune(cache: Path, current: set[str]) -> None:
    others = [p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in current]
    for old in sorted(others, key=lambda p: p.stat().st_mtime)[:-KEEP_EXTRA or None]:
        shutil.rmtree(old, ignore_errors=True)
        old.with_suffix(".sha256").unlink(missing_ok=True)


def index_site(site: OutputStore | Path, cache: Path | None = None, part_pages: int = DEFAULT_PART_PAGES) -> dict:
    """Write the search index into the site's pagefind/, re-indexing only the parts whose pages changed."""
    try:
        import pagefind  # noqa: F401 (only to say what to install when it is missing)
    except ImportError:
        raise BuildFailed("Pagefind is missing: run `.venv/bin/pip install 'pagefind[extended]'`") from None
    start = time.perf_counter()
    out = as_store(site)
    site = out.root
    pages = searchable_pages(site)
    parts = plan_parts(list(pages), part_pages)
    with tempfile.TemporaryDirectory() as scratch:
        # No cache given (tests, one-off builds): bundles are made in a folder thrown away after.
        bundles = Path(cache) if cache else Path(scratch)
        keys = [part_key(part, pages) for part in parts]
        made = 0
        for part, key in zip(parts, keys):
            files, fresh = _made(bundles, site, part, key)
            made += fresh
            _place(files, out, part)
        if cache:
            _prune(bundles, set(keys))
    merged = [f"{part.name}/" for part in parts if part.name]
    out.write(f"{BUNDLE_DIR}/{PARTS_FILE}", (json.dumps({"merge": merged}) + "\n").encode("utf-8"))
    files = [p for p in (site / BUNDLE_DIR).rglob("*") if p.is_file()]
    return {
        "search_seconds": round(time.perf_counter() - start, 2),
        "search_reused": made == 0,
        "search_parts": len(parts),
        "search_parts_made": made,
        "search_pages": len(pages),
        "search_files": len(files),
        "search_bytes": sum(p.stat().st_size for p in files),
    }
