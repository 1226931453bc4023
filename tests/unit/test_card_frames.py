"""Issue 18 (cold build CPU): a post card's kicker is drawn once per kind into the kept frame
(cards._post_frame), not once per card; every card decodes to the card drawn whole (the same
palette indices and palette: the encoding is cards._stitch's, see tests/unit/test_card_pixels.py)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from campaign.content.branding import FONT_BOLD, FONT_REGULAR, Brand
from campaign.outputs import cards

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "theme" / "static" / "fonts"
LOGO = ROOT / "tests" / "roots" / "tenants" / "content" / "images" / "logo.png"
BRANDS = [Brand("#1d6b3a", "#16522c", "RRF"), Brand("#5b2a86", "#46206a", "TEN", logo=str(LOGO), logo_stamp="t")]
TITLES = ["Short", "Residents ask the council for a public repairs register before the winter",
          "A title long enough to need the smallest size and then some more words that cannot fit " * 3]


def decoded(png: bytes) -> tuple:
    with Image.open(io.BytesIO(png)) as im:
        return im.mode, im.size, im.tobytes(), im.getpalette()


def drawn_whole(brand: Brand, title: str, kicker: str, site_name: str, address: str) -> bytes:
    """The card drawn step by step on one picture: frame, site name, kicker, title (as cards.py did)."""
    im, d = cards._frame(brand, FONTS, address)
    d.text((cards.MARGIN, cards._FOOT), site_name, font=cards._font(str(FONTS), FONT_REGULAR, 36), fill=255)
    im = im.copy()
    d = ImageDraw.Draw(im)
    width, y = cards.SIZE[0] - 2 * cards.MARGIN, 200
    if kicker:
        d.text((cards.MARGIN, y), kicker.upper(), font=cards._font(str(FONTS), FONT_BOLD, 34), fill=255)
        y += 56
    font, size, lines = cards._fit(title, FONTS, (76, 64, 54, 46), width, cards._FOOT - 16 - y)
    for line in lines:
        d.text((cards.MARGIN, y), line, font=font, fill=255)
        y += int(size * cards.LEADING)
    return cards._png(im, brand)


@pytest.mark.parametrize("brand", BRANDS)
def test_cards_with_the_kept_kicker_are_the_cards_drawn_whole(brand):
    for kicker in ["News", "Event", "", "News"]:  # "News" again: its frame is the kept one
        for title in TITLES:
            card = cards.post_card(brand, FONTS, title, kicker, "Riverside Residents Forum", "forum.example.org")
            assert decoded(card) == decoded(drawn_whole(brand, title, kicker, "Riverside Residents Forum", "forum.example.org"))


def test_a_kept_frame_is_never_drawn_on():
    brand = BRANDS[0]
    frame = cards._post_frame(brand, FONTS, "Site", "site.example", "News").tobytes()
    cards.post_card(brand, FONTS, "A title drawn over a copy", "News", "Site", "site.example")
    assert cards._post_frame(brand, FONTS, "Site", "site.example", "News").tobytes() == frame
