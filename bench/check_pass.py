"""The check pass (`make check`, and the first step of every build) at N synthetic posts.

    python bench/check_pass.py [--posts 1000] [--runs 3] [--code DIR] [--keep DIR]

Each run is its own process doing what the build's validate() does: the settings read as the
build reads them, then checks.site.check_content, timed (wall, and CPU with any worker
processes') around that call alone.

  cold       no kept verdict (the cache folder removed first)
  unchanged  nothing changed since the run before: every verdict reused
  one edit   one post's text changed (a different post each run): one file judged again
  new day    the same content built as of the next day: every verdict reused

--code runs another checkout's plugin (for example /work/main, or a worktree at an older
commit) over the same posts, so a before/after is one command each.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TODAY = "2026-11-29"

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from pelican.settings import read_settings
from campaign import settings as campaign_settings
from campaign.checks import site
settings_file, today = sys.argv[1], sys.argv[2]
conf = read_settings(settings_file, override={"CAMPAIGN_TODAY": today})
cs = campaign_settings.load(conf)
def children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
wall, cpu, workers = time.perf_counter(), time.process_time(), children()
report = site.check_content(conf, cs, Path(settings_file).resolve().parent)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu + children() - workers,
                  "files": report.count, "problems": len(report.problems),
                  "reused": getattr(report, "reused", None)}))
"""


def run_once(code: Path, settings: Path, today: str) -> dict:
    """One check pass in its own process, with `code`'s plugin."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(settings), today], cwd=settings.parent, check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": str(code / "plugins"), "PATH": "/usr/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def _edit(content: Path, number: int) -> None:
    posts = sorted((content / "posts").rglob("*.md"))
    post = posts[(len(posts) // 3 + number * 11) % len(posts)]
    post.write_text(post.read_text(encoding="utf-8") + f"\nA sentence added by the check bench, {number}.\n",
                    encoding="utf-8")


def main() -> None:
    """Write the posts, time each case, print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose plugin runs (default: this one)")
    parser.add_argument("--keep", type=Path, help="write the posts here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    import synth
    from run import write_settings

    base = args.keep or Path(tempfile.mkdtemp(prefix="check-bench-"))
    try:
        if not (base / "content").is_dir():
            synth.write(args.posts, base, date.fromisoformat(TODAY))
        settings = write_settings(base / "work", base / "content")
        cache = base / "work" / "cache" / "campaign"
        cases: dict[str, list[dict]] = {"cold": [], "unchanged": [], "one edit": [], "new day": []}
        for number in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cases["cold"].append(run_once(args.code, settings, TODAY))
            cases["unchanged"].append(run_once(args.code, settings, TODAY))
            _edit(base / "content", number)
            cases["one edit"].append(run_once(args.code, settings, TODAY))
            cases["new day"].append(run_once(args.code, settings, "2026-11-30"))
        first = cases["cold"][0]
        print(f"Check pass over {first['files']} files ({first['problems']} problems), {args.code}; "
              f"median of {args.runs} runs, check_content alone (as validate() runs it):")
        for name, runs in cases.items():
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            reused = runs[-1]["reused"]
            print(f"  {name:10} {wall:7.3f} s wall {cpu:7.3f} s CPU"
                  + (f"   ({reused} verdicts reused)" if reused is not None else ""))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
