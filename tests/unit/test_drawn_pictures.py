"""Issue 18: the pictures the plugin draws (social cards, favicon.png) carry no metadata by
construction, are written as drawn and never re-encoded; pictures copied into the site are
cleaned once and then read back from the cache (outputs/images.strip_images).

No build here: the store, the cache seam and the drawing functions, on a folder of files.
"""
from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import pytest
from PIL import Image

from campaign.cache.derived import Derived
from campaign.content.branding import Brand, favicon_png
from campaign.outputs import cards
from campaign.outputs.images import strip_images
from campaign.outputs.store import OutputStore

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "theme" / "static" / "fonts"
LOGO = ROOT / "tests" / "roots" / "tenants" / "content" / "images" / "logo.png"
MARKER = b"GPSMARKER5521"
#: The only PNG chunks a drawing needs: header, palette, transparency, pixels, end. Any other is
#: metadata or could carry it (tEXt, iTXt, zTXt, eXIf, iCCP, tIME, pHYs...).
PICTURE_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
BRANDS = {
    "short name": Brand("#1d6b3a", "#16522c", "RRF"),
    "logo": Brand("#5b2a86", "#46206a", "TEN", logo=str(LOGO), logo_stamp="test"),
}
TITLE = "Residents ask the council for a public repairs register before the winter"


def chunks(png: bytes) -> list[bytes]:
    """The chunk types of a PNG file, in order."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        found.append(kind)
        at += 12 + length
    return found


def photo_with_gps(fmt: str) -> bytes:
    """A small photo whose EXIF names the camera MARKER and holds a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = MARKER.decode()  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 27.0, 15.0), 3: "W", 4: (2.0, 35.0, 0.0)}  # GPSInfo
    buf = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(buf, fmt, exif=exif, quality=95)
    assert MARKER in buf.getvalue()  # the input really has it
    return buf.getvalue()


def drawings(brand: Brand) -> dict[str, bytes]:
    return {
        "post card": cards.post_card(brand, FONTS, TITLE, "Campaign", "Riverside Residents Forum", "forum.example.org"),
        "site card": cards.site_card(brand, FONTS, "Riverside Residents Forum", "Neighbours organising", "forum.example.org"),
        "favicon": favicon_png(brand, FONTS),
    }


@pytest.mark.parametrize("brand", BRANDS)
def test_a_drawn_picture_has_no_metadata(brand):
    for name, png in drawings(BRANDS[brand]).items():
        assert set(chunks(png)) <= PICTURE_CHUNKS, (name, chunks(png))
        with Image.open(io.BytesIO(png)) as im:
            assert not im.info.keys() - {"transparency"}, (name, im.info)
            assert not im.getexif(), name


@pytest.mark.parametrize("brand", BRANDS)
def test_a_card_shows_the_accent_the_ink_and_the_band(brand):
    b = BRANDS[brand]
    with Image.open(io.BytesIO(drawings(b)["post card"])) as im:
        rgb = im.convert("RGB")
    assert rgb.size == cards.SIZE
    assert rgb.getpixel((5, 5)) == (int(b.accent[1:3], 16), int(b.accent[3:5], 16), int(b.accent[5:], 16))
    assert rgb.getpixel((5, cards.SIZE[1] - 5)) == tuple(int(b.accent_dark[i:i + 2], 16) for i in (1, 3, 5))
    assert (255, 255, 255) in {rgb.getpixel((x, y)) for x in range(80, 600, 3) for y in range(250, 330, 3)}  # title
    assert rgb.getpixel((cards.MARGIN + 4, cards.MARGIN + 4)) == (255, 255, 255)  # the tile behind mark or logo
    if b.logo:
        assert rgb.getpixel((140, 150)) == (0x5b, 0x2a, 0x86)  # the logo's triangle, on the tile


@pytest.fixture
def site(tmp_path):
    """A store over a new site holding a drawn card and a photo copied in with its GPS position."""
    card = drawings(BRANDS["short name"])["post card"]
    out = OutputStore(tmp_path / "site")
    out.write("2021/07/x/social.png", card, drawn=True)
    out.path("images/phone.jpg").write_bytes(photo_with_gps("JPEG"))  # as Pelican copies content/
    return out, card, Derived(tmp_path / "cache")


def test_a_drawn_card_is_left_as_drawn_and_a_copied_photo_is_stripped(site):
    out, card, derived = site
    before = os.stat(out.root / "2021/07/x/social.png")
    stats = strip_images(out, derived)
    assert stats == {"images_stripped": 1, "images_reused": 0, "images_drawn": 1}
    after = os.stat(out.root / "2021/07/x/social.png")
    assert out.read("2021/07/x/social.png") == card
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "the card was written again"
    assert MARKER not in out.read("images/phone.jpg")
    with Image.open(out.root / "images/phone.jpg") as im:
        assert not im.getexif()


def test_a_picture_copied_over_a_drawn_one_is_stripped(site):
    out, _, derived = site
    (out.root / "2021/07/x/social.png").unlink()
    (out.root / "2021/07/x/social.png").write_bytes(photo_with_gps("PNG"))  # content/ shipping one there
    stats = strip_images(out, derived)
    assert stats["images_drawn"] == 0 and stats["images_stripped"] == 2
    assert MARKER not in out.read("2021/07/x/social.png")


def test_the_next_build_reads_the_stripped_photo_from_the_cache(site, tmp_path):
    out, card, derived = site
    strip_images(out, derived)
    first = out.read("images/phone.jpg")
    again = OutputStore(tmp_path / "next", previous=out.root)
    again.write("2021/07/x/social.png", card, drawn=True)
    again.path("images/phone.jpg").write_bytes(photo_with_gps("JPEG"))
    stats = strip_images(again, Derived(tmp_path / "cache"))
    assert stats == {"images_stripped": 0, "images_reused": 1, "images_drawn": 1}
    assert again.read("images/phone.jpg") == first
