"""What a full `make html` build leaves for the next one's body path (tools/body_edit.py).

- The record (`<cache>/bodypath/<output digest>.pickle`, keyed like the up-to-date record by
  cache/files.output_record): every writer call the build made (page_deps.Deps, pickled, the
  Jinja templates kept by name, the run's store and render memo left out), which output files
  read each post's text, each post's header, the published pictures, and the output folder's
  manifest after the build. Written atomically behind a digest of its bytes; any doubt when
  it is read (magic, digest, version, unpickling, another build's manifest) means no record.
- Beside it (`.deps`): which posts each page read, with the stat of the page's file as the
  build wrote it. A page the render memo reuses is not rendered, so nothing is noted while it
  is made: the next full build takes its reads from here while its file is still that one.

`make html`'s recording notes every read of a post's text during the whole run
(page_deps.whole_run): a post read outside a writer call (a leaflet's PDF is made from its
text) is "untracked", and only a full build updates it.
"""
from __future__ import annotations

import copyreg
import hashlib
import io
import logging
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..cache.files import write_atomically
from . import page_deps

logger = logging.getLogger(__name__)

#: Bumped when the record's meaning changes: an older record is then simply not used.
VERSION = 2  # 2: the generators' state, for the header path (header_path.py)
_MAGIC = b"campaign-bodypath\n"
_DIGEST = 32
#: Markdown suffixes Pelican reads as posts and pages (warm_cache.py agrees).
SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


def split_header(text: str) -> tuple[str, str]:
    """A Markdown file's header (its lines up to the first blank one) and its body."""
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if not line.strip():
            return "".join(lines[:n]), "".join(lines[n:])
    return text, ""


# --- The record --------------------------------------------------------------------------------

@dataclass
class Record:
    """What a build leaves for the next one's body path."""

    manifest: str  # the output folder's manifest right after the build (uptodate.py's)
    deps: page_deps.Deps
    settings: dict  # Pelican's settings as the build left them
    sources: dict[str, object]  # source file (absolute) -> its post or page
    headers: dict[str, str]  # source file -> its header
    images: frozenset[str] = field(default_factory=frozenset)  # the pictures published content uses
    #: The output's pages Pagefind indexes (search.searchable_pages), once a body path has looked.
    searchable: frozenset[str] | None = None
    #: The build's generators, in its order, without their Jinja environment and readers (made
    #: again when loaded: header_path.py); None when the build did not keep them.
    generators: list | None = None


def record_path(settings: dict, output: Path) -> Path | None:
    """Where the record of builds into `output` is kept (None: no cache)."""
    from ..cache.files import output_record
    from ..settings import cache_root

    root = cache_root(settings)
    return None if root is None else output_record(Path(root), "bodypath", output).with_suffix(".pickle")


def _left_out() -> None:
    """What a left-out object (a run's store or render memo, a Jinja environment, readers) is
    when a record is loaded: nothing (the next run makes its own)."""
    return None


def _none(obj) -> tuple:  # noqa: ARG001 - copyreg's reducer signature
    return (_left_out, ())


def _by_name(template) -> tuple:
    return (TemplateName, (template.name,))


class _Pickler(pickle.Pickler):
    """Templates by name; a run's own store and render memo, and the generators' Jinja
    environments and readers, left out (the next run makes its own)."""

    def __init__(self, file) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        from jinja2 import Environment, Template
        from pelican.readers import Readers

        from ..outputs.render_memo import RenderMemo
        from ..outputs.staged_store import StagedStore
        from ..outputs.store import OutputStore

        # By exact type, looked up by the pickler's own C code: a Python hook called for every
        # object pickled (a quarter of a million at 1000 posts) took a fifth of a second.
        self.dispatch_table = {**copyreg.dispatch_table, Template: _by_name, RenderMemo: _none,
                               OutputStore: _none, StagedStore: _none, Environment: _none, Readers: _none}


@dataclass(frozen=True)
class TemplateName:
    """A template in a loaded record, until the environment to load it from is made."""

    name: str


