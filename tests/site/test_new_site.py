"""Issue 16: a new group's site from `make new-site` builds, checks and links cleanly, with no
trace of the first group (LIEN); bad values and dead home links are refused with their fix.

The starter runs in a copy of the project (as a group runs it in a clone), built once.
"""
from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BUILD_DAY, ROOT, run_build
from tests.tools import check_links

NEW_SITE = ["--name", "Clyde Tenants", "--url", "https://clydetenants.org", "--email", "hello@clydetenants.org",
            "--sections", "News|Meetings|Leaflets", "--short", "CT", "--accent", "#1d6b3a", "--today", BUILD_DAY]
TRACE = re.compile(rb"lien|labour|exile|\bclp\b|b3001b|8a0015", re.IGNORECASE)
IGNORED = {".venv", "node_modules", "output", ".cache", ".pytest_cache", "test-artifacts", ".git"}


def _copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=lambda _d, names: [n for n in names if n in IGNORED])
    return dest


def _run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> tuple[Path, Path]:
    """(project, output): the starter made in a copy of the project, checked and built."""
    project = _copy_project(tmp_path_factory.mktemp("clone") / "project")
    made = _run(project, "-m", "campaign.tools.starter", *NEW_SITE)
    assert made.returncode == 0, made.stderr
    checked = _run(project, "-c", "import sys; from campaign.checks.site import main; sys.exit(main(sys.argv[1]))", ".")
    assert checked.returncode == 0, checked.stdout
    out = project / "output"
    built = _run(project, "-m", "campaign.tools.build", "--settings", "pelicanconf.py", "--output", str(out),
                 "--content", "content", "--today", BUILD_DAY)
    assert built.returncode == 0, built.stderr + built.stdout
    return project, out


def _texts(out: Path):
    """Every file's bytes as a reader or a machine gets them: PDFs as text, gzip'd index parts opened."""
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            yield path, subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
        elif path.suffix in (".gz", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"):
            data = path.read_bytes()
            try:
                yield path, gzip.decompress(data)
            except (OSError, EOFError):
                yield path, data
        else:
            yield path, path.read_bytes()


def test_new_site_has_no_trace_of_the_first_group(new_site):
    _, out = new_site
    found = [f"{p.relative_to(out)}: {m.group(0)!r}" for p, data in _texts(out) for m in [TRACE.search(data)] if m]
    assert not found, found
    assert (out / "pagefind").is_dir() and (out / "favicon.png").is_file() and (out / "_headers").is_file()


def test_new_site_has_no_dead_links(new_site):
    _, out = new_site
    report = check_links(out)
    assert report.checked > 50 and not report.broken, report.describe()


def test_events_section_lists_upcoming_and_links_its_calendar(new_site):
    _, out = new_site
    soup = BeautifulSoup((out / "section/meetings/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text() for h in soup.select(".post-group__title")] == ["Upcoming"]
    assert soup.select_one('.section-header__calendar a[href$="/calendar.ics"]') is not None
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".home-events a[href$='/section/meetings/']") is not None
    assert [a["href"] for a in home.select(".home-involved__list a")][:3] == [
        "/section/news/", "/section/meetings/", "/section/leaflets/"]
    assert "Our next open meeting" in (out / "calendar.ics").read_text(encoding="utf-8")


def test_brand_and_address_come_from_the_settings(new_site):
    from PIL import Image

    _, out = new_site
    assert "--accent: #1d6b3a;" in (out / "theme/css/site.css").read_text(encoding="utf-8")
    assert ">CT<" in (out / "favicon.svg").read_text(encoding="utf-8")
    post = next(out.glob("20*/*/welcome-to-our-new-website/index.html"))
    og = BeautifulSoup(post.read_text(encoding="utf-8"), "html.parser").select_one('meta[property="og:image"]')
    card = post.parent / "social.png"
    assert og["content"].endswith(str(card.relative_to(out)))
    with Image.open(card) as im:
        assert im.size == (1200, 630)
        assert im.convert("RGB").getpixel((5, 5)) == (0x1d, 0x6b, 0x3a)
    ics = (out / "calendar.ics").read_text(encoding="utf-8")
    assert "PRODID:-//Clyde Tenants//clydetenants.org//EN" in ics and "@clydetenants.org" in ics
    pdf = next(out.rglob("our-introductory-leaflet.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "clydetenants.org" in text


@pytest.mark.parametrize("change, message", [
    (("--accent", "#ff6600"), "ACCENT #ff6600 fails WCAG AA contrast"),
    (("--url", "clydetenants"), "URL 'clydetenants' is not a web address"),
    (("--email", "hello"), "EMAIL 'hello' is not an email address"),
    (("--sections", " | "), "SECTIONS is empty"),
])
def test_bad_values_are_refused_and_change_nothing(tmp_path, change, message):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "theme" / "css", project / "theme" / "css")
    (project / "content").mkdir()
    (project / "content" / "kept.md").write_text("kept", encoding="utf-8")
    args = list(NEW_SITE)
    args[args.index(change[0]) + 1] = change[1]
    before = (project / "pelicanconf.py").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "campaign.tools.starter", *args], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")}, timeout=60, check=False)
    assert result.returncode == 1
    assert message in result.stderr and " — " in result.stderr, result.stderr
    assert (project / "pelicanconf.py").read_text(encoding="utf-8") == before
    assert (project / "content" / "kept.md").exists()


def test_home_link_to_nowhere_stops_the_build_and_the_check(tmp_path):
    root = ROOT / "tests/roots/home-dead-link"
    out = tmp_path / "out"
    result = run_build(root / "content", out, settings=str(root / "settings.py"))
    assert result.returncode != 0
    assert ("HOME_WAYS_TO_HELP link 'Come to a meeting' links to section 'meetings', which is not in SECTIONS"
            in result.stdout + result.stderr)
    assert "link to one of: section:news" in result.stdout + result.stderr
    assert not out.exists()
