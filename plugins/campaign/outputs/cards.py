"""Social cards (og:image, 1200x630 PNG) drawn at build time with the theme's own font.

The site's card shows its short name, name, tagline and address; each post's card shows the
post's own title above the site's name, so a shared link says what it is about. Plain
functions: words and a Brand in, PNG bytes out.

A card is two colours, the accent and the ink, with anti-aliased text edges between them, a
darker band at the foot, and perhaps the group's logo. So it is drawn as a palette picture from
the start: the text into a greyscale coverage mask (0 is the accent, 255 the ink), whose values
are mapped onto SHADES evenly spaced colours on the line from accent to ink; the band and the
logo get palette entries of their own. That is the picture Pillow would draw in RGB, to within a
sixty-fourth of the way between the two colours at an edge, without quantizing a 1200x630 RGB
picture per card (44 ms).

What every post's card of one kind shares (mark, address, site name, kicker) is drawn and
encoded once (by Pillow, level 3). A post's title is drawn alone on a blank mask: where the
frame is 0 (and its index 0, the accent), that is exactly the title drawn on the frame. So when
all the title's rows are such rows, only they are mapped and deflated per card (run lengths, by
zlib-ng), and the PNG's data is joined from pieces that each end on a byte: the frame's rows
above and below and the blank rows between, each deflated once and kept (blank rows cost zlib
as much as text: 1 ms for 300). A title that reaches the frame's drawing (stacked accents) is
drawn on the frame and encoded by Pillow whole. Either way the decoded picture is the same
(tests/unit/test_card_pixels.py). On 1028 real titles: about 2.9 ms a card, where the card
drawn on a copy of its frame and encoded whole took 6.4 ms (3 of them zlib's); FreeType's
drawing of the title (~1.8 ms) and its fitting (~0.4 ms) are most of what is left. 18 KB a card instead of 21; a card is
fetched by the sites a post is shared on, never by a page. The file holds no metadata (no
text, EXIF or colour-profile chunk): the picture step leaves it as drawn.
"""
from __future__ import annotations

import io
import itertools
import struct
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from zlib_ng import zlib_ng

from ..content.branding import FONT_BOLD, FONT_REGULAR, Brand

SIZE = (1200, 630)
MARGIN = 80
BAND = 24  # the darker band at the foot, in pixels
#: Palette: SHADES colours from the accent (index 0) to the ink, then the band's, then the logo's.
SHADES = 64
BAND_INDEX = SHADES
LOGO_FIRST = SHADES + 1
_TO_SHADE = [round(v * (SHADES - 1) / 255) for v in range(256)]
_SHADE_BYTES = bytes(_TO_SHADE)
#: Where the site's own card is written (og:image of pages without one of their own).
SITE_CARD = "theme/images/social-default.png"
#: A post's card, next to its page: `2021/07/slug/` -> `2021/07/slug/social.png`.
POST_CARD_NAME = "social.png"
LEADING = 1.15


@lru_cache(maxsize=32)
def _font(fonts_dir: str, name: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(fonts_dir) / name), size)


