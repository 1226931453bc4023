"""Safe builds: check, build into a fresh folder, and only then swap it in for the old site.

A failed build (a content mistake, a missing system library) leaves the previous output
exactly as it was, so `make html` and `make publish` never leave a half-built site. Everything
the site holds is made inside Pelican's run (the plugin's generators and `finalized` steps), so
plain `pelican -s publishconf.py` makes the same site; this module adds only what Pelican
cannot do: check first, build aside, swap in, clean up on a signal.
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildFailed, CampaignError
from ..interrupt import (
    BuildInterrupted,
    check,
    interruptible,
    process_alive,
    uninterrupted,
)
from .build_steps import errors_logged, validate


@dataclass
class BuildResult:
    """What a successful build did (up_to_date: nothing, the site being what it would make)."""

    output: Path
    seconds: float
    stats: dict = field(default_factory=dict)
    up_to_date: bool = False
    reason: str = ""  # why it was (or was not) up to date
    body_path: bool = False  # only posts' text changed: their pages were made again, Pelican not run
    header_path: bool = False  # one post's header changed: header_path.py made what it changed, Pelican not run


def _swap(new: Path, target: Path) -> None:
    """Replace `target` with `new`: two renames on the same filesystem, old copy removed last.

    No signal may stop it between the renames (no site at all) or before the old copy is gone.
    """
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    with uninterrupted():
        if target.exists():
            os.rename(target, old)
        os.rename(new, target)
        if old.exists():
            shutil.rmtree(old)


def _remove_stale(target: Path) -> None:
    """Remove the temporary folders of builds of `target` that were killed outright (SIGKILL,
    a power cut): their process is gone, so nothing else will."""
    for prefix in (f".build-{target.name}-", f".{target.name}.old-"):
        for folder in target.parent.glob(f"{prefix}*"):
            pid = folder.name.removeprefix(prefix)
            if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def run_pelican(settings_file: str, output: Path, overrides: dict | None = None, prepare=None) -> dict:
    """Run Pelican into `output`; raise BuildFailed with every problem found.

    `prepare(pelican)`, when given, is called before the run (body_record.Recording.attach).
    """
    from pelican import Pelican
    from pelican.settings import read_settings
    from pelican.writers import FileOverwriteFailedError

    settings = read_settings(settings_file, override={"OUTPUT_PATH": str(output), **(overrides or {})})
    # Paths in messages are shown from the project folder (the settings file's), as `make check` shows them.
    validate(settings, Path(settings_file).resolve().parent)
    with errors_logged() as collector:
        try:
            pelican = Pelican(settings)
            if prepare is not None:
                prepare(pelican)
            pelican.run()
        except BuildFailed:
            raise
        except FileOverwriteFailedError as err:
            # A backstop: checks.check_content finds collisions first, naming both files.
            where = re.search(r'"([^"]+)"', str(err))
            written = Path(where.group(1)) if where else None
            shown = written.relative_to(output) if written and written.is_relative_to(output) else err
            raise BuildFailed(f"{Path(settings_file).name}:1: two files would be written to {shown} — give one of "
                              "them another `Slug:`") from None
        except CampaignError as err:  # content, settings, a missing system library
            raise BuildFailed.because(err) from None
    if collector.messages:
        raise BuildFailed("\n".join([*collector.messages, "Run `invoke check` for the file and line of each problem."]))
    return settings


def build(settings_file: str = "pelicanconf.py", output: str | Path = "output",
          overrides: dict | None = None, *, force: bool = False) -> BuildResult:
    """Unless the site is up to date (tools/uptodate.py; `force` builds anyway): check nothing is
    broken, build into a temporary folder, then swap it in, and record what it was built from."""
    from . import uptodate
    from .settings_reader import complete_pelican_init

    start = time.perf_counter()
    target = Path(output).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target)
    decision = uptodate.decide(settings_file, target, overrides or {})
    if decision.up_to_date and not force:
        return BuildResult(target, time.perf_counter() - start, up_to_date=True, reason=decision.reason)
    complete_pelican_init()
    if not force and decision.changed and decision.manifest is not None and decision.fingerprint is not None:
        quick = _quick_path(settings_file, target, overrides or {}, decision)
        if quick is not None:
            quick.seconds = time.perf_counter() - start
            return quick
    from .body_record import Recording

    recording = Recording(target)
    tmp = target.with_name(f".build-{target.name}-{os.getpid()}")
    # SIGTERM, SIGINT and SIGHUP raise BuildInterrupted from here on, so they unwind through the clean-up
    # below exactly as a failure does (interrupt.py).
    with interruptible():
        try:
            if tmp.exists():
                shutil.rmtree(tmp)
            from ..outputs.finish import STATS_SETTING
            from ..outputs.store import PREVIOUS_SETTING

            # The site being replaced (none yet on a first build): files whose bytes have not
            # changed are linked from it, and pages whose inputs did not change are its bytes.
            told = {PREVIOUS_SETTING: str(target)}
            settings = run_pelican(settings_file, tmp, {**told, **(overrides or {})}, recording.attach)
            stats = settings.get(STATS_SETTING) or {}
            check()  # a signal whose exception was swallowed on the way still stops the build
        except BaseException:
            with uninterrupted():
                shutil.rmtree(tmp, ignore_errors=True)
            raise
    # Outside `interruptible`: a signal that comes during the swap ends the process after it,
    # with the new site whole in place, and is not reported as a build that changed nothing.
    made = tmp.stat().st_ino  # the folder keeps its inode through the rename
    _swap(tmp, target)
    if decision.fingerprint is not None:
        manifest = uptodate.record(decision.fingerprint, target, settings, made)
        if manifest is not None:
            recording.keep(settings, manifest, decision.fingerprint.files)
    return BuildResult(target, time.perf_counter() - start, stats, reason="forced" if force else decision.reason)


def _quick_path(settings_file: str, target: Path, overrides: dict, decision) -> BuildResult | None:
    """Only posts' text changed (body_edit.py), or one post's header (header_path.py): what they
    show made again without Pelican; None when neither applies. BuildFailed: a problem in the
    new file, the output untouched."""
    from . import body_edit, body_record, header_path, uptodate

    header = False
    with interruptible():
        try:
            outcome = body_edit.apply(settings_file, target, overrides, decision.changed, decision.manifest)
            if outcome is None:
                outcome = header_path.apply(settings_file, target, overrides, decision.changed, decision.manifest)
                header = outcome is not None
        except (CampaignError, BuildInterrupted):
            raise  # a problem in the new file (file:line), or a signal: the output is untouched
        except Exception as err:  # noqa: BLE001 - the full build is always right: it runs instead
            logging.getLogger(__name__).warning("The quick path failed (%s: %s); building in full",
                                                type(err).__name__, err)
            outcome = None
        finally:
            body_record.drop_loaded()
    if outcome is None:
        return None
    uptodate.keep(decision.fingerprint, outcome.manifest, decision.valid_until, outcome.instants)
    # pages_rendered/_reused as a full build counts them (the render memo's figures: pages, not feeds).
    stats = {"body_sources": outcome.sources, "body_rendered": outcome.rendered, "pages_rendered": outcome.pages_rendered,
             "pages_reused": outcome.pages - outcome.pages_rendered,
             "body_written": len(outcome.written), **outcome.search}
    return BuildResult(target, 0.0, stats, reason=decision.reason, body_path=not header, header_path=header)


def describe(result: BuildResult, shown: str) -> str:
    """The build's last line: what it made (or that the site was up to date) and how long it took."""
    if result.up_to_date:
        return (f"{shown} is up to date ({result.reason}; checked in {result.seconds:.2f} s): "
                "Pelican was not run")
    why = f" (built because {result.reason})" if result.reason else ""
    if result.body_path:
        s = result.stats
        return (f"Built {shown} in {result.seconds:.1f} s: only the text of {', '.join(s['body_sources'])} changed; "
                f"{s['body_rendered']} files rendered again, {s['body_written']} files replaced, "
                f"Pelican not run{_describe_search(s)}{why}")
    if result.header_path:
        s = result.stats
        return (f"Built {shown} in {result.seconds:.1f} s: only the header of {', '.join(s['body_sources'])} changed; "
                f"{s['body_rendered']} pages rendered again, {s['body_written']} files replaced or deleted, "
                f"Pelican not run (header path){_describe_search(s)}{why}")
    return f"Built {shown} in {result.seconds:.1f} s{describe_stats(result.stats)}{why}"


