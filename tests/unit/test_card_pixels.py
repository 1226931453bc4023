"""Issue 18 (cold build CPU): a post card is encoded from its frame's rows, deflated once, and
its title's rows, deflated per card (cards._stitch). Whatever the bytes, the decoded picture
(palette indices and palette) is the one Pillow gives for the card drawn whole the plain way:
on one coverage mask, mapped to shades, saved by Pillow."""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageColor, ImageDraw

from campaign.content.branding import FONT_BOLD, FONT_REGULAR, Brand
from campaign.outputs import cards

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "theme" / "static" / "fonts"
LOGO = ROOT / "tests" / "roots" / "tenants" / "content" / "images" / "logo.png"
BRANDS = [Brand("#b3001b", "#8a0015", "LIEN"), Brand("#5b2a86", "#46206a", "TEN", logo=str(LOGO), logo_stamp="t")]
SITE, ADDRESS = "Riverside Residents Forum", "forum.example.org"
TITLES = [
    "Short",
    "Residents ask the council for a public repairs register before the winter",
    "A title long enough to need the smallest size and then some more words that cannot fit " * 3,
    "عمال المنفى يطالبون بحقوقهم في العمل والسكن",  # Arabic (the theme's font has no Arabic glyphs)
    "کارگران تبعیدی خواستار حقوق خود هستند",  # Persian
    "کرێکارانی دوورخراوە داوای مافەکانیان دەکەن",  # Kurdish (Sorani)
    "நாடுகடந்த தொழிலாளர்கள் உரிமைகளைக் கோருகின்றனர்",  # Tamil
    "Strike in Tehran: کارگران نفت say “no” to the new contracts — Ünïcödé Ŧëxt",
    "Supercalifragilisticexpialidociousandthensomemorelettersthatdonotfitononelineatall words",
    "Tall marks A" + "\u0301" * 10 + " over the kicker",  # stacked accents reach the frame's rows
    "",
]


def plain_card(brand: Brand, title: str, kicker: str) -> bytes:
    """The card drawn whole on one coverage mask, coloured and saved the plain Pillow way."""
    mask, d = cards._frame(brand, FONTS, ADDRESS)
    d.text((cards.MARGIN, cards._FOOT), SITE, font=cards._font(str(FONTS), FONT_REGULAR, 36), fill=255)
    y = 200
    if kicker:
        d.text((cards.MARGIN, y), kicker.upper(), font=cards._font(str(FONTS), FONT_BOLD, 34), fill=255)
        y += 56
    font, size, lines = reference_fit(d, title, y)
    for line in lines:
        d.text((cards.MARGIN, y), line, font=font, fill=255)
        y += int(size * cards.LEADING)
    accent, ink = ImageColor.getrgb(brand.accent), ImageColor.getrgb(brand.ink)
    palette = [round(a + (k - a) * i / 63) for i in range(64) for a, k in zip(accent, ink, strict=True)]
    palette += ImageColor.getrgb(brand.accent_dark)
    card = mask.point([round(v * 63 / 255) for v in range(256)])
    if brand.logo:
        indices, logo_size, colours = cards._logo_tile(brand)
        palette += colours
        card.paste(Image.frombytes("L", logo_size, indices), (cards.MARGIN + 12, cards.MARGIN + 12))
    card.putpalette(palette)
    card.paste(64, (0, cards.SIZE[1] - cards.BAND, cards.SIZE[0], cards.SIZE[1]))
    out = io.BytesIO()
    card.save(out, "PNG")
    return out.getvalue()


def reference_wrap(d: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Greedy wrap, every word measured with its line (as cards._wrap did before issue 18's cut)."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if d.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def reference_fit(d: ImageDraw.ImageDraw, title: str, y: int):
    """The largest of the post sizes at which the whole wrap fits, else the smallest, cut with …."""
    width, height = cards.SIZE[0] - 2 * cards.MARGIN, cards._FOOT - 16 - y
    for size in (76, 64, 54, 46):
        font = cards._font(str(FONTS), FONT_BOLD, size)
        lines = reference_wrap(d, title, font, width)
        max_lines = max(1, int(height // (size * cards.LEADING)))
        if len(lines) <= max_lines:
            return font, size, lines
    lines = lines[:max_lines]
    while lines[-1] and d.textlength(lines[-1] + "…", font=font) > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += "…"
    return font, size, lines


def decoded(png: bytes) -> tuple:
    """What a reader of the file sees: mode, size, palette indices and palette."""
    with Image.open(io.BytesIO(png)) as im:
        return im.mode, im.size, im.tobytes(), im.getpalette()


def idat(png: bytes) -> bytes:
    at, data = 8, b""
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    return data


@pytest.mark.parametrize("brand", BRANDS, ids=["short name", "logo"])
@pytest.mark.parametrize("kicker", ["Press release", ""])
def test_a_post_card_decodes_to_the_card_drawn_whole(brand, kicker):
    for title in TITLES:
        card = cards.post_card(brand, FONTS, title, kicker, SITE, ADDRESS)
        assert decoded(card) == decoded(plain_card(brand, title, kicker)), title
        zlib.decompress(idat(card))  # a whole zlib stream: its Adler-32 is checked here


def test_the_tall_title_is_drawn_on_the_frame_and_the_others_are_not():
    """The titles above take both ways: stitched from clear rows, and drawn on the frame."""
    brand, kicker, took = BRANDS[0], "News", set()
    png = cards._png

    def counted(*args):
        took.add("frame")
        return png(*args)

    cards._coded_frame(brand, FONTS, SITE, ADDRESS, kicker)  # the frame's own encoding, first
    cards._png = counted
    try:
        cards.post_card(brand, FONTS, TITLES[1], kicker, SITE, ADDRESS)
        assert not took
        cards.post_card(brand, FONTS, TITLES[9], kicker, SITE, ADDRESS)
        assert took == {"frame"}
    finally:
        cards._png = png


WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=14)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=30), st.sampled_from([0, 56]))
def test_the_fit_breaks_lines_as_the_greedy_wrap_does(words, kicker_height):
    d = ImageDraw.Draw(Image.new("L", (1, 1)))
    title, y = " ".join(words), 200 + kicker_height
    width, height = cards.SIZE[0] - 2 * cards.MARGIN, cards._FOOT - 16 - y
    _, size, lines = cards._fit(title, FONTS, (76, 64, 54, 46), width, height)
    assert (size, lines) == reference_fit(d, title, y)[1:]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, min_size=1, max_size=24), st.sampled_from(BRANDS), st.sampled_from(["Event", ""]))
def test_any_title_decodes_to_the_card_drawn_whole(words, brand, kicker):
    title = " ".join(words)
    assert decoded(cards.post_card(brand, FONTS, title, kicker, SITE, ADDRESS)) == decoded(plain_card(brand, title, kicker))


@given(st.binary(max_size=3000), st.binary(max_size=3000), st.integers(0, 200_000))
def test_adler32_of_joined_bytes_comes_from_the_parts(first, second, zeros):
    second += bytes(zeros)  # long runs: the length enters the sum modulo 65521
    joined = cards._adler_joined(zlib.adler32(first), zlib.adler32(second), len(second))
    assert joined == zlib.adler32(first + second)
