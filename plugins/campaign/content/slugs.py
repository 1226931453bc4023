"""Slugs and the output paths they make: valid words only, and no two files on one address.

Pelican writes each file where its settings' `*_SAVE_AS` pattern puts it and, when two claim
one path, stops with FileOverwriteFailedError (posts) or silently keeps the last (a page on
`search/` replaces the search page). `find_collisions` sees every claim before anything is
written and names both files.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Problem

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*")
SLUG_FIX = ("write it as lower-case words joined by hyphens, like `Slug: save-our-library` "
            "(no spaces or capitals; nothing that starts with . or /)")


def slug_problem(value: str, path: str, line: int) -> Problem | None:
    """A problem when a header's Slug is not lower-case words, digits and hyphens (folders with /)."""
    if _SLUG.fullmatch(value) and ".." not in value:
        return None
    return Problem(path, line, f"the Slug {value!r} is not a plain web address", SLUG_FIX)


def remembering(slugify: Callable[..., str]) -> Callable[..., str]:
    """`slugify` (Pelican's: a pure function of its arguments) remembering its last few thousand answers.

    Pelican gives every post its own Tag, Author and Category objects, and each works its slug
    out again: some 6000 slugs of a hundred names per build of 1000 posts.
    """
    @functools.lru_cache(maxsize=4096)
    def known(kind: str, value, regex_subs: tuple, preserve_case: bool, use_unicode: bool) -> str:
        return slugify(value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode)

    @functools.wraps(slugify)
    def remembered(value, regex_subs=(), preserve_case=False, use_unicode=False) -> str:
        subs = tuple(tuple(sub) for sub in regex_subs)
        try:
            return known(type(value).__qualname__, value, subs, preserve_case, use_unicode)
        except TypeError:  # a value that cannot be a key: worked out as Pelican would
            return slugify(value, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)

    remembered.remembering = slugify  # type: ignore[attr-defined]
    return remembered


@dataclass(frozen=True)
class Claim:
    """One file the build will write (`output`, relative to the site) and who asks for it."""

    output: str
    source: str  # a content file, or pelicanconf.py for the site's own pages
    line: int
    what: str  # "the post", "the page", "the built-in search page", ...


def _norm(output: str) -> str:
    # "x/" and "x/index.html" are the same address to a web server; so is a leading slash.
    out = output.lstrip("/")
    return out + "index.html" if out.endswith("/") or not out else out


def find_collisions(claims: list[Claim]) -> list[Problem]:
    """A problem for each claim on a path an earlier claim already holds, naming both files."""
    held: dict[str, Claim] = {}
    problems = []
    for claim in claims:
        key = _norm(claim.output).lower()  # case-insensitive file systems (macOS, Windows) merge them
        first = held.setdefault(key, claim)
        if first is claim or (first.source, first.line) == (claim.source, claim.line):
            continue
        at = claim if claim.source != "pelicanconf.py" else first
        other = first if at is claim else claim
        problems.append(Problem(
            at.source, at.line,
            f"{at.what} would be written to {_norm(claim.output)}, where {other.what} "
            f"({other.source}:{other.line}) is written too, so one would replace the other",
            "rename or move the file" if at.what == "the file" else
            "give it a different `Slug:` (a page or post may not take the address of another or of a built-in page)"))
    return problems