class _Unpickler(pickle.Unpickler):
    # Records written before templates were reduced by name (dispatch_table) name them by persistent id.
    def persistent_load(self, pid):
        kind, name = pid
        return TemplateName(name) if kind == "template" else None


class _Hashing(io.RawIOBase):
    """A file the pickle streams into, hashed as it goes: the record (megabytes) is never held
    whole in memory, which the build's peak would otherwise carry (three copies of it)."""

    def __init__(self, file: IO[bytes]):
        super().__init__()
        self.file, self.hash = file, hashlib.blake2b(digest_size=_DIGEST)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # bytes-like in, the count written out, as RawIOBase
        self.hash.update(data)
        return self.file.write(data)


def save(path: Path, record: Record) -> None:
    """Keep `record` at `path`, atomically, behind a digest of its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    with open(tmp, "wb") as file:
        file.write(_MAGIC + bytes(_DIGEST))  # the digest is known once the pickle is written
        hashing = _Hashing(file)
        buffered = io.BufferedWriter(hashing, buffer_size=1 << 20)
        _Pickler(buffered).dump((VERSION, record))
        buffered.flush()  # every byte through the hash before the digest is written
        file.seek(len(_MAGIC))
        file.write(hashing.hash.digest())
    os.replace(tmp, path)


def forget(path: Path | None) -> None:
    """Drop the record at `path` (a build whose record could not be made)."""
    if path is not None:
        path.unlink(missing_ok=True)


#: The last record loaded, by its file's stat: the body path and then the header path look at
#: the same record in one build (unpickling it is a third of a second at 1000 posts). Each path
#: gives up before changing it unless its own edit is the one made, and the two never both are
#: (the body path needs every header unchanged, the header path one header changed).
_loaded: list[tuple[tuple, Record]] = []


def drop_loaded() -> None:
    """Let the last record loaded go (a full build runs: it would only add to its peak memory)."""
    _loaded.clear()


def load(path: Path, manifest: str) -> Record | None:
    """The record at `path` if it is whole and of the build that left `manifest`; else None."""
    try:
        st = path.stat()
        key = (str(path), manifest, st.st_size, st.st_mtime_ns, st.st_ino)
        if _loaded and _loaded[0][0] == key:
            return _loaded[0][1]
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    body = data[head:]
    if data[:len(_MAGIC)] != _MAGIC or hashlib.blake2b(body, digest_size=_DIGEST).digest() != data[len(_MAGIC):head]:
        return None
    try:
        version, found = _Unpickler(io.BytesIO(body)).load()
        if version != VERSION or not isinstance(found, Record) or found.manifest != manifest:
            return None
        _loaded[:] = [(key, found)]
    except Exception as err:  # noqa: BLE001 - any failure to read the record means a full build
        logger.info("The body-edit record in %s could not be used (%s): a full build runs", path, err)
        return None
    return found


# --- After a full build: what the next one needs --------------------------------------------------

def _deps_path(record: Path) -> Path:
    return record.with_name(record.name + ".deps")


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


class PreviousPages:
    """Which posts each page of the site now in `output` read, as the build that wrote the page noted.

    A page the render memo reuses is not rendered, so nothing is noted while it is made: it
    reads what it read when it was made. Each page's reads count only while its file is the
    one that build wrote (same size, time and inode): a page changed or made since (by hand, by
    a build whose record was not kept) is rendered. Without a record every page is rendered.
    """

    def __init__(self, output: Path, files: dict[str, tuple[int, int, int] | None],
                 read_by: dict[str, set[str]]) -> None:
        self.output, self.files, self.read_by = output, files, read_by

    def reads(self, rel: str) -> set[str] | None:
        """The posts the page at `rel` read (None: not known, so it must be rendered)."""
        known = self.files.get(rel)
        if known is None or known != _stat(self.output / rel):
            return None
        return self.read_by.get(rel, set())


def previous_pages(settings: dict, output: Path) -> PreviousPages | None:
    """The record of the pages now in `output` (None: there is none)."""
    path = record_path(settings, output)
    if path is None or not output.is_dir():
        return None
    try:
        with open(_deps_path(path), "rb") as file:
            version, files, read_by = pickle.load(file)
    except Exception:  # noqa: BLE001 - any failure means the pages are rendered
        return None
    return PreviousPages(output, files, read_by) if version == VERSION else None


class _Recorder(page_deps.RecordingWriter):
    """The recording writer, a reused page's reads taken from the record of the build that wrote it."""

    def __init__(self, output_path, settings, pages: PreviousPages | None) -> None:
        super().__init__(output_path, settings=settings)
        self.pages = pages

    def may_reuse(self, rel: str) -> bool:
        reads = None if self.pages is None else self.pages.reads(rel)
        if reads is None:
            return False
        for source in reads:
            self.deps.add(source, rel)
        return True


