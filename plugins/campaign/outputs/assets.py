"""One stylesheet: the theme's CSS files joined in name order, so a page makes one CSS request."""
from __future__ import annotations

from pathlib import Path

from .store import OutputStore


def bundle_css(css_dir: Path, generated: str = "") -> str:
    """Join every `*.css` in `css_dir` by file name (00-tokens first, 90-print last).

    `generated` (the tokens made from the settings, branding.Brand.css) comes right after
    00-tokens.css, so the group's colours win over the theme's neutral ones.
    """
    parts = [f"/* {p.name} */\n{p.read_text(encoding='utf-8').strip()}\n" for p in sorted(css_dir.glob("*.css"))]
    return "\n".join(parts[:1] + [generated] + parts[1:]) if generated else "\n".join(parts)


def write_bundle(theme_dir: Path, out: OutputStore, generated: str = "") -> None:
    """Write the bundle to theme/css/site.css, through the build's store."""
    out.write("theme/css/site.css", bundle_css(theme_dir / "css", generated).encode("utf-8"))
