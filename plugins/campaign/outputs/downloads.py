"""The Pelican side of print files: a PDF for each leaflet and motion, and a .txt of each
motion, made from the same Markdown as the post's page and linked from it with size and type."""
from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from ..cache.derived import DerivedCache
from ..content.header import Header, read_header
from ..errors import shown_path
from ..settings import setting
from .store import OutputStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Download:
    """A file made from a post: where it goes, and how the link describes it."""

    url: str
    label: str
    kind: str
    size: str
    data: bytes


def human_size(n: int) -> str:
    """84 KB style sizes, as people read them on a download link."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _contact_line(settings: dict) -> str:
    # The printed footer: the contact email and the bare web address, from the settings.
    host = urlsplit(str(settings.get("SITE_URL") or "")).hostname or ""
    return " · ".join(x for x in (str(settings.get("CONTACT_EMAIL") or ""), host) if x)


def _document(post, settings: dict, header: Header):
    from .pdf import PdfDocument

    motion = getattr(post, "motion", None)
    # SITE_URL even in a local build, so a printed QR code works; without it, the preview address.
    public = str(settings.get("SITE_URL") or settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")
    paper = (header.get("paper") or "A4").strip().upper()
    words = settings["CAMPAIGN"].vocabulary.motion
    return PdfDocument(
        kind="motion" if post.kind == "motion" else "leaflet",
        # Pelican's title is typogrified HTML (no-break spaces, spans); the PDF wants the words.
        # A header's character references are read as the characters they stand for, as on the page.
        title=html.unescape(header.get("title") or "") or Markup(post.title).striptags(),
        body_html=post.content,
        date=post.date.date(),
        url=f"{public}/{post.url}",
        contact=str(settings.get("CONTACT_LINE") or _contact_line(settings)),
        source_path=shown_path(post.source_path),
        lang=str(settings.get("DEFAULT_LANG", "en-GB")),
        author=str(settings.get("AUTHOR", "")),
        kicker=words.kicker(str(settings.get("AUTHOR", ""))) if motion else "",
        source_line=words.source_line(str(settings.get("AUTHOR", ""))) if motion else "",
        body_label=words.pdf_body_label, type_label=words.fields["type"],
        deadline_label=words.fields["deadline"], submit_label=words.fields["submit_to"],
        accent=settings["CAMPAIGN"].brand.accent,
        paper="A4" if post.kind == "motion" else paper,
        motion_type=getattr(motion, "motion_type", None),
        body=getattr(motion, "body", None),
        deadline_text=getattr(motion, "deadline_text", None),
        submit_to=getattr(motion, "submit_to", None),
    )


def _motion_text(doc, body: str, derived: DerivedCache) -> bytes:
    from .pdf_text import motion_text

    return derived.get_or_make("motion text", f"{doc.as_json()}\0{body}",
                               lambda: motion_text(doc, body).encode("utf-8"))


def prepare(posts: list, settings: dict, cache_dir: Path, theme_dir: Path, content_dir: Path,
            derived: DerivedCache | None = None) -> dict:
    """Render (or reuse) every print file; set `post.downloads`; return counts for the log.

    `derived` keeps the motions' text files between builds (none given: they are made each time).
    """
    from .pdf_cache import PdfCache

    derived = derived or DerivedCache(None)

    cache = PdfCache(cache_dir)
    printable = [p for p in posts if getattr(p, "kind", "") in ("leaflet", "motion")]
    headers = [read_header(post.source_path) for post in printable]
    docs = [_document(post, settings, header) for post, header in zip(printable, headers)]
    workers = setting(settings, "CAMPAIGN_PDF_WORKERS") or min(4, os.cpu_count() or 1)
    pdfs = cache.render_many(docs, theme_dir, content_dir=content_dir, workers=workers)
    for post, header, doc, data in zip(printable, headers, docs, pdfs):
        what = "motion" if post.kind == "motion" else "leaflet"
        files = [Download(f"{post.url}{post.slug}.pdf", f"Download the {what} to print", "PDF",
                          human_size(len(data)), data)]
        if post.kind == "motion":
            lines = Path(post.source_path).read_text(encoding="utf-8").splitlines()
            body = "\n".join(lines[header.body_line - 1:])
            plain = _motion_text(doc, body, derived)
            files.append(Download(f"{post.url}{post.slug}.txt", "Copy the motion as plain text", "text",
                                  human_size(len(plain)), plain))
        post.downloads = files
    logger.info("PDFs: %d rendered, %d reused from the cache", cache.rendered, cache.reused)
    return {"pdf_rendered": cache.rendered, "pdf_reused": cache.reused}


def write(posts: list, out: OutputStore) -> None:
    """Write each post's print files next to its page, through the build's store."""
    for post in posts:
        for download in getattr(post, "downloads", ()):
            out.write(download.url, download.data, source=shown_path(post.source_path))
