"""Which output files show which post's text, and how to write those files again.

The live preview (live_site.py) keeps a built site in memory. When only a post's body changes,
the files to write again are exactly those whose rendering read that post's text: its page, the
listings that show its summary, the feeds that carry it. Rather than guess them, they are
recorded while the site is built: every call to the writer is kept (so it can be replayed),
and every read of a post's `content` or `summary` is noted against the file being rendered.

Invariant: a read made outside any writer call (a PDF, a calendar, a plugin's own file) is
noted as "untracked"; a post read that way is never updated by replay, only by a full build.
`make html`'s record (body_record.py) notes reads during the whole run (`whole_run`), so that
holds there for reads outside writer calls too; reads that show nothing (the link check, the
render memo's fingerprints) go through outputs/writer.shown_text, which is not noted.
"""
from __future__ import annotations

import io
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pelican.writers as pelican_writers
from blinker import ANY
from pelican import signals
from pelican.contents import Content
from pelican.writers import FileOverwriteFailedError

from ..outputs import fragments
from ..outputs.staged_store import remove_empty_folders
from ..outputs.store import holds
from ..outputs.writer import ReusingWriter

#: The output file being rendered now ("" outside any writer call). One preview, one thread.
_current: list[str] = []
_active: list[Deps] = []
#: Where a read outside any writer call is noted: of a post's text (a leaflet's PDF shows its
#: links), or of its summary alone (a calendar's plain-text description).
_UNTRACKED = ""
_UNTRACKED_SUMMARY = "\0summary"
_OUTSIDE = {"get_content": _UNTRACKED, "get_summary": _UNTRACKED_SUMMARY}


@dataclass
class Call:
    """One call to the writer, kept to be made again."""

    method: str  # "write_file" or "write_feed"
    args: tuple
    kwargs: dict


@dataclass
class Deps:
    """What one build wrote, and which outputs read which post's text."""

    calls: list[Call] = field(default_factory=list)
    #: output file (relative to the output folder) -> index of the call that writes it
    made_by: dict[str, int] = field(default_factory=dict)
    #: a post's source file -> output files whose rendering read its content or summary
    readers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: the same, the other way round: output file -> the posts' source files it read
    read_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def note(self, content, method: str = "get_content") -> None:
        """Record that the file being rendered now read `content`'s text (`method`: how)."""
        self.add(content.source_path, _current[-1] if _current else _OUTSIDE.get(method, _UNTRACKED))

    def add(self, source: str, output: str) -> None:
        """Record that `output` shows the text of the post in `source`."""
        self.readers[source].add(output)
        self.read_by[output].add(source)

    def untracked(self, content) -> bool:
        """Whether `content`'s text or summary was read outside the writer (so replay cannot update it)."""
        return not self.readers.get(content.source_path, set()).isdisjoint((_UNTRACKED, _UNTRACKED_SUMMARY))

    def untracked_text(self, content) -> bool:
        """Whether `content`'s text itself (not only its summary) was read outside the writer.

        A summary without a header of its own is cut from the text, which get_summary reads
        through get_content: that read is noted as the text's."""
        return _UNTRACKED in self.readers.get(content.source_path, ())

    def carry_untracked(self, last: Deps) -> None:
        """Keep `last`'s reads made outside the writer (a leaflet's PDF, made from its post's
        text): a header edit makes the writer's files again, never those, which still read it."""
        for source, outputs in last.readers.items():
            for marker in outputs & {_UNTRACKED, _UNTRACKED_SUMMARY}:
                self.add(source, marker)

    def outputs_of(self, content) -> set[str]:
        """The output files that show `content`'s text."""
        return set(self.readers.get(content.source_path, ()))


@contextmanager
def whole_run(deps: Deps) -> Iterator[None]:
    """Note every read of a post's text into `deps` while this lasts, in a writer call or not."""
    _active.append(deps)
    try:
        yield
    finally:
        _active.remove(deps)


def _noting(name: str):
    memo = Content.__dict__[name]  # Pelican's @memoized descriptor; its cache is memo.cache

    def method(self, siteurl):
        if _active:
            _active[-1].note(self, name)
        fragments.noted(self, name, siteurl)  # (replayed when the fragment is reused)
        return memo.__get__(self, type(self))(siteurl)

    # forget_text() reaches Pelican's memo through the installed method; a function takes attributes.
    method.memo = memo  # type: ignore[attr-defined]
    method.__name__ = name
    return method


