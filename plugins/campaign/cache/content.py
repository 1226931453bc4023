"""Keep each Markdown file's rendered HTML and metadata between builds.

Reading is most of a build: Markdown, chart blocks and Typogrify. A file whose bytes, path
under content/, reader settings, data files and plugin code are all unchanged gives the same
result, so the result is kept under `CAMPAIGN_CACHE_PATH/content/<sha256 of all of those>.pickle`.

Why not Pelican's CACHE_CONTENT: its key is the file's mtime alone (a changed data file or
plugin would leave stale charts), it caches the HTML before Typogrify (the costliest step
stays), and it rewrites one shared file in place, which parallel builds can read half-written.
Here each entry is written aside and renamed, and a file with problems is never kept, so a
mistake is reported on every build until it is fixed.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .files import prune, read_entry, write_entry

#: Settings the reader's output depends on; a change to any of them starts the cache afresh.
#: (Where content/ is does not count: only error messages name it, and those are never kept, so
#: the tests' throwaway copies of content/ share the real site's entries instead of piling up.)
READER_SETTINGS = ("MARKDOWN", "FORMATTED_FIELDS", "CAMPAIGN_TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS",
                   "TYPOGRIFY_OMIT_FILTERS", "TYPOGRIFY_DASHES")
_LIBRARIES = ("pelican", "markdown", "typogrify", "smartypants", "pyyaml", "nh3")
_SETTINGS_ID = "settings"
#: Set by the live preview (tools/live_site.py): its ReadMemo, kept across its builds.
READ_MEMO_SETTING = "_CAMPAIGN_READ_MEMO"


def files_digest(folder: Path, pattern: str) -> str:
    """sha256 of the names, sizes and bytes of the files under `folder` matching `pattern`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []:
        digest.update(f"{path.relative_to(folder)}:{path.stat().st_size}:".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    # The plugin's own code (blocks, charts, the reader) and the libraries under it.
    versions = {name: version(name) for name in _LIBRARIES}
    return hashlib.sha256(json.dumps([files_digest(Path(__file__).parents[1], "*.py"), versions,
                                      sys.version]).encode()).hexdigest()


def markdown_config(settings: dict) -> dict:
    """MARKDOWN as Pelican's MarkdownReader will use it, without changing `settings`.

    Pelican's reader adds every `extension_configs` key and the `meta` extension to
    `settings["MARKDOWN"]["extensions"]` in place when it is made. The read-ahead (warm_cache)
    works keys out before any reader exists, the reader after, so with the raw setting in the
    key the two never agreed and every build read every file again. The same (idempotent)
    completion is applied here, so the key is the same before and after a reader is made.
    """
    config = dict(settings.get("MARKDOWN") or {})
    configs = config.get("extension_configs") or {}
    extensions = list(config.get("extensions") or [])
    for name in [*configs, "markdown.extensions.meta"]:
        if name not in extensions:
            extensions.append(name)
    return {**config, "extension_configs": configs, "extensions": extensions}


def reader_settings(settings: dict) -> str:
    """The reader's settings as the cache key holds them (JSON)."""
    values = {k: settings.get(k) for k in READER_SETTINGS}
    values["MARKDOWN"] = markdown_config(settings)
    return json.dumps(values, sort_keys=True, default=str)


class _Pickler(pickle.Pickler):
    # Tags and categories hold the settings dict; store a reference, not a copy per entry.
    def __init__(self, file, settings: dict):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.settings = settings

    def persistent_id(self, obj):
        return _SETTINGS_ID if obj is self.settings else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, settings: dict):
        super().__init__(file)
        self.settings = settings

    def persistent_load(self, pid):
        if pid != _SETTINGS_ID:
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        return self.settings


