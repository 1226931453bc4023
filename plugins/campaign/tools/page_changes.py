"""Which of the last build's pages a header edit may have changed, decided without rendering them.

A page is a function of the names its templates looked up (outputs/render_memo.py records them
per page). After a header edit the live preview (tools/header_edit.py) has the site's values
before and after: the values are compared name by name, and only a page that read a name whose
value may differ is a candidate, to be fingerprinted by the render memo and rendered if needed.

Invariant: `same(old, new)` is True only if the render memo's fingerprints of the two values
would be equal. The edited post is never the same as its replacement (its header changed); any
other post or page is the same object it was (the header path never changes one in place), so
identity is enough for them. Anything not understood here is "not the same".
"""
from __future__ import annotations

import dataclasses
import enum
import inspect
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from ..outputs.render_memo import _SKIPPED_ATTRIBUTES

_SCALARS = (str, int, float, bool, type(None), date, datetime, time, timedelta, tzinfo, Decimal, PurePath, bytes,
            enum.Enum)
#: How deep `_holds` looks into one value before it assumes the value holds an edited post.
_DEPTH = 6
#: A value that is not there (a name a page read that its context did not hold).
MISSING = object()


def same(old: Any, new: Any, edited: frozenset[int] = frozenset()) -> bool:
    """Whether `old` and `new` certainly render the same; `edited`: ids of the edited posts (old and new)."""
    if old is new:
        return old is MISSING or not edited or not _holds(old, edited)
    if type(old) is not type(new):
        return False
    if isinstance(old, _SCALARS):
        return bool(old == new) and repr(old) == repr(new)
    if isinstance(old, Content):
        return False  # another object: the edited post, or one this module cannot vouch for
    if isinstance(old, (list, tuple)):
        if len(old) != len(new):
            return False
        for a, b in zip(old, new, strict=True):
            if a is b and isinstance(a, Content):
                # same(a, a): not the same only if it is an edited post (inlined: lists of a
                # thousand posts are compared on every header edit).
                if id(a) in edited:
                    return False
            elif not same(a, b, edited):
                return False
        return True
    if isinstance(old, dict):
        return old.keys() == new.keys() and list(old) == list(new) and \
            all(same(old[k], new[k], edited) for k in old)
    if isinstance(old, (set, frozenset)):
        return old == new and not any(isinstance(v, Content) for v in old)
    if isinstance(old, URLWrapper):
        return (old.name, old.slug, old.url, old.save_as) == (new.name, new.slug, new.url, new.save_as)
    if isinstance(old, Paginator):
        return (old.name, old.url, old.per_page, old.orphans, old.count, old.num_pages) == \
            (new.name, new.url, new.per_page, new.orphans, new.count, new.num_pages)
    if isinstance(old, Page):
        return (old.full_name, old.base_url, old.number) == (new.full_name, new.base_url, new.number) and \
            same(old.object_list, new.object_list, edited) and same(old.paginator, new.paginator, edited)
    if dataclasses.is_dataclass(old):
        return all(same(getattr(old, f.name), getattr(new, f.name), edited) for f in dataclasses.fields(old))
    if callable(old) or not hasattr(old, "__dict__"):
        return False  # another function, or an object with no attributes to compare
    return same(_attributes(old), _attributes(new), edited)


def _attributes(value: Any) -> dict:
    # As the render memo fingerprints an object: its attributes but the whole site and its settings.
    return {k: v for k, v in vars(value).items() if k not in _SKIPPED_ATTRIBUTES}


def _holds(value: Any, edited: frozenset[int], depth: int = 0) -> bool:
    """Whether `value` (one object before and after) holds an edited post."""
    if id(value) in edited:
        return True
    if isinstance(value, _SCALARS) or depth > _DEPTH:
        return depth > _DEPTH  # too deep to look: assume it does
    if isinstance(value, Content):
        return False
    if isinstance(value, (list, tuple, set, frozenset)):
        inner = depth + 1
        for v in value:
            if id(v) in edited:
                return True
            # _holds(v) of a post not edited, inlined (a list of every post is common)
            if (inner > _DEPTH or not isinstance(v, Content)) and _holds(v, edited, inner):
                return True
        return False
    if isinstance(value, dict):
        return any(_holds(v, edited, depth + 1) for v in value.values())
    if isinstance(value, URLWrapper):
        return False
    if isinstance(value, Page):
        return _holds(value.object_list, edited, depth + 1)
    if isinstance(value, Paginator):
        return _holds(value.object_list, edited, depth + 1)
    if dataclasses.is_dataclass(value):
        return any(_holds(getattr(value, f.name), edited, depth + 1) for f in dataclasses.fields(value))
    if inspect.ismethod(value):
        return _holds(value.__self__, edited, depth + 1)
    if inspect.isfunction(value):
        try:
            return any(_holds(c.cell_contents, edited, depth + 1) for c in value.__closure__ or ())
        except ValueError:  # a cell not filled yet
            return True
    if isinstance(value, type) or inspect.isbuiltin(value):
        return False
    if hasattr(value, "__dict__"):
        return _holds(_attributes(value), edited, depth + 1)
    return True  # not known: it may