def keep(settings: dict, deps: page_deps.Deps, output: Path, manifest: str, files: dict[str, list],
         generators: list | None = None) -> None:
    """After a successful full build into `output` (its manifest now `manifest`): keep its record.

    `files`: the up-to-date fingerprint's files (name -> record, sha256 last), as the build
    read them: a post edited while the build ran is left out (its header may not be the one
    read).
    """
    from ..cache.files import prune

    path = record_path(settings, output)
    if path is None:
        return
    try:
        content = Path(settings["PATH"]).resolve()
        context: dict = next((call.args[2] for call in deps.calls if call.method == "write_file"), {})
        sources: dict[str, object] = {}
        headers: dict[str, str] = {}
        for rel, post in context.get("generated_content", {}).items():
            if Path(rel).suffix.lower() not in SUFFIXES:
                continue
            source = content / rel
            data = source.read_bytes()
            known = files.get(f"content/{Path(rel).as_posix()}")
            if known is None or known[-1] != hashlib.sha256(data).hexdigest():
                continue
            sources[str(source)] = post
            headers[str(source)] = split_header(data.decode("utf-8"))[0]
        from ..outputs.image_use import PUBLISHED_IMAGES

        record = Record(manifest, deps, settings, sources, headers, frozenset(settings.get(PUBLISHED_IMAGES) or ()),
                        generators=generators)
        save(path, record)
        write_pages(path, output, deps)
        prune(path.parent)  # records of folders no longer built (a publish's temporary one)
    except Exception as err:  # noqa: BLE001 - the site is built and in place: only the next build's shortcut is lost
        forget(path)
        forget(_deps_path(path))
        logger.info("No body-edit record for the next build (%s): it will run Pelican", err)


def write_pages(path: Path, output: Path, deps: page_deps.Deps) -> None:
    """Keep, beside the record at `path`, which posts each page of `output` read, and its file's stat."""
    # Each page's file as it is now (the build just wrote it), and the posts it read.
    files = {rel: _stat(output / rel) for rel in deps.made_by}
    write_atomically(_deps_path(path), pickle.dumps((VERSION, files, {k: set(v) for k, v in deps.read_by.items()}),
                                                    protocol=pickle.HIGHEST_PROTOCOL))


class Recording:
    """A full build's recording writer (which page read which post's text), kept for the next build."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.writer: _Recorder | None = None
        self.generators: list | None = None

    def attach(self, pelican) -> None:
        """Give `pelican`'s run the recording writer (before it runs), and keep its generators."""
        from pelican import signals

        page_deps.install()
        writer = _Recorder(pelican.output_path, pelican.settings, previous_pages(pelican.settings, self.output))
        self.writer = writer
        pelican._get_writer = lambda: writer  # keep the writer: it holds the record
        run = pelican.run

        def kept(generators) -> None:
            self.generators = list(generators)

        def run_noting_every_read() -> None:
            # A text read outside the writer (a leaflet's PDF is made from it) marks its post
            # "untracked": only a full build makes that file again.
            signals.all_generators_finalized.connect(kept, weak=False)
            try:
                with page_deps.whole_run(writer.deps):
                    run()
            finally:
                signals.all_generators_finalized.disconnect(kept)

        pelican.run = run_noting_every_read

    def keep(self, settings: dict, manifest: str, files: dict[str, list]) -> None:
        """After the build was swapped in and recorded (`manifest`): keep the record for the next."""
        if self.writer is not None:
            keep(settings, self.writer.deps, self.output, manifest, files, self.generators)

