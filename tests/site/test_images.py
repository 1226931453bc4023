"""Published pictures carry no EXIF, GPS, XMP or ICC data, and come out the right way up."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from tests.conftest import copy_root, run_build, settings_with

XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,27.25N"/>'
       b"</rdf:RDF></x:xmpmeta>")
FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
RED, BLUE = (220, 0, 0), (0, 0, 220)


def phone_photo(path, fmt: str) -> None:
    """40x20: red left half, blue right; EXIF says "turn 90° clockwise to view", with GPS and XMP."""
    im = Image.new("RGB", (40, 20), BLUE)
    im.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise
    exif[0x8825] = {1: "N", 2: (51.0, 27.0, 15.0), 3: "W", 4: (2.0, 35.0, 0.0)}  # GPSInfo
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    png_text = PngInfo()  # PNG keeps XMP in a text chunk
    png_text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    im.save(path, fmt, exif=exif, xmp=XMP, icc_profile=icc, quality=95, pnginfo=png_text)


def images_root_with_phone_photos(dest: Path) -> Path:
    """A copy of the images root (one post showing a picture in each format) at dest/content, with
    a phone photo (EXIF, GPS, XMP, ICC) as content/images/phone.<ext> in each format."""
    content = copy_root("images", dest)
    (content / "images").mkdir(exist_ok=True)
    for ext, fmt in FORMATS.items():
        phone_photo(content / "images" / f"phone.{ext}", fmt)
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The images root with phone photos put in, built for real."""
    tmp = tmp_path_factory.mktemp("images")
    content = images_root_with_phone_photos(tmp)
    for ext, fmt in FORMATS.items():
        with Image.open(content / "images" / f"phone.{ext}") as check:  # the test input really has GPS
            assert check.getexif().get_ifd(0x8825), fmt
    result = run_build(content, tmp / "output", settings=settings_with(tmp, base="rootconf"))
    assert result.returncode == 0, result.stderr + result.stdout
    return tmp / "output"


@pytest.mark.parametrize("ext", FORMATS)
def test_published_picture_has_no_metadata(built, ext):
    path = built / "images" / f"phone.{ext}"
    data = path.read_bytes()
    for marker in (b"Exif", b"GPS", b"PhoneMaker", b"xmpmeta", b"acsp"):  # acsp: every ICC profile
        assert marker not in data, f"{marker!r} left in {path.name}"
    with Image.open(path) as im:
        assert im.format == FORMATS[ext]
        assert not im.getexif()
        assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(im.info)


@pytest.mark.parametrize("ext", FORMATS)
def test_published_picture_is_turned_upright(built, ext):
    with Image.open(built / "images" / f"phone.{ext}") as im:
        rgb = im.convert("RGB")
        assert rgb.size == (20, 40)
        top, bottom = im.getpixel((10, 5)), im.getpixel((10, 35))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], (top, bottom)


def test_the_post_shows_the_published_picture(built):
    html = (built / "2021" / "06" / "pictures-from-the-stall" / "index.html").read_text(encoding="utf-8")
    for ext in FORMATS:
        assert f'src="/images/phone.{ext}"' in html
