"""A group's look from its settings: accent colours (checked for WCAG AA), CSS tokens, favicons.

Plain functions: colours in, CSS/SVG/PNG out. The social cards are drawn in cards.py.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CampaignError

#: The neutral accent when SITE_ACCENT is not set (9.0:1 against white).
DEFAULT_ACCENT = "#1d4f91"
INK_ON_ACCENT = "#ffffff"
AA_TEXT = 4.5  # WCAG 2.x AA, normal-size text
_HEX = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
FONT_BOLD = "atkinson-hyperlegible-latin-700-normal.woff"
FONT_REGULAR = "atkinson-hyperlegible-latin-400-normal.woff"


def parse_colour(value: object) -> str | None:
    """`#abc` or `#aabbcc` as lower-case `#aabbcc`; None when it is not such a colour."""
    text = str(value or "").strip()
    if not _HEX.match(text):
        return None
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken(colour: str, amount: float = 0.23) -> str:
    """`colour` mixed with black: the hover and menu-bar shade when SITE_ACCENT_DARK is unset."""
    r, g, b = (round(int(colour[i:i + 2], 16) * (1 - amount)) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def theme_backgrounds(theme_dir: Path) -> dict[str, str]:
    """The page backgrounds accent text sits on, read from the theme's tokens (--paper, --surface)."""
    try:
        tokens = (theme_dir / "css" / "00-tokens.css").read_text(encoding="utf-8")
    except FileNotFoundError:  # a theme without tokens: check against white alone
        return {"paper": "#ffffff"}
    found = dict(re.findall(r"--(paper|surface):\s*(#[0-9a-fA-F]{3,6})\b", tokens))
    return {name: parse_colour(value) or "#ffffff" for name, value in found.items()} or {"paper": "#ffffff"}


@dataclass(frozen=True)
class Brand:
    """The checked colours and the short name the favicon, header mark and cards show."""

    accent: str
    accent_dark: str
    short_name: str
    ink: str = INK_ON_ACCENT
    logo: str = ""  # SITE_LOGO as a file path ("" without one): header, cards and PNG favicon show it
    logo_url: str = ""  # its site-relative address (content/images/logo.png -> images/logo.png)
    logo_width: int = 0  # at 40 px high, for the header's <img> (no layout shift)
    logo_stamp: str = ""  # size and time of the file, for the kept cards' keys

    def css(self) -> str:
        """The generated design tokens (custom properties), put first in the stylesheet bundle."""
        return (f"/* generated from SITE_ACCENT / SITE_ACCENT_DARK (plugins/campaign/content/branding.py) */\n"
                f":root {{\n  --accent: {self.accent};\n  --accent-dark: {self.accent_dark};\n"
                f"  --accent-ink: {self.ink};\n  --chart-1: {self.accent};\n}}\n")


def _short(settings: dict) -> str:
    given = " ".join(str(settings.get("SITE_SHORTNAME") or "").split())
    if given:
        return given
    # Initials of the site's name: "Clyde Tenants" -> "CT".
    return "".join(w[0] for w in str(settings.get("SITENAME") or "Site").split() if w[:1].isalnum())[:4].upper()


def _problem(setting: str, line: int, what: str, fix: str) -> CampaignError:
    return CampaignError.at("pelicanconf.py", line, f"{setting}: {what}", fix)


def check_pairs(accent: str, dark: str, backgrounds: dict[str, str]) -> list[tuple[str, str, str, float]]:
    """Every (setting, foreground, background, ratio) below AA among the pairs the theme uses."""
    pairs = [("SITE_ACCENT", accent, bg, name) for name, bg in backgrounds.items()]  # links, kickers
    pairs += [("SITE_ACCENT", INK_ON_ACCENT, accent, "SITE_ACCENT"),  # header, buttons: white on accent
              ("SITE_ACCENT_DARK", INK_ON_ACCENT, dark, "SITE_ACCENT_DARK"),  # menu bar
              ("SITE_ACCENT_DARK", dark, backgrounds.get("paper", "#ffffff"), "paper")]  # link hover
    return [(setting, fg, bg_name, round(contrast(fg, bg), 2)) for setting, fg, bg, bg_name in pairs
            if contrast(fg, bg) < AA_TEXT]


