"""Published pictures carry no hidden details: EXIF (GPS, camera, dates), XMP, ICC, comments.

A photo from a phone can give away where it was taken and by whom. Every JPEG, PNG, WebP and
GIF copied into the built site (and in every PDF, see pdf.local_url_fetcher) is saved again
without its metadata, turned the right way up first (the EXIF orientation tag goes with the rest).

Re-encoding is slow (a photo, or a card, takes 50-100 ms), so it is done once per picture, not
once per build: a picture copied from content/ or the theme is cleaned through the cache seam,
keyed by its format and bytes, and the next build reads the cleaned bytes back. The pictures the
plugin draws itself (social cards, the PNG favicon) are never cleaned: they are made without
metadata and written as drawn (OutputStore.write(drawn=True)).

Two kinds of file are refused rather than cleaned (`picture_problems`), because refusing is
simpler and surer than cleaning: TIFF (browsers other than Safari cannot show it, and its
metadata hides in many places) and SVG that can act rather than just draw (scripts, event
handlers, embedded HTML, anything fetched from elsewhere), which would run when the picture's
own address is opened.
"""
from __future__ import annotations

import io
import logging
import re
from functools import partial
from pathlib import Path

from PIL import Image, ImageOps

from ..cache.derived import Derived
from ..errors import Problem
from .store import OutputStore

logger = logging.getLogger(__name__)
#: The cache's label for a cleaned picture.
STRIPPED = "stripped picture"

SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
ORIENTATION = 0x0112
# Kept because they change how the pixels look, not who or where: transparency, and a GIF's
# animation timing. A GIF's `comment` and `extension` blocks go.
_KEEP_INFO = ("transparency", "duration", "loop", "background", "disposal")


def strip_metadata(data: bytes, fmt: str) -> bytes:
    """The picture in `data`, upright, saved again in `fmt` without any metadata."""
    with Image.open(io.BytesIO(data)) as im:
        upright = im.getexif().get(ORIENTATION, 1) in (None, 1)
        out = im if upright else ImageOps.exif_transpose(im)
        animated = getattr(im, "n_frames", 1) > 1
        out.info = {k: v for k, v in im.info.items() if k in _KEEP_INFO}
        options: dict = {}
        if fmt == "JPEG":
            # "keep" re-uses the photo's own quantisation tables: no visible loss on re-saving.
            options = {"quality": "keep"} if upright and im.format == "JPEG" else {"quality": 90}
        elif fmt == "WEBP":
            options = {"quality": 90, "method": 6, "save_all": animated}
        elif fmt == "PNG":
            options = {"optimize": True, "save_all": animated}
        elif fmt == "GIF":
            options = {"save_all": animated}
        buf = io.BytesIO()
        out.save(buf, fmt, **options)
        return buf.getvalue()


def strip_images(out: OutputStore, derived: Derived) -> dict:
    """Replace every picture in the site but the drawn ones with its stripped copy; return counts."""
    made, reused = derived.made.get(STRIPPED, 0), derived.reused.get(STRIPPED, 0)
    drawn = 0
    for rel in out.files():
        fmt = SUFFIXES.get(Path(rel).suffix.lower())
        if not fmt:
            continue
        data = out.read(rel)
        if out.is_drawn(rel, data):
            drawn += 1
            continue
        # The format is in the key: the same bytes under a .png and a .webp name are saved twice.
        clean = derived.get(STRIPPED, [("format", fmt.encode()), ("picture", data)], partial(strip_metadata, data, fmt))
        out.write(rel, clean, replace=True)
    stripped, kept = derived.made.get(STRIPPED, 0) - made, derived.reused.get(STRIPPED, 0) - reused
    # Short: Pelican's log wraps at 80 columns. Cached: stripped by an earlier build; drawn: by this one.
    logger.info("Pictures: %d stripped, %d cached, %d drawn", stripped, kept, drawn)
    return {"images_stripped": stripped, "images_reused": kept, "images_drawn": drawn}


_TIFF_FIX = "save it as JPEG (a photo) or PNG (a drawing or screenshot) and use that file instead"
_SVG_FIX = ("export the drawing again as plain SVG (Inkscape: Save as ▸ Optimized SVG) or as PNG; "
            "a picture on this site may only draw")
# Elements that run code, embed other documents, or change attributes (an <animate> can turn
# an href into javascript:); a drawing needs none of them.
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "animate", "set",
               "animatemotion", "animatetransform"}


def _svg_problems(data: bytes, rel: str) -> list[Problem]:
    import xml.etree.ElementTree as ET

    text = data.decode("utf-8", errors="replace")
    if "<!doctype" in text.lower() or "<!entity" in text.lower():
        return [Problem(rel, 1, "the SVG declares a DOCTYPE or entities (they can pull in other files)", _SVG_FIX)]
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        return [Problem(rel, err.position[0], f"the SVG cannot be read ({err})", _SVG_FIX)]
    found: set[str] = set()
    for element in root.iter():
        name = str(element.tag).rpartition("}")[2].lower()
        if name in _SVG_ACTIVE:
            found.add(f"a <{name}> element")
        for attr, value in element.attrib.items():
            attr_name = attr.rpartition("}")[2].lower()
            if attr_name.startswith("on"):
                found.add(f"an {attr_name} attribute")
            elif attr_name in ("href", "src") and not value.strip().startswith("#"):
                found.add(f"a link to {value.strip()[:60]!r}")
            elif attr_name == "style" and re.search(r"url\(\s*['\"]?(?!#)|@import", value, re.IGNORECASE):
                found.add("a style that loads a file")
        if name == "style" and re.search(r"url\(\s*['\"]?(?!#)|@import", element.text or "", re.IGNORECASE):
            found.add("a style sheet that loads a file")
    return [Problem(rel, 1, f"the SVG has {what}: a picture that runs code or loads other files is refused", _SVG_FIX)
            for what in sorted(found)]


def picture_problems(path: Path, rel: str) -> list[Problem]:
    """Why the file at `path` (shown as `rel`) may not be published as a picture; [] if it may."""
    suffix = path.suffix.lower()
    if suffix in (".tif", ".tiff"):
        return [Problem(rel, 1, "TIFF pictures are not published (most browsers cannot show them, "
                                "and they keep camera and location details)", _TIFF_FIX)]
    if suffix == ".svg":
        return _svg_problems(path.read_bytes(), rel)
    return []