def _wrap(text: str, font, width: int, most: int = 0) -> list[str]:
    """`text` in lines of at most `width` (a word longer stands alone). With `most`, it stops
    at the line after that many: the lines before it are the same, as each break depends only
    on the words before it. Lengths are the font's own, as ImageDraw.textlength gives them on
    a greyscale ("L") picture, without the Text object it makes per call."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if not line or font.getlength(trial, "L") <= width:
            line = trial
        else:
            lines.append(line)
            line = word
            if len(lines) == most:
                break
    return [*lines, line] if line else lines


def _fit(text: str, fonts_dir: Path, sizes: tuple[int, ...], width: int, height: int):
    """The largest size at which `text` wraps into `height` (at the smallest, the last line cut with …)."""
    for size in sizes:
        font = _font(str(fonts_dir), FONT_BOLD, size)
        max_lines = max(1, int(height // (size * LEADING)))
        lines = _wrap(text, font, width, max_lines)
        if len(lines) <= max_lines:
            return font, size, lines
    lines = lines[:max_lines]
    while lines[-1] and font.getlength(lines[-1] + "…", "L") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += "…"
    return font, size, lines


@lru_cache(maxsize=4)
def _logo_tile(brand: Brand) -> tuple[bytes, tuple[int, int], tuple[int, ...]]:
    """The logo on its ink tile as palette indices from LOGO_FIRST up, its size, and its colours."""
    from PIL import Image

    from ..content.branding import fit_logo

    logo = fit_logo(brand, (360, 84))
    tile = Image.new("RGB", logo.size, brand.ink)
    tile.paste(logo, (0, 0), logo)
    quantized = tile.quantize(colors=256 - LOGO_FIRST)
    colours = tuple(quantized.getpalette() or [])[:3 * (256 - LOGO_FIRST)]
    shift = bytes(min(i + LOGO_FIRST, 255) for i in range(256))
    return quantized.tobytes().translate(shift), logo.size, colours


def _png(coverage, brand: Brand) -> bytes:
    """The card from its coverage mask (0 accent .. 255 ink), as a palette PNG."""
    from PIL import Image, ImageColor

    accent, ink = ImageColor.getrgb(brand.accent), ImageColor.getrgb(brand.ink)
    palette = [round(a + (k - a) * i / (SHADES - 1)) for i in range(SHADES) for a, k in zip(accent, ink, strict=True)]
    palette += ImageColor.getrgb(brand.accent_dark)
    card = coverage.point(_TO_SHADE)
    if brand.logo:  # on the tile the frame drew, where the short name would be
        indices, size, colours = _logo_tile(brand)
        palette += colours
        card.paste(Image.frombytes("L", size, indices), (MARGIN + 12, MARGIN + 12))
    card.putpalette(palette)  # a greyscale picture given a palette becomes a palette picture
    card.paste(BAND_INDEX, (0, SIZE[1] - BAND, SIZE[0], SIZE[1]))
    out = io.BytesIO()
    card.save(out, "PNG", compress_level=3)
    return out.getvalue()


def _frame(brand: Brand, fonts_dir: Path, address: str):
    """The coverage mask with what every card shows: the logo's tile or the short name, the address."""
    from PIL import Image, ImageDraw

    im = Image.new("L", SIZE, 0)
    d = ImageDraw.Draw(im)
    if brand.logo:  # a white tile for the logo (pasted by _png)
        width, height = _logo_tile(brand)[1]
        d.rounded_rectangle((MARGIN, MARGIN, MARGIN + width + 24, MARGIN + height + 24), radius=8, fill=255)
    else:
        mark = _font(str(fonts_dir), FONT_BOLD, 56)
        _, _, right, bottom = d.textbbox((0, 0), brand.short_name, font=mark)
        d.rounded_rectangle((MARGIN, MARGIN, MARGIN + right + 40, MARGIN + bottom + 28), radius=8, fill=255)
        d.text((MARGIN + 20, MARGIN + 14), brand.short_name, font=mark, fill=0)
    if address:
        d.text((SIZE[0] - MARGIN, MARGIN + 14), address, font=_font(str(fonts_dir), FONT_BOLD, 36),
               fill=255, anchor="ra")
    return im, d


def site_card(brand: Brand, fonts_dir: Path, name: str, tagline: str, address: str) -> bytes:
    """The site's card: the short mark, the name large, the tagline, the bare address."""
    im, d = _frame(brand, fonts_dir, address)
    width = SIZE[0] - 2 * MARGIN
    big, size, lines = _fit(name, fonts_dir, (92, 80, 68), width, 240)
    y = 240
    for line in lines:
        d.text((MARGIN, y), line, font=big, fill=255)
        y += int(size * LEADING)
    small = _font(str(fonts_dir), FONT_REGULAR, 40)
    for line in _wrap(tagline, small, width)[:3]:
        d.text((MARGIN, y + 16), line, font=small, fill=255)
        y += 52
    return _png(im, brand)


