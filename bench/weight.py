"""Page weight of a first visit: bytes over the wire and requests, for four kinds of page.

    python bench/weight.py [--site output/] [--method browser|parse]

Without --site, builds the real site into a temporary folder first. Serves the folder on
127.0.0.1 and loads each page in Chromium (Playwright, /usr/bin/chromium, a fresh profile per
page, so nothing is cached), recording every request. Text responses (HTML, CSS, JS, SVG, JSON,
XML) are counted gzip-compressed at level 9, as a host serves them; fonts and pictures are
already compressed and are counted as they are. Without Chromium, the page's HTML is parsed
instead (stylesheets, scripts, images, preloads, and url() in the CSS that the page's elements
would use: fonts are all counted there, so the figure is an upper bound).
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEXT_TYPES = (".html", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt", ".ics", ".webmanifest")
TARGET_BYTES, TARGET_REQUESTS = 50 * 1024, 6
SURVEY = "content/posts/campaigns/2021-04-05-witch-hunt-questionnaire.md"


@dataclass
class Request:
    url: str
    raw: int
    wire: int
    blocking: bool = False


@dataclass
class Visit:
    page: str
    url: str
    requests: list[Request] = field(default_factory=list)

    @property
    def wire(self) -> int:
        return sum(r.wire for r in self.requests)


def wire_size(path: str, body: bytes) -> int:
    """Bytes a host sends: gzip -9 for text, the file as it is for fonts and pictures."""
    if path.endswith("/") or path.lower().endswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=9, mtime=0))
    return len(body)


def pages(site: Path) -> dict[str, str]:
    """The pages measured: home, a post, a section page, the survey report, the search page."""
    found = {"home": "/"}
    report = _url_of(site, SURVEY)
    posts = sorted(p for p in site.glob("[0-9][0-9][0-9][0-9]/*/*/index.html"))
    post = next((p for p in posts if "/2021/07/" in str(p)), posts[0] if posts else None)
    if post:
        found["post"] = "/" + str(post.parent.relative_to(site)) + "/"
    if (site / "section" / "campaigns" / "index.html").is_file():
        found["section"] = "/section/campaigns/"
    if report:
        found["survey report"] = report
    if (site / "search" / "index.html").is_file():
        found["search"] = "/search/"
    return found


def _url_of(site: Path, source: str) -> str | None:
    """The URL of the page built from `source`: the one whose slug matches the Title line."""
    text = (ROOT / source).read_text(encoding="utf-8")
    date_line = re.search(r"^Date:\s*(\d{4})-(\d\d)", text, re.M)
    if not date_line:
        return None
    year, month = date_line.groups()
    candidates = sorted((site / year / month).glob("*/index.html"))
    title_line = re.search(r"^Title:\s*(.+)$", text, re.M)
    if not title_line:
        return None
    title = title_line.group(1)
    for page in candidates:
        if title.split(":")[0].strip().lower() in page.read_text(encoding="utf-8").lower():
            return "/" + str(page.parent.relative_to(site)) + "/"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def visit_browser(base: str, targets: dict[str, str]) -> list[Visit]:
    """Load each page in a fresh Chromium context and record every request it made."""
    from playwright.sync_api import sync_playwright

    visits = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in targets.items():
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            seen: list = []
            page.on("requestfinished", seen.append)
            page.goto(base + path, wait_until="networkidle")
            blocking = set(page.evaluate(
                "performance.getEntriesByType('resource')"
                ".filter(e => e.renderBlockingStatus === 'blocking').map(e => e.name)"))
            visit = Visit(name, path)
            for request in seen:
                response = request.response()
                body = response.body() if response else b""
                visit.requests.append(Request(request.url, len(body), wire_size(urlsplit(request.url).path, body),
                                              request.url in blocking))
            visits.append(visit)
            context.close()
        browser.close()
    return visits


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, bool]] = []  # (url, render-blocking)
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ("stylesheet" in rel or "preload" in rel or "modulepreload" in rel):
            blocking = "stylesheet" in rel and (a.get("media") or "all") in ("all", "screen") and "disabled" not in a
            self.refs.append((a["href"], blocking))
        elif tag == "script" and a.get("src"):
            blocking = self.in_head and "async" not in a and "defer" not in a and a.get("type") != "module"
            self.refs.append((a["src"], blocking))
        elif tag == "link" and a.get("href") and "icon" in rel:  # browsers fetch the favicon too
            self.refs.append((a["href"], False))
        elif tag == "img" and a.get("src") and a.get("loading") != "lazy":
            self.refs.append((a["src"], False))


def visit_parse(site: Path, base: str, targets: dict[str, str]) -> list[Visit]:
    """Without a browser: the page, what its HTML references, and url()s in its stylesheets."""
    def local(url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != base:
            return None
        path = site / parts.path.lstrip("/")
        return path / "index.html" if path.is_dir() else path

    visits = []
    for name, path in targets.items():
        visit = Visit(name, path)
        page_file = site / path.lstrip("/")  # a target is a page of this site: local() finds it
        html = (page_file / "index.html" if page_file.is_dir() else page_file).read_bytes()
        visit.requests.append(Request(base + path, len(html), wire_size(path, html)))
        parser = _Refs()
        parser.feed(html.decode("utf-8"))
        queue = [(urljoin(base + path, ref), blocking) for ref, blocking in parser.refs]
        done = {base + path}
        while queue:
            url, blocking = queue.pop(0)
            if url in done:
                continue
            done.add(url)
            file = local(url)
            body = file.read_bytes() if file and file.is_file() else b""
            visit.requests.append(Request(url, len(body), wire_size(urlsplit(url).path, body), blocking))
            if url.endswith(".css"):
                for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", body.decode("utf-8", "replace")):
                    if not ref.startswith("data:") and not ref.endswith(".woff"):  # woff2 wins over woff
                        queue.append((urljoin(url, ref), False))
        visits.append(visit)
    return visits


def build_real_site(dest: Path) -> Path:
    """Build content/ as `make html` does, into `dest`."""
    out = dest / "output"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    subprocess.run([sys.executable, "-m", "campaign.tools.build", "--settings", "pelicanconf.py", "--output", str(out),
                    "--today", date.today().isoformat()], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return out


def report(visits: list[Visit], method: str) -> list[str]:
    lines = [(f"First visit, measured by {method}; text gzip -9, fonts and pictures as they are. "
             f"Targets: <= {TARGET_BYTES // 1024} KB and <= {TARGET_REQUESTS} requests."), "",
             "| page | KB over the wire | requests | render-blocking beyond the stylesheet | within target |",
             "|---|---:|---:|---|---|"]
    details = []
    for v in visits:
        blocking = [r for r in v.requests if r.blocking]
        extra = [r.url for r in blocking if not r.url.endswith("/site.css")]
        ok = v.wire <= TARGET_BYTES and len(v.requests) <= TARGET_REQUESTS
        lines.append(f"| {v.page} (`{v.url}`) | {v.wire / 1024:.1f} | {len(v.requests)} | "
                     f"{', '.join(urlsplit(u).path for u in extra) or 'none'} | {'yes' if ok else 'NO'} |")
        details.append(f"  {v.page}: " + "; ".join(
            f"{urlsplit(r.url).path} {r.wire / 1024:.1f} KB{' (blocking)' if r.blocking else ''}" for r in v.requests))
    return lines + ["", "Requests:"] + details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build content/ into a temporary folder)")
    parser.add_argument("--method", choices=["browser", "parse"], help="default: browser when Chromium is there")
    args = parser.parse_args(argv)
    method = args.method or ("browser" if Path(CHROMIUM).exists() else "parse")
    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp:
        site = args.site.resolve() if args.site else build_real_site(Path(tmp))
        server, base = serve(site)
        try:
            targets = pages(site)
            if method == "browser":
                try:
                    visits = visit_browser(base, targets)
                # No Playwright, or Chromium will not start (each fails its own way): parse instead.
                except Exception as err:  # noqa: BLE001
                    print(f"(Chromium unavailable: {str(err).splitlines()[0]}; parsing the HTML instead)")
                    method, visits = "parse", visit_parse(site, base, targets)
            else:
                visits = visit_parse(site, base, targets)
        finally:
            server.shutdown()
    label = "Chromium (Playwright), every request recorded" if method == "browser" else "parsing the HTML and CSS"
    print("\n".join(report(visits, label)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
