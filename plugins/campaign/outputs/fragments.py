"""Pieces of a page that show one post (its line in the archives, its card in a listing),
rendered once per post per build.

The archive lists every post, and a section's or tag's pages show each post's card: after a
header edit in the live preview a thousand macro calls (~50 ms for the archive at 1000 posts)
gave the same text for all but the edited post, and a section edit renders again every page of
the sections the post left and joined. A template writes
`{{ post_fragment("post_card", post, ui.post_card, 3) }}`: the first call for a post (and those
arguments) renders the macro, later ones give the same text back.

Invariants:
- A fragment shows a post's header fields and its text (content or summary, read through
  Pelican's get_content/get_summary), nothing else that changes during a build. A post's header
  is never changed in place (a header edit makes a new post object); when its text changes or
  must be shown again (a text edit, a post that links to a moved one) the preview drops its
  fragments (`forget`, live_site.py and header_edit.py). So a fragment stays right while its
  post object is kept, and each `key` names one macro (two templates that share a key share it).
- The cache holds each post it has a fragment of (so an id is never reused while it is kept) and
  is emptied when a build starts (the templates or settings may differ).
- A render that reuses a fragment looks up the names the macro looked up (outputs/render_memo.py
  records them) and reads the same posts' text again (get_content/get_summary, memoised, so the
  preview's tools/page_deps.py notes the same reads against the page): what the render memo and
  the preview know of a page is the same whether its fragments were reused or not.
"""
from __future__ import annotations

from typing import Any

from . import render_memo

_cache: dict[tuple, tuple[Any, Any, frozenset[str], tuple]] = {}
#: While a fragment renders: the reads of a post's text it makes ((post, method name, argument)),
#: told by tools/page_deps.py's noting methods through `noted`.
_reading: list[list[tuple[Any, str, Any]]] = []


def post_fragment(key: str, post: Any, macro: Any, *args: Any) -> Any:
    """`macro(post, *args)`, rendered once for this post object (and these arguments) while the cache lasts."""
    found = _cache.get((key, id(post), *args))
    if found is not None and found[0] is post:
        text, names, reads = found[1], found[2], found[3]
        for content, method, argument in reads:
            getattr(content, method)(argument)  # noted again (memoised: no work beyond that)
    else:
        render_memo._recording.append(set())
        _reading.append([])
        try:
            text = macro(post, *args)
        finally:
            names = frozenset(render_memo._recording.pop())
            reads = tuple(_reading.pop())
        _cache[(key, id(post), *args)] = (post, text, names, reads)
        if _reading:
            _reading[-1].extend(reads)
    if render_memo._recording:
        render_memo._recording[-1].update(names)
    return text


def noted(content: Any, method: str, argument: Any) -> None:
    """A post's text was read (tools/page_deps.py): kept with the fragment being rendered, if any."""
    if _reading:
        _reading[-1].append((content, method, argument))


def forget(post: Any) -> None:
    """Drop `post`'s fragments."""
    for key in [k for k in _cache if k[1] == id(post)]:
        del _cache[key]


def forget_all() -> None:
    """Drop every fragment (a build starts)."""
    _cache.clear()
