"""The live preview's site, kept in memory between saves (issue 18).

A full build runs Pelican in this process with a writer that records what it wrote and which
files read each post's text (page_deps.py). After that, a save that changes only the body of a
post or page (its header byte for byte the same) is applied without a build: the file is read
again (the reader and its caches are warm), the post's text is replaced in memory, and only the
files that showed the old text are rendered again and replaced, each only if its bytes changed.

A save that changes only some header fields of a published post or page (its title, date,
section, tags or summary) is applied to the last build's generators, kept in memory: the file is
read again, the listings are worked out again from the posts in memory, and only the pages whose
inputs changed are rendered (header_edit.py). When the edit moves the post and a printed post (a
leaflet, a motion) links to it, its PDF shows the old address: it is printed again after the
pages are written (print_again, tools/reprint.py), so the browser does not wait for WeasyPrint.

Anything else (a new, deleted or renamed file, a template, settings, data, image, another header
field, or a post whose text feeds a file made outside the writer, such as a leaflet's PDF) is
a full build in this process, into a fresh folder swapped in for the old one. The invariant,
tested with random sequences of edits (tests/site/test_live_preview.py): the output folder is
byte for byte what a clean build of the same files gives.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache.content import READ_MEMO_SETTING, ReadMemo
from ..errors import CampaignError
from ..interrupt import process_alive
from ..outputs import fragments
from ..pelican_types import Content
from . import header_edit, page_deps, sitemap_patch
from .body_edit import replace_text, split_header
from .build import BuildFailed, _swap
from .build_steps import ErrorCollector, errors_logged

log = logging.getLogger(__name__)

#: Markdown suffixes Pelican reads as posts and pages (warm_cache.py agrees).
_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")

if TYPE_CHECKING:
    from ..markdown.reader import CampaignMarkdownReader


@dataclass
class Update:
    """What one save did: "text" (only the files showing a post's text), "header" (header_edit.py),
    "full", or "print" (print_again: print files made again after a header edit's pages)."""

    how: str
    seconds: float
    written: list[str] = field(default_factory=list)
    #: Printed posts whose print files show a moved post's old address: the output is a clean
    #: build's only once print_again has made them again (the caller does, before the next save).
    printing: list = field(default_factory=list)
    pages: bool = False  # "print": pages were made again too (a print file's size changed)
    printed: int = 0  # "print": the PDFs made again


class LiveSite:
    """A built site and how it was made, updated save by save."""

    def __init__(self, settings_file: str, output: str | Path, overrides: dict | None = None,
                 delete_in_background: bool = False):
        self.settings_file = settings_file
        # The devserver deletes the replaced site after the new one is in (seconds on a busy
        # disk, and nobody waits for it); tests keep it simple and in order.
        self.delete_in_background = delete_in_background
        self._swaps = 0
        self.output = Path(output).resolve()
        self.overrides = dict(overrides or {})
        self.settings: dict | None = None
        self.deps: page_deps.Deps | None = None
        self.sources: dict[Path, Content] = {}  # source file -> its post or page
        self.headers: dict[Path, str] = {}
        self.reader: CampaignMarkdownReader | None = None
        self.stale = True  # True until a full build succeeds, and after any failure
        # What each Markdown file read as, kept across full builds: an unchanged file is not
        # looked up in the content cache again (cache/content.py ReadMemo).
        self.read_memo = ReadMemo()
        self.built = False  # whether this process has built the output folder (in full) yet
        self.live_files: set[str] | None = None  # the files it holds, when known
        self.kept: header_edit.Kept | None = None  # the last build's generators, for header edits
        #: Printed posts whose print files the last header edit left to make again (print_again).
        self.printing: list[Content] = []
        # Every file under the content and theme folders when the last full build began: a path
        # neither there then nor now (an editor's or sed's temporary file, made and renamed away
        # within one batch of events) changed nothing (see changed()).
        self.present: set[Path] = set()
        self._remove_stale()
        page_deps.install()

    # --- full builds ---------------------------------------------------------------------

    def full(self) -> Update:
        """Build the whole site in this process; swap it in only if it succeeded."""
        start = time.perf_counter()
        self.stale = True
        self.printing = []  # a full build prints every post
        # The last build's site, frozen out of the collector's sight (below), may now be garbage.
        gc.unfreeze()
        try:
            written = self._full()
        except BaseException:
            self.deps, self.sources, self.headers, self.kept = None, {}, {}, None
            raise
        self.stale = False
        _freeze_site()
        return Update("full", time.perf_counter() - start, written)

    def _full(self) -> list[str]:
        from pelican import Pelican, signals
        from pelican.settings import read_settings

        from ..outputs.finish import LIVE_PREVIEW_SETTING
        from ..outputs.staged_store import StagedStore
        from ..outputs.store import PREVIOUS_SETTING, STORE_SETTING
        from ..outputs.writer import MEMO_SETTING

        page_deps.forget_all()
        target = self.output
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._staging()
        # The preview's post-build steps (outputs/finish.py) are those that change pages: no
        # search index or gzip copies (a preview is not published; they took seconds per save).
        told: dict = {LIVE_PREVIEW_SETTING: True}
        # Once this process has built the site, the next full build goes over it, writing only
        # what changed (StagedStore); the first one builds a fresh folder and swaps it in.
        staged = StagedStore(tmp, target) if self.built and target.is_dir() else None
        if staged is None:
            shutil.rmtree(tmp, ignore_errors=True)  # (its folders are kept for StagedStore only)
        if staged is not None:
            told[STORE_SETTING] = staged
        if target.is_dir():
            # The site this build replaces, either way: the store links unchanged files from it
            # (fresh folder), and the render memo finds the last build's pages there.
            told[PREVIOUS_SETTING] = str(target)
        settings = read_settings(self.settings_file, override={
            "OUTPUT_PATH": str(tmp), READ_MEMO_SETTING: self.read_memo, **told, **self.overrides})
        self.present = _files_under(settings["PATH"], settings["THEME"])
        sitemap_patch.reset_plugin()  # (a failed build may have left it waiting)
        try:
            pelican = Pelican(settings)
            writer = page_deps.RecordingWriter(str(tmp), settings=pelican.settings, previous=self.deps)
            pelican._get_writer = lambda: writer  # keep the writer: it holds the record
            # Reads of a post's text outside any writer call (a leaflet's PDF is made from it) are
            # noted too: such a post is never updated by replay, only by a full build.
            queue: list = []  # the pages the sitemap lists (sitemap_patch.py)
            with page_deps.whole_run(writer.deps), signals.content_written.connected_to(sitemap_patch.capture(queue)):
                generators = self._run_keeping_generators(pelican)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if staged is not None:
            before, self.live_files = self.live_files, None  # unsure until the commit is done
            self.live_files = staged.commit(before)
        else:
            self._swap(tmp, target)
            self.live_files = None  # looked up by the next commit
        self.built = True
        self._remember(pelican.settings, writer.deps)
        self.kept = header_edit.Kept(pelican, generators, pelican.settings.get(MEMO_SETTING),
                                     sitemap_patch.from_build(queue, str(tmp), target / "sitemap.xml", pelican.settings))
        return sorted(writer.deps.made_by)

    def _run_keeping_generators(self, pelican) -> list:
        """Run Pelican; the generators it made (kept for header edits)."""
        from pelican import signals

        made: list = []

        def keep(generators) -> None:
            made[:] = list(generators)

        signals.all_generators_finalized.connect(keep, weak=False)
        try:
            self._run(pelican)
        finally:
            signals.all_generators_finalized.disconnect(keep)
        return made

    def _staging(self) -> Path:
        """The folder beside the output each full build writes into (this process's own)."""
        return self.output.with_name(f".preview-{self.output.name}-{os.getpid()}")

    def close(self) -> None:
        """Delete the staging folder (empty folders kept between builds, see StagedStore)."""
        shutil.rmtree(self._staging(), ignore_errors=True)

    def _remove_stale(self) -> None:
        # The staging folders of previews that ended without close() (killed): their process is gone.
        prefix = f".preview-{self.output.name}-"
        for folder in self.output.parent.glob(f"{prefix}*"):
            pid = folder.name.removeprefix(prefix)
            if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)

    def _swap(self, new: Path, target: Path) -> None:
        if not self.delete_in_background:
            _swap(new, target)
            return
        self._swaps += 1
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{self._swaps}")
        if target.exists():
            os.rename(target, old)
        os.rename(new, target)
        threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True).start()

    def _run(self, pelican) -> None:
        with errors_logged() as collector:
            try:
                pelican.run()
            except CampaignError as err:
                raise BuildFailed(str(err)) from None
        self._raise_collected(collector)

    @staticmethod
    def _raise_collected(collector: ErrorCollector) -> None:
        # Broken {filename} links are found by the plugin itself (pelican_failures.py) and raised
        # as problems; what Pelican only logs at ERROR is collected here.
        if collector.messages:
            raise BuildFailed("\n".join(collector.messages))

    def _remember(self, settings: dict, deps: page_deps.Deps) -> None:
        from ..markdown.reader import CampaignMarkdownReader

        self.settings, self.deps = settings, deps
        content = Path(settings["PATH"]).resolve()
        context = next(call.args[2] for call in deps.calls if call.method == "write_file")
        self.sources = {(content / rel).resolve(): obj
                        for rel, obj in context.get("generated_content", {}).items()
                        if Path(rel).suffix.lower() in _SUFFIXES}
        self.headers = {path: split_header(path.read_text(encoding="utf-8"))[0] for path in self.sources}
        self.reader = CampaignMarkdownReader(settings)

    # --- saves ---------------------------------------------------------------------------

    def changed(self, paths: set[Path]) -> Update:
        """Bring the output up to date after `paths` changed; BuildFailed leaves it as it was."""
        paths = {Path(p).resolve() for p in paths}
        if self.printing:
            self.print_again()  # the caller left it (the devserver prints right after the pages)
        if self.stale or self.deps is None:
            return self.full()
        paths = {p for p in paths if p.exists() or p in self.present or p in self.sources}
        if not paths:
            return Update("none", 0.0)
        if not all(self._body_only(path) for path in paths):
            update = self._header(paths)
            return update if update is not None else self.full()
        start = time.perf_counter()
        try:
            written = self._text(sorted(paths))
        except BaseException:
            self.stale = True  # the next save builds in full (and reports the problem again)
            raise
        return Update("text", time.perf_counter() - start, written)

    def _header(self, paths: set[Path]) -> Update | None:
        """Apply a header edit of one known post or page (header_edit.py); None: build in full."""
        path = next(iter(paths))
        post = self.sources.get(path)
        if len(paths) != 1 or post is None or self.kept is None or self.deps is None:
            return None
        try:
            header = split_header(path.read_text(encoding="utf-8"))[0]
        except (OSError, UnicodeDecodeError):
            return None
        if not header_edit.editable(self.headers[path], header):
            return None
        start = time.perf_counter()
        try:
            with errors_logged() as collector:
                done = header_edit.apply(self.kept, self.deps, self.output, post,
                                        [*self.headers.values(), header], list(self.sources.values()))
            if collector.messages:
                raise header_edit.NeedsFullBuild("; ".join(collector.messages))
        except header_edit.NeedsFullBuild as why:
            log.info("header edit of %s: a full build (%s)", path.name, why)
            self.stale = True  # the generators may be half changed: the full build makes new ones
            return None
        except Exception:  # whatever went wrong (a bug here, Pelican's code), the full build is the answer
            log.warning("header edit of %s failed; building in full", path.name, exc_info=True)
            self.stale = True
            return None
        self.deps = done.deps
        self.sources[path], self.headers[path] = done.post, header
        page_deps.forget_text(post)
        fragments.forget(post)  # (the old object: its id may be reused once it is let go)
        if self.live_files is not None:
            self.live_files = (self.live_files | done.added) - done.gone
        self.printing = list(done.printed)
        return Update("header", time.perf_counter() - start, sorted(set(done.written)), printing=done.printed)

    def warm_printer(self) -> None:
        """Import WeasyPrint now when the site prints posts: a header edit may print one again
        (print_again), and the import costs about half a second of CPU, once per process."""
        from ..errors import MissingSystemLibrary
        from ..outputs.pdf import require_weasyprint

        if any(getattr(post, "downloads", None) for post in self.sources.values()):
            try:
                require_weasyprint()
            except MissingSystemLibrary:
                pass  # a PDF printed again reports it, as the full build does

    def print_again(self) -> Update:
        """Make the print files the last header edit left to print again (it moved a post they
        link to), and the pages that show their sizes if those changed; a full build if that fails."""
        from . import reprint

        printing, self.printing = self.printing, []
        if not printing:
            return Update("none", 0.0)
        assert self.settings is not None and self.deps is not None and self.kept is not None  # (a header edit's)
        start = time.perf_counter()
        derived = next((g.derived for g in self.kept.generators if hasattr(g, "derived")), None)
        try:
            done = reprint.again(printing, self.settings, page_deps.Destination(self.output), derived)
            written = list(done.written)
            if done.resized:
                # The pages that showed the old sizes: those that show the post's text or summary
                # (its own page and its cards), as a body edit makes them again.
                wanted: set[str] = set()
                for post in done.resized:
                    fragments.forget(post)
                    wanted |= self.deps.outputs_of(post) & self.deps.made_by.keys()
                written += self._replay(wanted)
        except Exception as err:  # noqa: BLE001 - the full build is the answer, and reports it
            log.warning("printing again failed (%s); building in full", err)
            self.stale = True
            return self.full()
        return Update("print", time.perf_counter() - start, written, pages=bool(done.resized), printed=done.pdfs)

    def _body_only(self, path: Path) -> bool:
        """Whether `path` is a known post or page whose header is as it was, read only by the writer."""
        post = self.sources.get(path)
        if post is None or self.deps is None or not path.is_file() or self.deps.untracked(post):
            return False
        try:
            return split_header(path.read_text(encoding="utf-8"))[0] == self.headers[path]
        except (OSError, UnicodeDecodeError):
            return False

    def _text(self, paths: list[Path]) -> list[str]:
        # changed() builds in full until a full build has left its record.
        assert self.reader is not None and self.deps is not None and self.settings is not None
        wanted: set[str] = set()
        for path in paths:
            post = self.sources[path]
            replace_text(self.reader, post, path)  # BuildFailed (file:line): the post's text as it was
            fragments.forget(post)  # its cards show its text
            wanted |= self.deps.outputs_of(post)
        return self._replay(wanted)

    def _replay(self, wanted: set[str]) -> list[str]:
        from pelican import signals

        assert self.deps is not None and self.settings is not None  # as in _text()
        calls = [self.deps.calls[i] for i in sorted({self.deps.made_by[name] for name in wanted})]
        writer = page_deps.ReplayWriter(str(self.output), self.settings, wanted)
        # The sitemap plugin queues every written page for the next full build's sitemap.
        with signals.content_written.muted():
            return writer.replay(calls)


def _freeze_site() -> None:
    """Move the objects alive now (the built site kept in memory) out of the cyclic collector's sight.

    The site kept between saves is a few million objects; a full collection that ran during a
    header edit walked them all (~100 ms, one edit in several). Frozen, collections walk only what
    later saves make. They are not garbage: the site is kept until the next full build, which
    unfreezes them first (full()), so what it replaces can be collected."""
    gc.collect()
    gc.freeze()


def _files_under(*folders: str) -> set[Path]:
    """Every file under `folders` (resolved, as changed() resolves the paths it is given)."""
    found: set[Path] = set()
    for folder in folders:
        for top, _dirs, names in os.walk(Path(folder).resolve()):
            found.update(Path(top, name) for name in names)
    return found
