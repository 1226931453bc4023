"""`make html` after a header edit of one published post or page: no Pelican run (issue 18).

The live preview applies such an edit (its title, date, section, tags or summary) to the
generators of its last build, kept in memory (header_edit.py). `make html` is a new process each
time, so a full build leaves them in its record (body_record.py: the generators' state, pickled
with the writer calls, in one pickle so that they share the same posts and context), without
their Jinja environment and readers, which are made again here as Pelican makes them.

The path runs only when all of these hold, else Pelican runs as before:
- the up-to-date decision found that one Markdown file under the content folder changed, the
  output folder and the build's window being as the last build left them, and the record is of
  that build (body_record.load: digest, version, manifest);
- the file is a post or page the record knows, and its header changed in EDITABLE fields only;
- the check pass (the build's own: `make check`'s judgement) finds no problem, and the same
  published pictures; a problem fails the build with its file and line, nothing written (it
  runs in a thread while Pagefind indexes the changed search part, before anything moves in);
- header_edit.apply vouches for the edit (no print file, calendar or event, no change of status
  or embargo...: its NeedsFullBuild), and Pelican logs no error. A date may move while the post
  stays published: the posts' dates and times (which bound the output's validity) are worked out
  again (header_edit._post_instants), kept in the record, and give the up-to-date record the
  window a full build would (_moved_instants). A printed post (a leaflet) that links to a moved
  post is printed again first (_printer), its files held with the pages;
- the search index is split into the same parts (a moved post's page stays in its month's).

Nothing in the output folder changes until every file is made: the pages, the card and the
sitemap are held in memory, then moved in with their .gz copies and search parts as the body path
moves its files (body_edit.commit). Invariant, tested with random sequences
(tests/site/test_header_path.py): the output folder is byte for byte a clean build's.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from types import SimpleNamespace

from . import body_edit, header_edit, page_deps
from .body_record import Record, TemplateName, load, record_path, save, split_header, write_pages

__all__ = ["apply"]

log = logging.getLogger(__name__)


def apply(settings_file: str, target: Path, overrides: dict, changed: list[str],
          manifest: str) -> body_edit.Outcome | None:
    """Bring `target` up to date after a header edit of the one file `changed` names; None when
    this path does not apply (a full build must run). BuildFailed: a problem the check finds, the
    output folder untouched."""
    from pelican.settings import read_settings

    from ..content.visibility import POST_INSTANTS
    from ..outputs.image_use import PUBLISHED_IMAGES
    from .build_steps import errors_logged

    fresh = read_settings(settings_file, override={"OUTPUT_PATH": str(target), **overrides})
    content = Path(fresh["PATH"]).resolve()
    paths = body_edit.changed_sources(changed, content)
    path = record_path(fresh, target)
    if not paths or len(paths) != 1 or path is None:
        return None
    source = paths[0]
    record = load(path, manifest)
    old = None if record is None else record.sources.get(str(source))
    if record is None or record.generators is None or old is None:
        return None
    try:
        header = split_header(source.read_text(encoding="utf-8"))[0]
    except (OSError, UnicodeDecodeError):
        return None
    if not header_edit.editable(record.headers[str(source)], header):
        return None
    memo = _memo(record, target)
    if memo is None:
        return None
    _register_plugins(fresh)
    page_deps.install()
    settings = record.settings
    kept = header_edit.Kept(SimpleNamespace(settings=settings), _restored(record, target), memo)
    instants = settings.get(POST_INSTANTS)
    held: dict[str, bytes] = {}
    try:
        with errors_logged() as collector:
            done = header_edit.apply(kept, record.deps, target, old, [*record.headers.values(), header],
                                     list(record.sources.values()), held, _printer(settings, target, held))
    except header_edit.NeedsFullBuild as why:
        log.info("header edit of %s: Pelican runs (%s)", source.name, why)
        return None
    if collector.messages:
        log.info("header edit of %s: Pelican runs (%s)", source.name, "; ".join(collector.messages))
        return None  # the full build reports what Pelican logged
    # The check's own pass, as a full build runs it first: the same judgement, the same messages,
    # and nothing moved into the output unless it passes. It runs while Pagefind (a process of its
    # own) indexes the changed pages' search part: the two take about as long, on two cores.
    checking = _Checking(fresh, Path(settings_file).resolve().parent)
    checking.start()

    def checked() -> bool:
        checking.passed()  # BuildFailed: a problem at its file and line
        return frozenset(fresh.get(PUBLISHED_IMAGES) or ()) == record.images

    try:
        outcome = body_edit.commit(record, target, held, done.gone, checked)
    finally:
        checking.join()
    if outcome is None:
        log.info("header edit of %s: Pelican runs (a page joins or leaves the search index)", source.name)
        return None
    assert kept.memo is not None  # header_edit.apply leaves its own memo there
    kept.memo.save()
    record.deps, record.manifest = done.deps, outcome.manifest
    record.sources[str(source)], record.headers[str(source)] = done.post, header
    save(path, record)
    write_pages(path, target, record.deps)
    outcome.sources = [source.relative_to(content).as_posix()]
    pages = {name for name, i in done.deps.made_by.items() if done.deps.calls[i].method == "write_file"}
    outcome.pages, outcome.pages_rendered = len(pages), kept.memo.rendered
    outcome.rendered = kept.memo.rendered
    outcome.instants = _moved_instants(settings.get(POST_INSTANTS), instants)
    return outcome


def _moved_instants(now: list | None, before: list | None) -> list | None:
    """The posts' instants when the edit moved a date (the up-to-date record's window is then the
    one a full build with them records: uptodate.keep), else None (the window stays).

    That window is right for the site made here, although it was made as of the last full build's
    instant, not the clock's now: the decision found the last window still open, so now is the
    same day and no post's instant came in between; the date moved from and to instants no later
    than that build's (the post was and stays published: header_edit._check_post), so every
    instant after now is one both sets hold.
    """
    return None if now == before or now is None else list(now)


def _printer(settings: dict, target: Path, held: dict[str, bytes]):
    """What prints the posts a header edit names again (a moved post they link to): before any
    page is made, so the pages show the new files' sizes; the files held with the pages, to move
    in with them or not at all (tools/reprint.py)."""
    from . import reprint

    def print_again(posts: list) -> None:
        try:
            done = reprint.again(posts, settings, page_deps.Destination(target, held))
        except Exception as err:  # noqa: BLE001 - Pelican runs, and reports it at its file and line
            raise header_edit.NeedsFullBuild(f"printing again failed: {err}") from None
        log.info("header edit: %d print file(s) made again in %.0f ms (%d rendered)",
                 done.printed, done.seconds * 1000, done.rendered)

    return print_again


class _Checking(threading.Thread):
    """build_steps.validate in a thread of its own: its problem, if any, kept for `passed`."""

    def __init__(self, settings: dict, root: Path) -> None:
        super().__init__(name="check", daemon=True)
        self.settings, self.root = settings, root
        self.error: BaseException | None = None

    def run(self) -> None:
        from .build_steps import validate

        try:
            validate(self.settings, self.root)
        except BaseException as err:  # noqa: BLE001 - handed to the main thread by passed()
            self.error = err

    def passed(self) -> None:
        """Wait for the check; raise what it raised (BuildFailed: file:line)."""
        self.join()
        if self.error is not None:
            raise self.error


def _memo(record: Record, target: Path):
    """The render memo's record of the pages now in `target`, as a header edit starts from it."""
    from ..cache.files import output_record
    from ..outputs.render_memo import RECORD_FOLDER, RenderMemo
    from ..outputs.render_memo import install as record_names
    from ..outputs.writer import shown_text
    from ..settings import cache_root

    root = cache_root(record.settings)
    if root is None:
        return None
    record_names()  # the names each page rendered now looks up are recorded, as in a full build
    return RenderMemo.carried(output_record(Path(root), RECORD_FOLDER, target), target, shown_text)


