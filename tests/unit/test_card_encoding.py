"""Issue 18 (cold build CPU): a post card's rows above its title are deflated once per frame
(cards._frame_head) and only the rows below are mapped and deflated per card; every card is
byte for byte the PNG Pillow writes for the same picture (cards._png)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from campaign.content.branding import Brand
from campaign.outputs import cards

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "theme" / "static" / "fonts"
LOGO = ROOT / "tests" / "roots" / "tenants" / "content" / "images" / "logo.png"
BRANDS = [Brand("#1d6b3a", "#16522c", "RRF"), Brand("#5b2a86", "#46206a", "TEN", logo=str(LOGO), logo_stamp="t")]
# Tall capitals with accents (ink above the ascender), descenders, one long word, many lines.
TITLES = ["Short", "ÉÂÎÔÛ Ångström: Ḉ Ǻ Ṍ — “quoted” jqpy", "W" * 45,
          "Residents ask the council for a public repairs register before the winter " * 4, ""]
KICKERS = ["Event", ""]


def pillow_card(brand: Brand, title: str, kicker: str) -> bytes:
    """The card drawn as post_card draws it, written whole by Pillow (cards._png)."""
    im = cards._post_frame(brand, FONTS, "Riverside Residents Forum", "forum.example.org", kicker).copy()
    d = ImageDraw.Draw(im)
    y = cards._title_y(kicker)
    font, size, lines = cards._fit(d, title, FONTS, (76, 64, 54, 46), cards.SIZE[0] - 2 * cards.MARGIN,
                                   cards._FOOT - 16 - y)
    for line in lines:
        d.text((cards.MARGIN, y), line, font=font, fill=255)
        y += int(size * cards.LEADING)
    return cards._png(im, brand)


@pytest.mark.parametrize("brand", BRANDS, ids=["short name", "logo"])
def test_every_card_is_the_png_pillow_writes(brand):
    for kicker in KICKERS:
        # The frame's rows are kept: these cards go the quick way, not _png's.
        assert cards._frame_head(brand, FONTS, "Riverside Residents Forum", "forum.example.org", kicker) is not None
        for title in TITLES:
            card = cards.post_card(brand, FONTS, title, kicker, "Riverside Residents Forum", "forum.example.org")
            assert card == pillow_card(brand, title, kicker), (kicker, title)


def test_a_card_drawn_above_its_title_is_left_to_pillow():
    brand = BRANDS[0]
    head = cards._frame_head(brand, FONTS, "Site", "site.example", "Event")
    im = cards._post_frame(brand, FONTS, "Site", "site.example", "Event").copy()
    ImageDraw.Draw(im).rectangle((100, head.top - 3, 300, head.top + 40), fill=255)
    assert head.png(im) is None  # post_card then encodes it with _png


def test_data_longer_than_one_idat_chunk_is_split_as_pillow_splits_it():
    # Noise does not compress: over 600 KB of data, ten IDAT chunks, each as Pillow cuts them.
    noise = random.Random(18)
    frame = Image.frombytes("L", cards.SIZE, bytes(noise.randrange(256) for _ in range(cards.SIZE[0] * cards.SIZE[1])))
    head = cards.head_for(frame, BRANDS[0], 200)
    assert head is not None
    card = frame.copy()
    ImageDraw.Draw(card).rectangle((0, 300, 1199, 400), fill=128)
    assert head.png(card) == cards._png(card, BRANDS[0])
    assert head.png(card).count(b"IDAT") > 1