class ContentCache:
    """Rendered (content, metadata) per source file, keyed by everything that changes them."""

    def __init__(self, folder: Path, settings: dict):
        self.folder = Path(folder)
        self.settings = settings
        self.content_dir = Path(settings["PATH"]).resolve()
        data = files_digest(Path(settings["PATH"]) / "data", "*")
        self.base = hashlib.sha256(f"{code_digest()}\n{reader_settings(settings)}\n{data}".encode()).hexdigest()
        self.hits = self.misses = 0

    @classmethod
    def for_settings(cls, settings: dict) -> ContentCache:
        """The cache under CAMPAIGN_CACHE_PATH (its default is declared in settings.py), in content/."""
        from ..settings import cache_root

        cache = cls(cache_root(settings) / "content", settings)
        cache.prune()
        return cache

    def key(self, source_path: str) -> str:
        """sha256 of the file's bytes, its path under content/, and the build's fingerprint."""
        path = Path(source_path).resolve()
        where = path.relative_to(self.content_dir) if path.is_relative_to(self.content_dir) else path
        digest = hashlib.sha256(f"{self.base}\n{where}\n".encode())
        digest.update(path.read_bytes())
        return digest.hexdigest()

    def has(self, key: str) -> bool:
        """Whether an entry is kept for `key` (without reading it)."""
        return (self.folder / f"{key}.pickle").is_file()

    def get(self, key: str):
        """The kept (content, metadata), or None."""
        return self.load(self.entry(key))

    def entry(self, key: str) -> bytes | None:
        """The kept entry's pickled bytes, or None (missing, or damaged: deleted, made again)."""
        return read_entry(self.folder / f"{key}.pickle")

    def load(self, kept: bytes | None):
        """(content, metadata) from an entry's bytes: a fresh copy each time; None if unreadable."""
        try:
            found = None if kept is None else _Unpickler(io.BytesIO(kept), self.settings).load()
        except Exception:  # noqa: BLE001 - whole but unreadable (an older Pelican's classes): read again
            found = None
        self.hits += found is not None
        self.misses += found is None
        return found

    def put(self, key: str, value) -> bytes:
        """Keep `value`, written aside then renamed, so no build ever reads half an entry; its bytes."""
        buffer = io.BytesIO()
        _Pickler(buffer, self.settings).dump(value)
        write_entry(self.folder / f"{key}.pickle", buffer.getvalue())
        return buffer.getvalue()

    def prune(self) -> None:
        """Delete entries nobody has used for cache_files.MAX_AGE_DAYS."""
        prune(self.folder)


class ReadMemo:
    """The live preview's memory of what each Markdown file read as, across its full builds.

    The preview is one long-lived process that builds the whole site again after a header edit;
    finding 1000 unchanged files in the content cache (each file read and hashed, each entry
    read from disk) was a second of every such build. Here an entry's bytes are kept per path
    with the file's own bytes and the cache's fingerprint (settings, data files, code): a file
    whose bytes and fingerprint are both unchanged is the kept entry, unpickled afresh (each
    build gets its own objects, exactly what a content-cache hit gives). Compared by bytes,
    not by mtime: two saves within one clock tick must not look unchanged.
    """

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, bytes, bytes]] = {}  # path -> (fingerprint, source, entry)

    def __repr__(self) -> str:
        # It sits in the settings: anything that prints or digests them sees the same text each run.
        return "ReadMemo()"

    def entry(self, path: str, base: str, source: bytes) -> bytes | None:
        """The entry kept for `path` if its source bytes and the fingerprint `base` are unchanged."""
        kept = self._kept.get(os.path.abspath(path))
        return kept[2] if kept is not None and kept[0] == base and kept[1] == source else None

    def keep(self, path: str, base: str, source: bytes, entry: bytes) -> None:
        """Remember what `path`, holding `source`, read as under fingerprint `base`."""
        self._kept[os.path.abspath(path)] = (base, source, entry)

    def holds(self, path: str, base: str) -> bool:
        """Whether `path` is kept and still holds the bytes it was read from, under `base`."""
        kept = self._kept.get(os.path.abspath(path))
        try:
            return kept is not None and kept[0] == base and Path(path).read_bytes() == kept[1]
        except OSError:
            return False
