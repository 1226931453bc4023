"""One stylesheet: the theme's CSS files joined in name order, so a page makes one CSS request."""
from __future__ import annotations

from pathlib import Path

from .safe_paths import join_output


def bundle_css(css_dir: Path) -> str:
    """Join every `*.css` in `css_dir` by file name (00-tokens first, 90-print last)."""
    parts = [f"/* {p.name} */\n{p.read_text(encoding='utf-8').strip()}\n" for p in sorted(css_dir.glob("*.css"))]
    return "\n".join(parts)


def write_bundle(theme_dir: Path, output_dir: Path) -> Path:
    """Write the bundle to theme/css/site.css under the output folder."""
    target = join_output(output_dir, "theme/css/site.css")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bundle_css(theme_dir / "css"), encoding="utf-8")
    return target
