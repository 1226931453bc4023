"""Social cards (og:image, 1200x630 PNG) drawn at build time with the theme's own font.

The site's card shows its short name, name, tagline and address; each post's card shows the
post's own title above the site's name, so a shared link says what it is about. Plain
functions: words and a Brand in, PNG bytes out.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from ..content.branding import FONT_BOLD, FONT_REGULAR, Brand

SIZE = (1200, 630)
MARGIN = 80
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


def _png(im) -> bytes:
    out = io.BytesIO()
    # Two colours and anti-aliased edges: a 64-colour palette keeps the file small and exact enough.
    im.quantize(colors=64).save(out, "PNG", optimize=True)
    return out.getvalue()


def _frame(brand: Brand, fonts_dir: Path, address: str):
    from PIL import Image, ImageDraw

    from ..content.branding import fit_logo

    im = Image.new("RGB", SIZE, brand.accent)
    d = ImageDraw.Draw(im)
    if brand.logo:  # the logo on a white tile where the short name would be
        logo = fit_logo(brand, (360, 84))
        d.rounded_rectangle((MARGIN, MARGIN, MARGIN + logo.width + 24, MARGIN + logo.height + 24), radius=8,
                            fill=brand.ink)
        im.paste(logo, (MARGIN + 12, MARGIN + 12), logo)
    else:
        mark = _font(str(fonts_dir), FONT_BOLD, 56)
        _, _, right, bottom = d.textbbox((0, 0), brand.short_name, font=mark)
        d.rounded_rectangle((MARGIN, MARGIN, MARGIN + right + 40, MARGIN + bottom + 28), radius=8, fill=brand.ink)
        d.text((MARGIN + 20, MARGIN + 14), brand.short_name, font=mark, fill=brand.accent)
    d.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill=brand.accent_dark)
    if address:
        d.text((SIZE[0] - MARGIN, MARGIN + 14), address, font=_font(str(fonts_dir), FONT_BOLD, 36),
               fill=brand.ink, anchor="ra")
    return im, d


def site_card(brand: Brand, fonts_dir: Path, name: str, tagline: str, address: str) -> bytes:
    """The site's card: the short mark, the name large, the tagline, the bare address."""
    im, d = _frame(brand, fonts_dir, address)
    width = SIZE[0] - 2 * MARGIN
    big, size, lines = _fit(d, name, fonts_dir, (92, 80, 68), width, 240)
    y = 240
    for line in lines:
        d.text((MARGIN, y), line, font=big, fill=brand.ink)
        y += int(size * LEADING)
    small = _font(str(fonts_dir), FONT_REGULAR, 40)
    for line in _wrap(d, tagline, small, width)[:3]:
        d.text((MARGIN, y + 16), line, font=small, fill=brand.ink)
        y += 52
    return _png(im)


def post_card(brand: Brand, fonts_dir: Path, title: str, kicker: str, site_name: str, address: str) -> bytes:
    """A post's card: what it is (kicker), its title as large as fits, the site's name below."""
    im, d = _frame(brand, fonts_dir, address)
    width = SIZE[0] - 2 * MARGIN
    y = 200
    if kicker:
        d.text((MARGIN, y), kicker.upper(), font=_font(str(fonts_dir), FONT_BOLD, 34), fill=brand.ink)
        y += 56
    foot = SIZE[1] - 24 - 36 - 40  # the site's name, above the bottom band
    font, size, lines = _fit(d, title, fonts_dir, (76, 64, 54, 46), width, foot - 16 - y)
    for line in lines:
        d.text((MARGIN, y), line, font=font, fill=brand.ink)
        y += int(size * LEADING)
    d.text((MARGIN, foot), site_name, font=_font(str(fonts_dir), FONT_REGULAR, 36), fill=brand.ink)
    return _png(im)
