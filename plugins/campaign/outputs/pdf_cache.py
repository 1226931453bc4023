"""Keep rendered PDFs between builds, keyed by everything that changes their bytes."""
from __future__ import annotations

import json
import multiprocessing
from functools import lru_cache
from pathlib import Path

from ..cache.derived import Derived, entry_key
from ..interrupt import worker_pool
from .pdf import PdfDocument, render_pdf, renderer_versions, resolve_images


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


#: The cache seam's label for rendered PDFs.
LABEL = "pdf"


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """The PDF code's version and the libraries it renders with: what a kept PDF is valid for.

    The same for every PDF in a process, so asked once, not per document.
    """
    return json.dumps(renderer_versions(), sort_keys=True)


def theme_inputs(theme_dir: Path) -> list[tuple[str, bytes]]:
    """The PDF templates and CSS (their bytes) and the fonts (their sizes), as labelled parts."""
    pdf_dir = theme_dir / "pdf"
    parts = [(f"template {path.relative_to(pdf_dir)}", path.read_bytes()) for path in _files(pdf_dir)]
    # Font files are large and change only with their name or size; hashing those is enough.
    parts += [(f"font {path.name}", str(path.stat().st_size).encode())
              for path in _files(theme_dir / "static" / "fonts")]
    return parts


def pdf_inputs(doc: PdfDocument, theme_dir: Path, content_dir: Path | None = None,
               theme_parts: list[tuple[str, bytes]] | None = None) -> list[tuple[str, bytes]]:
    """Everything a PDF's bytes follow: the doc, the PDF templates and CSS, the fonts and the images.

    `theme_parts` is `theme_inputs(theme_dir)` when the caller has already read it (once per build).
    """
    content_dir = content_dir or theme_dir.parent / "content"
    parts = [("doc", doc.as_json().encode())]
    parts += theme_inputs(theme_dir) if theme_parts is None else theme_parts
    root = content_dir.resolve()
    parts += [(f"image {path.relative_to(root)}", path.read_bytes()) for path in resolve_images(doc, content_dir)]
    return parts


def cache_key(doc: PdfDocument, theme_dir: Path, content_dir: Path | None = None,
              theme_parts: list[tuple[str, bytes]] | None = None) -> str:
    """The key the cache seam keeps `doc`'s PDF under (the renderer's versions are its code version)."""
    return entry_key(LABEL, pdf_inputs(doc, theme_dir, content_dir, theme_parts), renderer_version())


class PdfCache:
    """Renders PDFs through the cache seam; counts how many it rendered and how many it reused."""

    def __init__(self, derived: Derived) -> None:
        self.derived = derived
        self.rendered = 0
        self.reused = 0

    def get_or_render(self, doc: PdfDocument, theme_dir: Path, *, content_dir: Path | None = None,
                      image_lines: dict[str, int] | None = None) -> tuple[bytes, bool]:
        """The PDF for `doc` and whether it was rendered now (False: read from the cache)."""
        before = self.rendered
        [data] = self.render_many([doc], theme_dir, content_dir=content_dir, image_lines=image_lines)
        return data, self.rendered > before

    def render_many(self, docs: list[PdfDocument], theme_dir: Path, *, content_dir: Path | None = None,
                    workers: int = 1, image_lines: dict[str, int] | None = None) -> list[bytes]:
        """Every doc's PDF, in order: kept ones read, the rest rendered in `workers` processes.

        WeasyPrint uses one core; a cold build with many leaflets is mostly PDF rendering, so
        rendering them side by side shortens the wait on a machine with more than one core.
        """
        content = content_dir or theme_dir.parent / "content"
        theme_parts = theme_inputs(theme_dir)
        inputs = []
        for doc in docs:
            # A missing image stops the build before any rendering, naming its line when known.
            resolve_images(doc, content, image_lines)
            inputs.append(pdf_inputs(doc, theme_dir, content_dir, theme_parts))

        def render(missing: list[int]) -> list[bytes]:
            jobs = [(docs[i], theme_dir, content_dir) for i in missing]
            self.rendered += len(jobs)
            if workers > 1 and len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods():
                # fork: the workers inherit WeasyPrint already imported, instead of importing it again.
                with worker_pool(min(workers, len(jobs))) as pool:
                    return list(pool.map(_render_job, jobs))
            return [_render_job(job) for job in jobs]

        before = self.rendered
        made = self.derived.get_many(LABEL, inputs, render, version=renderer_version())
        self.reused += len(docs) - (self.rendered - before)
        return made


def _render_job(job: tuple) -> bytes:
    """One PDF, in a worker process (module level, so the pool can pickle it)."""
    doc, theme_dir, content_dir = job
    return render_pdf(doc, theme_dir=theme_dir, content_dir=content_dir)
