"""The kinds of post: the one table every other module reads (scaffold, editor, print, templates).

The registry holds what is code: a kind's name, the parser of its own header fields, the
attribute that parsed value is given on a post, whether it is printed, and the file `make new`
starts it from. What is a group's words stays a setting: a kind's label (CAMPAIGN_KINDS,
vocabulary.py) and the section it starts in (SECTIONS' "kinds", settings.default_section).

A parser is a pure function: the header in, the parsed value or the list of problems out. It
never sees a Pelican object; the adapter (plugin.py) puts the value on the post.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Problem
from .events import parse_event
from .header import Header
from .kind_context import KindContext
from .motions import parse_motion
from .petitions import parse_petition

#: header, settings, the file's shown path, the post's slug -> the parsed value, or its problems.
Parser = Callable[[Header, KindContext, str, str], object]


@dataclass(frozen=True)
class Printable:
    """How a kind is printed: theme/pdf/<template>.html, on a fixed paper size or the post's own."""

    template: str
    paper: str | None = None  # None: the post's `Paper:` line (A4 when absent)
    text_twin: bool = False  # a plain-text copy beside the PDF, to paste into an email


@dataclass(frozen=True)
class Kind:
    """One kind of post, as the code knows it."""

    name: str
    parse: Parser | None = None  # None: the kind has no fields of its own
    attribute: str | None = None  # the post attribute the parsed value goes in (None when invalid)
    printable: Printable | None = None  # None: no print files
    scaffold: str = ""  # the file under tools/scaffolds/ that `make new KIND=<name>` copies

    def __post_init__(self) -> None:
        if (self.parse is None) != (self.attribute is None):
            raise ValueError(f"kind {self.name!r}: a parser and its attribute go together")


def _kind(name: str, **rest) -> Kind:
    return Kind(name, scaffold=f"{name}.md", **rest)


#: Every kind, in the order menus, messages and the editor list them; `post` is the default.
KINDS: dict[str, Kind] = {k.name: k for k in (
    _kind("post"),
    _kind("press-release"),
    _kind("motion", parse=parse_motion, attribute="motion", printable=Printable("motion", "A4", text_twin=True)),
    _kind("leaflet", printable=Printable("leaflet")),
    _kind("testimony"),
    _kind("event", parse=parse_event, attribute="event"),
    _kind("petition", parse=parse_petition, attribute="petition"),
    _kind("report"),
)}
DEFAULT_KIND = "post"


def printable_kinds() -> tuple[str, ...]:
    """The kinds that have print files, in registry order."""
    return tuple(name for name, kind in KINDS.items() if kind.printable)


@dataclass(frozen=True)
class ParsedKind:
    """A post's kind and, for a kind with fields of its own, their parsed value (None when invalid)."""

    kind: Kind
    value: object
    problems: list[Problem]


def kind_of(header: Header, path: str) -> tuple[str, list[Problem]]:
    """The post's kind (default `post`), or a problem naming the known kinds."""
    kind = (header.get("kind") or DEFAULT_KIND).strip().lower()
    if kind in KINDS:
        return kind, []
    close = difflib.get_close_matches(kind, KINDS, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return DEFAULT_KIND, [Problem(path, header.line("kind"), f"unknown kind '{kind}'",
                                  f"{hint}known kinds: {', '.join(KINDS)}")]


def parse(header: Header, context: KindContext, path: str, slug: str) -> ParsedKind:
    """The post's kind and its own fields, with every problem found (pure: nothing is changed)."""
    name, problems = kind_of(header, path)
    kind = KINDS[name]
    if kind.parse is None:
        return ParsedKind(kind, None, problems)
    result = kind.parse(header, context, path, slug)
    if isinstance(result, list):
        return ParsedKind(kind, None, problems + result)
    return ParsedKind(kind, result, problems)
