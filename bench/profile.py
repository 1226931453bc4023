"""Profile one build of the real site and one of the synthetic site with cProfile.

    python bench/profile.py [--posts 1000] [--top 25] [--only real|synthetic] [--warm]

Each build runs in its own process (the real build function, into a temporary folder, with a
temporary cache), so one does not warm the other. Prints the top entries by cumulative time,
then the share of the build spent in the parts we can act on. `--warm` profiles a second build
over the same cache (the "nothing changed" rebuild) instead of the first.
"""
from __future__ import annotations

import sys
from pathlib import Path

# This file is named profile.py, as the stdlib module cProfile imports; take its folder off the
# front of the path so that import finds the stdlib one, and put it at the back for synth/run.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from datetime import date  # noqa: E402

ROOT = HERE.parent

# (label, file name ending, function name) summed from the profile: where a build's time goes.
PHASES = [
    ("reading (Markdown, blocks, Typogrify)", "readers.py", "read_file"),
    ("  Markdown conversion", "core.py", "convert"),
    ("  chart blocks", "charts_block.py", "render_chart_block"),
    ("  Typogrify", "filters.py", "typogrify"),
    ("  content cache lookups", "content_cache.py", "get"),
    ("print files (PDFs, cached or not)", "downloads.py", "prepare"),
    ("  PDF rendering", "pdf.py", "render_pdf"),
    ("calendars", "calendars.py", "write_calendars"),
    ("pages: templates and writing", "writers.py", "write_file"),
    ("  Jinja rendering", "environment.py", "render"),
    ("feeds", "writers.py", "write_feed"),
    ("post-processing", "finish.py", "finish"),
    ("  search index (Pagefind, waited for)", "search.py", "index_site"),
    ("  gzip copies", "compress.py", "precompress"),
    ("  image metadata", "images.py", "strip_images"),
    ("swap into place", "build.py", "_swap"),
]


def _one(content: Path, warm: bool, top: int, save: Path | None = None) -> None:
    """Build once (twice with --warm) in this process under cProfile; print the report."""
    sys.path.insert(0, str(ROOT / "plugins"))
    os.chdir(ROOT)
    import logging

    import run as bench_run
    from pelican.log import init as init_logging

    from campaign.tools.build import build

    init_logging(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        settings = bench_run.write_settings(Path(tmp), content)
        out = Path(tmp) / "output"
        today = {"CAMPAIGN_TODAY": os.environ.get("BENCH_TODAY", date.today().isoformat())}
        if warm:
            build(str(settings), out, today)
        profiler = cProfile.Profile()
        profiler.enable()
        # force: with nothing changed the build would find the site up to date and not run Pelican.
        build(str(settings), out, today, force=True)
        profiler.disable()
    if save:
        profiler.dump_stats(save)
    stats = pstats.Stats(profiler)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]  # set by Stats(), missing in typeshed
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(top)
    print(buffer.getvalue().split("   ncalls", 1)[0].strip().splitlines()[-1])
    print("   ncalls" + buffer.getvalue().split("   ncalls", 1)[1].rstrip())
    print("\nWhere the time goes (cumulative, so nested parts overlap):")
    for label, filename, name in PHASES:
        seconds = sum(entry[3] for (file, _, func), entry in stats.stats.items()  # type: ignore[attr-defined]  # as total_tt
                      if func == name and file.endswith(filename))
        if seconds:
            print(f"  {label:<34} {seconds:7.2f} s  {100 * seconds / total:5.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", choices=["real", "synthetic"])
    parser.add_argument("--warm", action="store_true", help="profile a rebuild with nothing changed")
    parser.add_argument("--save", type=Path, help="also write each profile to SAVE.real / SAVE.synthetic (pstats)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: profile this content
    args = parser.parse_args()
    if args.one:
        _one(args.one, args.warm, args.top, args.save)
        return
    import synth

    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    extra = ["--warm"] if args.warm else []
    with tempfile.TemporaryDirectory(prefix="bench-profile-content-") as tmp:
        targets = []
        if args.only in (None, "real"):
            targets.append(("real", "the real site", ROOT / "content"))
        if args.only in (None, "synthetic"):
            synth.write(args.posts, Path(tmp), date.today())
            targets.append(("synthetic", f"{args.posts} synthetic posts", Path(tmp) / "content"))
        for name, label, content in targets:
            print(f"\n=== {'Rebuild with nothing changed' if args.warm else 'Cold build'}: {label} ===",
                  flush=True)
            save = ["--save", f"{args.save}.{name}"] if args.save else []
            subprocess.run([sys.executable, __file__, "--one", str(content), "--top", str(args.top), *extra, *save],
                           env=env, check=True)


if __name__ == "__main__":
    main()
