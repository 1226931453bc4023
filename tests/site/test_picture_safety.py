"""Issue 14: pictures publish no hidden details, in the site or in its PDFs; pictures that could act
(SVG with scripts or outside references) and TIFF are refused by the build and `make check` alike.

tests/roots/hostile-pictures: a leaflet showing a phone photo in JPEG, PNG, WebP and GIF (made
here, with EXIF GPS and a marker; the GIF with a comment) and a plain SVG drawing, and five
SVGs that act. A TIFF with GPS is added for the refusal case.
"""
from __future__ import annotations

import shutil

import pytest
from PIL import Image
from pypdf import PdfReader

from campaign.checks import site as checks
from tests.safety_roots import build, problems, project

MARKER = "GPSMARKER7731"
PHOTOS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}
# A JPEG with its position in XMP and a comment, and no EXIF: WeasyPrint embeds such a file's
# bytes as they are (it re-encodes only pictures with EXIF), so this is the one a PDF leaked.
XMP = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       f'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,27.25N" '
       f'exif:Make="{MARKER}"/></rdf:RDF></x:xmpmeta>').encode()
ACTIVE_SVGS = ["external.svg", "foreign.svg", "onload.svg", "script.svg", "style.svg"]
SVG_FIX = ("export the drawing again as plain SVG (Inkscape: Save as ▸ Optimized SVG) or as PNG; "
           "a picture on this site may only draw")
REFUSED = "a picture that runs code or loads other files is refused"
EXPECTED = sorted([
    f"content/images/external.svg:1: the SVG has a link to 'https://other.example/sprite.svg#a': {REFUSED} — {SVG_FIX}",
    f"content/images/external.svg:1: the SVG has a link to 'https://other.example/x.png': {REFUSED} — {SVG_FIX}",
    f"content/images/foreign.svg:1: the SVG has a <foreignobject> element: {REFUSED} — {SVG_FIX}",
    f"content/images/onload.svg:1: the SVG has an onload attribute: {REFUSED} — {SVG_FIX}",
    f"content/images/script.svg:1: the SVG has a <script> element: {REFUSED} — {SVG_FIX}",
    f"content/images/style.svg:1: the SVG has a style sheet that loads a file: {REFUSED} — {SVG_FIX}",
    ("content/images/scan.tiff:1: TIFF pictures are not published (most browsers cannot show them, and they keep "
    "camera and location details) — save it as JPEG (a photo) or PNG (a drawing or screenshot) and use that file instead"),
])


def _photo(path, fmt: str) -> None:
    """A small photo whose EXIF names the camera MARKER and holds a GPS position (GIF: a comment)."""
    im = Image.new("RGB", (24, 16), (200, 30, 30))
    if fmt == "GIF":
        im.convert("P").save(path, fmt, comment=MARKER.encode())
        return
    exif = Image.Exif()
    exif[0x010F] = MARKER  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 27.0, 15.0), 3: "W", 4: (2.0, 35.0, 0.0)}  # GPSInfo
    im.save(path, fmt, exif=exif, quality=95)


def _with_photos(folder):
    for ext, fmt in PHOTOS.items():
        _photo(folder / "content" / "images" / f"phone.{ext}", fmt)
        assert MARKER.encode() in (folder / "content" / "images" / f"phone.{ext}").read_bytes()  # the input has it
    Image.new("RGB", (24, 16), (30, 30, 200)).save(folder / "content" / "images" / "phone-xmp.jpg", "JPEG",
                                                    xmp=XMP, comment=MARKER.encode())
    assert MARKER.encode() in (folder / "content" / "images" / "phone-xmp.jpg").read_bytes()
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = _with_photos(project("hostile-pictures", tmp_path_factory.mktemp("pictures")))
    for name in ACTIVE_SVGS:
        (folder / "content" / "images" / name).unlink()
    result, site = build(folder)
    assert result.returncode == 0, result.stderr + result.stdout
    return site


@pytest.mark.parametrize("name", [*(f"phone.{ext}" for ext in PHOTOS), "phone-xmp.jpg"])
def test_published_photo_has_no_metadata(built, name):
    path = built.path(f"images/{name}")
    assert MARKER.encode() not in path.read_bytes()
    with Image.open(path) as im:
        assert dict(im.getexif()) == {}
        assert not {"comment", "exif", "xmp"} & set(im.info)


def test_pdf_embeds_only_stripped_pictures(built):
    pdf = built.path("2026/11/pictures-from-the-picket/pictures-from-the-picket.pdf")
    reader = PdfReader(pdf)
    images = [image for page in reader.pages for image in page.images]
    assert len(images) >= len(PHOTOS) + 1  # every photo is in the PDF
    for image in images:
        assert MARKER.encode() not in image.data and b"Exif\x00\x00" not in image.data, image.name
    assert MARKER.encode() not in pdf.read_bytes()


def test_plain_svg_is_published(built):
    assert b"linearGradient" in built.path("images/safe.svg").read_bytes()


def test_active_svgs_and_tiff_fail_build_and_check_alike(tmp_path):
    folder = project("hostile-pictures", tmp_path)
    Image.new("RGB", (8, 8)).save(folder / "content" / "images" / "scan.tiff", "TIFF")
    (folder / "content" / "posts" / "leaflets" / "2026-11-01-pictures.md").unlink()  # its photos are made elsewhere
    result, _ = build(folder)
    assert result.returncode != 0
    assert problems(result, folder) == EXPECTED, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(str(p) for p in checks.check_site(folder)[1]) == EXPECTED
    shutil.rmtree(folder / "output", ignore_errors=True)