def install() -> None:
    """Note every read of a post's text (idempotent; only this process, the preview's)."""
    for name in ("get_content", "get_summary"):
        if not hasattr(Content.__dict__[name], "memo"):
            setattr(Content, name, _noting(name))


def forget_all() -> None:
    """Drop every memoized content and summary (a new build makes new posts)."""
    for name in ("get_content", "get_summary"):
        Content.__dict__[name].memo.cache.clear()


def forget_text(content) -> None:
    """Drop Pelican's memoized content and summary of `content`, so they are worked out again."""
    for name in ("get_content", "get_summary"):
        cache = Content.__dict__[name].memo.cache
        for key in [k for k in cache if k and k[0] is content]:
            del cache[key]


class _TrackedTemplate:
    """A Jinja template that says which file it is rendering, and may skip unwanted ones."""

    def __init__(self, template, wanted: set[str] | None):
        self.template, self.wanted = template, wanted

    def render(self, context) -> str:
        name = os.path.normpath(context["output_file"])
        if self.wanted is not None and name not in self.wanted:
            return ""
        _current.append(name)
        try:
            return self.template.render(context)
        finally:
            _current.pop()


@contextmanager
def _writing(writer, index: int, output: str | None = None) -> Iterator[None]:
    """While writer call `index` runs: the files it opens are its (writer._index), and reads of a
    post's text are noted into writer.deps, against `output` when given (a feed has no template
    to say which file it renders)."""
    writer._index = index
    _active.append(writer.deps)
    if output is not None:
        _current.append(output)
    try:
        yield
    finally:
        if output is not None:
            _current.pop()
        _active.pop()
        writer._index = None


