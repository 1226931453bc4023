"""Draw theme/static/images/social-default.png: the card shown when a page is shared (1200x630).

Run `.venv/bin/python tools/make_social_image.py` after changing the name, tagline or colours
in pelicanconf.py; commit the PNG. Uses the site's own font, so any machine draws the same card.
"""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "theme" / "static" / "images" / "social-default.png"
FONT = ROOT / "theme" / "static" / "fonts" / "atkinson-hyperlegible-latin-700-normal.woff"
FONT_REGULAR = ROOT / "theme" / "static" / "fonts" / "atkinson-hyperlegible-latin-400-normal.woff"
SIZE = (1200, 630)
ACCENT, ACCENT_DARK, WHITE = "#b3001b", "#8a0015", "#ffffff"
MARGIN = 80


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def draw_card(name: str, short: str, tagline: str, domain: str) -> Image.Image:
    """The card: the short mark, the name large, the tagline, the address; white on the accent."""
    im = Image.new("RGB", SIZE, ACCENT)
    d = ImageDraw.Draw(im)
    width = SIZE[0] - 2 * MARGIN
    mark = ImageFont.truetype(str(FONT), 56)
    left, top, right, bottom = d.textbbox((0, 0), short, font=mark)
    d.rounded_rectangle((MARGIN, MARGIN, MARGIN + right + 40, MARGIN + bottom + 28), radius=8, fill=WHITE)
    d.text((MARGIN + 20, MARGIN + 14), short, font=mark, fill=ACCENT)
    big = ImageFont.truetype(str(FONT), 92)
    y = 240
    for line in _wrap(d, name, big, width):
        d.text((MARGIN, y), line, font=big, fill=WHITE)
        y += 104
    small = ImageFont.truetype(str(FONT_REGULAR), 40)
    y += 16
    for line in _wrap(d, tagline, small, width):
        d.text((MARGIN, y), line, font=small, fill=WHITE)
        y += 52
    if y > SIZE[1] - 40:
        raise ValueError("the name and tagline do not fit on the card; shorten SITE_TAGLINE")
    d.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill=ACCENT_DARK)
    domain_font = ImageFont.truetype(str(FONT), 36)
    d.text((SIZE[0] - MARGIN, MARGIN + 14), domain, font=domain_font, fill=WHITE, anchor="ra")
    return im


def main() -> int:
    conf = runpy.run_path(str(ROOT / "pelicanconf.py"))
    try:
        card = draw_card(conf["SITENAME"], conf["SITE_SHORTNAME"], conf["SITE_TAGLINE"], conf["SITE_DOMAIN"])
    except ValueError as err:
        print(err, file=sys.stderr)
        return 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    card.save(OUT, "PNG", optimize=True)
    print(f"Wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
