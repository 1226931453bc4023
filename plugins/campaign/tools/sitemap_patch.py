"""The live preview's sitemap, updated entry by entry after a header edit (issue 18).

pelican-plugins/sitemap writes sitemap.xml from every page the writer made: one <url> entry per
(page path, its post or page or nothing), dropped if excluded, sorted by address. Rewriting it
from all ~1600 pages took ~100 ms of a 1000-post header edit. Here each entry's finished text
(outputs/seo.finish_sitemap applied) is kept in memory against its page path and post object;
after an edit only the entries of pages whose post is new (the edited one) or that were not made
before are formatted, by the plugin itself on a queue of just those pages, and the file is put
together again in the plugin's order (a stable sort by address).

Invariant: the file written is what the plugin plus finish_sitemap write for the whole queue.
An entry depends on the page's address (its post's url, or its path) and its post's header
fields; a post other than the edited one is the same object with the same header (the header
path never changes one in place), so its entry is the one kept. The cache is made from the
file a full build wrote and refused (None: the caller writes the sitemap in full) unless the
entries it finds put together give that file back byte for byte, with each address found once.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.request import pathname2url

from ..outputs import seo

SITEMAP_PLUGIN = "pelican.plugins.sitemap.sitemap"
_ENTRY = "\n<url>\n"  # how the plugin's XML_URL begins
_INDEX_HTML = re.compile(r"(?:^|(?<=/))index.html$")  # the plugin's clean_url


@dataclass
class Entry:
    """One queued page: its post (kept, so its id stays its own), address and finished entry."""

    obj: Any
    address: str
    text: str | None  # None: the plugin leaves the page out (excluded, private, not published)


class Sitemap:
    """The finished sitemap's entries, by (page path relative to the output, id of its post)."""

    def __init__(self, entries: dict[tuple[str, int], Entry], head: str, foot: str):
        self.entries, self.head, self.foot = entries, head, foot
        self._root = ""
        self._rels: dict[str, str] = {}  # page paths under _root -> relative (_relative's, remembered)

    def update(self, queue: list[tuple[str, Any]], root: str, edited: frozenset[int],
               settings: dict) -> str | None:
        """The sitemap for `queue` ((absolute path under `root`, post) pairs); None if unsure."""
        plugin = sys.modules.get(SITEMAP_PLUGIN)
        if plugin is None:
            return None
        items: list[tuple[str, Any]] = []
        rels: dict[str, str] = self._rels if self._root == root else {}
        self._root, self._rels = root, rels
        for path, obj in queue:
            rel = rels.get(path)
            if rel is None:
                rel = _relative(path, root)
                if rel is None:
                    return None
                rels[path] = rel
            items.append((rel, obj))
        entries: dict[tuple[str, int], Entry] = {}
        missing: list[tuple[str, Any]] = []
        for rel, obj in items:
            key = (rel, id(obj))
            if key in entries:
                return None  # one page queued twice: left to the plugin
            kept = self.entries.get(key)
            if kept is not None and kept.obj is obj and id(obj) not in edited:
                entries[key] = kept
            else:
                missing.append((rel, obj))
        if missing:
            made = _format(plugin, missing, settings)
            if made is None:
                return None
            entries.update(made)
        self.entries = entries
        return _assemble(self.head, self.foot, [entries[(rel, id(obj))] for rel, obj in items])


def reset_plugin() -> None:
    """Make the sitemap plugin write for the next build. It writes only for the first Pelican it
    is told of, and forgets that one once it has written: a build that failed before then left it
    waiting for a Pelican that is gone, and no later build in the process wrote a sitemap."""
    plugin = sys.modules.get(SITEMAP_PLUGIN)
    if plugin is not None:
        plugin.generator._main_pelican = None
        plugin.generator.page_queue = []


def capture(queue: list) -> Any:
    """A content_written receiver appending (path, post) as the sitemap plugin queues them."""
    def receiver(path, context=None, **_):
        context = context or {}
        queue.append((path, context.get("article") or context.get("page")))
    return receiver


