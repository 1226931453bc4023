"""Lighthouse scores for the home page, a post and a section page, on a phone (Lighthouse's mobile
defaults: Moto G Power screen, simulated slow 4G, 4x CPU slowdown), in Debian's Chromium.

    python bench/lighthouse.py [--site DIR] [--pages / /2021/04/x/ ...]

Builds the real site into a temporary folder (as of today) unless --site names a built one,
serves it on 127.0.0.1, runs `lighthouse` (npm, pinned in bench/package.json; installed into
bench/node_modules on first use) once per page, and prints the four category scores and the time
each run took. JSON reports go to bench/results/. Figures only: no pass or fail.
The local server sends no compression or cache headers (the real host does), so the
"text compression" and "cache lifetime" advice in the reports is about the server, not the site.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
RESULTS = BENCH / "results"
CHROME = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift"}
sys.path.insert(0, str(ROOT / "plugins"))


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse into bench/node_modules when it is not there."""
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is missing: sudo apt-get install -y --no-install-recommends npm")
    print("Installing Lighthouse into bench/node_modules (once) ...", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                   cwd=BENCH, check=True)


def build(into: Path) -> Path:
    """Build the real site (pelicanconf.py, content/) into `into`, as `make html` does."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    cmd = [sys.executable, "-m", "campaign.tools.build", "--settings", "pelicanconf.py", "--output", str(into),
           "--content", str(ROOT / "content")]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"The build failed:\n{done.stdout}{done.stderr}")
    return into


def default_pages(site: Path) -> list[str]:
    """The home page, the longest plain post, and the section page with the most posts."""
    posts = [f for f in site.glob("[0-9][0-9][0-9][0-9]/**/index.html")
             if 'class="post post--post' in f.read_text(encoding="utf-8")]
    sections = list(site.glob("section/*/index.html"))
    picks = ["/"]
    for files in (posts, sections):
        if files:
            biggest = max(files, key=lambda f: f.stat().st_size)
            picks.append("/" + biggest.parent.relative_to(site).as_posix() + "/")
    return picks


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    from campaign.tools.devserver import _Handler

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def run_lighthouse(url: str, report: Path) -> tuple[dict[str, float | str], float]:
    """Category scores (0-100) for one page, and the seconds the run took."""
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    started = time.perf_counter()
    done = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode or not report.exists():
        sys.exit(f"lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    scores: dict[str, float | str] = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = data["audits"]
    scores["metrics"] = ", ".join(f"{label} {audits[audit]['displayValue']}".replace("\xa0", " ")
                                  for label, audit in METRICS.items()) \
        + f", {audits['total-byte-weight']['numericValue'] / 1024:.0f} KiB transferred"
    return scores, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to use instead of building one")
    parser.add_argument("--pages", nargs="+", help="addresses to test (default: home, a post, a section)")
    args = parser.parse_args()
    if not Path(CHROME).exists():
        sys.exit("Chromium is missing: sudo apt-get install -y chromium")
    ensure_lighthouse()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lien-lighthouse-") as tmp:
        started = time.perf_counter()
        site = args.site.resolve() if args.site else build(Path(tmp) / "output")
        if not args.site:
            print(f"Built the site in {time.perf_counter() - started:.1f} s")
        httpd, base = serve(site)
        try:
            pages = args.pages or default_pages(site)
            width = max(len(p) for p in pages)
            print(f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES) + "   seconds")
            total = time.perf_counter()
            for path in pages:
                name = path.strip("/").replace("/", "_") or "home"
                scores, seconds = run_lighthouse(base + path, RESULTS / f"lighthouse-{name}.json")
                print(f"{path:<{width}}  " + "  ".join(f"{scores[c]:>14}" for c in CATEGORIES) + f"   {seconds:7.1f}")
                print(f"{'':<{width}}  {scores['metrics']}", flush=True)
            print(f"{len(pages)} pages in {time.perf_counter() - total:.1f} s; reports in "
                  f"{RESULTS.relative_to(ROOT)}/")
        finally:
            httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
