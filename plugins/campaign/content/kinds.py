"""Post kinds: each kind's extra metadata is read and checked by its own module."""
from __future__ import annotations

import difflib
from collections.abc import Callable

from ..errors import Problem
from ..pelican_types import Article
from ..settings import KINDS, CampaignSettings
from .header import Header

# kind -> function(post, header, settings, path) -> problems; each sets attributes on the post.
Enricher = Callable[[Article, Header, CampaignSettings, str], list[Problem]]


def _enrichers() -> dict[str, Enricher]:
    from .events import enrich_event
    from .motions import enrich_motion
    from .petitions import enrich_petition

    return {"motion": enrich_motion, "event": enrich_event, "petition": enrich_petition}


def kind_of(header: Header, path: str) -> tuple[str, list[Problem]]:
    """The post's kind (default `post`), or a problem naming the known kinds."""
    kind = (header.get("kind") or "post").strip().lower()
    if kind in KINDS:
        return kind, []
    close = difflib.get_close_matches(kind, KINDS, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return "post", [Problem(path, header.line("kind"), f"unknown kind '{kind}'",
                            f"{hint}known kinds: {', '.join(KINDS)}")]


def enrich(post: Article, header: Header, settings: CampaignSettings, path: str) -> list[Problem]:
    """Set `post.kind` and the kind's own attributes; return what is wrong."""
    kind, problems = kind_of(header, path)
    post.kind = kind
    post.kind_label = settings.vocabulary.label(kind)
    enricher = _enrichers().get(kind)
    if enricher:
        problems += enricher(post, header, settings, path)
    return problems