#: Where a post card's site name sits: above the bottom band.
_FOOT = SIZE[1] - BAND - 36 - 40


#: Where a post card's kicker (what the post is) sits, and its title below it.
_KICKER_Y = 200
_KICKER_HEIGHT = 56


@lru_cache(maxsize=64)
def _post_frame(brand: Brand, fonts_dir: Path, site_name: str, address: str, kicker: str):
    """What every post's card of one kind shows (the frame, the site's name, the kicker), drawn once
    (encoded by _coded_frame; copied for a title that reaches it). The same steps in the same
    order as drawing each card whole (frame, name, kicker, then the card's title), so every pixel
    is the same."""
    im, d = _frame(brand, fonts_dir, address)
    d.text((MARGIN, _FOOT), site_name, font=_font(str(fonts_dir), FONT_REGULAR, 36), fill=255)
    if kicker:
        d.text((MARGIN, _KICKER_Y), kicker.upper(), font=_font(str(fonts_dir), FONT_BOLD, 34), fill=255)
    return im


#: How a card's title rows are deflated (the frame's rows are deflated once, at level 9): run
#: lengths only, by zlib-ng: 0.33 ms and 12.7 KB for a title's 150 rows, where Python's zlib
#: takes 0.65 ms (1 ms at level 3, for 12.1 KB) and zlib-ng's level 2 0.4 ms for 12.2 KB.
_LEVEL, _STRATEGY = 1, zlib.Z_RLE
_ADLER_BASE = 65521
_ROW = SIZE[0] + 1  # a row of the PNG's data: its filter byte, then a byte a pixel


class _Piece(NamedTuple):
    """Rows deflated on their own, ending on a byte (a sync flush), with their Adler-32 and length."""

    data: bytes
    adler: int
    length: int


def _piece(raw: bytes, level: int, strategy: int = zlib.Z_DEFAULT_STRATEGY) -> _Piece:
    """`raw` deflated without a zlib header, so pieces join into one stream."""
    z = zlib_ng.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    return _Piece(z.compress(raw) + z.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(raw), len(raw))


@lru_cache(maxsize=1024)
def _blank(rows: int) -> _Piece:
    """`rows` rows of index 0 (the accent), each after its filter byte 0."""
    return _piece(bytes(_ROW * rows), 9)


