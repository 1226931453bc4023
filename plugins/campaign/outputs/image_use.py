"""Which pictures in content/images the published site may carry.

Invariant: a picture is copied into the output only when something published names it (a live
post, a published page, a section intro, a theme template, a setting) or CAMPAIGN_PUBLIC_IMAGES
lists it. A picture used only by a draft, a hidden or an embargoed post never leaves content/,
so it cannot appear on a public host before its post does.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

#: Where the build records the pictures published content uses (set by tools/build.py, read by the
#: static-file adapter): a record of this build, not a setting a group writes.
PUBLISHED_IMAGES = "CAMPAIGN_PUBLISHED_IMAGES"

#: The folders of content/ whose files wait for published content to use them (pictures, and
#: downloads such as a PDF leaflet): a file only a draft links to is not published.
KEPT_BACK = ("images", "files")
# Any mention of images/<name> or files/<name>: Markdown, <img>, {static}, srcset, CSS url(), a setting.
_MENTION = re.compile(r"\b(images|files)/([A-Za-z0-9._~%+@/-]+)")


def mentioned(text: str) -> set[str]:
    """Paths (from content/, e.g. images/a.jpg or files/b.pdf) that `text` mentions."""
    # Every mention holds one of these: most posts hold neither, and are not scanned (the
    # expression's leading \b made its scan of a post a fifth of judging it).
    if "images/" not in text and "files/" not in text:
        return set()
    return {f"{m.group(1)}/{unquote(m.group(2)).rstrip('.,;:')}" for m in _MENTION.finditer(text)}


def _setting_strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _setting_strings(k)
            yield from _setting_strings(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _setting_strings(v)


def published_images(published: Iterable[Iterable[str]], conf: dict, theme_dir: Path,
                     content: Path, always: Iterable[str]) -> set[str]:
    """Paths under images/ and files/ that published content (`published`: what each published
    text mentions, as `mentioned` gives it), the theme or the settings use, plus `always` (names
    inside images/, as CAMPAIGN_PUBLIC_IMAGES gives them)."""
    names = {f"images/{name}" for name in always}
    for paths in published:
        names.update(paths)
    for key, value in conf.items():
        if key.isupper() and key != PUBLISHED_IMAGES:
            for text in _setting_strings(value):
                names |= mentioned(text)
    for path in sorted((theme_dir / "templates").rglob("*")):
        if path.is_file():
            names |= mentioned(path.read_text(encoding="utf-8", errors="replace"))
    sections = content / "sections"
    if sections.is_dir():
        for path in sorted(sections.glob("*.md")):
            names |= mentioned(path.read_text(encoding="utf-8", errors="replace"))
    return names
