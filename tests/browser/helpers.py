"""One page of every template, found in a build, for the browser quality gate.

    TEMPLATES              names of the pages every browser check visits (the test ids)
    template_path(site, name)   that page's address on the test server, e.g. "/2021/03/x/"
    present_templates(site)     {name: address} of the templates a build has (content/ may lack some)
    open_page(page, server, site, name, width)   go there at that width; returns the response
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from tests.tools import ARTIFACTS

KINDS = ["post", "press-release", "motion", "leaflet", "testimony", "event", "petition", "report"]
TEMPLATES = ["home", *(f"kind-{k}" for k in KINDS), "section", "archive", "year-archive", "tag", "tags",
             "page", "search", "search-query", "404"]
FIXED = {"home": "/", "archive": "/archive/", "tags": "/tags/", "search": "/search/",
         "search-query": "/search/?q=repairs", "404": "/no-such-page/"}
SCREENSHOTS = ARTIFACTS / "screenshots"


def _largest(files: list[Path]) -> Path:
    # The longest page of a kind shows the most of its components (kind box, downloads, tags...).
    return max(files, key=lambda f: (f.stat().st_size, str(f)))


@cache
def _kind_pages(root: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for f in sorted(root.glob("[0-9][0-9][0-9][0-9]/**/index.html")):
        text = f.read_text(encoding="utf-8")
        for kind in KINDS:
            if f'class="post post--{kind}"' in text or f'class="post post--{kind} ' in text:
                found.setdefault(kind, []).append(f)
    return found


def template_path(site, name: str) -> str:
    """The address of the page that shows template `name` in the build at site.root."""
    if name in FIXED:
        return FIXED[name]
    root = site.root
    if name.startswith("kind-"):
        kind = name.removeprefix("kind-")
        files = _kind_pages(root).get(kind)
        assert files, f"no post of kind {kind!r} in the build: add one to content/ (the browser checks need it)"
        chosen = _largest(files)
    elif name == "section":
        chosen = _largest(list(root.glob("section/*/index.html")))
    elif name == "year-archive":
        chosen = max(root.glob("archive/[0-9][0-9][0-9][0-9]/index.html"))
    elif name == "tag":
        chosen = _largest(list(root.glob("tag/*/index.html")))
    elif name == "page":  # a page of content/pages/: not dated, not a list
        chosen = _largest([f for f in root.glob("*/index.html") if '<article class="page"' in f.read_text(encoding="utf-8")])
    else:
        raise KeyError(name)
    return "/" + chosen.parent.relative_to(root).as_posix() + "/"


def present_templates(site) -> dict[str, str]:
    """The templates this build has a page of, with its address (a group's content may lack a kind)."""
    found = {}
    for name in TEMPLATES:
        try:
            found[name] = template_path(site, name)
        except (AssertionError, ValueError):  # no post of that kind; max() of no files
            continue
    return found


def open_page(page, server: str, site, name: str, width: int, height: int = 800):
    """Load template `name`'s page at `width` CSS px, with its web fonts loaded."""
    page.set_viewport_size({"width": width, "height": height})
    # With a query the search page fetches its index and shows results after load: wait for that.
    wait = "networkidle" if name == "search-query" else "load"
    response = page.goto(server + template_path(site, name), wait_until=wait)
    expected = 404 if name == "404" else 200
    assert response.status == expected, f"{name}: HTTP {response.status} for {page.url}"
    page.evaluate("document.fonts.ready.then(() => true)")
    return response


def screenshot(page, name: str, width: int) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
