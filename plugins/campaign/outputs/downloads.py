"""The Pelican side of print files: a PDF for each printable kind (content/kinds.py), and a .txt
beside a motion's, made from the same Markdown as the post's page and linked from it with size and type."""
from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..cache.derived import Derived
from ..content.header import Header, read_header
from ..content.kinds import KINDS, Printable
from ..content.shown import ShownPaths
from ..errors import shown_path
from ..settings import setting
from .store import OutputStore

if TYPE_CHECKING:
    from .pdf_cache import PdfCache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Download:
    """A file made from a post: where it goes, and how the link describes it."""

    url: str
    label: str
    kind: str
    size: str
    data: bytes


KB = 1024  # bytes, as file managers count them


def human_size(n: int) -> str:
    """84 KB style sizes, as people read them on a download link."""
    if n < KB:
        return f"{n} bytes"
    if n < KB * KB:
        return f"{round(n / KB)} KB"
    return f"{n / KB / KB:.1f} MB"


def _contact_line(settings: dict) -> str:
    # The printed footer: the contact email and the bare web address, from the settings.
    host = urlsplit(str(settings.get("SITE_URL") or "")).hostname or ""
    return " · ".join(x for x in (str(settings.get("CONTACT_EMAIL") or ""), host) if x)


def _document(post, printable: Printable, settings: dict, header: Header, shown=shown_path):
    from .pdf import PdfDocument

    motion = getattr(post, "motion", None)
    # SITE_URL even in a local build, so a printed QR code works; without it, the preview address.
    public = str(settings.get("SITE_URL") or settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")
    paper = (header.get("paper") or "A4").strip().upper()
    words = settings["CAMPAIGN"].vocabulary.motion
    return PdfDocument(
        kind=printable.template,
        # Pelican's title is typogrified HTML (no-break spaces, spans); the PDF wants the words.
        # A header's character references are read as the characters they stand for, as on the page.
        title=html.unescape(header.get("title") or "") or Markup(post.title).striptags(),
        body_html=post.content,
        date=post.date.date(),
        url=f"{public}/{post.url}",
        contact=str(settings.get("CONTACT_LINE") or _contact_line(settings)),
        source_path=shown(post.source_path),
        lang=str(settings.get("DEFAULT_LANG", "en-GB")),
        author=str(settings.get("AUTHOR", "")),
        kicker=words.kicker(str(settings.get("AUTHOR", ""))) if motion else "",
        source_line=words.source_line(str(settings.get("AUTHOR", ""))) if motion else "",
        body_label=words.pdf_body_label, type_label=words.fields["type"],
        deadline_label=words.fields["deadline"], submit_label=words.fields["submit_to"],
        accent=settings["CAMPAIGN"].brand.accent,
        paper=printable.paper or paper,
        motion_type=getattr(motion, "motion_type", None),
        body=getattr(motion, "body", None),
        deadline_text=getattr(motion, "deadline_text", None),
        submit_to=getattr(motion, "submit_to", None),
    )


def _motion_text(doc, body: str, derived: Derived) -> bytes:
    from .pdf_text import motion_text

    return derived.get("motion text", f"{doc.as_json()}\0{body}", lambda: motion_text(doc, body).encode("utf-8"))


def prepare(posts: list, settings: dict, theme_dir: Path, content_dir: Path, derived: Derived | None = None) -> dict:
    """Render (or reuse) every print file; set `post.downloads`; return counts for the log.

    `derived` is the cache seam that keeps PDFs and motion texts (none given: everything is made).
    """
    workers = setting(settings, "CAMPAIGN_PDF_WORKERS") or min(4, os.cpu_count() or 1)
    made, cache = print_files(posts, settings, theme_dir, content_dir, derived, workers)
    for post, files in made:
        post.downloads = files
    logger.info("PDFs: %d rendered, %d reused from the cache", cache.rendered, cache.reused)
    return {"pdf_rendered": cache.rendered, "pdf_reused": cache.reused}


def print_files(posts: list, settings: dict, theme_dir: Path, content_dir: Path, derived: Derived | None = None,
                workers: int = 1) -> tuple[list[tuple[Any, list[Download]]], PdfCache]:
    """Each printable post of `posts` with its print files (made or reused), and the cache that made them.

    The build's one way to make them: the live preview's header edit prints a leaflet again with
    it (tools/reprint.py), so its bytes are the ones a clean build writes.
    """
    from .pdf_cache import PdfCache

    derived = derived or Derived(None)
    cache = PdfCache(derived)
    printable = [(p, how) for p in posts if (how := KINDS[getattr(p, "kind", "post")].printable)]
    headers = [read_header(post.source_path) for post, _ in printable]
    shown = ShownPaths()
    docs = [_document(post, how, settings, header, shown)
            for (post, how), header in zip(printable, headers, strict=True)]
    pdfs = cache.render_many(docs, theme_dir, content_dir=content_dir, workers=workers)
    made = []
    for (post, how), header, doc, data in zip(printable, headers, docs, pdfs, strict=True):
        files = [Download(f"{post.url}{post.slug}.pdf", f"Download the {how.template} to print", "PDF",
                          human_size(len(data)), data)]
        if how.text_twin:
            lines = Path(post.source_path).read_text(encoding="utf-8").splitlines()
            body = "\n".join(lines[header.body_line - 1:])
            plain = _motion_text(doc, body, derived)
            files.append(Download(f"{post.url}{post.slug}.txt", "Copy the motion as plain text", "text",
                                  human_size(len(plain)), plain))
        made.append((post, files))
    return made, cache


def write(posts: list, out: OutputStore) -> None:
    """Write each post's print files next to its page, through the build's store."""
    shown = ShownPaths()
    for post in posts:
        for download in getattr(post, "downloads", ()):
            out.write(download.url, download.data, source=shown(post.source_path))
