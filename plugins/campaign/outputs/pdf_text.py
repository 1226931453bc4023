"""The plain-text twin of a motion's PDF, for secretaries to paste into an email."""
from __future__ import annotations

import textwrap
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown

from ..markdown.block_skips import install as quick_blocks
from ..markdown.inline import install as quick_inline
from .pdf import PdfDocument


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    # Making a Markdown object loads its extensions, which cost more
    # than converting a motion; one object, reset before each use, serves the whole build.
    # The reader's quick passes: the same HTML, without trying what cannot match (half the time).
    md = markdown.Markdown(extensions=["extra"])
    quick_inline(md)
    quick_blocks(md)
    return md


def _to_html(text: str) -> str:
    return _markdown().reset().convert(text)


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr"}


class _TextBlocks(HTMLParser):
    """Walk Markdown's HTML into wrapped plain-text blocks, keeping list numbers."""

    def __init__(self, width: int) -> None:
        super().__init__(convert_charrefs=True)
        self.width = width
        self.blocks: list[str] = []
        self.words: list[str] = []
        self.lists: list[list] = []  # [tag, next number] for each open list
        self.marker = ""
        self.heading = False
        self.link: tuple[str, int] | None = None  # (href, index in words where its text starts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _BLOCKS:
            self.flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = True
        if tag in ("ol", "ul"):
            self.flush()
            self.lists.append([tag, int(attributes.get("start") or 1)])
        elif tag == "li" and self.lists:
            kind, number = self.lists[-1]
            self.marker = f"{number}." if kind == "ol" else "-"
            self.lists[-1][1] += 1
        elif tag == "a" and (href := attributes.get("href")):
            self.link = (href, len(self.words))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
        elif tag in ("ol", "ul") and self.lists:
            self.flush()
            self.lists.pop()
        elif tag == "a" and self.link:
            href, start = self.link
            address = href.removeprefix("mailto:")
            # Paper has no links: spell out the address unless the text already is it.
            if urlsplit(href).scheme in ("http", "https", "mailto"):
                if address not in "".join(self.words[start:]):
                    self.words.append(f" ({address})")
            self.link = None

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.words).split())
        self.words = []
        if not text:
            return
        indent = "   " * max(len(self.lists) - 1, 0)
        hang = indent + (" " * (len(self.marker) + 1) if self.marker else "")
        first = f"{indent}{self.marker} " if self.marker else indent
        self.marker = ""
        block = textwrap.fill(text, self.width, initial_indent=first, subsequent_indent=hang,
                              break_on_hyphens=False, break_long_words=False)
        if self.heading:
            # Underlined, so "1. Conference notes" does not read as item 1 of the list below it.
            block += "\n" + "-" * max(len(line) for line in block.splitlines())
            self.heading = False
        self.blocks.append(block)


def motion_text(doc: PdfDocument, body_markdown: str, *, width: int = 72) -> str:
    """The motion as plain text wrapped at `width` columns: title, facts, numbered text, address.

    Only a web address longer than `width` overflows: it stays whole so it can be copied.
    """

    def field(label: str, value: str | None) -> list[str]:
        return textwrap.wrap(f"{label}: {value}", width, subsequent_indent="    ") if value else []

    title = textwrap.wrap(doc.title, width)
    title.append("=" * max(len(line) for line in title))
    motion_type = doc.motion_type and doc.motion_type[:1].upper() + doc.motion_type[1:]
    facts = [*field(doc.type_label, motion_type), *field(doc.body_label, doc.body),
             *field(doc.deadline_label, doc.deadline_text), *field(doc.submit_label, doc.submit_to)]
    walker = _TextBlocks(width)
    walker.feed(_to_html(body_markdown))
    walker.close()
    walker.flush()
    source = [*textwrap.wrap(doc.source_line or f"From {doc.author}:", width), doc.url]
    parts = ["\n".join(title), "\n".join(facts), *walker.blocks, "\n".join(source)]
    return "\n\n".join(part for part in parts if part) + "\n"
