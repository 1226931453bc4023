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

from tests.conftest import BUILD_DAY, ROOT, ROOTS

NAME = "one-pipeline"
GPS = 0x8825


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """The root built by Pelican's own command line with the production settings, nothing else."""
    tmp = tmp_path_factory.mktemp("plain-pelican")
    pelican = Path(sys.executable).with_name("pelican")
    cmd = [str(pelican), str(ROOTS / NAME), "-s", str(ROOTS / "rootpublishconf.py"), "-o", str(tmp / "output")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_TODAY": BUILD_DAY,
           "CAMPAIGN_CACHE_PATH": str(tmp / "cache")}  # its own cache: nothing is borrowed from the other build
    done = subprocess.run(cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp / "output"


@pytest.fixture(scope="module")
def project(roots) -> Path:
    """The same root through the project's build (check, fresh folder, swap) with the same settings."""
    return roots(NAME, publish=True).root


def test_the_root_photo_really_carries_gps():
    with Image.open(ROOTS / NAME / "images" / "stall.jpg") as im:
        assert im.getexif().get_ifd(GPS), "the test input lost its GPS data: this test would prove nothing"


def test_plain_pelican_makes_the_same_files_with_the_same_bytes(plain, project):
    made, built = _tree(plain), _tree(project)
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
