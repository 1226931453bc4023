"""Checks over a built output folder that need no network: our link checker and the Nu HTML Checker.

    check_links(root)      every internal href/src resolves to a file, every #fragment to an id
    run_vnu(paths)         the Nu HTML Checker (npm's vnu-jar, on Java) over many files in one run
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU_INSTALL = "npm ci --no-audit --no-fund --ignore-scripts"

# (tag, attribute) pairs whose value is a URL the browser fetches or follows.
_URL_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
              ("source", "src"), ("video", "poster"), ("iframe", "src"), ("form", "action")}
_SRCSET_TAGS = {"img", "source"}
# <meta> tags whose content is an address of ours (the image and address a shared link shows).
_URL_METAS = {"og:image", "og:url", "twitter:image"}
# Fragments every page has without an id: the top of the page (HTML's "indicated part").
_TOP = {"", "top"}


class _PageParser(HTMLParser):
    """Collect a page's ids (and <a name>) and the URLs it links to, with their line numbers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str, str]] = []  # (line, tag, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        line = self.getpos()[0]
        if tag == "meta" and (attrs.get("property") or attrs.get("name")) in _URL_METAS and attrs.get("content"):
            self.links.append((line, tag, attrs["content"].strip()))
        for name, value in attrs.items():
            if value is None:
                continue
            if (tag, name) in _URL_ATTRS:
                self.links.append((line, tag, value.strip()))
            elif name == "srcset" and tag in _SRCSET_TAGS:
                self.links += [(line, tag, part.split()[0]) for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


@dataclass
class LinkReport:
    """What check_links found: broken links by page (output-relative path), and external URLs."""

    broken: dict[str, list[str]] = field(default_factory=dict)
    external: dict[str, set[str]] = field(default_factory=dict)  # url -> pages that link to it
    checked: int = 0

    def describe(self) -> str:
        lines = [f"{len(self.broken)} page(s) with broken links:"]
        for page, problems in sorted(self.broken.items()):
            lines.append(f"  {page}")
            lines += [f"    {p}" for p in problems]
        return "\n".join(lines)


def _target_file(root: Path, path: str) -> Path | None:
    """The output file a URL path names, as a static host serves it (`/x/` is `/x/index.html`)."""
    rel = unquote(path).lstrip("/")
    candidate = root / rel
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return None  # ../ out of the site
    return candidate if candidate.is_file() else None


def check_links(root: Path, site_url: str = "") -> LinkReport:
    """Check every internal link, image, script, stylesheet and #fragment in root's HTML files.

    Absolute addresses under `site_url` (canonical links, og:image) are ours too, and checked.
    """
    root = Path(root)
    site_url = site_url.rstrip("/")
    pages: dict[Path, _PageParser] = {}
    for file in sorted(root.rglob("*.html")):
        parser = _PageParser()
        parser.feed(file.read_text(encoding="utf-8"))
        pages[file] = parser

    report = LinkReport()
    for file, parser in pages.items():
        page_rel = file.relative_to(root).as_posix()
        page_url = "/" + page_rel.removesuffix("index.html")
        problems = []
        for line, tag, href in parser.links:
            url = href
            if site_url and (url == site_url or url.startswith(site_url + "/")):
                url = url[len(site_url):] or "/"
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if parts.scheme in ("http", "https") or parts.netloc:
                    report.external.setdefault(url, set()).add(page_rel)
                continue  # mailto:, tel:, data: ... are not files of ours
            report.checked += 1
            if parts.path:
                target = _target_file(root, urlsplit(urljoin(page_url, url)).path)
                if target is None:
                    problems.append(f"line {line}: <{tag}> {href} — no such file in the output")
                    continue
            else:
                target = file
            fragment = unquote(parts.fragment)
            if target.suffix == ".html" and fragment not in _TOP and fragment not in pages[target].ids:
                where = "this page" if target == file else target.relative_to(root).as_posix()
                problems.append(f'line {line}: <{tag}> {href} — no id="{fragment}" in {where}')
        if problems:
            report.broken[page_rel] = problems
    return report


def vnu_command() -> list[str]:
    """The Java command that runs the Nu HTML Checker; fails with the install command if it is missing."""
    if not shutil.which("java"):
        raise FileNotFoundError("Java is missing (the HTML checker runs on it): "
                                "sudo apt-get install -y --no-install-recommends default-jre-headless")
    if not VNU_JAR.is_file():
        raise FileNotFoundError(f"The Nu HTML Checker is missing ({VNU_JAR.relative_to(ROOT)}): "
                                f"run `{VNU_INSTALL}` in {ROOT} (make test does it)")
    return ["java", "-Xss4m", "-jar", str(VNU_JAR)]


def run_vnu(paths: list[Path]) -> list[dict]:
    """Error messages of the Nu HTML Checker over files or folders, in one Java run.

    Each message is vnu's JSON: {"url": "file:/...", "type": "error", "message", "lastLine", "extract"}.
    """
    cmd = vnu_command() + ["--errors-only", "--format", "json", "--skip-non-html", *map(str, paths)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    try:
        return json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the Nu HTML Checker did not report (exit {done.returncode}):\n"
                           f"{done.stdout}\n{done.stderr}") from None
