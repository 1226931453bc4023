"""Print files made again when a header edit moves a post that printed posts link to (issue 18).

A leaflet's or motion's PDF is made from its text, with its links resolved, outside the writer
(outputs/downloads.py). When a header edit (tools/header_edit.py) moves a post (a new date or
slug: a new address) that such a post links to, its PDF shows the old address: header_edit.apply
names those posts (Applied.printed), and this module prints them again with the build's own code
(downloads.print_files, through the PDF cache seam), so the bytes are those a clean build writes.

Invariant: once `again` returns, each post's `downloads` is what a clean build gives it, and its
print files hold those bytes (written in place, or held for make html's header path). A page
shows a print file's size: the posts whose links changed are `Reprinted.resized`, and the caller
makes the pages that show them again (the live preview), or prints before rendering any page
(make html's header path), so that nothing shows the old size.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..cache.derived import Derived
from ..outputs import downloads
from .page_deps import Destination


@dataclass
class Reprinted:
    """What printing again did."""

    seconds: float
    printed: int  # print files made (each post's PDF, and a motion's plain text)
    pdfs: int  # of which PDFs
    rendered: int  # PDFs rendered by WeasyPrint (the others were in the cache)
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    resized: list = field(default_factory=list)  # posts whose download links (sizes) changed


def _links(files: list) -> list[tuple[str, str, str, str]]:
    """What a page shows of a post's print files (components/downloads.html, the post card)."""
    return [(d.url, d.label, d.kind, d.size) for d in files]


def again(posts: list, settings: dict, put: Destination, derived: Derived | None = None) -> Reprinted:
    """Make the print files of `posts` again, set their `downloads`, and give `put` the changed files."""
    start = time.perf_counter()
    cs = settings["CAMPAIGN"]
    derived = derived if derived is not None else Derived.for_settings(settings)
    # One process: the preview's threads (the file watcher, the server) rule out forking workers.
    made, cache = downloads.print_files(posts, settings, cs.theme_dir, cs.content_dir, derived, workers=1)
    done = Reprinted(0.0, 0, 0, cache.rendered)
    for post, files in made:
        if _links(getattr(post, "downloads", None) or []) != _links(files):
            done.resized.append(post)
        post.downloads = files
        for download in files:
            done.printed += 1
            done.pdfs += download.kind == "PDF"
            if put.put(download.url, download.data):
                done.written.append(download.url)
    done.seconds = time.perf_counter() - start
    return done
