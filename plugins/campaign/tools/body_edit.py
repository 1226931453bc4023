"""`make html` after an edit to the body of posts only: the pages that show their text, no Pelican run.

The live preview keeps the last build in memory (live_site.py); `make html` is a new process
each time, so a full build leaves on disk what the next one needs: every writer call it made
(page_deps.Deps, pickled, the Jinja templates kept by name), which output files read each post's
text, each post's header, and the output folder's manifest after the build. Written atomically
under the cache (cache/files.output_record, "bodypath"), behind a digest of its bytes.

The next build uses it only when all of these hold, else it runs Pelican as before:
- the up-to-date decision (uptodate.py) found that only files under the content folder changed,
  the output folder is as the last build left it, and that build is the one this record is of
  (the same output manifest);
- each changed file is a Markdown post or page the record knows, with its header byte for byte
  the same, whose text no file made outside the writer read (a PDF, a calendar: page_deps
  "untracked"), and that reads (reader metadata) as it did;
- the check pass (the build's own, `validate`) finds no problem and the same published pictures.

Then the post's text is replaced, only the files that showed it are rendered again, with their
.gz copies and the search index's parts (outputs/search.py, the parts kept by the cache seam);
everything is made aside and moved into the output folder only when all of it succeeded. The
invariant, tested with random sequences (tests/site/test_body_path.py): the output folder is byte
for byte what a clean build gives. The render memo's record is left as it is: a replayed page's
bytes no longer match it, so the next full build renders that page (and only it) again.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Self

from ..errors import BuildFailed, CampaignError, Problem
from . import page_deps

logger = logging.getLogger(__name__)

#: Bumped when the record's meaning changes: an older record is then simply not used.
VERSION = 1
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


def replace_text(reader, post, path: Path) -> dict:
    """Read `path` again and give `post` its new text; the reader's metadata.

    BuildFailed (file:line) when the new text has a problem the build finds while reading or
    resolving links; the post's text is then as it was.
    """
    from ..checks import pelican_failures
    from .build import _ErrorCollector

    reader.problems = []
    content, metadata = reader.read(str(path))
    problems: list[Problem] = [*reader.problems, *metadata.get("campaign_problems", [])]
    if problems:
        raise BuildFailed(str(CampaignError(sorted(set(problems), key=lambda p: (p.path, p.line)))))
    old = post._content
    post._content = content
    page_deps.forget_text(post)
    collector = _ErrorCollector()
    logging.getLogger().addHandler(collector)
    try:
        html = post.get_content(post.get_siteurl())  # resolves {filename} links
    finally:
        logging.getLogger().removeHandler(collector)
    try:
        # As the full build does (plugin.on_all_generators_finalized): a link Pelican could
        # not resolve is a problem at its line.
        broken = [pelican_failures.link_problem(post.source_path, link)
                  for link in pelican_failures.unresolved_links(html)]
        if broken:
            raise BuildFailed(str(CampaignError(broken)))
        if collector.messages:
            raise BuildFailed("\n".join(collector.messages))
    except BuildFailed:
        post._content = old
        page_deps.forget_text(post)
        raise
    return metadata


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


def record_path(settings: dict, output: Path) -> Path | None:
    """Where the record of builds into `output` is kept (None: no cache)."""
    from ..cache.files import output_record
    from ..settings import cache_root

    root = cache_root(settings)
    return None if root is None else output_record(Path(root), "bodypath", output).with_suffix(".pickle")


class _Pickler(pickle.Pickler):
    """Templates by name; a run's own store and render memo left out (the next run makes its own)."""

    def __init__(self, file) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        from jinja2 import Template

        from ..outputs.render_memo import RenderMemo
        from ..outputs.staged_store import StagedStore
        from ..outputs.store import OutputStore

        # Called for every object pickled (a quarter of a million at 1000 posts): a type lookup.
        self.special = {Template: "template", RenderMemo: "none", OutputStore: "none", StagedStore: "none"}

    def persistent_id(self, obj):
        kind = self.special.get(type(obj))
        if kind is None:
            return None
        return (kind, obj.name if kind == "template" else "")


@dataclass(frozen=True)
class _TemplateName:
    """A template in a loaded record, until the environment to load it from is made."""

    name: str


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        kind, name = pid
        return _TemplateName(name) if kind == "template" else None


def save(path: Path, record: Record) -> None:
    """Keep `record` at `path`, atomically, behind a digest of its bytes."""
    buffer = io.BytesIO()
    _Pickler(buffer).dump((VERSION, record))
    data = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(_MAGIC + hashlib.blake2b(data, digest_size=_DIGEST).digest() + data)
    os.replace(tmp, path)


