"""Keep rendered PDFs between builds, keyed by everything that changes their bytes."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
from functools import lru_cache
from pathlib import Path

from ..cache.files import read_entry, write_entry
from ..interrupt import worker_pool
from .pdf import PdfDocument, render_pdf, renderer_versions, resolve_images


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


@lru_cache(maxsize=1)
def _versions() -> bytes:
    # The same for every PDF in a process; asked once, not per document.
    return json.dumps(renderer_versions(), sort_keys=True).encode()


def theme_inputs(theme_dir: Path) -> list[tuple[str, bytes]]:
    """The PDF templates and CSS (their bytes) and the fonts (their sizes), as labelled parts."""
    pdf_dir = theme_dir / "pdf"
    parts = [(f"template {path.relative_to(pdf_dir)}", path.read_bytes()) for path in _files(pdf_dir)]
    # Font files are large and change only with their name or size; hashing those is enough.
    parts += [(f"font {path.name}", str(path.stat().st_size).encode())
              for path in _files(theme_dir / "static" / "fonts")]
    return parts


def cache_key(doc: PdfDocument, theme_dir: Path, content_dir: Path | None = None,
              theme_parts: list[tuple[str, bytes]] | None = None) -> str:
    """sha256 over the doc, the PDF templates and CSS, the fonts, the images and the renderer.

    `theme_parts` is `theme_inputs(theme_dir)` when the caller has already read it (once per build).
    """
    content_dir = content_dir or theme_dir.parent / "content"
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        # Length-prefixed so two different inputs can never concatenate to the same stream.
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("doc", doc.as_json().encode())
    add("versions", _versions())
    for label, data in theme_inputs(theme_dir) if theme_parts is None else theme_parts:
        add(label, data)
    root = content_dir.resolve()
    for path in resolve_images(doc, content_dir):
        add(f"image {path.relative_to(root)}", path.read_bytes())
    return digest.hexdigest()


class PdfCache:
    """A folder of `<key>.pdf` files; counts how many PDFs it rendered and how many it reused."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)
        self.rendered = 0
        self.reused = 0

    def get_or_render(self, doc: PdfDocument, theme_dir: Path, *, content_dir: Path | None = None,
                      image_lines: dict[str, int] | None = None) -> tuple[bytes, bool]:
        """The PDF for `doc` and whether it was rendered now (False: read from the cache)."""
        before = self.rendered
        [data] = self.render_many([doc], theme_dir, content_dir=content_dir, image_lines=image_lines)
        return data, self.rendered > before

    def _store(self, path: Path, data: bytes) -> None:
        # Written aside then renamed, with its digest: a short or changed PDF is never reused.
        write_entry(path, data)

    def render_many(self, docs: list[PdfDocument], theme_dir: Path, *, content_dir: Path | None = None,
                    workers: int = 1, image_lines: dict[str, int] | None = None) -> list[bytes]:
        """Every doc's PDF, in order: cached ones read, the rest rendered in `workers` processes.

        WeasyPrint uses one core; a cold build with many leaflets is mostly PDF rendering, so
        rendering them side by side shortens the wait on a machine with more than one core.
        """
        content = content_dir or theme_dir.parent / "content"
        theme_parts = theme_inputs(theme_dir)
        paths = []
        for doc in docs:
            # A missing image stops the build before any rendering, naming its line when known.
            resolve_images(doc, content, image_lines)
            paths.append(self.cache_dir / f"{cache_key(doc, theme_dir, content_dir, theme_parts)}.pdf")
        kept = [read_entry(path) for path in paths]  # None: missing, or damaged and deleted
        missing = [i for i, data in enumerate(kept) if data is None]
        jobs = [(docs[i], theme_dir, content_dir) for i in missing]
        if workers > 1 and len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods():
            # fork: the workers inherit WeasyPrint already imported, instead of importing it again.
            with worker_pool(min(workers, len(jobs))) as pool:
                made = list(pool.map(_render_job, jobs))
        else:
            made = [_render_job(job) for job in jobs]
        fresh = dict(zip(missing, made, strict=True))
        for i, data in fresh.items():
            self._store(paths[i], data)
        self.rendered += len(fresh)
        self.reused += len(docs) - len(fresh)
        return [data if data is not None else fresh[i] for i, data in enumerate(kept)]


def _render_job(job: tuple) -> bytes:
    """One PDF, in a worker process (module level, so the pool can pickle it)."""
    doc, theme_dir, content_dir = job
    return render_pdf(doc, theme_dir=theme_dir, content_dir=content_dir)
