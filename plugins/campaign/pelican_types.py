"""The parts of Pelican's objects this plugin uses, as Protocols for annotations.

Pelican ships no type information, so its classes are `Any` to mypy. These Protocols name
what the plugin reads and sets, so mypy checks the plugin's use of them. They import nothing
from Pelican: the content model may use them and still import no Pelican (tests/unit/test_layering.py).
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import datetime
from typing import Any, Protocol

# Pelican's settings: a plain dict of upper-case names, read with .get() and [].
Settings = Mapping[str, Any]
# Pelican's settings while a plugin may still change them (the `initialized` signal).
MutableSettings = MutableMapping[str, Any]


class Content(Protocol):
    """What the plugin reads of a Pelican Article or Page (pelican.contents.Content)."""

    slug: str
    title: str
    url: str
    save_as: str
    source_path: str
    status: str
    settings: dict[str, Any]
    metadata: dict[str, Any]
    _content: str  # the body's HTML as read; the live preview swaps it

    @property
    def content(self) -> str:
        """The body's HTML, its {filename} links resolved."""

    def get_content(self, siteurl: str) -> str:
        """The body's HTML with links made for `siteurl`."""

    def get_siteurl(self) -> str:
        """The site's address as this content's links use it."""


class Article(Content, Protocol):
    """A Pelican Article, with the attributes the plugin's adapters attach to it."""

    date: datetime
    category: Any
    # Set by the adapters (plugin.py, content/kinds.py) from the post's header.
    kind: str
    kind_label: str
    sections: list[Any]
    event: Any
    motion: Any
    petition: Any


class Page(Content, Protocol):
    """A Pelican Page."""


class Readers(Protocol):
    """Pelican's Readers: the reader per file extension."""

    readers: dict[str, Any]
    reader_classes: dict[str, Any]
    settings: dict[str, Any]


class Generator(Protocol):
    """What the plugin reads of a Pelican Generator."""

    settings: dict[str, Any]
    context: dict[str, Any]
    readers: Readers


class ArticlesGenerator(Generator, Protocol):
    """Pelican's ArticlesGenerator: the lists the plugin filters and groups."""

    articles: list[Article]
    translations: list[Article]
    drafts: list[Article]
    drafts_translations: list[Article]
    hidden_articles: list[Article]
    hidden_translations: list[Article]


class PagesGenerator(Generator, Protocol):
    """Pelican's PagesGenerator."""

    pages: list[Page]
    translations: list[Page]
    draft_pages: list[Page]
    draft_translations: list[Page]
    hidden_pages: list[Page]
    hidden_translations: list[Page]


class StaticGenerator(Generator, Protocol):
    """Pelican's StaticGenerator: the files it will copy, each with its `source_path`."""

    staticfiles: list[Any]


class Pelican(Protocol):
    """The Pelican object the `initialized` and `get_generators` signals pass."""

    settings: dict[str, Any]
    output_path: str

