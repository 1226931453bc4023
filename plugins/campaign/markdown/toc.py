"""Python-Markdown's toc extension, its table of contents built only for a post that places one.

The reader keeps only the HTML: the extension's table (Markdown.toc, serialised and run through
every postprocessor) is never read, and neither Pelican nor the theme places one with the marker
(`[TOC]`). A post that writes the marker still gets it. Headings' ids are the extension's own
work either way: only the table and the search for the marker are left out.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Markdown
from markdown.extensions.toc import TocTreeprocessor


def toc_only_where_placed(md: Markdown) -> None:
    """Make `md`'s toc treeprocessor build its table only when a text in the document holds the marker."""
    toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    if not isinstance(toc, TocTreeprocessor) or type(toc) is not TocTreeprocessor or "run" in vars(toc):
        return
    marker, build = toc.marker, toc.build_toc_div

    def run(doc: ET.Element) -> None:
        # The extension replaces an element whose whole text is the marker; one that merely holds
        # it in a text is looked at too, so no placed table is missed.
        placed = bool(marker) and any(el.text and marker in el.text for el in doc.iter())
        toc.marker, toc.build_toc_div = (marker, build) if placed else ("", _no_table)
        try:
            TocTreeprocessor.run(toc, doc)
        finally:
            toc.marker, toc.build_toc_div = marker, build

    toc.run = run  # this instance only: another subclass, or a second call, is left as it is


def _no_table(_toc_list: list) -> ET.Element:
    """The table left empty (Markdown.toc is then `<div></div>`; nothing reads it)."""
    return ET.Element("div")
