"""Published pictures carry no hidden details: EXIF (GPS, camera, dates), XMP, ICC, comments.

A photo from a phone can give away where it was taken and by whom. Every JPEG, PNG and WebP
in the built site is saved again without its metadata, turned the right way up first
(the EXIF orientation tag goes with the rest).
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
ORIENTATION = 0x0112
# Kept because they change how the pixels look, not who or where: PNG/GIF transparency.
_KEEP_INFO = ("transparency",)


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
        buf = io.BytesIO()
        out.save(buf, fmt, **options)
        return buf.getvalue()


def strip_images(root: Path) -> dict:
    """Strip every published picture under `root` in place; return how many."""
    count = 0
    for path in sorted(root.rglob("*")):
        fmt = SUFFIXES.get(path.suffix.lower())
        if fmt and path.is_file():
            path.write_bytes(strip_metadata(path.read_bytes(), fmt))
            count += 1
    return {"images_stripped": count}