def _register_plugins(settings: dict) -> None:
    """Register the site's plugins as Pelican's own start does (their receivers: the reader's, the
    sitemap's), without its `initialized` signal: the record's settings are those it left, and
    the plugin's start-up (reading ahead every post missing from the content cache) is a full
    build's."""
    from pelican.plugins._utils import load_plugins

    for plugin in load_plugins(settings):
        plugin.register()  # (build._quick_path: a failure here means a full build, which reports it)


def _restored(record: Record, target: Path) -> list:
    """The record's generators with what was left out of it made again: one Jinja environment
    made as Pelican's generators make theirs (so each template is one object, as the recorded
    writer calls name it), and readers for those that read files."""
    from jinja2 import FileSystemBytecodeCache
    from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
    from pelican.readers import Readers

    from ..settings import cache_root

    settings = record.settings
    shell = Generator({}, settings, settings["PATH"], settings["THEME"], str(target))
    env = shell.env
    # Compiled templates kept under the cache (by name and source checksum, so a changed template
    # is compiled again): compiling the dozen a header edit renders was a fifth of its time.
    root = cache_root(settings)
    if root is not None:
        (Path(root) / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(Path(root) / "jinja"))
    for generator in record.generators or []:
        generator.env, generator._templates, generator.output_path = env, {}, str(target)
        if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
            generator.readers = Readers(settings, f"{type(generator).__name__}-Readers")
        else:
            generator.readers = shell.readers
    for call in record.deps.calls:
        if call.method == "write_file" and isinstance(call.args[1], TemplateName):
            call.args = (call.args[0], env.get_template(call.args[1].name), *call.args[2:])
    return list(record.generators or [])
