"""Pieces of a page that show only a post's header fields, rendered once per post per build.

The archive lists every post (title, address, date): a thousand macro calls, ~50 ms of every
header edit in the live preview at 1000 posts, the same text for all but the edited post. A
template writes `{{ header_fragment("archive_item", post, ui.archive_item) }}`: the first call
for a post renders the macro, later ones give the same text back.

Invariants:
- A fragment shows only what a post's header decides (title, address, date...), never its text:
  a post's header is never changed in place (a header edit makes a new post object; a text edit
  leaves the header as it was), so a post object's fragment stays right while it lives. Each
  `key` names one macro (two templates that share a key share its text).
- The cache holds each post it has a fragment of (so an id is never reused while it is kept) and
  is emptied when a build starts (the templates or settings may differ) and, for one post, when
  the preview forgets that post (live_site.py).
- A render that reuses a fragment looks up the names the macro looked up when it was rendered
  (outputs/render_memo.py records them), so what the render memo knows of a page is the same
  whether its fragments were reused or not.
"""
from __future__ import annotations

from typing import Any

from . import render_memo

_cache: dict[tuple[str, int], tuple[Any, Any, frozenset[str]]] = {}


def header_fragment(key: str, post: Any, macro: Any) -> Any:
    """`macro(post)`, rendered once for this post object while the cache lasts."""
    found = _cache.get((key, id(post)))
    if found is not None and found[0] is post:
        text, names = found[1], found[2]
    else:
        render_memo._recording.append(set())
        try:
            text = macro(post)
        finally:
            names = frozenset(render_memo._recording.pop())
        _cache[(key, id(post))] = (post, text, names)
    if render_memo._recording:
        render_memo._recording[-1].update(names)
    return text


def forget(post: Any) -> None:
    """Drop `post`'s fragments."""
    for key in [k for k in _cache if k[1] == id(post)]:
        del _cache[key]


def forget_all() -> None:
    """Drop every fragment (a build starts)."""
    _cache.clear()