def from_build(queue: list[tuple[str, Any]], root: str, sitemap: Path, settings: dict) -> Sitemap | None:
    """The entries of `sitemap`, written by a build from `queue` (paths under `root`); None if unsure."""
    plugin = sys.modules.get(SITEMAP_PLUGIN)
    if plugin is None or not sitemap.is_file():
        return None
    text = sitemap.read_text(encoding="utf-8")
    head, foot = plugin.XML_HEADER, plugin.XML_FOOTER
    if not text.startswith(head + _ENTRY) or not text.endswith(foot):
        return None
    found = _by_address(text[len(head):len(text) - len(foot)], settings)
    if found is None:
        return None
    entries: dict[tuple[str, int], Entry] = {}
    for path, obj in queue:
        rel = _relative(path, root)
        if rel is None or (rel, id(obj)) in entries:
            return None
        entries[(rel, id(obj))] = Entry(obj, _address(rel, obj), None)
    if not _claim(list(entries.values()), found):
        return None
    rebuilt = Sitemap(entries, head, foot)
    if _assemble(head, foot, list(entries.values())) != text:
        return None
    return rebuilt


# --- Helpers ----------------------------------------------------------------------------------

def _relative(path: str, root: str) -> str | None:
    prefix = root.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix):]
    return rel if os.path.normpath(rel) == rel else os.path.normpath(rel)


def _address(rel: str, obj: Any) -> str:
    """The plugin's address of a queued page: its post's url, or its path (index.html dropped)."""
    return _INDEX_HTML.sub("", obj.url if obj else pathname2url(rel))


def _loc(address: str, settings: dict) -> str:
    """The finished <loc> line of an entry at `address`."""
    raw = f"<loc>{settings['SITEURL']}/{address}</loc>"
    return seo.finish_sitemap(raw, seo.site_base(settings), settings["CAMPAIGN"].today)


def _by_address(body: str, settings: dict) -> dict[str, str] | None:
    """The finished entries of a sitemap's body by address; None if an address is there twice or
    cannot be read back."""
    parts = body.split(_ENTRY)
    if parts[0]:
        return None
    found: dict[str, str] = {}
    locs: dict[str, str] = {}
    for part in parts[1:]:
        loc = part.split("\n", 1)[0]
        if loc in locs:
            return None
        locs[loc] = _ENTRY + part
    # An entry's loc is its address finished: the address is what follows the base.
    base = _loc("", settings)
    assert base.endswith("</loc>")
    stem = base[: -len("</loc>")]
    for loc, text in locs.items():
        if not loc.startswith(stem) or not loc.endswith("</loc>"):
            return None
        address = loc[len(stem): -len("</loc>")]
        if _loc(address, settings) != loc:
            return None
        found[address] = text
    return found


def _format(plugin, items: list[tuple[str, Any]], settings: dict) -> dict[tuple[str, int], Entry] | None:
    """The finished entries of `items`, written by the plugin itself (into a folder of its own)."""
    folder = Path(tempfile.mkdtemp(prefix="sitemap-"))
    generator = plugin.generator
    kept = generator.page_queue
    try:
        generator.page_queue = [(os.path.join(str(folder), rel), obj) for rel, obj in items]
        generator._write_out(SimpleNamespace(output_path=str(folder), settings=settings))
        xml = (folder / "sitemap.xml").read_text(encoding="utf-8")
    finally:
        generator.page_queue = kept
        shutil.rmtree(folder, ignore_errors=True)
    head, foot = plugin.XML_HEADER, plugin.XML_FOOTER
    if not xml.startswith(head) or not xml.endswith(foot):
        return None
    finished = seo.finish_sitemap(xml[len(head):len(xml) - len(foot)], seo.site_base(settings),
                                  settings["CAMPAIGN"].today)
    found = _by_address(finished, settings) if finished else {}
    if found is None:
        return None
    made = {(rel, id(obj)): Entry(obj, _address(rel, obj), None) for rel, obj in items}
    return made if _claim(list(made.values()), found) else None


def _claim(entries: list[Entry], found: dict[str, str]) -> bool:
    """Give each entry the finished text at its address; False unless every address is one
    entry's and every text found is claimed."""
    addresses = [e.address for e in entries]
    if len(set(addresses)) != len(addresses):
        return False  # two pages at one address: which text is whose is not known
    for entry in entries:
        entry.text = found.pop(entry.address, None)
    return not found


def _assemble(head: str, foot: str, entries: list[Entry]) -> str:
    """The plugin's file: the entries kept, in a stable sort by address."""
    shown = sorted((e for e in entries if e.text is not None), key=lambda e: e.address)
    return head + "".join(e.text for e in shown if e.text is not None) + foot
