"""Issue 18: the pictures step re-encodes a picture once, not once per build, and skips the drawn
ones; what it skips never changes the site.

tests/roots/images (a post showing a picture in three formats), with phone photos that carry a
GPS position put in, built three times for real: cold, again with its cache (nothing changed),
and clean into a new folder with a new cache.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import run_build, settings_with
from tests.site.test_images import FORMATS, images_root_with_phone_photos

MARKER = "PhoneMaker"  # the camera maker phone_photo writes into each photo's EXIF
PICTURE = re.compile(r"\.(png|jpe?g|webp|gif)$", re.IGNORECASE)
SAID = re.compile(r"Pictures: (\d+) stripped, (\d+) cached, (\d+) drawn")


def _build(content: Path, output: Path, cache: Path, tmp: Path) -> tuple[int, int, int]:
    """Build for real, even over an up-to-date site; (pictures stripped, reused from the cache,
    drawn) as the build log says."""
    result = run_build(content, output, settings=settings_with(tmp, base="rootconf"),
                       env={"CAMPAIGN_CACHE_PATH": str(cache)}, args=("--force",))
    assert result.returncode == 0, result.stderr + result.stdout
    [said] = SAID.findall(result.stdout + result.stderr)
    stripped, reused, drawn = map(int, said)
    return stripped, reused, drawn


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(the counts of the cold build, of the rebuild, of the clean build; the rebuilt site; the clean one)."""
    tmp = tmp_path_factory.mktemp("picture-cache")
    content = images_root_with_phone_photos(tmp)
    for ext in FORMATS:
        assert MARKER.encode() in (content / "images" / f"phone.{ext}").read_bytes()  # the input really has it
    cold = _build(content, tmp / "output", tmp / "cache", tmp)
    again = _build(content, tmp / "output", tmp / "cache", tmp)
    clean = _build(content, tmp / "clean", tmp / "clean-cache", tmp)
    return cold, again, clean, tmp / "output", tmp / "clean"


def test_the_cold_build_strips_each_copied_picture_and_leaves_the_drawn_ones(builds):
    cold, _, _, site, _ = builds
    cards = [rel for rel in _files(site) if rel.endswith("/social.png")]  # each post's
    assert cards == ["2021/06/pictures-from-the-stall/social.png"]
    assert (site / "favicon.png").is_file() and (site / "theme/images/social-default.png").is_file()
    assert cold == (len(FORMATS), 0, len(cards) + 2)


def test_a_rebuild_re_encodes_no_picture_and_makes_the_clean_builds_bytes(builds):
    cold, again, clean, site, clean_site = builds
    assert again == (0, len(FORMATS), cold[2])  # every copied picture read back from the cache
    assert clean == cold
    rebuilt, fresh = _files(site), _files(clean_site)
    assert sorted(rebuilt) == sorted(fresh)
    pictures = [rel for rel in rebuilt if PICTURE.search(rel)]
    assert len(pictures) == len(FORMATS) + cold[2]
    assert [rel for rel in pictures if rebuilt[rel] != fresh[rel]] == []
    assert [rel for rel in rebuilt if rebuilt[rel] != fresh[rel]] == []  # nor any other file


@pytest.mark.parametrize("ext", FORMATS)
def test_the_reused_picture_still_has_no_metadata(builds, ext):
    site = builds[3]
    data = (site / "images" / f"phone.{ext}").read_bytes()
    assert MARKER.encode() not in data and b"GPS" not in data
    with Image.open(site / "images" / f"phone.{ext}") as im:
        assert im.format == FORMATS[ext] and not im.getexif()