def describe_stats(stats: dict) -> str:
    """A few words on what the build did, for its last line."""
    pages = ""
    if "pages_rendered" in stats:
        pages = f"; {stats['pages_rendered']} pages rendered, {stats['pages_reused']} unchanged"
    return pages + _describe_search(stats)


def _describe_search(stats: dict) -> str:
    if "search_reused" not in stats:
        return ""
    if stats["search_reused"]:
        return "; search index reused: no page changed"
    parts, made = stats.get("search_parts", 1), stats.get("search_parts_made", 1)
    if parts == 1:
        return "; search index made"
    if made == parts:
        return f"; search index made, in {parts} parts"
    return f"; search index: {made} of its {parts} parts made again, the rest reused"


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every command that builds a site takes: settings, output, content, day."""
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    parser.add_argument("--today", help="build as of this day, YYYY-MM-DD (or a day and time)")


def site_overrides(args: argparse.Namespace) -> dict:
    """The settings that `add_site_arguments`' --content and --today change."""
    overrides: dict = {}
    if args.content:
        overrides["PATH"] = str(Path(args.content).resolve())
    if args.today:
        overrides["CAMPAIGN_TODAY"] = args.today
    return overrides


def init_logging() -> None:
    """Pelican's warnings, and our one-line summaries (PDFs rendered...)."""
    from pelican.log import init

    init(level=logging.WARNING)
    logging.getLogger("campaign").setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    """`python -m campaign.tools.build`: build, print problems, exit non-zero on failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    parser.add_argument("--force", action="store_true", help="build even when the site is up to date")
    args = parser.parse_args(argv)
    overrides = site_overrides(args)
    from .settings_reader import defer_pelican_init

    defer_pelican_init()  # deciding whether to build needs only Pelican's settings
    init_logging()
    try:
        result = build(args.settings, args.output, overrides, force=args.force)
    except CampaignError as err:  # BuildFailed, or a settings error found before Pelican ran
        print(f"Build failed; the previous site in {args.output}/ is unchanged.\n{err}", file=sys.stderr)
        return 1
    except (BuildInterrupted, KeyboardInterrupt) as err:
        signum = err.signum if isinstance(err, BuildInterrupted) else signal.SIGINT
        print(f"Build stopped ({signal.Signals(signum).name}); the previous site in {args.output}/ is unchanged.",
              file=sys.stderr)
        return 128 + signum  # the shell's convention for "ended by this signal"
    print(describe(result, str(result.output)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
