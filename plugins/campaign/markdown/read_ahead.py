"""Read the Markdown files the content cache lacks on every core, before Pelican reads them.

Besides PDFs, reading (Markdown, chart blocks, Typogrify) is most of a cold build, and Pelican reads one file at a time on one core. So files with no cached result
are read first in worker processes, which keep their results in the content cache
(cache/content.py); Pelican's own pass then finds them there. A file with a problem is never
cached, so Pelican reads it again itself and the problem is reported as usual, with its line.
"""
from __future__ import annotations

import fnmatch
import logging
import multiprocessing
import os
from pathlib import Path

from ..cache.content import READ_MEMO_SETTING, ContentCache, ReadMemo
from ..interrupt import worker_pool
from ..settings import setting

#: Below this many files to read, starting workers costs more than it saves.
MIN_FILES = 16
MAX_WORKERS = 4
_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
logger = logging.getLogger(__name__)
_settings: dict | None = None  # the build's settings, inherited by the forked workers
_reader = None


def source_files(settings: dict) -> list[Path]:
    """The Markdown files Pelican will read as posts and pages (ignoring IGNORE_FILES)."""
    root = Path(settings["PATH"])
    ignored = settings.get("IGNORE_FILES", [])
    found = set()
    for folder in [*settings.get("ARTICLE_PATHS", []), *settings.get("PAGE_PATHS", [])]:
        for path in (root / folder).rglob("*"):
            if path.suffix.lower() in _SUFFIXES and path.is_file() and \
                    not any(fnmatch.fnmatch(part, pattern) for part in path.parts for pattern in ignored):
                found.add(path)
    return sorted(found)


def _read(path: str) -> None:
    global _reader  # noqa: PLW0603 - one reader per forked worker process, made on its first file
    if _reader is None:
        from .reader import CampaignMarkdownReader

        _reader = CampaignMarkdownReader(_settings)
    try:
        _reader.read(path)
    except Exception:  # noqa: BLE001 - Pelican reads this file again and reports what is wrong
        pass


def warm(settings: dict, workers: int | None = None) -> int:
    """Read the files missing from the content cache in worker processes; how many were read.

    `workers` is CAMPAIGN_READ_WORKERS (None: one per core, at most four; 1: none).
    """
    global _settings  # noqa: PLW0603 - forked workers inherit it: they are given no arguments
    if not setting(settings, "CAMPAIGN_CONTENT_CACHE"):
        return 0
    workers = workers or min(MAX_WORKERS, os.cpu_count() or 1)
    cache = ContentCache.for_settings(settings)
    # The live preview's memory (cache/content.py ReadMemo) holds what it read before.
    memo = settings.get(READ_MEMO_SETTING)
    missing = [str(path) for path in source_files(settings)
               if not (isinstance(memo, ReadMemo) and memo.holds(str(path), cache.base))
               and not cache.has(cache.key(str(path)))]
    # Without fork (Windows) the workers would import everything again: Pelican reads alone.
    if workers <= 1 or len(missing) < MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    _settings = settings
    # fork: the workers start with the plugin, Markdown and Typogrify already imported.
    with worker_pool(workers) as pool:
        list(pool.map(_read, missing, chunksize=max(1, len(missing) // (workers * 8))))
    logger.info("Read %d files not in the content cache, in %d processes", len(missing), workers)
    return len(missing)
