"""Plain `pelican -s <production settings>` makes the same site as the project's build, byte for byte.

Every output (stripped pictures, the search index, gzip copies, robots.txt and the sitemap
finished, redirects, calendars, print files) is made inside Pelican's run, so the safe build
(tools/build.py) adds only the checks, the fresh folder and the swap.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import BUILD_DAY, ROOT, ROOTS, run_build

NAME = "one-pipeline"
GPS = 0x8825


EDITOR = {"backend": "github", "repo": "forum/site", "branch": "main", "base_url": "https://auth.example.org"}


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _plain_pelican(conf: str, out: Path, cache: Path) -> None:
    """The root built by Pelican's own command line with `conf`, nothing else."""
    pelican = Path(sys.executable).with_name("pelican")
    cmd = [str(pelican), str(ROOTS / NAME), "-s", conf, "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_TODAY": BUILD_DAY,
           "CAMPAIGN_CACHE_PATH": str(cache), "CAMPAIGN_EDITOR_LOCAL": ""}
    done = subprocess.run(cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module", params=["production", "with the editor"])
def both(request, tmp_path_factory) -> tuple[Path, Path]:
    """(the project's build, plain Pelican) of the root with the production settings; each with
    its own cache, so nothing one made is borrowed by the other."""
    tmp = tmp_path_factory.mktemp("one-pipeline")
    conf = tmp / "conf.py"
    lines = [f"import sys\nsys.path.insert(0, {str(ROOTS)!r})\nfrom rootpublishconf import *  # noqa: F401,F403\n"]
    if request.param == "with the editor":  # /admin/ written, robots.txt and _headers changed for it
        lines.append(f"CAMPAIGN_EDITOR = {EDITOR!r}\n")
    conf.write_text("".join(lines), encoding="utf-8")
    built = run_build(ROOTS / NAME, tmp / "project", settings=str(conf),
                      env={"CAMPAIGN_CACHE_PATH": str(tmp / "cache-project"), "CAMPAIGN_EDITOR_LOCAL": ""})
    assert built.returncode == 0, built.stdout + built.stderr
    _plain_pelican(str(conf), tmp / "plain", tmp / "cache-plain")
    return tmp / "project", tmp / "plain"


@pytest.fixture(scope="module")
def plain(both) -> Path:
    """Plain Pelican's site."""
    return both[1]


def test_the_root_photo_really_carries_gps():
    with Image.open(ROOTS / NAME / "images" / "stall.jpg") as im:
        assert im.getexif().get_ifd(GPS), "the test input lost its GPS data: this test would prove nothing"


def test_plain_pelican_makes_the_same_files_with_the_same_bytes(both):
    built, made = (_tree(site) for site in both)
    assert sorted(made) == sorted(built)
    assert [rel for rel in built if made[rel] != built[rel]] == []


@pytest.mark.parametrize("rel", ["images/stall.jpg", "pagefind/pagefind.js", "pagefind/parts.json",
                                 "index.html.gz", "sitemap.xml.gz", "robots.txt", "_redirects",
                                 "old/stall-photo/index.html", "calendar.ics"])
def test_plain_pelican_makes_every_finishing_output(plain, rel):
    assert (plain / rel).is_file(), f"plain Pelican did not make {rel}"


def test_plain_pelican_publishes_the_photo_without_gps(plain):
    with Image.open(plain / "images" / "stall.jpg") as im:
        assert not im.getexif(), dict(im.getexif())


def test_plain_pelican_finishes_robots_and_the_sitemap(plain):
    assert "Sitemap: https://forum.example.org/sitemap.xml" in (plain / "robots.txt").read_text()
    sitemap = (plain / "sitemap.xml").read_text()
    assert "<loc>https://forum.example.org/" in sitemap and "<loc>/" not in sitemap


def test_plain_pelican_writes_the_editor_only_when_it_is_on(both, request):
    project, plain = both
    editor = request.node.callspec.params["both"] == "with the editor"
    assert (project / "admin").is_dir() == editor and (plain / "admin").is_dir() == editor
    if editor:
        for rel in ("admin/index.html", "admin/config.json", "admin/decap/decap-cms.js", "admin/index.html.gz"):
            assert (plain / rel).is_file(), rel
        assert "Disallow: /admin/" in (plain / "robots.txt").read_text()
        assert "\n/admin/*\n" in (plain / "_headers").read_text()