def forget(path: Path | None) -> None:
    """Drop the record at `path` (a build whose record could not be made)."""
    if path is not None:
        path.unlink(missing_ok=True)


def _jinja(settings: dict):
    """A Jinja environment made as Pelican's generators make theirs."""
    from pelican.generators import Generator

    return Generator({}, settings, settings["PATH"], settings["THEME"], settings["OUTPUT_PATH"]).env


def load(path: Path, manifest: str) -> Record | None:
    """The record at `path` if it is whole and of the build that left `manifest`; else None."""
    try:
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


def keep(settings: dict, deps: page_deps.Deps, output: Path, manifest: str, files: dict[str, list]) -> None:
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

        record = Record(manifest, deps, settings, sources, headers, frozenset(settings.get(PUBLISHED_IMAGES) or ()))
        save(path, record)
        _write_deps(path, output, deps)
        prune(path.parent)  # records of folders no longer built (a publish's temporary one)
    except (OSError, UnicodeDecodeError, pickle.PicklingError, TypeError, AttributeError) as err:
        forget(path)
        forget(_deps_path(path))
        logger.info("No body-edit record for the next build (%s): it will run Pelican", err)


def _write_deps(path: Path, output: Path, deps: page_deps.Deps) -> None:
    # Each page's file as it is now (the build just wrote it), and the posts it read.
    files = {rel: _stat(output / rel) for rel in deps.made_by}
    target = _deps_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_bytes(pickle.dumps((VERSION, files, {k: set(v) for k, v in deps.read_by.items()}),
                                 protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, target)


# --- The body path ----------------------------------------------------------------------------------

class _CapturingWriter(page_deps.ReplayWriter):
    """Replays writer calls, keeping the wanted files' bytes in memory (nothing written)."""

    def __init__(self, output_path, settings, wanted: set[str]):
        super().__init__(output_path, settings, wanted)
        self.made: dict[str, bytes] = {}

    def _open_w(self, filename, encoding, override=False):  # noqa: ARG002 - Pelican's signature
        name = os.path.relpath(filename, self.output_path).replace(os.sep, "/")
        if name not in self.wanted:
            return io.StringIO()  # a page of a listing that did not change: dropped
        return _Kept(self.made, name, encoding)


class _Kept(io.StringIO):
    def __init__(self, made: dict[str, bytes], name: str, encoding: str):
        super().__init__()
        self.made, self.name, self.charset = made, name, encoding

    def close(self) -> None:
        if not self.closed:
            self.made[self.name] = self.getvalue().encode(self.charset)
        super().close()


@dataclass
class Outcome:
    """What the body path did."""

    sources: list[str]  # the edited files, as shown (relative to the content folder)
    rendered: int  # files rendered again
    written: list[str]  # files of the output folder replaced, added or deleted
    manifest: str  # the output folder's manifest afterwards
    search: dict = field(default_factory=dict)
    pages: int = 0  # pages (not feeds) the site has, of which `pages_rendered` were rendered again
    pages_rendered: int = 0


def changed_sources(changed: list[str], content: Path) -> list[Path] | None:
    """The Markdown files under the content folder `changed` names, or None if it names anything else."""
    found = []
    for name in changed:
        label, _, rel = name.partition("/")
        if label != "content" or not rel or Path(rel).suffix.lower() not in SUFFIXES:
            return None
        found.append(content / rel)
    return found


def _applicable(record: Record, paths: list[Path]) -> bool:
    for path in paths:
        post = record.sources.get(str(path))
        if post is None or record.deps.untracked(post) or not path.is_file():
            return False
        try:
            if split_header(path.read_text(encoding="utf-8"))[0] != record.headers[str(path)]:
                return False
        except (OSError, UnicodeDecodeError):
            return False
    return True


def _attaches(post) -> bool:
    """Whether `post`'s text links a file with {attach}, which moves that file in the output
    (Pelican's static generator): only a full build puts it there, or back."""
    text = str(getattr(post, "_content", "") or "")
    return "{attach}" in text or "|attach|" in text


def _same_metadata(post, metadata: dict) -> bool:
    """Whether the reader's metadata (from the header, and anything it takes from the body) is the post's."""
    kept = getattr(post, "metadata", {})
    return all(name == "campaign_problems" or (name in kept and kept[name] == value)
               for name, value in metadata.items())


def apply(settings_file: str, target: Path, overrides: dict, changed: list[str], manifest: str) -> Outcome | None:
    """Bring `target` up to date after a body-only edit of `changed` (uptodate.py's names); None
    when the body path does not apply (a full build must run). BuildFailed: a problem in the new
    text, the output folder untouched."""
    from pelican.settings import read_settings

    from ..outputs.image_use import PUBLISHED_IMAGES
    from .build import validate

    fresh = read_settings(settings_file, override={"OUTPUT_PATH": str(target), **overrides})
    content = Path(fresh["PATH"]).resolve()
    paths = changed_sources(changed, content)
    path = record_path(fresh, target)
    if not paths or path is None:
        return None
    record = load(path, manifest)
    if record is None or not _applicable(record, paths):
        return None
    # The check's own pass, as a full build runs it first: the same judgement, the same messages.
    validate(fresh, Path(settings_file).resolve().parent)
    if frozenset(fresh.get(PUBLISHED_IMAGES) or ()) != record.images:
        return None  # the text now shows another picture: copied by a full build
    from ..markdown.reader import CampaignMarkdownReader

    page_deps.install()
    reader = CampaignMarkdownReader(record.settings)
    wanted: set[str] = set()
    for source in paths:
        post = record.sources[str(source)]
        if _attaches(post):
            return None
        metadata = replace_text(reader, post, source)
        if not _same_metadata(post, metadata) or _attaches(post):
            return None
        wanted |= record.deps.outputs_of(post)
    made = _replay(record, target, wanted)
    outcome = _commit(record, target, made)
    if outcome is None:
        return None
    outcome.sources = [p.relative_to(content).as_posix() for p in paths]
    outcome.rendered = len(wanted)
    pages = {name for name, i in record.deps.made_by.items() if record.deps.calls[i].method == "write_file"}
    outcome.pages, outcome.pages_rendered = len(pages), len(pages & wanted)
    record.manifest = outcome.manifest
    save(path, record)
    _write_deps(path, target, record.deps)
    return outcome


def _replay(record: Record, target: Path, wanted: set[str]) -> dict[str, bytes]:
    from pelican import signals

    deps = record.deps
    calls = [deps.calls[i] for i in sorted({deps.made_by[name] for name in wanted})]
    # The templates of these calls only, loaded by name from an environment made as the build's
    # (compiling every template the site uses was a good part of the time).
    env = _jinja(record.settings)
    for call in calls:
        if call.method == "write_file" and isinstance(call.args[1], _TemplateName):
            call.args = (call.args[0], env.get_template(call.args[1].name), *call.args[2:])
    writer = _CapturingWriter(str(target), record.settings, wanted)
    with signals.content_written.muted():
        writer.replay(calls)
    return writer.made


def _commit(record: Record, target: Path, made: dict[str, bytes]) -> Outcome | None:
    """Make the files that change with `made` (the pages, their search parts, .gz copies) aside,
    then move them into `target`: nothing there changes until all of them are made. None: the
    search index cannot be brought up to date this way (a full build must run)."""
    from ..cache import fingerprint as fp
    from ..interrupt import uninterrupted
    from ..outputs.store import holds

    changed = {rel: data for rel, data in made.items() if not holds(target / rel, data)}
    found = _search(record, target, changed) if changed else ({}, set(), {})
    if found is None:
        return None
    put, gone, search = found
    put |= changed
    put |= _gzipped(put)
    gone |= {f"{rel}.gz" for rel in gone}
    # A .gz copy the new bytes no longer earn (compress.precompress writes one only when smaller).
    gone |= {f"{rel}.gz" for rel in put if not rel.endswith(".gz") and f"{rel}.gz" not in put
             and (target / f"{rel}.gz").exists()}
    gone -= set(put)
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, data in sorted(put.items()):
            final = target / rel
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_name(f".{final.name}.body-{os.getpid()}")
            tmp.write_bytes(data)
            staged.append((tmp, final))
        with uninterrupted():  # every file is moved in, or (a signal stops it before) none
            for tmp, final in staged:
                os.replace(tmp, final)  # a reader sees the old file or the new one, never half
            for rel in sorted(gone):
                (target / rel).unlink(missing_ok=True)
    except BaseException:
        for tmp, _final in staged:
            tmp.unlink(missing_ok=True)
        raise
    return Outcome([], 0, sorted({*put, *gone}), fp.output_manifest(target), search)


def _gzipped(files: dict[str, bytes]) -> dict[str, bytes]:
    """The .gz copies of `files` the full build makes (compress.precompress's rule)."""
    from ..outputs import compress

    found = {}
    for rel, data in files.items():
        if rel.lower().endswith(compress.SUFFIXES):
            packed = compress.gzip_bytes(data)
            if len(packed) < len(data):
                found[f"{rel}.gz"] = packed
    return found


def _search(record: Record, target: Path, changed: dict[str, bytes]) -> tuple[dict[str, bytes], set[str], dict] | None:
    """The search index's files that change: (new bytes by path, paths gone, figures); None
    when a page joins or leaves the index (a full build plans its parts).

    Each part is made as outputs/search.index_site makes it: planned from the searchable pages,
    kept by the cache seam under its pages' bytes, and made by Pagefind when the seam has no
    copy. Only the parts holding a changed page are looked at: the others' pages, and so their
    bundles, are as the last build made them.
    """
    from functools import partial

    from ..cache.derived import Derived
    from ..outputs import search as search_index

    start = time.perf_counter()
    if record.searchable is None:  # (the output is what the record's build left: its manifest)
        record.searchable = frozenset(search_index.searchable_pages(target))
    for rel, data in changed.items():
        if (search_index.MARKER in data) != (rel in record.searchable):
            return None
    parts = search_index.plan_parts(list(record.searchable), record.settings["CAMPAIGN"].search_part_pages)
    touched = [part for part in parts if any(page in changed for page in part.pages)]
    pages = {page: changed[page] if page in changed else (target / page).read_bytes()
             for part in touched for page in part.pages}
    derived = Derived.for_settings(record.settings)
    put: dict[str, bytes] = {}
    gone: set[str] = set()
    made = 0
    with _PageCopies(target) as copies:
        for part in touched:
            copies.hold(part.pages, changed)
            # search.py's own steps, so the part is exactly what index_site makes.
            bundle, fresh = derived.get_folder(search_index.LABEL, search_index.part_inputs(part, pages),
                                               partial(search_index._run_pagefind, copies.root, part),
                                               version=search_index.pagefind_version())
            made += fresh
            new = {f"{part.folder}/{rel}": data for rel, data in bundle.items() if search_index._wanted(part, rel)}
            others = {f"{p.folder}/" for p in parts if p.folder != part.folder and p.folder.startswith(f"{part.folder}/")}
            old = {p.relative_to(target).as_posix() for p in (target / part.folder).rglob("*") if p.is_file()}
            old = {rel for rel in old if not rel.endswith(".gz") and not rel.startswith(tuple(others))
                   and rel != f"{search_index.BUNDLE_DIR}/{search_index.PARTS_FILE}"}
            put |= {rel: data for rel, data in new.items() if not _holds(target / rel, data)}
            gone |= old - set(new)
    return put, gone, {"search_seconds": round(time.perf_counter() - start, 2), "search_reused": made == 0,
                       "search_parts": len(parts), "search_parts_made": made}


def _holds(path: Path, data: bytes) -> bool:
    from ..outputs.store import holds

    return holds(path, data)


class _PageCopies:
    """A folder beside the output holding its searchable pages (links) for Pagefind, the
    changed ones with their new bytes. Kept between builds (with a lock): making and deleting
    its thousand folders each time cost seconds on a busy disk; each build links again only
    the pages whose file in the output is not the one linked."""

    def __init__(self, target: Path) -> None:
        self.root = target.with_name(f".{target.name}.search-pages")
        self.target = target
        self._lock: IO[str] | None = None

    def __enter__(self) -> Self:
        import fcntl

        self.root.mkdir(exist_ok=True)
        lock = self._lock = open(self.root / ".lock", "w", encoding="utf-8")  # held until __exit__
        fcntl.flock(lock, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the lock

    def hold(self, pages: tuple[str, ...], changed: dict[str, bytes]) -> None:
        """Make the copies of `pages` those of the output, but `changed`'s new bytes."""
        for rel in pages:
            copy, live = self.root / rel, self.target / rel
            copy.parent.mkdir(parents=True, exist_ok=True)
            if rel in changed:
                copy.unlink(missing_ok=True)  # a link to the output's file: never written through
                copy.write_bytes(changed[rel])
                continue
            try:
                if copy.stat().st_ino == live.stat().st_ino:
                    continue
            except FileNotFoundError:
                pass
            copy.unlink(missing_ok=True)
            try:
                os.link(live, copy)
            except OSError:  # no links here: a copy
                shutil.copyfile(live, copy)


class Recording:
    """A full build's recording writer (which page read which post's text), kept for the next build."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.writer: _Recorder | None = None

    def attach(self, pelican) -> None:
        """Give `pelican`'s run the recording writer (before it runs)."""
        page_deps.install()
        writer = _Recorder(pelican.output_path, pelican.settings, previous_pages(pelican.settings, self.output))
        self.writer = writer
        pelican._get_writer = lambda: writer  # keep the writer: it holds the record
        run = pelican.run

        def run_noting_every_read() -> None:
            # A text read outside the writer (a leaflet's PDF is made from it) marks its post
            # "untracked": only a full build makes that file again.
            with page_deps.whole_run(writer.deps):
                run()

        pelican.run = run_noting_every_read

    def keep(self, settings: dict, manifest: str, files: dict[str, list]) -> None:
        """After the build was swapped in and recorded (`manifest`): keep the record for the next."""
        if self.writer is not None:
            keep(settings, self.writer.deps, self.output, manifest, files)