class RecordingWriter(ReusingWriter):
    """The build's writer (linking unchanged files), keeping every call and what it read."""

    def __init__(self, output_path, settings=None, deps: Deps | None = None, previous: Deps | None = None):
        super().__init__(output_path, settings=settings)
        self.deps = deps if deps is not None else Deps()
        # The last build's record in this process: a page the render memo reuses (not rendered,
        # so nothing noted) reads the posts it read then. Without it every page is rendered.
        self.previous = previous
        self._index: int | None = None  # the call being written, while one is

    def may_reuse(self, rel: str) -> bool:
        if self.previous is None or rel not in self.previous.made_by:
            return False
        for source in self.previous.read_by.get(rel, ()):
            self.deps.add(source, rel)
        return True

    def write_file(self, name, template, context, *args, **kwargs):
        index = len(self.deps.calls)
        self.deps.calls.append(Call("write_file", (name, template, context, *args), kwargs))
        with _writing(self, index):
            return super().write_file(name, _TrackedTemplate(template, None),
                                      context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if (index := getattr(self, "_index", None)) is not None:
            self.deps.made_by[os.path.relpath(filename, self.output_path)] = index
        return super()._open_w(filename, encoding, override)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        index = len(self.deps.calls)
        self.deps.calls.append(Call("write_feed", (elements, context, path, *args), kwargs))
        with _writing(self, index, os.path.normpath(path or "")):
            return super().write_feed(elements, context, path, *args, **kwargs)


class Destination:
    """Where the files a writer makes again go: into the output folder as each is made (the
    preview), or, with `held`, kept there for the caller, the output folder left as it is (`make
    html`'s header path, tools/header_edit.py).

    With `workers` (the preview's header edits), `put_soon` writes in that many threads while the
    caller renders on: a replaced file's rename waits on the disk (ext4 starts writing the new
    file's blocks out), 0.3-3 ms a file on a busy disk, and a section edit replaces ~80 pages.
    Invariant: every file given to put_soon is written (or has failed) when `finish` returns, and
    no thread is left once `close` has returned (the caller closes on every path, so a full build
    that follows a failed edit never races a late write)."""

    def __init__(self, output: Path, held: dict[str, bytes] | None = None, workers: int = 0) -> None:
        self.output, self.held = output, held
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="preview-write") \
            if workers and held is None else None
        self._pending: list[Future] = []

    def put(self, rel: str, data: bytes) -> bool:
        """Give the file at `rel` the bytes `data`; False when it holds them already."""
        path = self.output / rel
        if holds(path, data):
            return False
        if self.held is not None:
            self.held[rel] = data
            return True
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:  # a new folder (most files replace one in a folder that is there)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        os.replace(tmp, path)  # written aside, then renamed: a reader never sees half of it
        return True

    def put_soon(self, rel: str, data: bytes, on_changed: Callable[[], None]) -> None:
        """put(), in a writer thread when there are some; `on_changed()` once it changed the file."""
        if self._pool is None:
            if self.put(rel, data):
                on_changed()
            return
        self._pending.append(self._pool.submit(self._put_then, rel, data, on_changed))

    def _put_then(self, rel: str, data: bytes, on_changed: Callable[[], None]) -> None:
        if self.put(rel, data):
            on_changed()  # (list.append: one step under the GIL)

    def finish(self) -> None:
        """Wait until every put_soon is done; then raise the first one's error, if any."""
        pending, self._pending = self._pending, []
        wait(pending)
        for future in pending:
            future.result()

    def close(self) -> None:
        """Wait for the writes still under way (their errors are not raised) and stop the threads."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool, self._pending = None, []

    def delete(self, rel: str, folders: bool = True) -> None:
        """Delete the file at `rel` (and, with `folders`, the folders it leaves empty); held: the caller does."""
        if self.held is not None:
            return
        (self.output / rel).unlink(missing_ok=True)
        if folders:
            remove_empty_folders((self.output / rel).parent, self.output)


class _Replacement(io.StringIO):
    """A file written again, given to `put`, which keeps it only if its bytes changed."""

    def __init__(self, put: Destination, name: str, encoding: str, changed: list[str]):
        super().__init__()
        self.put, self.name, self.charset, self.changed = put, name, encoding, changed

    def close(self) -> None:
        if not self.closed:
            self.put.put_soon(self.name.replace(os.sep, "/"), self.getvalue().encode(self.charset),
                              partial(self.changed.append, self.name))
        super().close()


class ReplayWriter(ReusingWriter):
    """Makes recorded writer calls again, writing only the wanted files, in place."""

    memoized = False  # it renders the pages chosen for it: their inputs did change

    def __init__(self, output_path, settings, wanted: set[str]):
        super().__init__(output_path, settings={**settings, "CAMPAIGN_PREVIOUS_OUTPUT": None})
        self.wanted = wanted
        self.changed: list[str] = []
        self.put = Destination(Path(output_path))

    def _open_w(self, filename, encoding, override=False):  # noqa: ARG002 - Pelican's signature
        name = os.path.relpath(filename, self.output_path)
        if name not in self.wanted:
            return io.StringIO()  # a page of a listing that did not change: dropped
        return _Replacement(self.put, name, encoding, self.changed)

    def replay(self, calls: list[Call]) -> list[str]:
        """Make `calls` again; the wanted files whose bytes changed."""
        for call in calls:
            if call.method == "write_file":
                name, template, context, *rest = call.args
                super().write_file(name, _TrackedTemplate(template, self.wanted),
                                   context, *rest, **call.kwargs)
            else:
                super().write_feed(*call.args, **call.kwargs)
        return self.changed


class _JudgedTemplate:
    """A template rendered only for the pages its writer's judge says may have changed."""

    def __init__(self, template, writer: RefreshWriter):
        self.template, self.writer = template, writer

    def render(self, context) -> str:
        writer = self.writer
        name = os.path.normpath(context["output_file"])
        if not writer.judge.may_differ(name, context):
            writer.keep(name)
            return ""  # not written (RefreshWriter._open_w drops it)
        _current.append(name)
        try:
            # A page judged to have changed is rendered: fingerprinting the values it shows (a
            # listing of every post) costs more than rendering it.
            return writer.judge.memo.render_changed(self.template, context)
        finally:
            _current.pop()


