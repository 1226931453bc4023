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
picture per card (44 ms). zlib runs at level 3: 3 ms and 24 KB a card, where level 6 takes
6 ms for 19 KB and level 9 (`optimize`) 55 ms for 17 KB; a card is fetched by the sites a post
is shared on, never by a page. What every post's card shares (mark, address, site name) is
drawn once. So a thousand posts' cards take seconds, not the two minutes they did. The file
holds no metadata (no text, EXIF or colour-profile chunk): the picture step leaves it as drawn.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from ..content.branding import FONT_BOLD, FONT_REGULAR, Brand

SIZE = (1200, 630)
MARGIN = 80
BAND = 24  # the darker band at the foot, in pixels
#: Palette: SHADES colours from the accent (index 0) to the ink, then the band's, then the logo's.
SHADES = 64
BAND_INDEX = SHADES
LOGO_FIRST = SHADES + 1
_TO_SHADE = [round(v * (SHADES - 1) / 255) for v in range(256)]
#: Where the site's own card is written (og:image of pages without one of their own).
SITE_CARD = "theme/images/social-default.png"
#: A post's card, next to its page: `2021/07/slug/` -> `2021/07/slug/social.png`.
POST_CARD_NAME = "social.png"
LEADING = 1.15


@lru_cache(maxsize=32)
def _font(fonts_dir: str, name: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(fonts_dir) / name), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _fit(draw, text: str, fonts_dir: Path, sizes: tuple[int, ...], width: int, height: int):
    """The largest size at which `text` wraps into `height` (at the smallest, the last line cut with …)."""
    for size in sizes:
        font = _font(str(fonts_dir), FONT_BOLD, size)
        lines = _wrap(draw, text, font, width)
        max_lines = max(1, int(height // (size * LEADING)))
        if len(lines) <= max_lines:
            return font, size, lines
    lines = lines[:max_lines]
    while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width:
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
    big, size, lines = _fit(d, name, fonts_dir, (92, 80, 68), width, 240)
    y = 240
    for line in lines:
        d.text((MARGIN, y), line, font=big, fill=255)
        y += int(size * LEADING)
    small = _font(str(fonts_dir), FONT_REGULAR, 40)
    for line in _wrap(d, tagline, small, width)[:3]:
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
    """What every post's card of one kind shows (the frame, the site's name, the kicker), drawn once;
    copied per card. The same steps in the same order as drawing each card whole (frame, name,
    kicker, then the card's title), so every pixel is the same."""
    im, d = _frame(brand, fonts_dir, address)
    d.text((MARGIN, _FOOT), site_name, font=_font(str(fonts_dir), FONT_REGULAR, 36), fill=255)
    if kicker:
        d.text((MARGIN, _KICKER_Y), kicker.upper(), font=_font(str(fonts_dir), FONT_BOLD, 34), fill=255)
    return im


def post_card(brand: Brand, fonts_dir: Path, title: str, kicker: str, site_name: str, address: str) -> bytes:
    """A post's card: what it is (kicker), its title as large as fits, the site's name below."""
    from PIL import ImageDraw

    im = _post_frame(brand, fonts_dir, site_name, address, kicker).copy()
    d = ImageDraw.Draw(im)
    width = SIZE[0] - 2 * MARGIN
    y = _KICKER_Y + (_KICKER_HEIGHT if kicker else 0)
    font, size, lines = _fit(d, title, fonts_dir, (76, 64, 54, 46), width, _FOOT - 16 - y)
    for line in lines:
        d.text((MARGIN, y), line, font=font, fill=255)
        y += int(size * LEADING)
    return _png(im, brand)
