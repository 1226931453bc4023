"""What Pelican would only log and skip, found by the plugin first and reported as Problems.

Pelican drops a file that lacks a mandatory property (a post's Title or Date) and leaves a
`{filename}` link it cannot resolve as it is, saying so only in its log. The build must stop
on both, naming the file and line, without reading Pelican's English log text: so the
metadata is checked at the moment Pelican hands it over (its `*_generator_context` signal,
before it builds the object), against the properties Pelican's own content classes declare,
and a link is unresolved when Pelican's link replacement left its `{filename}` marker in the
finished HTML.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem, shown_path

# A link Pelican could not resolve keeps its marker: href="{filename}/posts/x.md" (or |filename|).
_UNRESOLVED = re.compile(r"""=\s*(["'])[{|](?:filename|static|attach)[|}](.*?)\1""")
_LINK_FIX = "correct the path (it starts at content/, e.g. {filename}/posts/<section>/<file>.md)"


def missing_properties(metadata: dict, mandatory: tuple[str, ...], default_date: object) -> list[str]:
    """The mandatory properties `metadata` lacks (a Date is supplied by DEFAULT_DATE when set)."""
    return [prop for prop in mandatory if prop not in metadata and not (prop == "date" and default_date)]


def missing_problem(source_path: str, prop: str) -> Problem:
    """The file lacks a header line Pelican needs."""
    name = prop.title()
    return Problem(shown_path(source_path), 1, f"this file has no {name}",
                   f"add a line `{name}: ...` to the header at the top")


def unresolved_links(html: str) -> list[str]:
    """The links in `html` that Pelican left unresolved, as written after the marker."""
    return list(dict.fromkeys(m.group(2) for m in _UNRESOLVED.finditer(html or "")))


def link_problem(source_path: str, link: str) -> Problem:
    """A link to a file that is not part of the site, at the first line of the source naming it."""
    lines = Path(source_path).read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(lines, start=1) if link in text), 1)
    return Problem(shown_path(source_path), line,
                   f"link to '{link}' points to a file that does not exist", _LINK_FIX)