class _OsWithoutFolders:
    """`os` as Pelican's writer module sees it while a RefreshWriter writes: its makedirs (one
    call per page, kept or not: a system call each) does nothing. Every file that writer writes
    goes through Destination.put, which makes a folder that is not there; a page kept is not
    written; and `make html`'s header path (held) leaves the output folder as it is."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def makedirs(name, mode=0o777, exist_ok=False) -> None:  # noqa: ARG004 - os.makedirs' signature
        return None


@contextmanager
def _no_folders() -> Iterator[None]:
    pelican_writers.os = _OsWithoutFolders()
    try:
        yield
    finally:
        pelican_writers.os = os


class RefreshWriter(ReusingWriter):
    """Makes the writer calls of a build anew, in place, after a header edit (tools/header_edit.py).

    Every call is recorded, as RecordingWriter does, so the next save starts from this record. A
    page the judge (tools/header_edit.Judge) clears is neither rendered nor written, and keeps
    what it read and its render memo record; the others go through the render memo, and are
    given to `put` only if their bytes changed (written in place, or held for the caller to move in).
    """

    memoized = False  # the judge's memo is used for the pages that may have changed

    def __init__(self, output_path, settings, previous: Deps, judge, put: Destination):
        super().__init__(output_path, settings={**settings, "CAMPAIGN_PREVIOUS_OUTPUT": None})
        self.deps, self.previous, self.judge, self.put = Deps(), previous, judge, put
        self.kept: set[str] = set()
        self.changed: list[str] = []  # files replaced or added
        self._index: int | None = None
        self._receivers: list | None = None  # content_written's, when called directly (_written)
        self._direct = False

    def keep(self, rel: str) -> None:
        """The page at `rel` is as the last build wrote it: keep its record."""
        self.kept.add(rel)
        self.may_reuse(rel)
        self.judge.memo.carry(rel)

    def may_reuse(self, rel: str) -> bool:
        for source in self.previous.read_by.get(rel, ()):
            self.deps.add(source, rel)
        return rel in self.previous.made_by

    def write_file(self, name, template, context, *args, **kwargs):
        index = len(self.deps.calls)
        self.deps.calls.append(Call("write_file", (name, template, context, *args), kwargs))
        self._index = index
        self.judge.start_call(name, template, context, kwargs)
        unchanged = self.judge.unchanged_call()
        if unchanged is not None:
            # No page of this call may differ: Pelican's writer is not even asked to paginate.
            for rel in unchanged:
                self._once(rel)
                self.deps.made_by[rel] = index
                self.keep(rel)
                # The one receiver allowed (header_edit._KNOWN_RECEIVERS) is the sitemap's, which
                # reads the page's post or page from the context.
                self._written(os.path.join(self.output_path, rel), kwargs)
            return None
        with _writing(self, index), _no_folders():
            return super().write_file(name, _JudgedTemplate(template, self), context, *args, **kwargs)

    def keep_call(self, call: Call, rels: list[str]) -> None:
        """The last build's `call` made again with the same arguments, none of its pages (`rels`)
        able to differ (the caller checked, as unchanged_call does): its record only."""
        index = len(self.deps.calls)
        self.deps.calls.append(call)
        for rel in rels:
            self._once(rel)
            self.deps.made_by[rel] = index
            self.keep(rel)
            self._written(os.path.join(self.output_path, rel), call.kwargs)

    def _written(self, path: str, context: dict) -> None:
        """signals.content_written, sent; its receivers called directly when all listen to any
        sender (the sitemap's queue, header_edit._check_setup): blinker's look-ups per send
        cost ~10 ms a thousand pages."""
        signal = signals.content_written
        if self._receivers is None:
            found = list(signal.receivers_for(ANY)) if signal.receivers else []
            self._receivers = found if len(found) == len(signal.receivers) else []
            self._direct = len(found) == len(signal.receivers)
        if not self._direct:
            signal.send(path, context=context)
            return
        for receiver in self._receivers:
            receiver(path, context=context)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        index = len(self.deps.calls)
        self.deps.calls.append(Call("write_feed", (elements, context, path, *args), kwargs))
        rel = os.path.normpath(path or "")
        if not self.judge.feed_may_differ(rel, elements, args, kwargs):
            self._once(rel)
            self.deps.made_by[rel] = index
            self.kept.add(rel)
            self.may_reuse(rel)
            return None
        with _writing(self, index, rel), _no_folders():
            return super().write_feed(elements, context, path, *args, **kwargs)

    def _once(self, rel: str) -> None:
        # Two calls writing one file: Pelican's writer refuses or skips one, by rules this writer
        # does not repeat; the header edit gives way to a full build (which reports it).
        if rel in self.deps.made_by:
            raise FileOverwriteFailedError(f"{rel} is written twice")

    def _open_w(self, filename, encoding, override=False):  # noqa: ARG002 - Pelican's signature
        name = os.path.relpath(filename, self.output_path)
        self._once(name)
        if self._index is not None:
            self.deps.made_by[name] = self._index
        if name in self.kept:
            return io.StringIO()  # unchanged: the file stays as it is
        return _Replacement(self.put, name, encoding, self.changed)
