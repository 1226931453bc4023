"""`make html` after an edit to the body of posts only: the pages that show their text, no Pelican run.

The live preview keeps the last build in memory (live_site.py); `make html` is a new process
each time, so a full build leaves on disk what the next one needs (body_record.py: every writer
call it made, which output files read each post's text, each post's header, the output
folder's manifest after the build).

The next build uses it only when all of these hold, else it runs Pelican as before:
- the up-to-date decision (uptodate.py) found that only files under the content folder changed,
  the output folder is as the last build left it, and that build is the one this record is of
  (the same output manifest);
- each changed file is a Markdown post or page the record knows, with its header byte for byte
  the same, whose text no file made outside the writer read (a PDF, a calendar: page_deps
  "untracked") and links no file with {attach}, and that reads (reader metadata) as it did;
- the check pass (the build's own, `validate`: `make check`'s judgement) finds no problem, and
  the same published pictures and files.

Then the post's text is replaced, only the files that showed it are rendered again, with their
.gz copies and the search index's parts that hold them (outputs/search.py's steps, the parts
kept by the cache seam); everything is made aside and moved into the output folder only when all of it succeeded. The
invariant, tested with random sequences (tests/site/test_body_path.py): the output folder is byte
for byte what a clean build gives. The render memo's record is left as it is: a replayed page's
bytes no longer match it, so the next full build renders that page (and only it) again.
"""
from __future__ import annotations

import io
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Self

from ..errors import BuildFailed, CampaignError, Problem
from . import page_deps
from .body_record import SUFFIXES, Record, TemplateName, load, record_path, save, split_header, write_pages

__all__ = ["Outcome", "apply", "replace_text", "split_header"]

logger = logging.getLogger(__name__)


def replace_text(reader, post, path: Path) -> dict:
    """Read `path` again and give `post` its new text; the reader's metadata.

    BuildFailed (file:line) when the new text has a problem the build finds while reading or
    resolving links; the post's text is then as it was.
    """
    from ..checks import pelican_failures
    from .build_steps import errors_logged

    reader.problems = []
    content, metadata = reader.read(str(path))
    problems: list[Problem] = [*reader.problems, *metadata.get("campaign_problems", [])]
    if problems:
        raise BuildFailed(str(CampaignError(sorted(set(problems), key=lambda p: (p.path, p.line)))))
    old = post._content
    post._content = content
    page_deps.forget_text(post)
    with errors_logged() as collector:
        html = post.get_content(post.get_siteurl())  # resolves {filename} links
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


def _jinja(settings: dict):
    """A Jinja environment made as Pelican's generators make theirs."""
    from pelican.generators import Generator

    return Generator({}, settings, settings["PATH"], settings["THEME"], settings["OUTPUT_PATH"]).env


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
    instants: list | None = None  # the posts' instants, when a header edit moved a date (header_path.py)


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
    from .build_steps import validate

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
    outcome = commit(record, target, made)
    if outcome is None:
        return None
    outcome.sources = [p.relative_to(content).as_posix() for p in paths]
    outcome.rendered = len(wanted)
    pages = {name for name, i in record.deps.made_by.items() if record.deps.calls[i].method == "write_file"}
    outcome.pages, outcome.pages_rendered = len(pages), len(pages & wanted)
    record.manifest = outcome.manifest
    save(path, record)
    write_pages(path, target, record.deps)
    return outcome


def _replay(record: Record, target: Path, wanted: set[str]) -> dict[str, bytes]:
    from pelican import signals

    deps = record.deps
    calls = [deps.calls[i] for i in sorted({deps.made_by[name] for name in wanted})]
    # The templates of these calls only, loaded by name from an environment made as the build's
    # (compiling every template the site uses was a good part of the time).
    env = _jinja(record.settings)
    for call in calls:
        if call.method == "write_file" and isinstance(call.args[1], TemplateName):
            call.args = (call.args[0], env.get_template(call.args[1].name), *call.args[2:])
    writer = _CapturingWriter(str(target), record.settings, wanted)
    with signals.content_written.muted():
        writer.replay(calls)
    return writer.made


def commit(record: Record, target: Path, made: dict[str, bytes], removed: set[str] | frozenset[str] = frozenset(),
           ready: Callable[[], bool] | None = None) -> Outcome | None:
    """Make the files that change with `made` (the pages, their search parts, .gz copies) aside,
    then move them into `target`, and delete `removed` (pages no longer made; the header path's):
    nothing there changes until all of them are made, and `ready()` (when given) says they may
    be moved in. None: the search index cannot be brought up to date this way, or `ready()` said
    no (a full build must run)."""
    from ..cache import fingerprint as fp
    from ..interrupt import uninterrupted
    from ..outputs.staged_store import remove_empty_folders
    from ..outputs.store import holds

    changed = {rel: data for rel, data in made.items() if not holds(target / rel, data)}
    found = _search(record, target, changed, set(removed)) if changed or removed else ({}, set(), {})
    if found is None:
        return None
    put, gone, search = found
    gone |= set(removed)
    put |= changed
    put |= _gzipped(put)
    gone |= {f"{rel}.gz" for rel in gone}
    # A .gz copy the new bytes no longer earn (compress.precompress writes one only when smaller).
    gone |= {f"{rel}.gz" for rel in put if not rel.endswith(".gz") and f"{rel}.gz" not in put
             and (target / f"{rel}.gz").exists()}
    gone -= set(put)
    if ready is not None and not ready():
        return None
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
            for rel in sorted(removed):  # a clean build has no empty folder
                remove_empty_folders((target / rel).parent, target)
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


def _search(record: Record, target: Path, changed: dict[str, bytes], removed: set[str]
            ) -> tuple[dict[str, bytes], set[str], dict] | None:
    """The search index's files that change: (new bytes by path, paths gone, figures); None
    when the pages joining or leaving the index (a moved post) change how it is split into parts
    (a full build plans them).

    Each part is made as outputs/search.index_site makes it: planned from the searchable pages,
    kept by the cache seam under its pages' bytes, and made by Pagefind when the seam has no
    copy. Only the parts holding a changed page, or whose pages changed, are looked at: the
    others' pages, and so their bundles, are as the last build made them.
    """
    from functools import partial

    from ..cache.derived import Derived
    from ..outputs import search as search_index

    start = time.perf_counter()
    if record.searchable is None:  # (the output is what the record's build left: its manifest)
        record.searchable = search_pages(target)
    joins = {rel for rel, data in changed.items() if search_index.MARKER in data}
    searchable = (record.searchable - removed - set(changed)) | joins
    part_pages = record.settings["CAMPAIGN"].search_part_pages
    before = {part.folder: part.pages for part in search_index.plan_parts(list(record.searchable), part_pages)}
    parts = search_index.plan_parts(list(searchable), part_pages)
    if [part.folder for part in parts] != list(before):
        return None
    touched = [part for part in parts
               if part.pages != before[part.folder] or any(page in changed for page in part.pages)]
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
    record.searchable = frozenset(searchable)  # (the caller keeps the record only once these are in)
    return put, gone, {"search_seconds": round(time.perf_counter() - start, 2), "search_reused": made == 0,
                       "search_parts": len(parts), "search_parts_made": made}


def search_pages(target: Path) -> frozenset[str]:
    """The pages of `target` the search index holds (outputs/search.py's choice)."""
    from ..outputs import search as search_index

    return frozenset(search_index.searchable_pages(target))


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