def _adler_joined(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from theirs (zlib's adler32_combine)."""
    rem = second_length % _ADLER_BASE
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _ADLER_BASE
    high = (rem * (first & 0xFFFF) + (first >> 16) + (second >> 16) - rem) % _ADLER_BASE
    return low | high << 16


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _stitch(coded: _Coded, pieces: list[_Piece]) -> bytes:
    """The PNG of a card from its pieces of rows, in order: Pillow's header chunks, one IDAT, IEND."""
    pieces = [piece for piece in pieces if piece.length]  # an empty one is still 5 bytes
    adler = 1
    for piece in pieces:
        adler = _adler_joined(adler, piece.adler, piece.length)
    # A zlib header, the pieces, an empty final block (fixed codes: BFINAL 1, BTYPE 01, end code).
    stream = b"\x78\x01" + b"".join(piece.data for piece in pieces) + b"\x03\x00" + struct.pack(">I", adler)
    return coded.head + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


@dataclass
class _Coded:
    """A post frame as _png writes it: Pillow's chunks before the data, the data before deflating
    (each row its filter byte 0, then its palette indices), and the clear rows (0 in the coverage
    mask and index 0 in the picture) around each clear row."""

    head: bytes
    data: bytes
    runs: list[tuple[int, int] | None]  # runs[y]: (first, past last) of the clear rows around row y
    kept: dict[tuple[int, int], _Piece] = field(default_factory=dict)

    def piece(self, top: int, bottom: int) -> _Piece:
        """Rows top..bottom-1 of the frame, deflated on their own (kept: a frame has few clear runs)."""
        if (top, bottom) not in self.kept:
            self.kept[top, bottom] = _piece(self.data[top * _ROW:bottom * _ROW], 9)
        return self.kept[top, bottom]


@lru_cache(maxsize=64)
def _coded_frame(brand: Brand, fonts_dir: Path, site_name: str, address: str, kicker: str) -> _Coded:
    """The post frame, encoded by _png once (so its header chunks and indices are Pillow's own)."""
    from PIL import Image

    mask = _post_frame(brand, fonts_dir, site_name, address, kicker)
    png = _png(mask, brand)
    with Image.open(io.BytesIO(png)) as picture:
        data = picture.crop((-1, 0, SIZE[0], SIZE[1])).tobytes()  # x = -1: outside, 0, the filter byte
    coverage = mask.crop((-1, 0, SIZE[0], SIZE[1])).tobytes()
    blank = bytes(_ROW)
    clear = [data[y * _ROW:(y + 1) * _ROW] == blank == coverage[y * _ROW:(y + 1) * _ROW] for y in range(SIZE[1])]
    runs: list[tuple[int, int] | None] = []
    for is_clear, group in itertools.groupby(clear):
        count = len(list(group))
        runs += [(len(runs), len(runs) + count) if is_clear else None] * count
    return _Coded(_head(png), data, runs)


def _head(png: bytes) -> bytes:
    """A PNG's signature and the chunks before its first IDAT (the header and the palette)."""
    at = 8
    while png[at + 4:at + 8] != b"IDAT":
        at += 12 + struct.unpack(">I", png[at:at + 4])[0]
    return png[:at]


def _draw_title(d, lines: list[str], font, size: int, kicker: str) -> None:
    """The title's lines, below the kicker if there is one."""
    y = _KICKER_Y + (_KICKER_HEIGHT if kicker else 0)
    for line in lines:
        d.text((MARGIN, y), line, font=font, fill=255)
        y += int(size * LEADING)


def post_card(brand: Brand, fonts_dir: Path, title: str, kicker: str, site_name: str, address: str) -> bytes:
    """A post's card: what it is (kicker), its title as large as fits, the site's name below."""
    from PIL import Image, ImageDraw

    top = _KICKER_Y + (_KICKER_HEIGHT if kicker else 0)
    font, size, lines = _fit(title, fonts_dir, (76, 64, 54, 46), SIZE[0] - 2 * MARGIN, _FOOT - 16 - top)
    drawn = Image.new("L", SIZE, 0)  # the title alone, drawn as it would be on the frame
    _draw_title(ImageDraw.Draw(drawn), lines, font, size, kicker)
    coded = _coded_frame(brand, fonts_dir, site_name, address, kicker)
    box = drawn.getbbox()
    if box is None:
        return _stitch(coded, [coded.piece(0, SIZE[1])])
    top, bottom = box[1], box[3]
    run = coded.runs[top]
    if run is None or run[1] < bottom:  # the title reaches the frame's drawing: draw it on the frame
        im = _post_frame(brand, fonts_dir, site_name, address, kicker).copy()
        _draw_title(ImageDraw.Draw(im), lines, font, size, kicker)
        return _png(im, brand)
    # Drawing text changes a pixel by its coverage and old value alone, and leaves it where the
    # coverage is 0. So where the frame is 0, the title drawn on it is the title drawn alone, and
    # elsewhere the frame is untouched: only the title's rows are mapped and deflated per card.
    # Cropped from x = -1, each row starts with a 0 (outside the picture): PNG's filter byte (None).
    title_rows = drawn.crop((-1, top, SIZE[0], bottom)).tobytes().translate(_SHADE_BYTES)
    return _stitch(coded, [coded.piece(0, run[0]), _blank(top - run[0]), _piece(title_rows, _LEVEL, _STRATEGY),
                           _blank(run[1] - bottom), coded.piece(run[1], SIZE[1])])