def load_brand(settings: dict, theme_dir: Path, line_of=lambda name: 1) -> Brand:
    """SITE_ACCENT (and SITE_ACCENT_DARK), checked for AA contrast against the theme's backgrounds."""
    raw_accent = settings.get("SITE_ACCENT") or DEFAULT_ACCENT
    accent = parse_colour(raw_accent)
    if accent is None:
        raise _problem("SITE_ACCENT", line_of("SITE_ACCENT"), f"{raw_accent!r} is not a colour",
                       'write a hex colour, e.g. SITE_ACCENT = "#1d6b3a"')
    raw_dark = settings.get("SITE_ACCENT_DARK")
    dark = parse_colour(raw_dark) if raw_dark else darken(accent)
    if dark is None:
        raise _problem("SITE_ACCENT_DARK", line_of("SITE_ACCENT_DARK"), f"{raw_dark!r} is not a colour",
                       "write a hex colour darker than SITE_ACCENT, or delete the line")
    failing = check_pairs(accent, dark, theme_backgrounds(theme_dir))
    if failing:
        setting = failing[0][0]
        detail = "; ".join(f"{fg} against {bg} is {ratio}:1" for _, fg, bg, ratio in failing)
        raise _problem(setting, line_of(setting), f"fails WCAG AA contrast for text ({detail}; needs 4.5:1)",
                       f"choose a darker colour (for example {suggest(accent, theme_backgrounds(theme_dir))})")
    logo = _logo(settings, line_of)
    return Brand(accent=accent, accent_dark=dark, short_name=_short(settings), **logo)


def _logo(settings: dict, line_of) -> dict:
    """SITE_LOGO: a PNG or JPEG under content/ (e.g. "images/logo.png"), checked to open as a picture."""
    raw = str(settings.get("SITE_LOGO") or "").strip().lstrip("/")
    if not raw:
        return {}
    from PIL import Image, UnidentifiedImageError

    path = Path(settings.get("PATH") or "content") / raw
    try:
        with Image.open(path) as im:
            if im.format not in ("PNG", "JPEG"):
                raise UnidentifiedImageError(im.format)
            width = round(im.width * 40 / im.height)
    except (OSError, UnidentifiedImageError):
        raise _problem("SITE_LOGO", line_of("SITE_LOGO"), f"{raw!r} is not a PNG or JPEG picture in content/",
                       'put the logo in content/images/ and write SITE_LOGO = "images/logo.png" (or delete the line '
                       "to show SITE_SHORTNAME)") from None
    stat = path.stat()
    return {"logo": str(path.resolve()), "logo_url": raw, "logo_width": width,
            "logo_stamp": f"{stat.st_size}:{stat.st_mtime_ns}"}


def suggest(accent: str, backgrounds: dict[str, str]) -> str:
    """The accent darkened just enough to pass every pair (what the error message proposes)."""
    for step in range(1, 20):
        candidate = darken(accent, step * 0.05)
        if not check_pairs(candidate, darken(candidate), backgrounds):
            return candidate
    return DEFAULT_ACCENT


def favicon_svg(brand: Brand) -> str:
    """The SVG favicon: the short name in white on the accent, sized to fit up to four letters."""
    text = brand.short_name[:4]
    size = {1: 22, 2: 17, 3: 13}.get(len(text), 10)
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<rect width="32" height="32" rx="4" fill="{brand.accent}"/>'
            f'<text x="16" y="{16 + size * 0.36:.1f}" font-family="Arial, sans-serif" font-size="{size}" '
            f'font-weight="700" fill="{brand.ink}" text-anchor="middle">{safe}</text></svg>\n')


def fit_logo(brand: Brand, box: tuple[int, int]):
    """The logo scaled to fit `box` (width, height), as RGBA."""
    from PIL import Image

    with Image.open(brand.logo) as source:
        logo = source.convert("RGBA")
    logo.thumbnail(box, Image.Resampling.LANCZOS)
    return logo


def favicon_png(brand: Brand, fonts_dir: Path, size: int = 180) -> bytes:
    """The PNG favicon (and Apple touch icon): the logo on white, or the short name drawn with the theme's font."""
    from PIL import Image, ImageDraw, ImageFont

    if brand.logo:
        im = Image.new("RGB", (size, size), INK_ON_ACCENT)
        logo = fit_logo(brand, (int(size * 0.86), int(size * 0.86)))
        im.paste(logo, ((size - logo.width) // 2, (size - logo.height) // 2), logo)
        out = io.BytesIO()
        im.save(out, "PNG", optimize=True)
        return out.getvalue()
    im = Image.new("RGB", (size, size), brand.accent)
    d = ImageDraw.Draw(im)
    text = brand.short_name[:4]
    font_size = int(size * 0.7)
    font = ImageFont.truetype(str(fonts_dir / FONT_BOLD), font_size)
    while d.textlength(text, font=font) > size * 0.84 and font_size > 8:
        font_size -= 4
        font = ImageFont.truetype(str(fonts_dir / FONT_BOLD), font_size)
    d.text((size / 2, size / 2), text, font=font, fill=brand.ink, anchor="mm")
    out = io.BytesIO()
    im.save(out, "PNG", optimize=True)
    return out.getvalue()
