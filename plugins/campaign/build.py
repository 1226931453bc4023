"""Safe builds: check, build into a fresh folder, and only then swap it in for the old site.

A failed build (a content mistake, a missing system library) leaves the previous output
exactly as it was, so `make html` and `make publish` never leave a half-built site.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CampaignError, MissingSystemLibrary, shown_path


class BuildFailed(Exception):
    """The build stopped; the message is what the volunteer needs to read."""


@dataclass
class BuildResult:
    """What a successful build did."""

    output: Path
    seconds: float
    stats: dict = field(default_factory=dict)


_MISSING = re.compile(r"Skipping (.+): could not find information about '(\w+)'")


class _ErrorCollector(logging.Handler):
    """Pelican logs some failures (a file it could not read, a broken link) and carries on; we do not."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.broken_links: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = " ".join(record.getMessage().split())
        missing = _MISSING.match(text)
        if missing:
            path, field = missing.groups()
            self.messages.append(f"{shown_path(path)}:1: this file has no {field.title()} — "
                                 f"add a line `{field.title()}: ...` to the header at the top")
        elif record.levelno >= logging.ERROR:
            self.messages.append(text)
        elif text.startswith("Unable to find") and record.args:
            self.broken_links.append(str(record.args[0]))


def _broken_link_problems(links: list[str], content: Path) -> list[str]:
    """Name the file and line of each broken {filename} link (Pelican's warning does not)."""
    found = []
    for link in dict.fromkeys(links):
        places = [f"{shown_path(path)}:{n}"
                  for path in sorted(content.rglob("*.md"))
                  for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                  if link in line]
        where = places[0] if places else str(content)
        found.append(f"{where}: link to '{link}' points to a file that does not exist — correct the path "
                     f"(it starts at content/, e.g. {{filename}}/posts/news/2021-01-20-welcome.md)")
    return found


def _swap(new: Path, target: Path) -> None:
    """Replace `target` with `new`: two renames on the same filesystem, old copy removed last."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    if old.exists():
        shutil.rmtree(old)


def run_pelican(settings_file: str, output: Path, overrides: dict | None = None) -> dict:
    """Run Pelican into `output`; raise BuildFailed with every problem found."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(settings_file, override={"OUTPUT_PATH": str(output), **(overrides or {})})
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        Pelican(settings).run()
    except CampaignError as err:
        raise BuildFailed(str(err)) from None
    except MissingSystemLibrary as err:
        raise BuildFailed(str(err)) from None
    finally:
        root.removeHandler(collector)
    problems = _broken_link_problems(collector.broken_links, Path(settings["PATH"]))
    if collector.messages:
        problems += collector.messages + ["Run `invoke check` for the file and line of each problem."]
    if problems:
        raise BuildFailed("\n".join(problems))
    return settings


def build(settings_file: str = "pelicanconf.py", output: str | Path = "output",
          overrides: dict | None = None, postprocess=None) -> BuildResult:
    """Check nothing is broken, build into a temporary folder, post-process, then swap in."""
    start = time.perf_counter()
    target = Path(output).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".build-{target.name}-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        from .reuse_writer import PREVIOUS_SETTING

        # The site being replaced: files whose bytes have not changed are linked from it.
        previous = target if target.is_dir() else None
        told = {PREVIOUS_SETTING: str(previous)} if previous else {}
        settings = run_pelican(settings_file, tmp, {**told, **(overrides or {})})
        stats = postprocess(tmp, settings, previous=previous) if postprocess else {}
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, target)
    return BuildResult(target, time.perf_counter() - start, stats or {})


def describe_stats(stats: dict) -> str:
    """A few words on what the post-build steps did, for the last line of the build."""
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


def main(argv: list[str] | None = None) -> int:
    """`python -m campaign.build`: build, print problems, exit non-zero on failure."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", help="content folder (default: the settings' PATH)")
    parser.add_argument("--today", help="build as of this day, YYYY-MM-DD")
    args = parser.parse_args(argv)
    overrides = {}
    if args.content:
        overrides["PATH"] = str(Path(args.content).resolve())
    if args.today:
        overrides["CAMPAIGN_TODAY"] = args.today
    from pelican.log import init as init_logging

    from .postprocess import postprocess

    init_logging(level=logging.WARNING)
    logging.getLogger("campaign").setLevel(logging.INFO)  # our one-line summaries (PDFs rendered...)
    try:
        result = build(args.settings, args.output, overrides, postprocess=postprocess)
    except BuildFailed as err:
        print(f"Build failed; the previous site in {args.output}/ is unchanged.\n{err}", file=sys.stderr)
        return 1
    print(f"Built {result.output} in {result.seconds:.1f} s{describe_stats(result.stats)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
